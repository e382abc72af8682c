import type { StaffRole } from '@ygt/shared';
import type { AppDeps } from '../../deps';
import { createStaff } from './service';
import * as repo from './repo';

/** Demo-mode password of every seeded staff account (README lists the accounts). */
export const DEMO_STAFF_PASSWORD = 'yigongtong2026';

const DEMO_STAFF: { username: string; name: string; roles: StaffRole[]; facilities: string[]; doctorAt?: string }[] = [
  { username: 'admin', name: '赵立新', roles: ['community_admin'], facilities: ['YX-RMYY'] },
  { username: 'qs.nurse', name: '周春梅', roles: ['clinic_staff'], facilities: ['YX-T01', 'YX-T01-V01', 'YX-T01-V02', 'YX-T01-V03', 'YX-T01-V04'] },
  { username: 'lh.nurse', name: '吴红霞', roles: ['clinic_staff'], facilities: ['YX-T02'] },
  { username: 'qs.doctor', name: '青石镇医生', roles: ['doctor'], facilities: ['YX-T01'], doctorAt: 'YX-T01' },
  { username: 'dl.doctor', name: '东岭村医生', roles: ['doctor'], facilities: ['YX-T01-V01'], doctorAt: 'YX-T01-V01' },
  { username: 'county.doctor', name: '县医院医生', roles: ['doctor'], facilities: ['YX-RMYY'], doctorAt: 'YX-RMYY' },
  { username: 'county.nurse', name: '孙雪梅', roles: ['clinic_staff'], facilities: ['YX-RMYY'] },
  { username: 'pharmacist', name: '林淑珍', roles: ['pharmacist'], facilities: ['YX-ZXYF'] },
];

/** Seeded staff for each role; a doctor account takes the name of its doctor record. Idempotent. */
export async function seedDemoStaff(deps: AppDeps): Promise<void> {
  const db = deps.database.db;
  const facilities = new Map((await db.selectFrom('facility').select(['id', 'code']).execute()).map((f) => [f.code, f.id]));
  for (const s of DEMO_STAFF) {
    if (await repo.findStaffByUsername(db, s.username)) continue;
    let doctor: { id: string; name: string } | undefined;
    if (s.doctorAt) {
      doctor = await db.selectFrom('doctor').select(['id', 'name']).where('facility_id', '=', facilities.get(s.doctorAt)!).orderBy('code').executeTakeFirst();
    }
    await createStaff(deps, {
      username: s.username,
      name: doctor?.name ?? s.name,
      password: DEMO_STAFF_PASSWORD,
      roles: s.roles,
      facilityIds: s.facilities.map((c) => facilities.get(c)!),
      doctorId: doctor?.id,
    });
  }
}
