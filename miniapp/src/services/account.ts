import type {
  AccessLogEntrySchema,
  AddFamilyMember,
  DemoResidentSchema,
  FamilyMember,
  Health,
  HealthCardSchema,
  LinkRequestSchema,
  Me,
  Relation,
} from '@ygt/shared';
import type { z } from 'zod';
import { loginCode } from '../platform';
import { markDemo, setSession } from '../stores/session';
import { api } from './api';

export type DemoResident = z.infer<typeof DemoResidentSchema>;
export type HealthCard = z.infer<typeof HealthCardSchema>;
export type LinkRequest = z.infer<typeof LinkRequestSchema>;
export type AccessLogEntry = z.infer<typeof AccessLogEntrySchema>;

interface ListOf<T> {
  items: T[];
}
interface SessionBody {
  token: string;
  expiresInSeconds: number;
}

const enc = encodeURIComponent;

// ---- sign-in -------------------------------------------------------------------------------

/** 'demo' offers demo sign-in (pick a seeded resident); 'production' only WeChat sign-in. */
export async function serverMode(): Promise<Health['mode']> {
  return (await api.get<Health>('/api/v1/health')).mode;
}

export async function listDemoResidents(): Promise<DemoResident[]> {
  return (await api.get<ListOf<DemoResident>>('/api/v1/auth/demo/residents')).items;
}

export async function signInAsDemoResident(residentKey: string): Promise<void> {
  const { token } = await api.post<SessionBody>('/api/v1/auth/demo/login', { residentKey });
  setSession({ token, isDemo: true });
}

/** wx.login, then the API exchanges the code with WeChat. False where wx.login does not exist (H5). */
export async function signInWithWechat(): Promise<boolean> {
  const code = await loginCode();
  if (!code) return false;
  const { token } = await api.post<SessionBody>('/api/v1/auth/wechat/login', { code });
  setSession({ token, isDemo: false });
  return true;
}

export async function signOut(): Promise<void> {
  await api.post('/api/v1/auth/logout');
}

// ---- the account ---------------------------------------------------------------------------

export async function getMe(): Promise<Me> {
  const me = await api.get<Me>('/api/v1/me');
  markDemo(me.isDemo);
  return me;
}

export function grantHealthDataConsent(version: string): Promise<Me> {
  return api.post<Me>('/api/v1/me/consents', { kind: 'health_data', version });
}

export async function listLinkRequests(): Promise<LinkRequest[]> {
  return (await api.get<ListOf<LinkRequest>>('/api/v1/me/link-requests')).items;
}

export function decideLinkRequest(requestId: string, approve: boolean): Promise<{ ok: true }> {
  return api.post(`/api/v1/me/link-requests/${enc(requestId)}/${approve ? 'approve' : 'reject'}`);
}

export async function listAccessLog(): Promise<AccessLogEntry[]> {
  return (await api.get<ListOf<AccessLogEntry>>('/api/v1/me/access-log')).items;
}

export function exportMyData(): Promise<Record<string, unknown>> {
  return api.get<Record<string, unknown>>('/api/v1/me/export');
}

export function deleteAccount(): Promise<{ ok: true }> {
  return api.delete('/api/v1/me');
}

// ---- family members (就诊人) ----------------------------------------------------------------

export async function listFamily(): Promise<FamilyMember[]> {
  return (await api.get<ListOf<FamilyMember>>('/api/v1/me/family')).items;
}

/** With `reveal`, the full name, ID number and phone (the resident asked to see them). */
export function getFamilyMember(memberId: string, reveal = false): Promise<FamilyMember> {
  return api.get<FamilyMember>(`/api/v1/me/family/${enc(memberId)}`, { reveal: reveal ? '1' : undefined });
}

export function addFamilyMember(input: AddFamilyMember): Promise<FamilyMember> {
  return api.post<FamilyMember>('/api/v1/me/family', input);
}

export function updateFamilyMember(memberId: string, patch: { phone?: string; relation?: Relation }): Promise<FamilyMember> {
  return api.put<FamilyMember>(`/api/v1/me/family/${enc(memberId)}`, patch);
}

export function removeFamilyMember(memberId: string): Promise<{ ok: true }> {
  return api.delete(`/api/v1/me/family/${enc(memberId)}`);
}

export function getHealthCard(memberId: string): Promise<HealthCard> {
  return api.get<HealthCard>(`/api/v1/me/family/${enc(memberId)}/health-card`);
}
