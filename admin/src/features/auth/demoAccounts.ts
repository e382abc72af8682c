import type { StaffRole } from '@ygt/shared';

/** Password of every seeded demo account (api/src/modules/staff/seed.ts). */
export const DEMO_PASSWORD = 'yigongtong2026';

export interface DemoAccount {
  username: string;
  role: StaffRole;
  /** Overrides the role's label where the job is more specific than the role, e.g. 村医. */
  job?: string;
  facility: string;
}

/** The staff accounts seeded in demo mode, one per kind of job; the API has no list of them to ask. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', role: 'community_admin', facility: '云溪县人民医院' },
  { username: 'qs.nurse', role: 'clinic_staff', facility: '青石镇中心卫生院及下属村卫生室' },
  { username: 'lh.nurse', role: 'clinic_staff', facility: '柳河镇中心卫生院' },
  { username: 'qs.doctor', role: 'doctor', facility: '青石镇中心卫生院' },
  { username: 'dl.doctor', role: 'doctor', job: '村医', facility: '青石镇东岭村卫生室' },
  { username: 'county.doctor', role: 'doctor', facility: '云溪县人民医院' },
  { username: 'county.nurse', role: 'clinic_staff', facility: '云溪县人民医院' },
  { username: 'pharmacist', role: 'pharmacist', facility: '云溪县医共体中心药房' },
];
