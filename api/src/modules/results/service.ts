import {
  addDays,
  deriveFlag,
  findCatalogueItem,
  flagTone,
  formatReferenceRange,
  HOLD_REASON_LABELS,
  type HoldReason,
  hrMark,
  type ImagingSummary,
  isAbnormalFlag,
  isCriticalFlag,
  localDate,
  MANUAL_ITEMS,
  type ManualResultEntry,
  maskName,
  maskResidentId,
  type Recognition,
  recognitionOf,
  REPORT_STATUS_LABELS,
  RESIDENT_VISIBLE_STATUSES,
  type ReportStatus,
  RESULT_CATEGORY_LABELS,
  RESULT_FLAG_WORDS,
  RESULT_SECTIONS,
  type ResultCatalogueItem,
  type ResultCategory,
  type ResultFlag,
  type ResultListQuery,
  type ResultObservation,
  type ResultReportDetail,
  type ResultReportSummary,
  type ResultSection,
  summariseRecognition,
  toEpochMs,
  type TrendSeries,
} from '@ygt/shared';
import type { Db } from '../../db';
import type { AppDeps } from '../../deps';
import type { ResidentActor, StaffActor } from '../../http/auth';
import { badRequest, conflict, notFound } from '../../http/errors';
import { newId } from '../../infra/ids';
import { recordStaffAccess } from '../audit/service';
import * as identityRepo from '../identity/repo';
import { requireConsentedMember, requireHealthConsent } from '../identity/service';
import { requirePatientInScope } from '../staff/service';
import * as staffRepo from '../staff/repo';
import { type IncomingReport, matchHeldResults, notifyReleased, storeReports } from './ingest';
import * as repo from './repo';

// ---- turning rows into what the clients read ------------------------------------------------

type FacilityMap = Awaited<ReturnType<typeof repo.facilitiesByIds>>;

/** What every view of a result needs besides the rows: the catalogue, the mark and today. */
interface View {
  catalogue: ResultCatalogueItem[];
  mark: string;
  today: string;
  facilities: FacilityMap;
}

/**
 * The catalogue and the facilities' names, read by every results page, kept per process (per
 * database, as tests run several) for REFERENCE_TTL_MS: two statements fewer on the path a
 * resident waits on. A change made through this process is seen at once (the entry is dropped);
 * other instances see an edited catalogue item or a renamed facility within the TTL.
 */
const REFERENCE_TTL_MS = 10_000;
const referenceData = new WeakMap<Db, { until: number; catalogue: Promise<ResultCatalogueItem[]>; facilities: Promise<FacilityMap> }>();

function reference(deps: AppDeps) {
  const db = deps.database.db;
  const now = performance.now();
  const hit = referenceData.get(db);
  if (hit && now < hit.until) return hit;
  const entry = { until: now + REFERENCE_TTL_MS, catalogue: repo.loadCatalogue(db), facilities: repo.allFacilities(db) };
  referenceData.set(db, entry);
  // A failed read is not kept: the next request reads again.
  Promise.all([entry.catalogue, entry.facilities]).catch(() => referenceData.get(db) === entry && referenceData.delete(db));
  return entry;
}

const cachedCatalogue = (deps: AppDeps) => reference(deps).catalogue;

async function makeView(deps: AppDeps, reports: repo.ReportRow[]): Promise<View> {
  const ids = reports.flatMap((r) => [r.performing_facility_id, r.interpreting_facility_id].filter((f): f is string => f !== null));
  let ref = reference(deps);
  const known = await ref.facilities;
  // A facility added since the entry was read: read the names again.
  if (ids.some((id) => !known.has(id))) {
    referenceData.delete(deps.database.db);
    ref = reference(deps);
  }
  const [catalogue, facilities] = await Promise.all([ref.catalogue, ref.facilities]);
  return { catalogue, mark: hrMark(deps.config.results.hrPrefix), today: localDate(deps.clock.now()), facilities };
}

function facilityRef(v: View, id: string) {
  const f = v.facilities.get(id)!;
  return { id: f.id, name: f.name, shortName: f.short_name };
}

