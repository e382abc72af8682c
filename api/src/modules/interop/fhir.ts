import {
  type ImagingSummary,
  parseReferenceRange,
  parseResidentId,
  parseResultFlag,
  type ReportStatus,
  ReportStatusSchema,
  RESULT_SECTIONS,
  type ResultFlag,
  type ResultSection,
  sectionFromV2,
} from '@ygt/shared';
import { z } from 'zod';
import type { Db } from '../../db';
import { AppError, badRequest } from '../../http/errors';
import * as identityRepo from '../identity/repo';
import type { IncomingObservation, IncomingReport } from '../results/ingest';
import * as resultsRepo from '../results/repo';
import { parseFhirDateTime } from './dates';

/** Patient.identifier system of the China resident ID number (居民身份证号码). */
export const RESIDENT_ID_SYSTEM = 'urn:oid:2.16.156.10011.1.1';
/** Organization.identifier system of our facility codes (e.g. YX-T01). */
export const FACILITY_CODE_SYSTEM = 'urn:ygt:facility-code';
/** DiagnosticReport extension (valueBoolean): the sender's quality control passed. Default true. */
export const QC_EXTENSION_URL = 'urn:ygt:fhir:StructureDefinition/qc-passed';
export const LOINC_SYSTEM = 'http://loinc.org';
export const V2_0074_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0074';
const INTERPRETATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
const OBSERVATION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

// ---- the FHIR R4 subset we read (unknown elements are ignored) ----------------------------------

const Coding = z.object({ system: z.string().optional(), code: z.string().optional(), display: z.string().optional() });
const CodeableConcept = z.object({ coding: z.array(Coding).optional(), text: z.string().optional() });
const Identifier = z.object({ system: z.string().optional(), value: z.string().optional() });
const Reference = z.object({ reference: z.string().optional(), identifier: Identifier.optional(), display: z.string().optional() });
const Quantity = z.object({ value: z.number().optional(), unit: z.string().optional(), code: z.string().optional() });
const ReferenceRange = z.object({ low: Quantity.optional(), high: Quantity.optional(), text: z.string().optional() });
const HumanName = z.object({ text: z.string().optional(), family: z.string().optional(), given: z.array(z.string()).optional() });
const ValueX = {
  valueQuantity: Quantity.optional(),
  valueString: z.string().optional(),
  valueCodeableConcept: CodeableConcept.optional(),
  valueInteger: z.number().int().optional(),
  valueBoolean: z.boolean().optional(),
  interpretation: z.array(CodeableConcept).optional(),
  referenceRange: z.array(ReferenceRange).optional(),
};

const PatientSchema = z.object({ resourceType: z.literal('Patient'), id: z.string().optional(), identifier: z.array(Identifier).optional(), name: z.array(HumanName).optional() });
const OrganizationSchema = z.object({ resourceType: z.literal('Organization'), id: z.string().optional(), identifier: z.array(Identifier).optional(), name: z.string().optional() });
const ObservationSchema = z.object({
  resourceType: z.literal('Observation'),
  id: z.string().optional(),
  status: z.string().optional(),
  code: CodeableConcept,
  subject: Reference.optional(),
  effectiveDateTime: z.string().optional(),
  ...ValueX,
  component: z.array(z.object({ code: CodeableConcept, ...ValueX })).optional(),
});
const DiagnosticReportSchema = z.object({
  resourceType: z.literal('DiagnosticReport'),
  id: z.string().optional(),
  identifier: z.array(Identifier).optional(),
  status: z.string(),
  category: z.array(CodeableConcept).optional(),
  code: CodeableConcept,
  subject: Reference.optional(),
  effectiveDateTime: z.string().optional(),
  effectivePeriod: z.object({ start: z.string().optional() }).optional(),
  issued: z.string().optional(),
  performer: z.array(Reference).optional(),
  resultsInterpreter: z.array(Reference).optional(),
  result: z.array(Reference).optional(),
  imagingStudy: z.array(Reference).optional(),
  conclusion: z.string().optional(),
  extension: z.array(z.object({ url: z.string(), valueBoolean: z.boolean().optional() })).optional(),
});
const ImagingStudySchema = z.object({
  resourceType: z.literal('ImagingStudy'),
  id: z.string().optional(),
  identifier: z.array(Identifier).optional(),
  modality: z.array(Coding).optional(),
  description: z.string().optional(),
  numberOfSeries: z.number().int().optional(),
  numberOfInstances: z.number().int().optional(),
});
const BundleSchema = z.object({
  resourceType: z.literal('Bundle'),
  type: z.string(),
  entry: z
    .array(
      z.object({
        fullUrl: z.string().optional(),
        resource: z.looseObject({ resourceType: z.string() }),
        request: z.object({ method: z.string(), url: z.string().optional() }).optional(),
      }),
    )
    .min(1)
    .max(500),
});

