import type { Db } from '../../db';
import type { StaffTable } from '../../db/schema/staff';

export async function findStaffByUsername(db: Db, username: string) {
  return db.selectFrom('staff').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function getStaff(db: Db, id: string) {
  return db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listStaff(db: Db) {
  return db.selectFrom('staff').selectAll().orderBy('username').execute();
}

export async function staffFacilities(db: Db, staffIds: string[]) {
  if (!staffIds.length) return [];
  return db
    .selectFrom('staff_facility as sf')
    .innerJoin('facility as f', 'f.id', 'sf.facility_id')
    .select(['sf.staff_id', 'f.id', 'f.name'])
    .where('sf.staff_id', 'in', staffIds)
    .orderBy('f.sort_order')
    .execute();
}

export async function insertStaff(db: Db, row: StaffTable, facilityIds: string[]) {
  await db.insertInto('staff').values(row).execute();
  await db.insertInto('staff_facility').values(facilityIds.map((facility_id) => ({ staff_id: row.id, facility_id }))).execute();
}

export async function recordFailedLogin(db: Db, id: string, lockUntil: number | null, now: number) {
  await db
    .updateTable('staff')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), locked_until: lockUntil, updated_at: now }))
    .where('id', '=', id)
    .execute();
}

export async function resetLoginFailures(db: Db, id: string, now: number) {
  await db.updateTable('staff').set({ failed_logins: 0, locked_until: null, updated_at: now }).where('id', '=', id).execute();
}

export async function setPassword(db: Db, id: string, hash: string, now: number) {
  const r = await db.updateTable('staff').set({ password_hash: hash, failed_logins: 0, locked_until: null, updated_at: now }).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A person registered at any of the given facilities, or undefined. */
export async function personAtFacilities(db: Db, personId: string, facilityIds: string[]) {
  if (!facilityIds.length) return undefined;
  return db.selectFrom('patient_facility').select(['facility_id']).where('person_id', '=', personId).where('facility_id', 'in', facilityIds).executeTakeFirst();
}
