import type { Db, Dialect } from '../../db';
import type { InsurancePolicyTable } from '../../db/schema/insurance-policy';
import type { InsuranceSettlementTable } from '../../db/schema/insurance-settlement';
import type { InsuranceYtdTable } from '../../db/schema/insurance-ytd';

export type PolicyRow = InsurancePolicyTable;
export type SettlementRow = InsuranceSettlementTable;
export type YtdRow = InsuranceYtdTable;

// ---- policy versions ---------------------------------------------------------------------------

export async function listPolicies(db: Db, region: string, filter: { year?: number; scheme?: string }) {
  let q = db
    .selectFrom('insurance_policy as p')
    .leftJoin('staff as s', 's.id', 'p.created_by')
    .selectAll('p')
    .select('s.name as created_by_name')
    .where('p.region', '=', region);
  if (filter.year !== undefined) q = q.where('p.year', '=', filter.year);
  if (filter.scheme) q = q.where('p.scheme', '=', filter.scheme);
  return q.orderBy('p.year', 'desc').orderBy('p.scheme').orderBy('p.created_at', 'desc').orderBy('p.id', 'desc').execute();
}

export async function getPolicy(db: Db, id: string) {
  return db
    .selectFrom('insurance_policy as p')
    .leftJoin('staff as s', 's.id', 'p.created_by')
    .selectAll('p')
    .select('s.name as created_by_name')
    .where('p.id', '=', id)
    .executeTakeFirst();
}

export async function findActivePolicy(db: Db, activeKey: string) {
  return db.selectFrom('insurance_policy').selectAll().where('active_key', '=', activeKey).executeTakeFirst();
}

