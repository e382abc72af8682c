import { RESIDENT_VISIBLE_STATUSES, type ResultCatalogueItem, type ResultCategory, type ResultSection } from '@ygt/shared';
import type { Db } from '../../db';
import type { ResultCatalogueItemTable } from '../../db/schema/result-catalogue-item';
import type { ResultObservationTable } from '../../db/schema/result-observation';
import type { ResultReportTable } from '../../db/schema/result-report';
import type { ResultReportVersionTable } from '../../db/schema/result-report-version';

// ---- catalogue -------------------------------------------------------------------------------

function toCatalogueItem(r: ResultCatalogueItemTable): ResultCatalogueItem {
  return {
    code: r.code,
    name: r.name,
    kind: r.kind as ResultCatalogueItem['kind'],
    section: r.section as ResultSection,
    loinc: r.loinc,
    localCodes: JSON.parse(r.local_codes) as string[],
    recognised: r.recognised === 1,
    validityDays: Number(r.validity_days),
    holdForReview: r.hold_for_review === 1,
    criticalLow: r.critical_low === null ? null : Number(r.critical_low),
    criticalHigh: r.critical_high === null ? null : Number(r.critical_high),
  };
}

export async function loadCatalogue(db: Db): Promise<ResultCatalogueItem[]> {
  return (await db.selectFrom('result_catalogue_item').selectAll().orderBy('sort_order').execute()).map(toCatalogueItem);
}