function observationRecognition(v: View, r: repo.ReportRow, o: { loinc: string | null; local_code: string; effective_at: number }): Recognition {
  return recognitionOf({
    item: findCatalogueItem(v.catalogue, { loinc: o.loinc, localCode: o.local_code }),
    status: r.status as ReportStatus,
    qcPassed: r.qc_passed === 1,
    effectiveAt: Number(o.effective_at),
    today: v.today,
    mark: v.mark,
  });
}

/** A panel or exam in the catalogue is recognised as a whole; otherwise by its items. */
function reportRecognition(v: View, r: repo.ReportRow, obs: repo.ObservationRow[]): Recognition {
  const item = findCatalogueItem(v.catalogue, { loinc: r.loinc, localCode: r.local_code });
  if (item && item.kind !== 'item') {
    return recognitionOf({ item, status: r.status as ReportStatus, qcPassed: r.qc_passed === 1, effectiveAt: Number(r.effective_at), today: v.today, mark: v.mark });
  }
  return summariseRecognition(obs.map((o) => observationRecognition(v, r, o)), v.mark);
}

function toObservation(v: View, r: repo.ReportRow, o: repo.ObservationRow): ResultObservation {
  const flag = o.flag as ResultFlag | null;
  const range = { low: o.ref_low === null ? null : Number(o.ref_low), high: o.ref_high === null ? null : Number(o.ref_high), text: o.ref_text };
  return {
    id: o.id,
    code: o.code,
    loinc: o.loinc,
    localCode: o.local_code,
    name: o.name,
    value: o.value_text,
    valueNumber: o.value_num === null ? null : Number(o.value_num),
    unit: o.unit,
    referenceLow: range.low,
    referenceHigh: range.high,
    referenceText: formatReferenceRange(range),
    flag,
    flagWord: flag ? RESULT_FLAG_WORDS[flag] : '',
    flagTone: flagTone(flag),
    effectiveAt: Number(o.effective_at),
    recognition: observationRecognition(v, r, o),
  };
}

function toSummary(v: View, r: repo.ReportRow, obs: repo.ObservationRow[]): ResultReportSummary {
  const section = r.section as ResultSection;
  const status = r.status as ReportStatus;
  return {
    id: r.id,
    category: r.category as ResultCategory,
    categoryLabel: RESULT_CATEGORY_LABELS[r.category as ResultCategory],
    section,
    sectionLabel: RESULT_SECTIONS[section].label,
    code: r.code,
    name: r.name,
    status,
    statusLabel: REPORT_STATUS_LABELS[status],
    effectiveAt: Number(r.effective_at),
    effectiveDate: localDate(Number(r.effective_at)),
    issuedAt: Number(r.issued_at),
    performingFacility: facilityRef(v, r.performing_facility_id),
    interpretingFacility: r.interpreting_facility_id ? facilityRef(v, r.interpreting_facility_id) : null,
    enteredByHand: r.source === 'manual',
    corrected: r.version > 1,
    abnormalCount: obs.filter((o) => isAbnormalFlag(o.flag as ResultFlag | null)).length,
    criticalCount: obs.filter((o) => isCriticalFlag(o.flag as ResultFlag | null)).length,
    recognition: reportRecognition(v, r, obs),
  };
}

function toDetail(v: View, r: repo.ReportRow, obs: repo.ObservationRow[]): ResultReportDetail {
  return {
    ...toSummary(v, r, obs),
    observations: obs.map((o) => toObservation(v, r, o)),
    conclusion: r.conclusion,
    conclusionRecognition: r.conclusion
      ? recognitionOf({ item: undefined, isConclusion: true, status: r.status as ReportStatus, qcPassed: true, effectiveAt: Number(r.effective_at), today: v.today, mark: v.mark })
      : null,
    imaging: r.imaging ? (JSON.parse(r.imaging) as ImagingSummary) : null,
    doctorComment: r.release_comment,
    releasedAt: r.released_at === null ? null : Number(r.released_at),
  };
}

const groupObservations = (obs: repo.ObservationRow[]) => {
  const byReport = new Map<string, repo.ObservationRow[]>();
  for (const o of obs) byReport.set(o.report_id, [...(byReport.get(o.report_id) ?? []), o]);
  return (reportId: string) => byReport.get(reportId) ?? [];
};

