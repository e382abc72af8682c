import type { Db } from '../../db';
import type { ReferralTable } from '../../db/schema/referral';

export async function insertReferral(db: Db, row: ReferralTable) {
  await db.insertInto('referral').values(row).execute();
}

export async function getReferral(db: Db, id: string) {
  return db.selectFrom('referral').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Changes a referral only while it is still in `from`: of two racing decisions, one wins. */
export async function changeReferral(
  db: Db,
  id: string,
  from: string,
  patch: Partial<Pick<ReferralTable, 'status' | 'decline_reason' | 'decided_by_staff_id' | 'decided_at' | 'booking_id'>> & { updated_at: number },
): Promise<boolean> {
  const r = await db.updateTable('referral').set(patch).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Referrals with the names a list shows. */
function referralView(db: Db) {
  return db
    .selectFrom('referral as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .innerJoin('facility as ff', 'ff.id', 'r.from_facility_id')
    .innerJoin('facility as tf', 'tf.id', 'r.to_facility_id')
    .leftJoin('department as td', 'td.id', 'r.to_department_id')
    .leftJoin('staff as fs', 'fs.id', 'r.from_staff_id')
    .leftJoin('staff as ds', 'ds.id', 'r.decided_by_staff_id')
    .selectAll('r')
    .select([
      'p.name as person_name',
      'ff.name as from_facility_name',
      'tf.name as to_facility_name',
      'td.name as to_department_name',
      'fs.name as from_staff_name',
      'ds.name as decided_by_name',
    ]);
}
export type ReferralRow = Awaited<ReturnType<ReturnType<typeof referralView>['executeTakeFirstOrThrow']>>;

export async function getReferralView(db: Db, id: string): Promise<ReferralRow | undefined> {
  return referralView(db).where('r.id', '=', id).executeTakeFirst();
}

export async function listReferralsOfFacilities(db: Db, facilityIds: string[], box: 'incoming' | 'outgoing' | 'all', status?: string): Promise<ReferralRow[]> {
  if (!facilityIds.length) return [];
  let q = referralView(db);
  if (box === 'incoming') q = q.where('r.to_facility_id', 'in', facilityIds);
  else if (box === 'outgoing') q = q.where('r.from_facility_id', 'in', facilityIds);
  else q = q.where((eb) => eb.or([eb('r.to_facility_id', 'in', facilityIds), eb('r.from_facility_id', 'in', facilityIds)]));
  if (status) q = q.where('r.status', '=', status);
  return q.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(200).execute();
}

export async function listReferralsOfPersons(db: Db, personIds: string[]): Promise<ReferralRow[]> {
  if (!personIds.length) return [];
  return referralView(db).where('r.person_id', 'in', personIds).orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(100).execute();
}

/** The downward referral that answers each upward one. */
export async function returnsOf(db: Db, parentIds: string[]): Promise<Map<string, string>> {
  if (!parentIds.length) return new Map();
  const rows = await db.selectFrom('referral').select(['id', 'parent_referral_id']).where('parent_referral_id', 'in', parentIds).execute();
  return new Map(rows.map((r) => [r.parent_referral_id!, r.id]));
}