export async function updateCatalogueItem(
  db: Db,
  code: string,
  patch: Partial<Pick<ResultCatalogueItemTable, 'recognised' | 'validity_days' | 'hold_for_review'>>,
  now: number,
): Promise<boolean> {
  const r = await db.updateTable('result_catalogue_item').set({ ...patch, updated_at: now }).where('code', '=', code).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- reports ---------------------------------------------------------------------------------

export async function findReportByKey(db: Db, key: string, dialect: 'mysql' | 'sqlite') {
  let q = db.selectFrom('result_report').selectAll().where('report_key', '=', key);
  if (dialect === 'mysql') q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function getReport(db: Db, id: string) {
  return db.selectFrom('result_report').selectAll().where('id', '=', id).executeTakeFirst();
}
export type ReportRow = NonNullable<Awaited<ReturnType<typeof getReport>>>;

export async function insertReport(db: Db, row: ResultReportTable) {
  await db.insertInto('result_report').values(row).execute();
}

/** Replaces the current version, only if nobody replaced it since we read it. */
export async function replaceReport(db: Db, id: string, expectedVersion: number, row: Omit<ResultReportTable, 'id' | 'report_key' | 'received_at'>): Promise<boolean> {
  const r = await db.updateTable('result_report').set(row).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function replaceObservations(db: Db, reportId: string, rows: ResultObservationTable[]) {
  await db.deleteFrom('result_observation').where('report_id', '=', reportId).execute();
  if (rows.length) await db.insertInto('result_observation').values(rows).execute();
}

export async function insertVersion(db: Db, row: ResultReportVersionTable) {
  await db.insertInto('result_report_version').values(row).execute();
}

export async function supersedeVersion(db: Db, reportId: string, version: number, now: number) {
  await db.updateTable('result_report_version').set({ superseded_at: now }).where('report_id', '=', reportId).where('version', '=', version).execute();
}

export async function versionHashes(db: Db, reportId: string): Promise<string[]> {
  return (await db.selectFrom('result_report_version').select('content_hash').where('report_id', '=', reportId).execute()).map((r) => r.content_hash);
}

export async function listVersions(db: Db, reportId: string) {
  return db.selectFrom('result_report_version').selectAll().where('report_id', '=', reportId).orderBy('version').execute();
}

export async function observationsOf(db: Db, reportIds: string[]) {
  if (!reportIds.length) return [];
  return db.selectFrom('result_observation').selectAll().where('report_id', 'in', reportIds).orderBy('report_id').orderBy('seq').execute();
}
export type ObservationRow = Awaited<ReturnType<typeof observationsOf>>[number];

export interface ReportFilter {
  category?: ResultCategory;
  facilityId?: string;
  fromMs?: number;
  toMs?: number;
  /** Keyset cursor: reports strictly older than this (effective_at, id). */
  before?: { at: number; id: string };
  limit: number;
}

/** A person's reports, newest first. `residentView` keeps to what residents may see. */
export async function listReportsOfPerson(db: Db, personId: string, f: ReportFilter, residentView: boolean) {
  let q = db.selectFrom('result_report').selectAll().where('person_id', '=', personId);
  if (residentView) q = q.where('release_state', '=', 'released').where('status', 'in', [...RESIDENT_VISIBLE_STATUSES]);
  if (f.category) q = q.where('category', '=', f.category);
  if (f.facilityId) {
    const facilityId = f.facilityId;
    q = q.where((eb) => eb.or([eb('performing_facility_id', '=', facilityId), eb('interpreting_facility_id', '=', facilityId)]));
  }
  if (f.fromMs !== undefined) q = q.where('effective_at', '>=', f.fromMs);
  if (f.toMs !== undefined) q = q.where('effective_at', '<', f.toMs);
  if (f.before) {
    const b = f.before;
    q = q.where((eb) => eb.or([eb('effective_at', '<', b.at), eb.and([eb('effective_at', '=', b.at), eb('id', '<', b.id)])]));
  }
  return q.orderBy('effective_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}

/** Numeric values of some items of a person, oldest first, from reports residents may see. */
export async function trendObservations(db: Db, personId: string, codes: string[], fromMs: number, toMs: number) {
  let q = db
    .selectFrom('result_observation as o')
    .innerJoin('result_report as r', 'r.id', 'o.report_id')
    .innerJoin('facility as f', 'f.id', 'r.performing_facility_id')
    .select(['o.id', 'o.report_id', 'o.code', 'o.name', 'o.value_num', 'o.unit', 'o.ref_low', 'o.ref_high', 'o.flag', 'o.effective_at', 'r.performing_facility_id', 'f.name as facility_name', 'f.short_name as facility_short_name'])
    .where('o.person_id', '=', personId)
    .where('o.value_num', 'is not', null)
    .where('o.effective_at', '>=', fromMs)
    .where('o.effective_at', '<', toMs)
    .where('r.release_state', '=', 'released')
    .where('r.status', 'in', [...RESIDENT_VISIBLE_STATUSES]);
  if (codes.length) q = q.where('o.code', 'in', codes);
  return q.orderBy('o.effective_at').orderBy('o.id').execute();
}

/** Held reports performed or read at any of the facilities, oldest first (first come, first reviewed). */
export async function releaseQueue(db: Db, facilityIds: string[]) {
  if (!facilityIds.length) return [];
  return db
    .selectFrom('result_report')
    .selectAll()
    .where('release_state', '=', 'held')
    .where('status', 'not in', ['cancelled', 'entered-in-error'])
    .where((eb) => eb.or([eb('performing_facility_id', 'in', facilityIds), eb('interpreting_facility_id', 'in', facilityIds)]))
    .orderBy('received_at')
    .orderBy('id')
    .limit(200)
    .execute();
}

/** Releases a held report, only the version the doctor reviewed and only once. */
export async function releaseReport(db: Db, id: string, version: number, staffId: string, comment: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('result_report')
    .set({ release_state: 'released', released_at: now, released_by_staff_id: staffId, release_comment: comment, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('release_state', '=', 'held')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function unmatchedAt(db: Db, facilityIds: string[]) {
  if (!facilityIds.length) return [];
  return db
    .selectFrom('result_report as r')
    .leftJoin('person as p', 'p.id_number_bidx', 'r.patient_id_bidx')
    .select(['r.id', 'r.name', 'r.effective_at', 'r.received_at', 'r.performing_facility_id', 'r.patient_name', 'r.patient_id_enc', 'p.id as existing_person_id'])
    .where('r.match_status', '=', 'unmatched')
    .where((eb) => eb.or([eb('r.performing_facility_id', 'in', facilityIds), eb('r.submitting_facility_id', 'in', facilityIds)]))
    .orderBy('r.received_at', 'desc')
    .limit(200)
    .execute();
}

// ---- matching --------------------------------------------------------------------------------

/** Held reports whose resident ID now belongs to a person (the name is checked by the caller); of one person when given. */
export async function matchCandidates(db: Db, personId?: string) {
  let q = db
    .selectFrom('result_report as r')
    .innerJoin('person as p', 'p.id_number_bidx', 'r.patient_id_bidx')
    .select(['r.id', 'r.patient_name', 'p.id as person_id', 'p.name as person_name'])
    .where('r.match_status', '=', 'unmatched');
  if (personId) q = q.where('p.id', '=', personId);
  return q.limit(500).execute();
}

export async function attachPerson(db: Db, reportId: string, personId: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('result_report')
    .set({ person_id: personId, match_status: 'matched', updated_at: now })
    .where('id', '=', reportId)
    .where('match_status', '=', 'unmatched')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await db.updateTable('result_observation').set({ person_id: personId }).where('report_id', '=', reportId).execute();
  return true;
}

// ---- facilities ------------------------------------------------------------------------------

export async function facilitiesByIds(db: Db, ids: string[]) {
  if (!ids.length) return new Map<string, { id: string; code: string; name: string; short_name: string; level: string }>();
  const rows = await db.selectFrom('facility').select(['id', 'code', 'name', 'short_name', 'level']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Every member facility's names (a county has tens to a few hundred): the results pages' lookup. */
export async function allFacilities(db: Db) {
  const rows = await db.selectFrom('facility').select(['id', 'code', 'name', 'short_name', 'level']).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function facilityByCode(db: Db, code: string) {
  return db.selectFrom('facility').select(['id', 'code', 'name', 'short_name', 'level']).where('code', '=', code).executeTakeFirst();
}