function dateRange(q: { from?: string; to?: string }) {
  if (q.from && q.to && q.from > q.to) throw badRequest('结束日期不能早于开始日期', 'to');
  return { fromMs: q.from ? toEpochMs(q.from) : undefined, toMs: q.to ? toEpochMs(addDays(q.to, 1)) : undefined };
}

function parseCursor(cursor: string | undefined) {
  if (!cursor) return undefined;
  const m = /^(\d{1,15})\.([0-9A-Z]{26})$/.exec(cursor);
  if (!m) throw badRequest('分页参数无效，请从第一页重新加载', 'cursor');
  return { at: Number(m[1]), id: m[2] };
}

async function listPage(deps: AppDeps, personId: string, q: ResultListQuery, residentView: boolean) {
  const rows = await repo.listReportsOfPerson(deps.database.db, personId, { ...q, ...dateRange(q), before: parseCursor(q.cursor), limit: q.limit + 1 }, residentView);
  const page = rows.slice(0, q.limit);
  const nextCursor = rows.length > q.limit ? `${Number(page.at(-1)!.effective_at)}.${page.at(-1)!.id}` : null;
  return { page, nextCursor };
}

// ---- residents -------------------------------------------------------------------------------

/**
 * Reports sent before this person was added wait for matching: picks them up while reading, and
 * reads again in the rare case something was matched, so the answer includes them.
 */
async function readWithHeldMatched<T>(deps: AppDeps, personId: string, read: () => Promise<T>): Promise<T> {
  const [matched, first] = await Promise.all([matchHeldResults(deps, { personId }), read()]);
  return matched > 0 ? read() : first;
}

/** A family member's results from every member facility, newest first. Held reports stay hidden. */
export async function listResults(deps: AppDeps, actor: ResidentActor, memberId: string, q: ResultListQuery) {
  const member = await requireConsentedMember(deps, actor.accountId, memberId);
  const { page, nextCursor } = await readWithHeldMatched(deps, member.personId, () => listPage(deps, member.personId, q, true));
  const [observations, v] = await Promise.all([repo.observationsOf(deps.database.db, page.map((r) => r.id)), makeView(deps, page)]);
  const obs = groupObservations(observations);
  return { items: page.map((r) => toSummary(v, r, obs(r.id))), nextCursor };
}

const residentVisible = (r: repo.ReportRow) => r.release_state === 'released' && RESIDENT_VISIBLE_STATUSES.includes(r.status as ReportStatus);

/** One report of anyone in the caller's family (the link in a result_released message has only its id). */
export async function getResult(deps: AppDeps, actor: ResidentActor, reportId: string) {
  await requireHealthConsent(deps, actor.accountId);
  const report = await repo.getReport(deps.database.db, reportId);
  const family = await identityRepo.listFamily(deps.database.db, actor.accountId);
  const member = family.find((m) => m.status === 'active' && m.person_id === report?.person_id);
  if (!report || !member || !residentVisible(report)) throw notFound('未找到该报告', 'reportId');
  const v = await makeView(deps, [report]);
  return { ...toDetail(v, report, await repo.observationsOf(deps.database.db, [report.id])), memberId: member.id };
}

const TREND_WINDOW_DAYS = 730;