export async function findPolicyVersion(db: Db, region: string, year: number, scheme: string, version: string) {
  return db
    .selectFrom('insurance_policy')
    .select('id')
    .where('region', '=', region)
    .where('year', '=', year)
    .where('scheme', '=', scheme)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function insertPolicy(db: Db, row: PolicyRow) {
  await db.insertInto('insurance_policy').values(row).execute();
}

/** Ends the active version of a key (if any other than `keepId`); frees the key for the next one. */
export async function supersedeActive(db: Db, activeKey: string, keepId: string) {
  await db.updateTable('insurance_policy').set({ status: 'superseded', active_key: null }).where('active_key', '=', activeKey).where('id', '!=', keepId).execute();
}

export async function markPolicyActive(db: Db, id: string, activeKey: string, staffId: string | null, now: number) {
  await db
    .updateTable('insurance_policy')
    .set({ status: 'active', active_key: activeKey, activated_at: now, activated_by: staffId })
    .where('id', '=', id)
    .execute();
}

// ---- settlement records ------------------------------------------------------------------------

/** By the facility's own number. Locking (MySQL) so a concurrent resend waits and then sees it. */
export async function findByExternalId(db: Db, dialect: Dialect, facilityId: string, externalId: string, lock: boolean) {
  let q = db.selectFrom('insurance_settlement').selectAll().where('facility_id', '=', facilityId).where('external_id', '=', externalId);
  if (lock && dialect === 'mysql') q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function getSettlement(db: Db, id: string) {
  return db.selectFrom('insurance_settlement').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSettlement(db: Db, row: SettlementRow) {
  await db.insertInto('insurance_settlement').values(row).execute();
}

/**
 * Every settlement (not 冲正单) of a person's policy year under one scheme: what the replay runs on.
 * A locking read on MySQL: it must see what other writers committed while this transaction waited
 * for the person's lock, not the snapshot taken by its earlier reads.
 */
export async function claimsOfPersonYear(db: Db, dialect: Dialect, personId: string, year: number, scheme: string) {
  let q = db
    .selectFrom('insurance_settlement')
    .selectAll()
    .where('person_id', '=', personId)
    .where('year', '=', year)
    .where('scheme', '=', scheme)
    .where('reversal_of', 'is', null);
  if (dialect === 'mysql') q = q.forUpdate();
  return q.execute();
}

export async function updateComputed(db: Db, id: string, patch: Pick<SettlementRow, 'settlement' | 'policy_version' | 'mismatch' | 'updated_at'>) {
  await db.updateTable('insurance_settlement').set(patch).where('id', '=', id).execute();
}

export async function setReported(db: Db, id: string, reported: string) {
  await db.updateTable('insurance_settlement').set({ reported }).where('id', '=', id).execute();
}

/** settled -> reversed, once: false when it was already reversed. */
export async function markReversed(db: Db, id: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('insurance_settlement')
    .set({ state: 'reversed', reversed_at: now, updated_at: now })
    .where('id', '=', id)
    .where('state', '=', 'settled')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A person's settlements of a year, newest service first, with the facility's name. */
export async function settlementsOfPerson(db: Db, personId: string, year: number) {
  return db
    .selectFrom('insurance_settlement as s')
    .innerJoin('facility as f', 'f.id', 's.facility_id')
    .selectAll('s')
    .select('f.name as facility_name')
    .where('s.person_id', '=', personId)
    .where('s.year', '=', year)
    .where('s.reversal_of', 'is', null)
    .orderBy('s.service_date', 'desc')
    .orderBy('s.id', 'desc')
    .execute();
}

export async function settlementOfPerson(db: Db, personId: string, id: string) {
  return db
    .selectFrom('insurance_settlement as s')
    .innerJoin('facility as f', 'f.id', 's.facility_id')
    .selectAll('s')
    .select('f.name as facility_name')
    .where('s.id', '=', id)
    .where('s.person_id', '=', personId)
    .where('s.reversal_of', 'is', null)
    .executeTakeFirst();
}

/** A facility's records (settlements and 冲正单), newest first, page by page. */
export async function settlementsOfFacility(db: Db, facilityId: string, f: { year?: number; mismatchOnly: boolean; before?: string; limit: number }) {
  let q = db
    .selectFrom('insurance_settlement as s')
    .innerJoin('person as p', 'p.id', 's.person_id')
    .selectAll('s')
    .select('p.name as person_name')
    .where('s.facility_id', '=', facilityId);
  if (f.year !== undefined) q = q.where('s.year', '=', f.year);
  if (f.mismatchOnly) q = q.where('s.mismatch', '=', 1);
  if (f.before) q = q.where('s.id', '<', f.before);
  return q.orderBy('s.id', 'desc').limit(f.limit).execute();
}

export async function settlementOfFacility(db: Db, facilityIds: string[], id: string) {
  if (!facilityIds.length) return undefined;
  return db
    .selectFrom('insurance_settlement as s')
    .innerJoin('person as p', 'p.id', 's.person_id')
    .selectAll('s')
    .select('p.name as person_name')
    .where('s.id', '=', id)
    .where('s.facility_id', 'in', facilityIds)
    .executeTakeFirst();
}

/** Chronic disease codes that live settlements of a year and scheme were settled under. */
export async function chronicDiseasesInUse(db: Db, year: number, scheme: string): Promise<string[]> {
  const rows = await db
    .selectFrom('insurance_settlement')
    .select('chronic_disease')
    .distinct()
    .where('year', '=', year)
    .where('scheme', '=', scheme)
    .where('state', '=', 'settled')
    .where('reversal_of', 'is', null)
    .where('chronic_disease', 'is not', null)
    .execute();
  return rows.map((r) => r.chronic_disease as string);
}

// ---- running totals ----------------------------------------------------------------------------

/** Creates the row if absent (both dialects); never overwrites. */
export async function insertYtdIfAbsent(db: Db, dialect: Dialect, row: YtdRow) {
  const q = db.insertInto('insurance_ytd').values(row);
  if (dialect === 'mysql') await q.ignore().execute();
  else await q.onConflict((oc) => oc.doNothing()).execute();
}

export async function getYtd(db: Db, dialect: Dialect, personId: string, year: number, scheme: string, lock = false) {
  let q = db.selectFrom('insurance_ytd').selectAll().where('person_id', '=', personId).where('year', '=', year).where('scheme', '=', scheme);
  if (lock && dialect === 'mysql') q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updateYtd(db: Db, row: YtdRow) {
  await db
    .updateTable('insurance_ytd')
    .set({ totals: row.totals, policy_version: row.policy_version, claim_count: row.claim_count, updated_at: row.updated_at })
    .where('person_id', '=', row.person_id)
    .where('year', '=', row.year)
    .where('scheme', '=', row.scheme)
    .execute();
}

/** The scheme a person was last settled under in a year, if any. */
export async function latestScheme(db: Db, personId: string, year: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('insurance_ytd')
    .select('scheme')
    .where('person_id', '=', personId)
    .where('year', '=', year)
    .where('claim_count', '>', 0)
    .orderBy('updated_at', 'desc')
    .executeTakeFirst();
  return row?.scheme;
}
