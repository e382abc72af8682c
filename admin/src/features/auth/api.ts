import type { StaffProfile, StaffSessionSchema } from '@ygt/shared';
import { api } from '../../api/client';

/** The answer to a staff sign-in: the bearer token, its lifetime and who signed in. */
export type StaffSession = ReturnType<typeof StaffSessionSchema.parse>;

export function loginStaff(username: string, password: string): Promise<StaffSession> {
  return api.post<StaffSession>('/auth/staff/login', { username, password });
}

export function logoutStaff(): Promise<unknown> {
  return api.post('/auth/staff/logout');
}

export function getCurrentStaff(signal?: AbortSignal): Promise<StaffProfile> {
  return api.get<StaffProfile>('/staff/me', { signal });
}