/** Points of up to four items across all facilities, oldest first, with the band to draw. */
export async function trend(deps: AppDeps, actor: ResidentActor, memberId: string, q: { codes: string; from?: string; to?: string }): Promise<{ series: TrendSeries[] }> {
  const member = await requireConsentedMember(deps, actor.accountId, memberId);
  const today = localDate(deps.clock.now());
  const range = dateRange({ from: q.from ?? addDays(today, -TREND_WINDOW_DAYS), to: q.to ?? today });
  const codes = [...new Set(q.codes.split(','))];
  const [rows, catalogue] = await Promise.all([
    readWithHeldMatched(deps, member.personId, () => repo.trendObservations(deps.database.db, member.personId, codes, range.fromMs!, range.toMs!)),
    cachedCatalogue(deps),
  ]);
  return {
    series: codes.map((code) => {
      const all = rows.filter((r) => r.code === code);
      const latest = all.at(-1);
      // Values in another unit are left out rather than drawn on the wrong scale.
      const points = all.filter((p) => p.unit === latest?.unit);
      return {
        code,
        name: findCatalogueItem(catalogue, { loinc: null, localCode: code })?.name ?? latest?.name ?? code,
        unit: latest?.unit ?? null,
        referenceLow: latest?.ref_low ?? null,
        referenceHigh: latest?.ref_high ?? null,
        excludedPoints: all.length - points.length,
        points: points.map((p) => ({
          at: Number(p.effective_at),
          date: localDate(Number(p.effective_at)),
          value: Number(p.value_num),
          flag: p.flag as ResultFlag | null,
          flagWord: p.flag ? RESULT_FLAG_WORDS[p.flag as ResultFlag] : '',
          referenceLow: p.ref_low,
          referenceHigh: p.ref_high,
          facility: { id: p.performing_facility_id, name: p.facility_name, shortName: p.facility_short_name },
          reportId: p.report_id,
        })),
      };
    }),
  };
}

/** Items with numeric values in the last two years: what the trend page can chart. */
export async function trendItems(deps: AppDeps, actor: ResidentActor, memberId: string) {
  const member = await requireConsentedMember(deps, actor.accountId, memberId);
  const today = localDate(deps.clock.now());
  const rows = await readWithHeldMatched(deps, member.personId, () => repo.trendObservations(deps.database.db, member.personId, [], toEpochMs(addDays(today, -TREND_WINDOW_DAYS)), toEpochMs(addDays(today, 1))));
  const byCode = new Map<string, typeof rows>();
  for (const r of rows) byCode.set(r.code, [...(byCode.get(r.code) ?? []), r]);
  return {
    items: [...byCode.entries()]
      .map(([code, points]) => {
        const latest = points.at(-1)!;
        const flag = latest.flag as ResultFlag | null;
        return {
          code,
          name: latest.name,
          unit: latest.unit,
          count: points.length,
          latestAt: Number(latest.effective_at),
          latestValue: Number(latest.value_num),
          latestFlag: flag,
          latestFlagWord: flag ? RESULT_FLAG_WORDS[flag] : '',
        };
      })
      .sort((a, b) => b.count - a.count || b.latestAt - a.latestAt),
  };
}

export async function catalogue(deps: AppDeps) {
  return { mark: hrMark(deps.config.results.hrPrefix), items: await cachedCatalogue(deps) };
}

// ---- staff -----------------------------------------------------------------------------------

function staffFields(r: repo.ReportRow) {
  return {
    patient: { personId: r.person_id, name: r.patient_name, matched: r.match_status === 'matched' },
    releaseState: r.release_state as 'held' | 'released',
    holdReason: r.hold_reason as HoldReason | null,
    holdReasonLabel: r.hold_reason ? HOLD_REASON_LABELS[r.hold_reason as HoldReason] : null,
    version: r.version,
  };
}

/** A patient's results for staff of a facility the patient is registered at (audited). */
export async function staffListResults(deps: AppDeps, staff: StaffActor, personId: string, q: ResultListQuery, requestId?: string) {
  const { facilityId } = await requirePatientInScope(deps, staff, personId);
  const { page, nextCursor } = await listPage(deps, personId, q, false);
  const obs = groupObservations(await repo.observationsOf(deps.database.db, page.map((r) => r.id)));
  const v = await makeView(deps, page);
  await recordStaffAccess(deps, deps.database.db, { staff, personId, facilityId, action: 'results.view', requestId, detail: '查看检查检验结果列表' });
  return { items: page.map((r) => ({ ...toSummary(v, r, obs(r.id)), ...staffFields(r) })), nextCursor };
}

/**
 * A report is open to staff of the facility that did, read or sent it, and to staff of any
 * facility its (matched) patient is registered at. Anything else is 404.
 */
async function requireReportInScope(deps: AppDeps, staff: StaffActor, reportId: string) {
  const report = await repo.getReport(deps.database.db, reportId);
  if (!report) throw notFound('未找到该报告', 'reportId');
  const own = [report.performing_facility_id, report.interpreting_facility_id, report.submitting_facility_id].find((f) => f && staff.facilityIds.includes(f));
  const registered = report.person_id ? await staffRepo.personAtFacilities(deps.database.db, report.person_id, staff.facilityIds) : undefined;
  if (!own && !registered) throw notFound('未找到该报告', 'reportId');
  return { report, facilityId: registered?.facility_id ?? own! };
}

