import type { Db } from '../../db';
import type { FacilityTable } from '../../db/schema/facility';

export async function listFacilities(db: Db, filter: { level?: string; township?: string }) {
  let q = db.selectFrom('facility').selectAll();
  if (filter.level) q = q.where('level', '=', filter.level);
  if (filter.township) q = q.where('township', '=', filter.township);
  return q.orderBy('sort_order').orderBy('code').execute();
}

export async function getFacility(db: Db, id: string) {
  return db.selectFrom('facility').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listDepartments(db: Db, facilityId: string) {
  return db.selectFrom('department').selectAll().where('facility_id', '=', facilityId).orderBy('sort_order').orderBy('code').execute();
}

export async function listDoctors(db: Db, facilityId: string, departmentId?: string) {
  let q = db.selectFrom('doctor').selectAll().where('facility_id', '=', facilityId);
  if (departmentId) q = q.where('department_id', '=', departmentId);
  return q.orderBy('code').execute();
}

/** County experts' weekly sessions held at a facility, with the expert's details. */
export async function listExpertSessionsAt(db: Db, facilityId: string) {
  return db
    .selectFrom('expert_session as s')
    .innerJoin('doctor as d', 'd.id', 's.doctor_id')
    .innerJoin('facility as home', 'home.id', 'd.facility_id')
    .select([
      's.id',
      's.doctor_id',
      's.facility_id',
      's.weekday',
      's.period',
      'd.name as doctor_name',
      'd.title as doctor_title',
      'd.specialty',
      'home.name as home_facility_name',
    ])
    .where('s.facility_id', '=', facilityId)
    .orderBy('s.weekday')
    .orderBy('s.period')
    .execute();
}

export async function updateFacility(db: Db, id: string, patch: Partial<Pick<FacilityTable, 'name' | 'short_name' | 'address' | 'phone' | 'intro'>>, now: number) {
  const result = await db.updateTable('facility').set({ ...patch, updated_at: now }).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
