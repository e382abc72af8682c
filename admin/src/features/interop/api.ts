import type { CreateInteropClientSchema, InteropClientSchema, InteropClientSecretSchema } from '@ygt/shared';
import type { z } from 'zod';
import { api } from '../../api/client';

/** 对接系统: the OAuth2 clients member facilities' LIS, PACS and ECG systems push results with. */
export type InteropClient = z.infer<typeof InteropClientSchema>;
/** A client with its secret: answered once, on creation and on rotation; only a hash is kept. */
export type InteropClientSecret = z.infer<typeof InteropClientSecretSchema>;
export type CreateInteropClient = z.input<typeof CreateInteropClientSchema>;

const enc = encodeURIComponent;

export async function listInteropClients(signal?: AbortSignal): Promise<InteropClient[]> {
  return (await api.get<{ items: InteropClient[] }>('/staff/interop/clients', { signal })).items;
}

export function createInteropClient(body: CreateInteropClient): Promise<InteropClientSecret> {
  return api.post<InteropClientSecret>('/staff/interop/clients', body);
}

/** The old secret and every token issued with it stop working at once. */
export function rotateInteropSecret(clientId: string): Promise<InteropClientSecret> {
  return api.post<InteropClientSecret>(`/staff/interop/clients/${enc(clientId)}/rotate-secret`);
}

export function setInteropClientDisabled(clientId: string, disabled: boolean): Promise<InteropClient> {
  return api.put<InteropClient>(`/staff/interop/clients/${enc(clientId)}`, { disabled });
}