async function staffDetail(deps: AppDeps, report: repo.ReportRow) {
  const db = deps.database.db;
  const v = await makeView(deps, [report]);
  const versions = await repo.listVersions(db, report.id);
  const releasedBy = report.released_by_staff_id ? await staffRepo.getStaff(db, report.released_by_staff_id) : undefined;
  return {
    ...toDetail(v, report, await repo.observationsOf(db, [report.id])),
    ...staffFields(report),
    source: report.source as 'fhir' | 'hl7v2' | 'manual',
    qcPassed: report.qc_passed === 1,
    releasedBy: releasedBy?.name ?? null,
    history: versions.map((ver) => {
      const snap = JSON.parse(ver.snapshot) as { conclusion: string | null; observations: { code: string; name: string; value: string; unit: string | null; flag: ResultFlag | null }[] };
      return { version: ver.version, status: ver.status as ReportStatus, receivedAt: Number(ver.received_at), supersededAt: ver.superseded_at === null ? null : Number(ver.superseded_at), ...snap };
    }),
  };
}

export async function staffGetResult(deps: AppDeps, staff: StaffActor, reportId: string, requestId?: string) {
  const { report, facilityId } = await requireReportInScope(deps, staff, reportId);
  if (report.person_id) await recordStaffAccess(deps, deps.database.db, { staff, personId: report.person_id, facilityId, action: 'results.view', requestId, detail: report.name });
  return staffDetail(deps, report);
}

/**
 * A patient's results a doctor may reuse instead of repeating the test: recognised and still
 * valid today, whole panels and exams as well as single items.
 */
export async function recognisedResults(deps: AppDeps, staff: StaffActor, personId: string, requestId?: string) {
  const { facilityId } = await requirePatientInScope(deps, staff, personId);
  const db = deps.database.db;
  const cat = await repo.loadCatalogue(db);
  const longest = Math.max(...cat.filter((c) => c.recognised).map((c) => c.validityDays), 1);
  const today = localDate(deps.clock.now());
  const reports = await repo.listReportsOfPerson(db, personId, { fromMs: toEpochMs(addDays(today, -longest - 1)), limit: 500 }, false);
  const obs = groupObservations(await repo.observationsOf(db, reports.map((r) => r.id)));
  const v = await makeView(deps, reports);
  const items = reports.flatMap((r) => {
    const facility = facilityRef(v, r.interpreting_facility_id ?? r.performing_facility_id);
    const whole = findCatalogueItem(v.catalogue, { loinc: r.loinc, localCode: r.local_code });
    const entries = [];
    if (whole && whole.kind !== 'item') {
      entries.push({ reportId: r.id, code: r.code, name: r.name, value: null, unit: null, flag: null, effectiveAt: Number(r.effective_at), facility, recognition: reportRecognition(v, r, obs(r.id)) });
    }
    for (const o of obs(r.id)) {
      entries.push({ reportId: r.id, code: o.code, name: o.name, value: o.value_text, unit: o.unit, flag: o.flag as ResultFlag | null, effectiveAt: Number(o.effective_at), facility, recognition: observationRecognition(v, r, o) });
    }
    return entries.filter((e) => e.recognition.recognised);
  });
  await recordStaffAccess(deps, db, { staff, personId, facilityId, action: 'results.view', requestId, detail: '查看互认有效的检查检验结果' });
  return { mark: v.mark, items };
}

