import { createHash } from 'node:crypto';
import {
  canonicalCode,
  decideReportUpdate,
  deriveFlag,
  findCatalogueItem,
  holdReasonFor,
  type ImagingSummary,
  type ReportStatus,
  RESIDENT_VISIBLE_STATUSES,
  RESULT_SECTIONS,
  type ResultCatalogueItem,
  type ResultFlag,
  type ResultSection,
  resultReleased,
} from '@ygt/shared';
import type { Db } from '../../db';
import type { ResultObservationTable } from '../../db/schema/result-observation';
import type { AppDeps } from '../../deps';
import { badRequest, conflict, notFound } from '../../http/errors';
import { newId } from '../../infra/ids';
import * as identityRepo from '../identity/repo';
import { notify } from '../notifications/outbox';
import * as repo from './repo';

/** One value as a sender gave it, already read from FHIR, HL7 v2 or the console. */
export interface IncomingObservation {
  loinc: string | null;
  localCode: string;
  localSystem: string | null;
  name: string;
  valueText: string;
  valueNum: number | null;
  unit: string | null;
  refLow: number | null;
  refHigh: number | null;
  refText: string | null;
  flag: ResultFlag | null;
  effectiveAt: number;
}

/** One report as a sender gave it; the transports (FHIR, HL7 v2, console) all produce this. */
export interface IncomingReport {
  identifier: string;
  source: 'fhir' | 'hl7v2' | 'manual';
  patient: { kind: 'person'; personId: string } | { kind: 'resident_id'; idNumber: string; name: string };
  section: ResultSection;
  loinc: string | null;
  localCode: string;
  localSystem: string | null;
  name: string;
  performingFacilityId: string;
  interpretingFacilityId: string | null;
  status: ReportStatus;
  effectiveAt: number;
  issuedAt: number;
  conclusion: string | null;
  qcPassed: boolean;
  imaging: ImagingSummary | null;
  enteredByStaffId: string | null;
  observations: IncomingObservation[];
  /** Where the report sits in the submission (FHIRPath or HL7 location), for error messages. */
  location: string;
}

export interface StoredReport {
  reportId: string;
  version: number;
  outcome: 'created' | 'updated' | 'unchanged';
  personId: string | null;
  observationIds: string[];
}

/** Names compare without spaces and case: senders split Chinese names into family/given parts. */
export const sameName = (a: string, b: string) => a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase();

/**
 * The fields that make a version: identical content re-sent is the same version. The ID number
 * enters only as its blind index, so the stored hash reveals nothing about it.
 */
function contentHash(deps: AppDeps, r: IncomingReport): string {
  const { location: _location, enteredByStaffId: _staff, patient, ...content } = r;
  const who = patient.kind === 'person' ? patient.personId : { bidx: deps.crypto.blindIndex(patient.idNumber), name: patient.name };
  return createHash('sha256').update(JSON.stringify({ who, ...content })).digest('hex');
}