const SUPPORTED = { Patient: PatientSchema, Organization: OrganizationSchema, Observation: ObservationSchema, DiagnosticReport: DiagnosticReportSchema, ImagingStudy: ImagingStudySchema };
type Supported = keyof typeof SUPPORTED;

/** FHIRPath of a zod issue: Bundle.entry[2].resource.code.coding[0] */
function fhirPath(base: string, path: PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${String(p)}`), base);
}

function parseAt<T extends z.ZodType>(schema: T, value: unknown, base: string): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = fhirPath(base, issue.path);
  throw badRequest(`${field} 不符合 FHIR R4：${issue.message}`, field);
}

// ---- reading a transaction Bundle ---------------------------------------------------------------

export interface ParsedEntry {
  index: number;
  resourceType: Supported;
  /** The report an entry belongs to (for a Patient: the first report about them). */
  reportIndex?: number;
  /** For an Observation: the position of its first value among the report's values. */
  observationIndex?: number;
}

export interface ParsedBundle {
  reports: IncomingReport[];
  entries: ParsedEntry[];
}

const codingOf = (cc: z.infer<typeof CodeableConcept>) => {
  const codings = cc.coding ?? [];
  const loinc = codings.find((c) => c.system === LOINC_SYSTEM && c.code);
  const local = codings.find((c) => c.system !== LOINC_SYSTEM && c.code);
  return {
    loinc: loinc?.code ?? null,
    localCode: local?.code ?? loinc?.code ?? null,
    localSystem: local?.system ?? null,
    name: cc.text ?? local?.display ?? loinc?.display ?? local?.code ?? loinc?.code ?? null,
  };
};

/** Chinese names run family then given with no space; others given first. */
export function joinName(family: string | undefined, given: string[] | undefined): string {
  const parts = [family ?? '', ...(given ?? [])].filter(Boolean);
  if (parts.every((p) => /^[\u4e00-\u9fa5·]+$/.test(p))) return parts.join('');
  return [...(given ?? []), family ?? ''].filter(Boolean).join(' ');
}

/**
 * Reads a transaction Bundle into reports. Every report needs an identifier (idempotency), a
 * patient with a resident ID, a performing facility, a section (v2-0074 category) and a code;
 * Observations must be results of a report in the same Bundle. Nothing is stored here.
 */
export async function readTransactionBundle(db: Db, body: unknown, submitterFacilityId: string): Promise<ParsedBundle> {
  const bundle = parseAt(BundleSchema, body, 'Bundle');
  if (bundle.type !== 'transaction') throw badRequest('仅接受 transaction 类型的 Bundle', 'Bundle.type');

  const entries = bundle.entry.map((e, index) => {
    const base = `Bundle.entry[${index}].resource`;
    if (!(e.resource.resourceType in SUPPORTED)) {
      throw badRequest(`不支持的资源类型 ${e.resource.resourceType}（可提交 Patient、Organization、DiagnosticReport、Observation、ImagingStudy）`, `${base}.resourceType`);
    }
    if (e.request && !['POST', 'PUT'].includes(e.request.method.toUpperCase())) throw badRequest('事务中只接受 POST 或 PUT', `Bundle.entry[${index}].request.method`);
    const resourceType = e.resource.resourceType as Supported;
    return { index, entry: e, base, resourceType, resource: parseAt(SUPPORTED[resourceType], e.resource, base) };
  });
  type Item = (typeof entries)[number];

  // Within a Bundle, references point at an entry's fullUrl or at Type/id of its resource.
  const resolveInBundle = (ref: string | undefined): Item | undefined =>
    ref === undefined
      ? undefined
      : entries.find((x) => x.entry.fullUrl === ref || (x.resource.id !== undefined && `${x.resourceType}/${x.resource.id}` === ref));

  const facilityFor = async (ref: z.infer<typeof Reference>, field: string): Promise<string | null> => {
    const target = resolveInBundle(ref.reference);
    if (target) {
      if (target.resourceType !== 'Organization') return null;
      const org = target.resource as z.infer<typeof OrganizationSchema>;
      const code = org.identifier?.find((i) => i.system === FACILITY_CODE_SYSTEM)?.value;
      if (!code) throw badRequest(`机构需带 ${FACILITY_CODE_SYSTEM} 机构代码标识`, `${target.base}.identifier`);
      const facility = await resultsRepo.facilityByCode(db, code);
      if (!facility) throw badRequest(`医共体内没有机构代码 ${code}`, `${target.base}.identifier`);
      return facility.id;
    }
    if (ref.identifier?.system === FACILITY_CODE_SYSTEM && ref.identifier.value) {
      const facility = await resultsRepo.facilityByCode(db, ref.identifier.value);
      if (!facility) throw badRequest(`医共体内没有机构代码 ${ref.identifier.value}`, `${field}.identifier`);
      return facility.id;
    }
    const m = /^Organization\/([\w-]{1,40})$/.exec(ref.reference ?? '');
    if (!m) return null;
    const facility = (await resultsRepo.facilitiesByIds(db, [m[1]])).get(m[1]) ?? (await resultsRepo.facilityByCode(db, m[1]));
    if (!facility) throw badRequest(`医共体内没有机构 ${m[1]}`, `${field}.reference`);
    return facility.id;
  };

  const patientFor = async (ref: z.infer<typeof Reference> | undefined, field: string): Promise<{ patient: IncomingReport['patient']; entryIndex?: number }> => {
    if (!ref) throw badRequest('报告缺少患者（subject）', field);
    const target = resolveInBundle(ref.reference);
    if (target?.resourceType === 'Patient') {
      const p = target.resource as z.infer<typeof PatientSchema>;
      const idIndex = (p.identifier ?? []).findIndex((i) => i.system === RESIDENT_ID_SYSTEM);
      if (idIndex < 0) throw badRequest(`患者需带居民身份证号标识（system ${RESIDENT_ID_SYSTEM}）`, `${target.base}.identifier`);
      const parsed = parseResidentId(p.identifier![idIndex].value ?? '');
      if (!parsed.valid) throw badRequest(`居民身份证号不正确：${parsed.reason}`, `${target.base}.identifier[${idIndex}].value`);
      const name = p.name?.[0];
      const fullName = name?.text ?? joinName(name?.family, name?.given);
      if (!fullName) throw badRequest('患者缺少姓名', `${target.base}.name`);
      return { patient: { kind: 'resident_id', idNumber: parsed.id, name: fullName }, entryIndex: target.index };
    }
    const m = /^Patient\/([0-9A-Z]{26})$/.exec(ref.reference ?? '');
    if (m && (await identityRepo.getPerson(db, m[1]))) return { patient: { kind: 'person', personId: m[1] } };
    throw badRequest('患者引用无法解析：请在 Bundle 中提供 Patient（带身份证号）或引用已有的 Patient/<id>', `${field}.reference`);
  };

  const reports: IncomingReport[] = [];
  const parsedEntries: ParsedEntry[] = entries.map((e) => ({ index: e.index, resourceType: e.resourceType }));
  for (const item of entries.filter((e) => e.resourceType === 'DiagnosticReport')) {
    const dr = item.resource as z.infer<typeof DiagnosticReportSchema>;
    const at = (p: string) => `${item.base}.${p}`;
    const identifier = dr.identifier?.find((i) => i.value?.trim())?.value?.trim();
    if (!identifier) throw badRequest('报告缺少标识（identifier），重发时据此去重', at('identifier'));
    if (identifier.length > 100) throw badRequest('报告标识过长（不超过100字符）', at('identifier'));
    const status = ReportStatusSchema.safeParse(dr.status);
    if (!status.success) throw badRequest(`报告状态 ${dr.status} 不是 FHIR DiagnosticReport.status 的取值`, at('status'));
    const section = sectionOf(dr.category);
    if (!section) throw badRequest(`报告类别需使用 ${V2_0074_SYSTEM} 编码（如 HM 血液、CH 生化、EC 心电、RAD 放射、RUS 超声）`, at('category'));
    const code = codingOf(dr.code);
    if (!code.localCode || !code.name) throw badRequest('报告缺少项目编码', at('code'));
    const effectiveRaw = dr.effectiveDateTime ?? dr.effectivePeriod?.start;
    if (!effectiveRaw) throw badRequest('报告缺少检查/采样时间（effectiveDateTime）', at('effectiveDateTime'));
    const effectiveAt = parseFhirDateTime(effectiveRaw, at(dr.effectiveDateTime ? 'effectiveDateTime' : 'effectivePeriod.start')).start;
    const issuedAt = dr.issued ? parseFhirDateTime(dr.issued, at('issued')).start : effectiveAt;

    let performingFacilityId: string | null = null;
    for (const [i, ref] of (dr.performer ?? []).entries()) performingFacilityId ??= await facilityFor(ref, at(`performer[${i}]`));
    if (!performingFacilityId) throw badRequest('报告需注明执行机构（performer 指向带机构代码的 Organization）', at('performer'));
    let interpretingFacilityId: string | null = null;
    for (const [i, ref] of (dr.resultsInterpreter ?? []).entries()) interpretingFacilityId ??= await facilityFor(ref, at(`resultsInterpreter[${i}]`));
    if (submitterFacilityId !== performingFacilityId && submitterFacilityId !== interpretingFacilityId) {
      throw new AppError('FORBIDDEN', '只能提交本机构执行或诊断的报告：performer 或 resultsInterpreter 须为本机构', at('performer'));
    }

    const { patient, entryIndex: patientEntry } = await patientFor(dr.subject, at('subject'));
    const reportIndex = reports.length;
    parsedEntries[item.index].reportIndex = reportIndex;
    if (patientEntry !== undefined) parsedEntries[patientEntry].reportIndex ??= reportIndex;

    const observations: IncomingObservation[] = [];
    for (const [i, ref] of (dr.result ?? []).entries()) {
      const target = resolveInBundle(ref.reference);
      if (target?.resourceType !== 'Observation') throw badRequest('结果需引用同一 Bundle 中的 Observation', at(`result[${i}].reference`));
      const obs = target.resource as z.infer<typeof ObservationSchema>;
      if (obs.subject?.reference && dr.subject?.reference && obs.subject.reference !== dr.subject.reference) {
        throw badRequest('Observation 的患者与报告的患者不一致', `${target.base}.subject`);
      }
      parsedEntries[target.index].reportIndex = reportIndex;
      parsedEntries[target.index].observationIndex = observations.length;
      observations.push(...readObservation(obs, target.base, effectiveAt));
    }
    if (RESULT_SECTIONS[section].category === 'lab' && !observations.length) throw badRequest('检验报告至少包含一项结果（result）', at('result'));

    const imagingRef = dr.imagingStudy?.[0];
    const imagingTarget = imagingRef ? resolveInBundle(imagingRef.reference) : undefined;
    if (imagingRef && imagingTarget?.resourceType !== 'ImagingStudy') throw badRequest('影像检查需引用同一 Bundle 中的 ImagingStudy', at('imagingStudy[0].reference'));
    if (imagingTarget) parsedEntries[imagingTarget.index].reportIndex = reportIndex;

    reports.push({
      identifier,
      source: 'fhir',
      patient,
      section,
      loinc: code.loinc,
      localCode: code.localCode,
      localSystem: code.localSystem,
      name: code.name,
      performingFacilityId,
      interpretingFacilityId: interpretingFacilityId === performingFacilityId ? null : interpretingFacilityId,
      status: status.data as ReportStatus,
      effectiveAt,
      issuedAt,
      conclusion: dr.conclusion?.trim() || null,
      qcPassed: dr.extension?.find((x) => x.url === QC_EXTENSION_URL)?.valueBoolean ?? true,
      imaging: imagingTarget ? imagingSummary(imagingTarget.resource as z.infer<typeof ImagingStudySchema>) : null,
      enteredByStaffId: null,
      observations,
      location: item.base,
    });
  }
  if (!reports.length) throw badRequest('Bundle 中没有 DiagnosticReport', 'Bundle.entry');
  const orphan = parsedEntries.find((e) => (e.resourceType === 'Observation' || e.resourceType === 'ImagingStudy') && e.reportIndex === undefined);
  if (orphan) throw badRequest('Observation/ImagingStudy 需被同一 Bundle 中的 DiagnosticReport 引用', `Bundle.entry[${orphan.index}].resource`);
  return { reports, entries: parsedEntries };
}

function sectionOf(category: z.infer<typeof CodeableConcept>[] | undefined): ResultSection | null {
  for (const cc of category ?? []) {
    for (const c of cc.coding ?? []) {
      if ((c.system === V2_0074_SYSTEM || c.system === undefined) && sectionFromV2(c.code)) return sectionFromV2(c.code);
    }
  }
  return null;
}

type ValueBearing = { [K in keyof typeof ValueX]?: z.infer<(typeof ValueX)[K]> };

/** One FHIR Observation gives one value, plus one per component (blood pressure: systolic, diastolic). */
function readObservation(obs: z.infer<typeof ObservationSchema>, base: string, reportEffectiveAt: number): IncomingObservation[] {
  const effectiveAt = obs.effectiveDateTime ? parseFhirDateTime(obs.effectiveDateTime, `${base}.effectiveDateTime`).start : reportEffectiveAt;
  const read = (code: z.infer<typeof CodeableConcept>, v: ValueBearing, at: string): IncomingObservation | null => {
    const c = codingOf(code);
    if (!c.localCode || !c.name) throw badRequest('结果缺少项目编码', `${at}.code`);
    let valueText: string | null = null;
    let valueNum: number | null = null;
    let unit: string | null = null;
    if (v.valueQuantity?.value !== undefined) {
      valueNum = v.valueQuantity.value;
      valueText = String(valueNum);
      unit = v.valueQuantity.unit ?? v.valueQuantity.code ?? null;
    } else if (v.valueInteger !== undefined) {
      valueNum = v.valueInteger;
      valueText = String(valueNum);
    } else if (v.valueString !== undefined) valueText = v.valueString;
    else if (v.valueCodeableConcept) valueText = v.valueCodeableConcept.text ?? v.valueCodeableConcept.coding?.[0]?.display ?? v.valueCodeableConcept.coding?.[0]?.code ?? null;
    else if (v.valueBoolean !== undefined) valueText = v.valueBoolean ? '是' : '否';
    if (valueText === null) return null;
    const rr = v.referenceRange?.[0];
    const parsedText = parseReferenceRange(rr?.text);
    const interpretation = v.interpretation?.[0]?.coding?.find((x) => x.system === INTERPRETATION_SYSTEM || x.system === undefined)?.code;
    const flag = parseResultFlag(interpretation);
    if (interpretation && !flag) throw badRequest(`异常标志 ${interpretation} 不可识别（可用 N、H、L、A、HH、LL、AA）`, `${at}.interpretation`);
    return {
      loinc: c.loinc,
      localCode: c.localCode,
      localSystem: c.localSystem,
      name: c.name,
      valueText,
      valueNum,
      unit,
      refLow: rr?.low?.value ?? parsedText.low,
      refHigh: rr?.high?.value ?? parsedText.high,
      refText: rr?.text ?? null,
      flag: flag as ResultFlag | null,
      effectiveAt,
    };
  };
  const values = [read(obs.code, obs, base), ...(obs.component ?? []).map((comp, i) => read(comp.code, comp, `${base}.component[${i}]`))].filter(
    (x): x is IncomingObservation => x !== null,
  );
  if (!values.length) throw badRequest('结果缺少数值（value[x] 或 component）', `${base}.value[x]`);
  return values;
}

function imagingSummary(s: z.infer<typeof ImagingStudySchema>): ImagingSummary {
  return {
    uid: s.identifier?.find((i) => i.value)?.value ?? null,
    modality: s.modality?.[0]?.code ?? null,
    description: s.description ?? null,
    numberOfSeries: s.numberOfSeries ?? null,
    numberOfInstances: s.numberOfInstances ?? null,
  };
}

// ---- writing resources ----------------------------------------------------------------------

export interface FacilityInfo {
  id: string;
  code: string;
  name: string;
}

const iso = (ms: number) => new Date(ms).toISOString();
const observationCategory = (section: ResultSection) =>
  section === 'vitals' ? 'vital-signs' : RESULT_SECTIONS[section].category === 'lab' ? 'laboratory' : section === 'ecg' ? 'procedure' : 'imaging';

function subjectOf(r: resultsRepo.ReportRow, idNumber: () => string) {
  return r.person_id ? { reference: `Patient/${r.person_id}`, display: r.patient_name } : { identifier: { system: RESIDENT_ID_SYSTEM, value: idNumber() }, display: r.patient_name };
}

function codeOf(x: { loinc: string | null; local_code: string; local_system: string | null; name: string }) {
  const coding = [];
  if (x.loinc) coding.push({ system: LOINC_SYSTEM, code: x.loinc });
  if (x.local_code !== x.loinc || !x.loinc) coding.push({ ...(x.local_system ? { system: x.local_system } : {}), code: x.local_code, display: x.name });
  return { coding, text: x.name };
}

/** Observation.status has no partial/appended: the nearest of its own values. */
const OBSERVATION_STATUS: Record<ReportStatus, string> = {
  registered: 'registered',
  partial: 'preliminary',
  preliminary: 'preliminary',
  final: 'final',
  amended: 'amended',
  corrected: 'corrected',
  appended: 'amended',
  cancelled: 'cancelled',
  'entered-in-error': 'entered-in-error',
};

const orgRef = (f: FacilityInfo) => ({ reference: `Organization/${f.id}`, identifier: { system: FACILITY_CODE_SYSTEM, value: f.code }, display: f.name });

export function toFhirObservation(r: resultsRepo.ReportRow, o: resultsRepo.ObservationRow, facilities: Map<string, FacilityInfo>, idNumber: () => string) {
  const section = r.section as ResultSection;
  const flag = o.flag as ResultFlag | null;
  return {
    resourceType: 'Observation',
    id: o.id,
    meta: { lastUpdated: iso(Number(r.updated_at)) },
    status: OBSERVATION_STATUS[r.status as ReportStatus],
    category: [{ coding: [{ system: OBSERVATION_CATEGORY_SYSTEM, code: observationCategory(section) }] }],
    code: codeOf(o),
    subject: subjectOf(r, idNumber),
    effectiveDateTime: iso(Number(o.effective_at)),
    issued: iso(Number(r.issued_at)),
    performer: [orgRef(facilities.get(r.performing_facility_id)!)],
    ...(o.value_num !== null ? { valueQuantity: { value: Number(o.value_num), ...(o.unit ? { unit: o.unit } : {}) } } : { valueString: o.value_text }),
    ...(flag ? { interpretation: [{ coding: [{ system: INTERPRETATION_SYSTEM, code: flag }] }] } : {}),
    ...(o.ref_low !== null || o.ref_high !== null || o.ref_text
      ? {
          referenceRange: [
            {
              ...(o.ref_low !== null ? { low: { value: Number(o.ref_low), ...(o.unit ? { unit: o.unit } : {}) } } : {}),
              ...(o.ref_high !== null ? { high: { value: Number(o.ref_high), ...(o.unit ? { unit: o.unit } : {}) } } : {}),
              ...(o.ref_text ? { text: o.ref_text } : {}),
            },
          ],
        }
      : {}),
  };
}

export function toFhirDiagnosticReport(
  r: resultsRepo.ReportRow,
  observations: resultsRepo.ObservationRow[],
  facilities: Map<string, FacilityInfo>,
  idNumber: () => string,
) {
  const section = r.section as ResultSection;
  const imaging = r.imaging ? (JSON.parse(r.imaging) as ImagingSummary) : null;
  const submitter = facilities.get(r.submitting_facility_id)!;
  return {
    resourceType: 'DiagnosticReport',
    id: r.id,
    meta: { versionId: String(r.version), lastUpdated: iso(Number(r.updated_at)) },
    ...(imaging
      ? {
          contained: [
            {
              resourceType: 'ImagingStudy',
              id: 'imaging',
              status: 'available',
              subject: subjectOf(r, idNumber),
              ...(imaging.uid ? { identifier: [{ system: 'urn:dicom:uid', value: imaging.uid }] } : {}),
              ...(imaging.modality ? { modality: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: imaging.modality }] } : {}),
              ...(imaging.description ? { description: imaging.description } : {}),
              ...(imaging.numberOfSeries !== null ? { numberOfSeries: imaging.numberOfSeries } : {}),
              ...(imaging.numberOfInstances !== null ? { numberOfInstances: imaging.numberOfInstances } : {}),
            },
          ],
        }
      : {}),
    extension: [{ url: QC_EXTENSION_URL, valueBoolean: r.qc_passed === 1 }],
    identifier: [{ system: `urn:ygt:report-id:${submitter.code}`, value: r.identifier }],
    status: r.status,
    category: [{ coding: [{ system: V2_0074_SYSTEM, code: RESULT_SECTIONS[section].v2, display: RESULT_SECTIONS[section].label }] }],
    code: codeOf(r),
    subject: subjectOf(r, idNumber),
    effectiveDateTime: iso(Number(r.effective_at)),
    issued: iso(Number(r.issued_at)),
    performer: [orgRef(facilities.get(r.performing_facility_id)!)],
    ...(r.interpreting_facility_id ? { resultsInterpreter: [orgRef(facilities.get(r.interpreting_facility_id)!)] } : {}),
    result: observations.map((o) => ({ reference: `Observation/${o.id}`, display: o.name })),
    ...(imaging ? { imagingStudy: [{ reference: '#imaging' }] } : {}),
    ...(r.conclusion ? { conclusion: r.conclusion } : {}),
  };
}

export function capabilityStatement(version: string, now: number, baseUrl: string) {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: iso(now),
    publisher: '医共通',
    kind: 'instance',
    software: { name: '医共通 Yigongtong', version },
    implementation: { description: '县域医共体检查检验结果共享（FHIR R4）', url: `${baseUrl}/fhir/R4` },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation: `Patients are identified by Patient.identifier system ${RESIDENT_ID_SYSTEM} (China resident ID); organizations by ${FACILITY_CODE_SYSTEM}.`,
        security: {
          cors: false,
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth' }] }],
          description: 'OAuth2 client_credentials: POST /oauth2/token, then Authorization: Bearer <token>. Each facility system submits only its own results.',
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [{ url: 'token', valueUri: `${baseUrl}/oauth2/token` }],
            },
          ],
        },
        resource: [
          {
            type: 'DiagnosticReport',
            interaction: [{ code: 'search-type' }],
            searchInclude: ['DiagnosticReport:result'],
            searchParam: [
              { name: 'patient', type: 'reference', documentation: `Patient/<id>, or patient:identifier=${RESIDENT_ID_SYSTEM}|<ID number>` },
              { name: 'category', type: 'token', documentation: `${V2_0074_SYSTEM} codes; LAB means every lab section` },
              { name: 'date', type: 'date' },
            ],
          },
          {
            type: 'Observation',
            interaction: [{ code: 'search-type' }],
            searchParam: [
              { name: 'patient', type: 'reference' },
              { name: 'code', type: 'token', documentation: 'LOINC or local code, optionally system|code' },
              { name: 'date', type: 'date' },
            ],
          },
          { type: 'Patient', documentation: 'Accepted inside a transaction Bundle' },
          { type: 'Organization', documentation: 'Accepted inside a transaction Bundle' },
          { type: 'ImagingStudy', documentation: 'Accepted inside a transaction Bundle, referenced by DiagnosticReport.imagingStudy' },
        ],
        interaction: [{ code: 'transaction' }],
      },
    ],
  };
}