/** Held reports done or read at the caller's facilities. Names are masked: opening one is audited. */
export async function releaseQueue(deps: AppDeps, staff: StaffActor) {
  const rows = await repo.releaseQueue(deps.database.db, staff.facilityIds);
  const obs = groupObservations(await repo.observationsOf(deps.database.db, rows.map((r) => r.id)));
  const v = await makeView(deps, rows);
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      category: r.category as ResultCategory,
      section: r.section as ResultSection,
      effectiveAt: Number(r.effective_at),
      receivedAt: Number(r.received_at),
      performingFacility: facilityRef(v, r.performing_facility_id),
      interpretingFacility: r.interpreting_facility_id ? facilityRef(v, r.interpreting_facility_id) : null,
      patientName: maskName(r.patient_name),
      matched: r.match_status === 'matched',
      holdReason: r.hold_reason as HoldReason,
      holdReasonLabel: HOLD_REASON_LABELS[r.hold_reason as HoldReason],
      criticalItems: obs(r.id)
        .filter((o) => isCriticalFlag(o.flag as ResultFlag | null))
        .map((o) => ({ name: o.name, flag: o.flag as ResultFlag, flagWord: RESULT_FLAG_WORDS[o.flag as ResultFlag] })),
      version: r.version,
    })),
  };
}

/**
 * A doctor of the performing or interpreting facility releases a held report with a comment
 * for the patient; the family is told in the same transaction.
 */
export async function releaseResult(deps: AppDeps, staff: StaffActor, reportId: string, body: { comment: string; version: number }, requestId?: string) {
  const db = deps.database.db;
  const report = await repo.getReport(db, reportId);
  const ownFacility = report && [report.performing_facility_id, report.interpreting_facility_id].find((f) => f && staff.facilityIds.includes(f));
  if (!report || !ownFacility) throw notFound('未找到该报告', 'reportId');
  await db.transaction().execute(async (tx) => {
    if (!(await repo.releaseReport(tx, reportId, body.version, staff.staffId, body.comment, deps.clock.now()))) {
      const current = (await repo.getReport(tx, reportId))!;
      if (current.version !== body.version) throw conflict(`该报告已有新版本（第${current.version}版），请重新查看后再发布`, 'version');
      throw conflict('该报告已发布，无需重复发布', 'reportId');
    }
    if (report.person_id) {
      await recordStaffAccess(deps, tx, { staff, personId: report.person_id, facilityId: ownFacility, action: 'results.release', requestId, detail: report.name });
    }
    await notifyReleased(deps, tx, reportId);
  });
  return staffDetail(deps, (await repo.getReport(db, reportId))!);
}

/** Reports waiting for patient matching that the caller's facilities did or sent. */
export async function unmatchedResults(deps: AppDeps, staff: StaffActor) {
  const rows = await repo.unmatchedAt(deps.database.db, staff.facilityIds);
  const facilities = await repo.facilitiesByIds(deps.database.db, rows.map((r) => r.performing_facility_id));
  return {
    items: rows.map((r) => {
      const f = facilities.get(r.performing_facility_id)!;
      const reason = r.existing_person_id ? ('name_mismatch' as const) : ('no_person' as const);
      return {
        id: r.id,
        name: r.name,
        effectiveAt: Number(r.effective_at),
        receivedAt: Number(r.received_at),
        performingFacility: { id: f.id, name: f.name, shortName: f.short_name },
        patientName: maskName(r.patient_name),
        idNumber: maskResidentId(deps.crypto.decrypt(r.patient_id_enc)),
        reason,
        reasonLabel: reason === 'name_mismatch' ? '姓名与身份证号登记的姓名不一致，请核对后由机构重新发送' : '该居民尚未在医共通建档，添加为就诊人后自动匹配',
      };
    }),
  };
}

/**
 * Values measured at a village clinic or township centre without a lab system, entered in the
 * console. They become the same reports (marked as entered by hand): measurements in one, fingerstick
 * glucose in another, because one is an exam and the other a lab test.
 */
