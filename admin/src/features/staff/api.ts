import type { CreateStaffSchema, StaffProfile } from '@ygt/shared';
import { api } from '../../api/client';

/** The body of 新建账号, as the API's schema accepts it. */
export type CreateStaffInput = ReturnType<typeof CreateStaffSchema.parse>;

export async function listStaffAccounts(signal?: AbortSignal): Promise<StaffProfile[]> {
  return (await api.get<{ items: StaffProfile[] }>('/staff/accounts', { signal })).items;
}

export function createStaffAccount(input: CreateStaffInput): Promise<StaffProfile> {
  return api.post<StaffProfile>('/staff/accounts', input);
}

/** Sets a new password; the API also lifts a lockout after too many wrong passwords. */
export function resetStaffPassword(staffId: string, password: string): Promise<StaffProfile> {
  return api.post<StaffProfile>(`/staff/accounts/${encodeURIComponent(staffId)}/reset-password`, { password });
}
