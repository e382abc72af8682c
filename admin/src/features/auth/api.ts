import { api } from '../../api/client';

// The staff sign-in contract; these types move to @ygt/shared with the API's login route.
export type StaffRole = 'clinic_staff' | 'doctor' | 'pharmacist' | 'community_admin';

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  clinic_staff: '机构工作人员',
  doctor: '医生',
  pharmacist: '药师',
  community_admin: '医共体管理员',
};

export interface StaffProfile {
  id: string;
  name: string;
  roles: StaffRole[];
  facilityIds: string[];
}

export interface StaffLoginResult {
  token: string;
  staff: StaffProfile;
}

export function loginStaff(username: string, password: string): Promise<StaffLoginResult> {
  return api.post<StaffLoginResult>('/auth/staff/login', { username, password });
}

export function logoutStaff(): Promise<unknown> {
  return api.post('/auth/staff/logout');
}