export async function enterManualResults(deps: AppDeps, staff: StaffActor, body: ManualResultEntry, requestId?: string) {
  const db = deps.database.db;
  if (!staff.facilityIds.includes(body.facilityId)) throw notFound('未找到该机构', 'facilityId');
  const facility = (await repo.facilitiesByIds(db, [body.facilityId])).get(body.facilityId)!;
  if (facility.level !== 'village' && facility.level !== 'township') throw badRequest('手工录入仅用于村卫生室和乡镇卫生院；县级医院请通过检验/检查系统上传结果', 'facilityId');
  await requirePatientInScope(deps, staff, body.personId);
  const now = deps.clock.now();
  const effectiveAt = body.effectiveAt ?? now;
  if (effectiveAt > now + 5 * 60_000) throw badRequest('测量时间不能晚于当前时间', 'effectiveAt');
  body.items.forEach((it, i) => {
    const def = MANUAL_ITEMS[it.code];
    if (it.value < def.min || it.value > def.max) throw badRequest(`${def.name}应在 ${def.min}-${def.max} ${def.unit} 之间，请核对`, `items.${i}.value`);
  });
  const sbp = body.items.find((i) => i.code === 'systolic');
  const dbp = body.items.find((i) => i.code === 'diastolic');
  if (Boolean(sbp) !== Boolean(dbp)) throw badRequest('血压需同时录入收缩压和舒张压', 'items');
  if (sbp && dbp && sbp.value <= dbp.value) throw badRequest('收缩压应高于舒张压，请核对', 'items');

  const vitals = body.items.filter((i) => MANUAL_ITEMS[i.code].section === 'vitals');
  const onlyBloodPressure = vitals.every((i) => i.code === 'systolic' || i.code === 'diastolic');
  const groups: { section: ResultSection; localCode: string; name: string; items: ManualResultEntry['items'] }[] = [
    { section: 'vitals', localCode: 'YX-VITALS', name: onlyBloodPressure ? '血压测量' : '体格测量', items: vitals },
    { section: 'chemistry', localCode: 'YX-POCT-GLU', name: '快速血糖（指尖血）', items: body.items.filter((i) => MANUAL_ITEMS[i.code].section !== 'vitals') },
  ];
  const reports: IncomingReport[] = groups
    .filter((g) => g.items.length)
    .map((g) => ({
      identifier: `manual:${newId(now)}`,
      source: 'manual',
      patient: { kind: 'person', personId: body.personId },
      section: g.section,
      loinc: null,
      localCode: g.localCode,
      localSystem: null,
      name: g.name,
      performingFacilityId: body.facilityId,
      interpretingFacilityId: null,
      status: 'final',
      effectiveAt,
      issuedAt: now,
      conclusion: null,
      // No quality-control chain behind a hand-entered value.
      qcPassed: false,
      imaging: null,
      enteredByStaffId: staff.staffId,
      location: 'items',
      observations: g.items.map((it) => {
        const def = MANUAL_ITEMS[it.code];
        return {
          loinc: def.loinc,
          localCode: def.localCode,
          localSystem: null,
          name: def.name,
          valueText: String(it.value),
          valueNum: it.value,
          unit: def.unit,
          refLow: def.low,
          refHigh: def.high,
          refText: null,
          // The console is the sender here: it flags against the item's own range and critical limits.
          flag: deriveFlag({ value: it.value, range: { low: def.low, high: def.high, text: null }, criticalLow: def.criticalLow, criticalHigh: def.criticalHigh, senderFlag: null }),
          effectiveAt,
        };
      }),
    }));
  const stored = await storeReports(deps, body.facilityId, reports, {
    notify: true,
    inTransaction: (tx) => recordStaffAccess(deps, tx, { staff, personId: body.personId, facilityId: body.facilityId, action: 'results.enter', requestId, detail: reports.map((r) => r.name).join('、') }),
  });
  return { items: await Promise.all(stored.map(async (s) => staffDetail(deps, (await repo.getReport(db, s.reportId))!))) };
}

export async function updateCatalogueItem(deps: AppDeps, code: string, patch: { recognised?: boolean; validityDays?: number; holdForReview?: boolean }) {
  const ok = await repo.updateCatalogueItem(
    deps.database.db,
    code,
    {
      ...(patch.recognised !== undefined ? { recognised: patch.recognised ? 1 : 0 } : {}),
      ...(patch.validityDays !== undefined ? { validity_days: patch.validityDays } : {}),
      ...(patch.holdForReview !== undefined ? { hold_for_review: patch.holdForReview ? 1 : 0 } : {}),
    },
    deps.clock.now(),
  );
  if (!ok) throw notFound('互认目录中没有该项目', 'code');
  referenceData.delete(deps.database.db);
  return (await cachedCatalogue(deps)).find((c) => c.code === code)!;
}