/** Two deliveries of one new report raced: on its unique key, or (MySQL) on the gap lock of that key. */
function isRaceOnNewReport(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? '';
  return code === 'ER_DUP_ENTRY' || code === 'ER_LOCK_DEADLOCK' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Stores reports from one submitting facility in one transaction: all or nothing. Each report
 * is keyed by submitter + identifier: a new key creates it, the same content again changes
 * nothing, a correction replaces it and keeps the old version as history. Reports of persons we
 * do not know yet are held for matching. Then held reports of persons added since are matched.
 */
export async function storeReports(
  deps: AppDeps,
  submitterFacilityId: string,
  reports: IncomingReport[],
  opts: { notify: boolean; inTransaction?: (tx: Db) => Promise<void> },
): Promise<StoredReport[]> {
  const attempt = () =>
    deps.database.db.transaction().execute(async (tx) => {
      const catalogue = await repo.loadCatalogue(tx);
      const stored: StoredReport[] = [];
      for (const r of reports) stored.push(await storeReport(deps, tx, catalogue, submitterFacilityId, r, opts));
      await opts.inTransaction?.(tx);
      return stored;
    });
  let stored: StoredReport[];
  try {
    stored = await attempt();
  } catch (err) {
    // The second delivery now finds the first and decides as for any repeat.
    if (!isRaceOnNewReport(err)) throw err;
    stored = await attempt();
  }
  await matchHeldResults(deps);
  return stored;
}

async function resolvePatient(deps: AppDeps, tx: Db, p: IncomingReport['patient'], location: string) {
  if (p.kind === 'person') {
    const person = await identityRepo.getPerson(tx, p.personId);
    if (!person) throw notFound('未找到该患者', 'personId');
    return { personId: person.id, idEnc: person.id_number_enc, bidx: person.id_number_bidx, name: person.name };
  }
  if (!p.name.trim()) throw badRequest('缺少患者姓名', `${location}.patient.name`);
  const bidx = deps.crypto.blindIndex(p.idNumber);
  const person = await identityRepo.findPersonByIdIndex(tx, bidx);
  // A name that does not go with the ID number is more likely a typing error than the person:
  // such a report waits for a person to check it rather than landing in someone's record.
  const personId = person && sameName(person.name, p.name) ? person.id : null;
  return { personId, idEnc: deps.crypto.encrypt(p.idNumber), bidx, name: p.name.trim() };
}

async function storeReport(deps: AppDeps, tx: Db, catalogue: ResultCatalogueItem[], submitterFacilityId: string, r: IncomingReport, opts: { notify: boolean }): Promise<StoredReport> {
  const now = deps.clock.now();
  const key = `${submitterFacilityId}|${r.identifier}`;
  const existing = await repo.findReportByKey(tx, key, deps.database.dialect);
  const hash = contentHash(deps, r);

  if (existing) {
    const decision = decideReportUpdate(
      { status: existing.status as ReportStatus, contentHash: existing.content_hash, historyHashes: await repo.versionHashes(tx, existing.id) },
      { status: r.status, contentHash: hash },
    );
    if (decision.action === 'unchanged') {
      const obs = await repo.observationsOf(tx, [existing.id]);
      return { reportId: existing.id, version: existing.version, outcome: 'unchanged', personId: existing.person_id, observationIds: obs.map((o) => o.id) };
    }
    if (decision.action === 'conflict') throw conflict(decision.reason, `${r.location}.status`);
  }

  const patient = await resolvePatient(deps, tx, r.patient, r.location);
  const reportId = existing?.id ?? newId(now);
  const version = (existing?.version ?? 0) + 1;
  const observations: ResultObservationTable[] = r.observations.map((o, seq) => {
    const item = findCatalogueItem(catalogue, o);
    return {
      id: newId(now),
      report_id: reportId,
      person_id: patient.personId,
      seq,
      code: canonicalCode(catalogue, o),
      loinc: o.loinc,
      local_code: o.localCode,
      local_system: o.localSystem,
      name: o.name,
      value_text: o.valueText,
      value_num: o.valueNum,
      unit: o.unit,
      ref_low: o.refLow,
      ref_high: o.refHigh,
      ref_text: o.refText,
      flag: deriveFlag({ value: o.valueNum, range: { low: o.refLow, high: o.refHigh, text: o.refText }, criticalLow: item?.criticalLow, criticalHigh: item?.criticalHigh, senderFlag: o.flag }),
      effective_at: o.effectiveAt,
    };
  });
  const reportItem = findCatalogueItem(catalogue, r);
  const heldByCatalogue = [reportItem, ...r.observations.map((o) => findCatalogueItem(catalogue, o))].some((i) => i?.holdForReview);
  const holdReason = holdReasonFor(observations.map((o) => o.flag as ResultFlag | null), heldByCatalogue);

  const row = {
    identifier: r.identifier,
    version,
    person_id: patient.personId,
    match_status: patient.personId ? 'matched' : 'unmatched',
    patient_id_enc: patient.idEnc,
    patient_id_bidx: patient.bidx,
    patient_name: patient.name,
    category: RESULT_SECTIONS[r.section].category,
    section: r.section,
    code: canonicalCode(catalogue, r),
    loinc: r.loinc,
    local_code: r.localCode,
    local_system: r.localSystem,
    name: r.name,
    performing_facility_id: r.performingFacilityId,
    interpreting_facility_id: r.interpretingFacilityId,
    submitting_facility_id: submitterFacilityId,
    status: r.status,
    effective_at: r.effectiveAt,
    issued_at: r.issuedAt,
    conclusion: r.conclusion,
    qc_passed: r.qcPassed ? 1 : 0,
    imaging: r.imaging ? JSON.stringify(r.imaging) : null,
    source: r.source,
    entered_by_staff_id: r.enteredByStaffId,
    release_state: holdReason ? 'held' : 'released',
    hold_reason: holdReason,
    released_at: holdReason ? null : now,
    released_by_staff_id: null,
    release_comment: null,
    content_hash: hash,
    updated_at: now,
  };
  if (existing) {
    if (!(await repo.replaceReport(tx, existing.id, existing.version, row))) throw conflict('该报告正在被更新，请稍后重试', `${r.location}.identifier`);
    await repo.supersedeVersion(tx, existing.id, existing.version, now);
  } else {
    await repo.insertReport(tx, { id: reportId, report_key: key, received_at: now, ...row });
  }
  await repo.replaceObservations(tx, reportId, observations);
  await repo.insertVersion(tx, {
    id: newId(now),
    report_id: reportId,
    version,
    status: r.status,
    content_hash: hash,
    snapshot: JSON.stringify({
      conclusion: r.conclusion,
      observations: observations.map((o) => ({ code: o.code, name: o.name, value: o.value_text, unit: o.unit, flag: o.flag })),
    }),
    received_at: now,
    superseded_at: null,
  });
  if (patient.personId) {
    await registerAtFacilities(deps, tx, patient.personId, [r.performingFacilityId, r.interpretingFacilityId], now);
    if (opts.notify) await notifyReleased(deps, tx, reportId);
  }
  return { reportId, version, outcome: existing ? 'updated' : 'created', personId: patient.personId, observationIds: observations.map((o) => o.id) };
}

/** The facilities that did or read a patient's test may see that patient (staff scope). */
async function registerAtFacilities(deps: AppDeps, tx: Db, personId: string, facilityIds: (string | null)[], now: number) {
  for (const f of new Set(facilityIds)) if (f) await identityRepo.registerPatientAt(tx, personId, f, 'result', now, deps.database.dialect);
}

/**
 * Tells the person's family that a report is there to read, once per version, when it is
 * matched, released and visible. Calling it for a held or unmatched report does nothing.
 */
export async function notifyReleased(deps: AppDeps, tx: Db, reportId: string): Promise<void> {
  const report = await repo.getReport(tx, reportId);
  if (!report?.person_id || report.release_state !== 'released' || !RESIDENT_VISIBLE_STATUSES.includes(report.status as ReportStatus)) return;
  const person = await identityRepo.getPerson(tx, report.person_id);
  const facilityId = report.interpreting_facility_id ?? report.performing_facility_id;
  const facility = (await repo.facilitiesByIds(tx, [facilityId])).get(facilityId);
  const content = resultReleased({
    reportId: report.id,
    patientName: person!.name,
    reportName: report.version > 1 ? `${report.name}（更正）` : report.name,
    facilityName: facility?.short_name ?? '',
    releasedAt: Number(report.released_at ?? deps.clock.now()),
  });
  await notify(deps, tx, { ...content, eventKey: `result_released:${report.id}:v${report.version}`, personId: report.person_id });
}

/**
 * Matches reports held for an unknown patient to persons added since (same resident ID by
 * blind index, same name). Runs after every ingestion and, for one person, when their results
 * are listed, so a family member added later finds results sent before. Returns how many matched.
 */
export async function matchHeldResults(deps: AppDeps, only?: { personId: string }): Promise<number> {
  const candidates = await repo.matchCandidates(deps.database.db, only?.personId);
  let matched = 0;
  for (const c of candidates) {
    if (!sameName(c.patient_name, c.person_name)) continue;
    const attached = await deps.database.db.transaction().execute(async (tx) => {
      const now = deps.clock.now();
      if (!(await repo.attachPerson(tx, c.id, c.person_id, now))) return false;
      const report = (await repo.getReport(tx, c.id))!;
      await registerAtFacilities(deps, tx, c.person_id, [report.performing_facility_id, report.interpreting_facility_id], now);
      await notifyReleased(deps, tx, c.id);
      return true;
    });
    if (attached) matched += 1;
  }
  return matched;
}
