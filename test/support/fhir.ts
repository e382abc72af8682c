import { randomBytes } from 'node:crypto';
import type { TestApp } from './harness';

/**
 * Helpers for tests and browser journeys that play a member facility's system: get an OAuth2
 * token, build a FHIR transaction Bundle (a CBC panel, an ECG read by another facility) or an
 * HL7 v2 ORU^R01, and post them. Demo clients: see DEMO_INTEROP_CLIENTS in
 * api/src/modules/interop/seed.ts (e.g. yx-rmyy / demo-interop-yx-rmyy).
 */
export const RESIDENT_ID_SYSTEM = 'urn:oid:2.16.156.10011.1.1';
export const FACILITY_CODE_SYSTEM = 'urn:ygt:facility-code';
export const FHIR_JSON = 'application/fhir+json';

export async function getInteropToken(app: Pick<TestApp, 'url'>, clientId: string, secret: string): Promise<string> {
  const res = await fetch(`${app.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (res.status !== 200 || !body.access_token) throw new Error(`token request failed: ${res.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

export async function postFhir(app: Pick<TestApp, 'url'>, token: string, bundle: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${app.url}/fhir/R4`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': FHIR_JSON }, body: JSON.stringify(bundle) });
  return { status: res.status, body: await res.json() };
}

export async function getFhir(app: Pick<TestApp, 'url'>, token: string, pathAndQuery: string): Promise<{ status: number; body: any; contentType: string }> {
  const res = await fetch(`${app.url}/fhir/R4/${pathAndQuery}`, { headers: { authorization: `Bearer ${token}`, accept: FHIR_JSON } });
  return { status: res.status, body: await res.json(), contentType: res.headers.get('content-type') ?? '' };
}

export async function postHl7(app: Pick<TestApp, 'url'>, token: string, er7: string): Promise<{ status: number; ack: string; msa: string[] }> {
  const res = await fetch(`${app.url}/interop/hl7v2`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'x-application/hl7-v2+er7' }, body: er7 });
  const ack = await res.text();
  const msa = ack.split('\r').find((s) => s.startsWith('MSA|'))?.split('|') ?? [];
  return { status: res.status, ack, msa };
}

export const uniqueId = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export interface PatientFacts {
  idNumber: string;
  name: string;
}

const patientEntry = (p: PatientFacts) => ({
  fullUrl: 'urn:uuid:patient-1',
  resource: { resourceType: 'Patient', identifier: [{ system: RESIDENT_ID_SYSTEM, value: p.idNumber }], name: [{ text: p.name }] },
  request: { method: 'POST', url: 'Patient' },
});

const orgEntry = (code: string) => ({
  fullUrl: `urn:uuid:org-${code}`,
  resource: { resourceType: 'Organization', identifier: [{ system: FACILITY_CODE_SYSTEM, value: code }] },
  request: { method: 'POST', url: 'Organization' },
});

/** CBC items: [LOINC, local code, name, value, unit, low, high, flag?] */
export const CBC_ITEMS: [string, string, string, number, string, number, number, string?][] = [
  ['6690-2', 'WBC', '白细胞计数', 6.8, '10^9/L', 3.5, 9.5],
  ['789-8', 'RBC', '红细胞计数', 4.6, '10^12/L', 4.3, 5.8],
  ['718-7', 'HGB', '血红蛋白', 128, 'g/L', 130, 175, 'L'],
  ['4544-3', 'HCT', '红细胞压积', 41.2, '%', 40, 50],
  ['777-3', 'PLT', '血小板计数', 236, '10^9/L', 125, 350],
];

export interface CbcOptions {
  identifier: string;
  patient: PatientFacts;
  /** Performing facility code (default YX-RMYY). */
  performer?: string;
  effective?: string;
  status?: string;
  items?: typeof CBC_ITEMS;
  qcPassed?: boolean;
}

function cbcEntries(o: CbcOptions, withPatient = true) {
  const performer = o.performer ?? 'YX-RMYY';
  const effective = o.effective ?? new Date().toISOString();
  const items = o.items ?? CBC_ITEMS;
  const observations = items.map(([loinc, local, name, value, unit, low, high, flag], i) => ({
    fullUrl: `urn:uuid:${o.identifier}-obs-${i}`,
    resource: {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: loinc }, { system: `urn:ygt:local-code:${performer}`, code: local, display: name }], text: name },
      subject: { reference: 'urn:uuid:patient-1' },
      effectiveDateTime: effective,
      valueQuantity: { value, unit },
      referenceRange: [{ low: { value: low, unit }, high: { value: high, unit } }],
      ...(flag ? { interpretation: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: flag }] }] } : {}),
    },
    request: { method: 'POST', url: 'Observation' },
  }));
  const report = {
    fullUrl: `urn:uuid:${o.identifier}`,
    resource: {
      resourceType: 'DiagnosticReport',
      identifier: [{ system: `urn:lis:${performer}`, value: o.identifier }],
      status: o.status ?? 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'HM' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '58410-2' }, { system: `urn:ygt:local-code:${performer}`, code: 'CBC', display: '血常规' }], text: '血常规' },
      subject: { reference: 'urn:uuid:patient-1' },
      effectiveDateTime: effective,
      issued: effective,
      performer: [{ reference: `urn:uuid:org-${performer}` }],
      result: observations.map((x) => ({ reference: x.fullUrl })),
      ...(o.qcPassed === undefined ? {} : { extension: [{ url: 'urn:ygt:fhir:StructureDefinition/qc-passed', valueBoolean: o.qcPassed }] }),
    },
    request: { method: 'POST', url: 'DiagnosticReport' },
  };
  return [...(withPatient ? [patientEntry(o.patient)] : []), orgEntry(performer), report, ...observations];
}

/** A transaction Bundle with one CBC panel (血常规) of five Observations. */
export function cbcBundle(o: CbcOptions) {
  return { resourceType: 'Bundle', type: 'transaction', entry: cbcEntries(o) };
}

export interface EcgOptions {
  identifier: string;
  patient: PatientFacts;
  /** Where the ECG was recorded (default YX-T01) and who read it (default YX-RMYY). */
  performer?: string;
  interpreter?: string;
  effective?: string;
  conclusion?: string;
}

function ecgEntries(o: EcgOptions) {
  const performer = o.performer ?? 'YX-T01';
  const interpreter = o.interpreter ?? 'YX-RMYY';
  const effective = o.effective ?? new Date().toISOString();
  const hr = {
    fullUrl: `urn:uuid:${o.identifier}-hr`,
    resource: {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }], text: '心率' },
      effectiveDateTime: effective,
      valueQuantity: { value: 76, unit: '次/分' },
      referenceRange: [{ low: { value: 60 }, high: { value: 100 } }],
    },
    request: { method: 'POST', url: 'Observation' },
  };
  return [
    orgEntry(performer),
    ...(interpreter !== performer ? [orgEntry(interpreter)] : []),
    {
      fullUrl: `urn:uuid:${o.identifier}`,
      resource: {
        resourceType: 'DiagnosticReport',
        identifier: [{ system: 'urn:ecg-network', value: o.identifier }],
        status: 'final',
        category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'EC' }] }],
        code: { coding: [{ system: 'http://loinc.org', code: '11524-6' }, { code: 'ECG', display: '常规心电图' }], text: '常规心电图' },
        subject: { reference: 'urn:uuid:patient-1' },
        effectiveDateTime: effective,
        performer: [{ reference: `urn:uuid:org-${performer}` }],
        resultsInterpreter: [{ reference: `urn:uuid:org-${interpreter}` }],
        result: [{ reference: hr.fullUrl }],
        conclusion: o.conclusion ?? '窦性心律，正常心电图。',
      },
      request: { method: 'POST', url: 'DiagnosticReport' },
    },
    hr,
  ];
}

/** A CBC done at the county hospital and an ECG recorded at 青石镇 and read by the county, one patient. */
export function cbcAndEcgBundle(o: { patient: PatientFacts; cbcIdentifier: string; ecgIdentifier: string; effective?: string }) {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [...cbcEntries({ identifier: o.cbcIdentifier, patient: o.patient, effective: o.effective }), ...ecgEntries({ identifier: o.ecgIdentifier, patient: o.patient, effective: o.effective })],
  };
}

const hl7Time = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace(/[-T:]/g, '');

/** One ER7 segment from numbered fields (1-based, as HL7 names them: OBR-25 is fields[25]). */
export function segment(name: string, fields: Record<number, string>): string {
  const last = Math.max(...Object.keys(fields).map(Number));
  return [name, ...Array.from({ length: last }, (_, i) => fields[i + 1] ?? '')].join('|');
}

/** The same CBC as an HL7 v2.5.1 ORU^R01 (segments separated by \r), sent by `facility`. */
export function cbcOru(o: { identifier: string; patient: PatientFacts; facility?: string; controlId?: string; at?: Date; status?: string; items?: typeof CBC_ITEMS }) {
  const facility = o.facility ?? 'YX-RMYY';
  const at = hl7Time(o.at ?? new Date());
  return [
    `MSH|^~\\&|LIS|${facility}|YGT|YX|${at}||ORU^R01^ORU_R01|${o.controlId ?? uniqueId('MSG')}|P|2.5.1|||||CHN|UNICODE UTF-8`,
    segment('PID', { 1: '1', 3: `${o.patient.idNumber}^^^&2.16.156.10011.1.1&ISO^NNCHN`, 5: `${o.patient.name.slice(0, 1)}^${o.patient.name.slice(1)}` }),
    segment('OBR', { 1: '1', 3: o.identifier, 4: '58410-2^血常规^LN^CBC^血常规^L', 7: at, 22: at, 24: 'HM', 25: o.status ?? 'F' }),
    ...(o.items ?? CBC_ITEMS).map(([loinc, local, name, value, unit, low, high, flag], i) =>
      segment('OBX', { 1: String(i + 1), 2: 'NM', 3: `${loinc}^${name}^LN^${local}^${name}^L`, 5: String(value), 6: unit, 7: `${low}-${high}`, 8: flag ?? 'N', 11: 'F', 14: at }),
    ),
  ].join('\r');
}
