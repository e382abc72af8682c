import { HEALTH_DATA_CONSENT_VERSION, residentIdCheckChar } from '@ygt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { familyOf, residentHeaders, staffHeaders } from '@ygt/test/support/actors';
import {
  cbcAndEcgBundle,
  cbcBundle,
  cbcOru,
  CBC_ITEMS,
  getFhir,
  getInteropToken,
  postFhir,
  postHl7,
  RESIDENT_ID_SYSTEM,
  segment,
  uniqueId,
} from '@ygt/test/support/fhir';
import { startTestApp, type TestApp } from '@ygt/test/support/harness';
import { DEMO_ID_NUMBERS } from '../identity/seed';
import { DEMO_INTEROP_CLIENTS } from './seed';

let app: TestApp;
let county: string;
let township: string;
const zhang = { idNumber: DEMO_ID_NUMBERS['张建国'], name: '张建国' };
const secretOf = (clientId: string) => DEMO_INTEROP_CLIENTS.find((c) => c.clientId === clientId)!.secret;

beforeAll(async () => {
  app = await startTestApp();
  county = await getInteropToken(app, 'yx-rmyy', secretOf('yx-rmyy'));
  township = await getInteropToken(app, 'yx-t01', secretOf('yx-t01'));
});
afterAll(() => app?.close());

// One sign-in per staff member for the whole file (sign-ins are rate-limited and slow by design).
const staffSessions = new Map<string, Promise<Record<string, string>>>();
const staffAs = (username: string) => staffSessions.get(username) ?? staffSessions.set(username, staffHeaders(app, username)).get(username)!;

const reportByIdentifier = (identifier: string) => app.deps.database.db.selectFrom('result_report').selectAll().where('identifier', '=', identifier).execute();
const countRows = async (table: 'result_report' | 'result_observation' | 'result_report_version') =>
  Number((await app.deps.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** A fresh valid resident ID number nobody in the demo has. */
function newIdNumber(): string {
  const first17 = `439901197${Math.floor(Math.random() * 10)}0${1 + Math.floor(Math.random() * 9)}1${Math.floor(Math.random() * 9)}${String(100 + Math.floor(Math.random() * 899))}`;
  return first17 + residentIdCheckChar(first17);
}

describe('OAuth2 client credentials', () => {
  it('issues a bearer token for the right secret, by form or by basic auth', async () => {
    const basic = Buffer.from(`yx-t01:${secretOf('yx-t01')}`).toString('base64');
    const res = await fetch(`${app.url}/oauth2/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({ token_type: 'Bearer', expires_in: 3600, access_token: expect.any(String) });
  });

  it('refuses a wrong secret and an unsupported grant in RFC 6749 form', async () => {
    const token = (body: Record<string, string>) =>
      fetch(`${app.url}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
    const wrong = await token({ grant_type: 'client_credentials', client_id: 'yx-rmyy', client_secret: 'guess' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
    const unknown = await token({ grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'guess' });
    expect((await unknown.json()).error).toBe('invalid_client');
    const grant = await token({ grant_type: 'password', client_id: 'yx-rmyy', client_secret: secretOf('yx-rmyy') });
    expect(grant.status).toBe(400);
    expect(await grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('answers FHIR calls without a valid token with an OperationOutcome', async () => {
    const none = await fetch(`${app.url}/fhir/R4/DiagnosticReport?patient=x`);
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/fhir+json');
    expect(await none.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] });
    const bad = await getFhir(app, 'not-a-real-token-but-long-enough', 'DiagnosticReport?patient=x');
    expect(bad.status).toBe(401);
  });
});

describe('FHIR R4', () => {
  it('publishes a CapabilityStatement without a token', async () => {
    const res = await fetch(`${app.url}/fhir/R4/metadata`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/fhir+json');
    const cs = await res.json();
    expect(cs).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', kind: 'instance' });
    expect(cs.rest[0].resource.map((r: { type: string }) => r.type)).toEqual(expect.arrayContaining(['DiagnosticReport', 'Observation', 'Patient', 'Organization', 'ImagingStudy']));
    expect(cs.rest[0].interaction).toEqual([{ code: 'transaction' }]);
  });

  it('stores a CBC panel and an ECG read by the county centre, then reads them back by FHIR search and in the resident app', async () => {
    const cbcId = uniqueId('CBC');
    const ecgId = uniqueId('ECG');
    const effective = new Date(app.clock.now() - 2 * 3600_000).toISOString();
    const res = await postFhir(app, county, cbcAndEcgBundle({ patient: zhang, cbcIdentifier: cbcId, ecgIdentifier: ecgId, effective }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ resourceType: 'Bundle', type: 'transaction-response' });
    const statuses = res.body.entry.map((e: { response: { status: string } }) => e.response.status);
    expect(statuses.filter((s: string) => s === '201 Created')).toHaveLength(2 + CBC_ITEMS.length + 1);
    const [me] = await familyOf(app, await residentHeaders(app, 'zhang'));
    expect(res.body.entry[0].response).toEqual({ status: '200 OK', location: `Patient/${me.personId}` });

    // FHIR search with _include: the CBC and its five Observations.
    const ident = encodeURIComponent(`${RESIDENT_ID_SYSTEM}|${zhang.idNumber}`);
    const hm = await getFhir(app, county, `DiagnosticReport?patient:identifier=${ident}&category=HM&_include=DiagnosticReport:result`);
    expect(hm.status).toBe(200);
    expect(hm.contentType).toContain('application/fhir+json');
    expect(hm.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    const matches = hm.body.entry.filter((e: any) => e.search.mode === 'match');
    const included = hm.body.entry.filter((e: any) => e.search.mode === 'include');
    expect(matches[0].resource).toMatchObject({ resourceType: 'DiagnosticReport', status: 'final', identifier: [{ value: cbcId }], subject: { reference: `Patient/${me.personId}` } });
    expect(included.map((e: any) => e.resource.code.coding[0].code)).toEqual(CBC_ITEMS.map((i) => i[0]));
    expect(matches[0].resource.result.map((r: any) => r.reference)).toEqual(included.map((e: any) => `Observation/${e.resource.id}`));
    const hgb = included.find((e: any) => e.resource.code.coding[0].code === '718-7').resource;
    expect(hgb).toMatchObject({ valueQuantity: { value: 128, unit: 'g/L' }, interpretation: [{ coding: [{ code: 'L' }] }], referenceRange: [{ low: { value: 130 }, high: { value: 175 } }] });
    expect(hgb.code.coding).toContainEqual(expect.objectContaining({ code: 'HGB' }));

    const ec = await getFhir(app, county, `DiagnosticReport?patient=Patient/${me.personId}&category=EC&date=ge${effective.slice(0, 10)}`);
    expect(ec.body.total).toBe(1);
    expect(ec.body.entry[0].resource).toMatchObject({
      performer: [{ identifier: { value: 'YX-T01' } }],
      resultsInterpreter: [{ identifier: { value: 'YX-RMYY' } }],
      conclusion: '窦性心律，正常心电图。',
    });
    const obs = await getFhir(app, county, `Observation?patient=Patient/${me.personId}&code=http://loinc.org|6690-2`);
    expect(obs.body.total).toBe(1);
    expect(obs.body.entry[0].resource).toMatchObject({ resourceType: 'Observation', valueQuantity: { value: 6.8 } });
    const before = await getFhir(app, county, `Observation?patient=Patient/${me.personId}&code=6690-2&date=lt2000-01-01`);
    expect(before.body.total).toBe(0);

    // The resident app: the same two reports, with words for flags, the HR mark and both facilities.
    const headers = await residentHeaders(app, 'zhang');
    const list = (await app.api(`/api/v1/results/members/${me.id}/reports`, { headers })).body.items;
    const cbc = list.find((r: any) => r.name === '血常规' && r.performingFacility.shortName === '县人民医院' && r.effectiveAt === Date.parse(effective));
    const ecg = list.find((r: any) => r.section === 'ecg');
    expect(cbc).toMatchObject({ category: 'lab', categoryLabel: '检验', abnormalCount: 1, criticalCount: 0, recognition: { recognised: true, mark: '云HR' } });
    expect(ecg).toMatchObject({ category: 'exam', performingFacility: { shortName: '青石镇卫生院' }, interpretingFacility: { shortName: '县人民医院' } });
    const detail = (await app.api(`/api/v1/results/reports/${cbc.id}`, { headers })).body;
    expect(detail.memberId).toBe(me.id);
    expect(detail.observations).toHaveLength(5);
    expect(detail.observations.find((o: any) => o.code === '718-7')).toMatchObject({ value: '128', unit: 'g/L', referenceText: '130 - 175', flag: 'L', flagWord: '偏低', flagTone: 'low' });
    const ecgDetail = (await app.api(`/api/v1/results/reports/${ecg.id}`, { headers })).body;
    expect(ecgDetail.conclusion).toBe('窦性心律，正常心电图。');
    expect(ecgDetail.conclusionRecognition).toMatchObject({ recognised: false, reason: 'diagnostic_conclusion' });
    expect(ecgDetail.recognition).toMatchObject({ recognised: true, mark: '云HR' });
  });

  it('changes nothing when the same Bundle arrives again', async () => {
    const bundle = cbcBundle({ identifier: uniqueId('CBC'), patient: zhang });
    const first = await postFhir(app, county, bundle);
    const counts = [await countRows('result_report'), await countRows('result_observation'), await countRows('result_report_version')];
    const again = await postFhir(app, county, bundle);
    expect(again.status).toBe(200);
    expect(again.body.entry.map((e: any) => e.response.location)).toEqual(first.body.entry.map((e: any) => e.response.location));
    expect(again.body.entry.filter((e: any) => e.response.status === '201 Created')).toHaveLength(0);
    expect([await countRows('result_report'), await countRows('result_observation'), await countRows('result_report_version')]).toEqual(counts);
  });

  it('replaces a report sent again as corrected and keeps the first version as history', async () => {
    const identifier = uniqueId('CBC');
    await postFhir(app, county, cbcBundle({ identifier, patient: zhang }));
    const changed = CBC_ITEMS.map((i) => (i[0] === '718-7' ? (['718-7', 'HGB', '血红蛋白', 138, 'g/L', 130, 175] as (typeof CBC_ITEMS)[number]) : i));

    const silent = await postFhir(app, county, cbcBundle({ identifier, patient: zhang, items: changed }));
    expect(silent.status).toBe(409);
    expect(silent.body.issue[0]).toMatchObject({ code: 'conflict', expression: ['Bundle.entry[2].resource.status'] });

    const corrected = await postFhir(app, county, cbcBundle({ identifier, patient: zhang, items: changed, status: 'corrected' }));
    expect(corrected.status).toBe(200);
    expect(corrected.body.entry[2].response).toMatchObject({ status: '200 OK', location: expect.stringMatching(/_history\/2$/) });
    const [row] = await reportByIdentifier(identifier);
    expect(row).toMatchObject({ version: 2, status: 'corrected' });

    const headers = await residentHeaders(app, 'zhang');
    const detail = (await app.api(`/api/v1/results/reports/${row.id}`, { headers })).body;
    expect(detail).toMatchObject({ corrected: true, statusLabel: '已更正' });
    expect(detail.observations.find((o: any) => o.code === '718-7')).toMatchObject({ value: '138', flag: 'N' });

    const staff = (await app.api(`/api/v1/staff/results/reports/${row.id}`, { headers: await staffAs('county.doctor') })).body;
    expect(staff.history.map((h: any) => [h.version, h.status, h.supersededAt !== null])).toEqual([
      [1, 'final', true],
      [2, 'corrected', false],
    ]);
    expect(staff.history[0].observations.find((o: any) => o.code === '718-7').value).toBe('128');
  });

  it('refuses a facility submitting as another facility, and stores nothing', async () => {
    const identifier = uniqueId('CBC');
    const res = await postFhir(app, township, cbcBundle({ identifier, patient: zhang, performer: 'YX-RMYY' }));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'forbidden', expression: ['Bundle.entry[2].resource.performer'] }] });
    expect(await reportByIdentifier(identifier)).toHaveLength(0);
    // Its own results are fine.
    expect((await postFhir(app, township, cbcBundle({ identifier, patient: zhang, performer: 'YX-T01' }))).status).toBe(200);
  });

  it('names the element at fault in an OperationOutcome and stores nothing for a bad Bundle', async () => {
    const before = await countRows('result_report');
    const notTransaction = await postFhir(app, county, { ...cbcBundle({ identifier: uniqueId('CBC'), patient: zhang }), type: 'batch' });
    expect(notTransaction.status).toBe(400);
    expect(notTransaction.body.issue[0]).toMatchObject({ severity: 'error', code: 'invalid', expression: ['Bundle.type'] });

    const badId = await postFhir(app, county, cbcBundle({ identifier: uniqueId('CBC'), patient: { idNumber: '110105194912310021', name: '李四' } }));
    expect(badId.status).toBe(400);
    expect(badId.body.issue[0].expression).toEqual(['Bundle.entry[0].resource.identifier[0].value']);
    expect(badId.body.issue[0].diagnostics).toContain('校验位');

    const noStatus = cbcBundle({ identifier: uniqueId('CBC'), patient: zhang });
    (noStatus.entry[2].resource as any).status = 'done';
    expect((await postFhir(app, county, noStatus)).body.issue[0].expression).toEqual(['Bundle.entry[2].resource.status']);

    const noValue = cbcBundle({ identifier: uniqueId('CBC'), patient: zhang });
    delete (noValue.entry[3].resource as any).valueQuantity;
    expect((await postFhir(app, county, noValue)).body.issue[0].expression).toEqual(['Bundle.entry[3].resource.value[x]']);

    const wrongType = await fetch(`${app.url}/fhir/R4`, { method: 'POST', headers: { authorization: `Bearer ${county}`, 'content-type': 'text/plain' }, body: '{}' });
    expect(wrongType.status).toBe(415);
    expect((await wrongType.json()).issue[0].code).toBe('not-supported');

    const notJson = await fetch(`${app.url}/fhir/R4`, { method: 'POST', headers: { authorization: `Bearer ${county}`, 'content-type': 'application/fhir+json' }, body: '{"resourceType":' });
    expect(notJson.status).toBe(400);

    const search = await getFhir(app, county, 'DiagnosticReport?category=HM');
    expect(search.body.issue[0].expression).toEqual(['patient']);
    expect(await countRows('result_report')).toBe(before);
  });

  it('lets a facility system search only patients registered there, or its own results', async () => {
    const ident = encodeURIComponent(`${RESIDENT_ID_SYSTEM}|${zhang.idNumber}`);
    const qs = await getFhir(app, township, `DiagnosticReport?patient:identifier=${ident}`);
    expect(qs.body.entry.some((e: any) => e.resource.performer[0].identifier.value === 'YX-RMYY')).toBe(true);
    const tcm = await getInteropToken(app, 'yx-zyy', secretOf('yx-zyy'));
    expect((await getFhir(app, tcm, `DiagnosticReport?patient:identifier=${ident}`)).body).toMatchObject({ type: 'searchset', total: 0 });
    expect((await getFhir(app, tcm, 'Patient/xyz')).status).toBe(404);
  });

  it('holds a report of an unknown patient, then matches it when the person is added', async () => {
    const idNumber = newIdNumber();
    const identifier = uniqueId('CBC');
    const res = await postFhir(app, county, cbcBundle({ identifier, patient: { idNumber, name: '赵新民' } }));
    expect(res.status).toBe(200);
    expect(res.body.entry[0].response).toMatchObject({ status: '202 Accepted', outcome: { resourceType: 'OperationOutcome' } });
    const [held] = await reportByIdentifier(identifier);
    expect(held).toMatchObject({ person_id: null, match_status: 'unmatched', patient_name: '赵新民' });
    expect(held.patient_id_enc).not.toContain(idNumber);

    const unmatched = (await app.api('/api/v1/staff/results/unmatched', { headers: await staffAs('county.doctor') })).body.items;
    expect(unmatched.find((u: any) => u.id === held.id)).toMatchObject({ patientName: '赵*民', reason: 'no_person', idNumber: expect.stringMatching(/^4399\*+/) });

    // 陈晓燕's account adds him; his list then has the CBC sent before.
    const chen = await residentHeaders(app, 'chen');
    await app.api('/api/v1/me/consents', { headers: chen, body: { kind: 'health_data', version: HEALTH_DATA_CONSENT_VERSION } });
    const added = await app.api('/api/v1/me/family', { headers: chen, body: { name: '赵新民', idNumber, relation: 'parent' } });
    expect(added.status).toBe(201);
    const list = (await app.api(`/api/v1/results/members/${added.body.id}/reports`, { headers: chen })).body.items;
    expect(list.map((r: any) => r.id)).toEqual([held.id]);
    const [matched] = await reportByIdentifier(identifier);
    expect(matched).toMatchObject({ person_id: added.body.personId, match_status: 'matched' });
    const messages = (await app.api('/api/v1/me/messages', { headers: chen })).body.items;
    expect(messages.filter((m: any) => m.type === 'result_released')).toHaveLength(1);
  });

  it('keeps a report whose name does not go with the ID number held', async () => {
    const identifier = uniqueId('CBC');
    await postFhir(app, county, cbcBundle({ identifier, patient: { idNumber: zhang.idNumber, name: '张建军' } }));
    const [row] = await reportByIdentifier(identifier);
    expect(row.match_status).toBe('unmatched');
    const unmatched = (await app.api('/api/v1/staff/results/unmatched', { headers: await staffAs('county.doctor') })).body.items;
    expect(unmatched.find((u: any) => u.id === row.id).reason).toBe('name_mismatch');
  });
});

describe('FHIR R4 exams and races', () => {
  it('takes an imaging exam with its ImagingStudy and a conclusion that is never recognised', async () => {
    const identifier = uniqueId('DR');
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:p', resource: { resourceType: 'Patient', identifier: [{ system: RESIDENT_ID_SYSTEM, value: zhang.idNumber }], name: [{ family: '张', given: ['建国'] }] } },
        { fullUrl: 'urn:uuid:org', resource: { resourceType: 'Organization', identifier: [{ system: 'urn:ygt:facility-code', value: 'YX-RMYY' }] } },
        {
          fullUrl: 'urn:uuid:img',
          resource: { resourceType: 'ImagingStudy', identifier: [{ system: 'urn:dicom:uid', value: 'urn:oid:1.2.3.4' }], modality: [{ code: 'CT' }], description: '胸部CT平扫', numberOfSeries: 3, numberOfInstances: 240 },
        },
        {
          fullUrl: 'urn:uuid:dr',
          resource: {
            resourceType: 'DiagnosticReport',
            identifier: [{ value: identifier }],
            status: 'final',
            category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'CT' }] }],
            code: { coding: [{ system: 'http://loinc.org', code: '24627-2' }], text: '胸部CT平扫' },
            subject: { reference: 'urn:uuid:p' },
            effectiveDateTime: '2026-01-05T10:00:00+08:00',
            performer: [{ reference: 'urn:uuid:org' }],
            imagingStudy: [{ reference: 'urn:uuid:img' }],
            conclusion: '双肺未见明显异常。',
          },
        },
      ],
    };
    const res = await postFhir(app, county, bundle);
    expect(res.status).toBe(200);
    const reportId = res.body.entry[3].response.location.split('/')[1];
    const detail = (await app.api(`/api/v1/results/reports/${reportId}`, { headers: await residentHeaders(app, 'zhang') })).body;
    expect(detail).toMatchObject({
      category: 'exam',
      sectionLabel: 'CT',
      effectiveDate: '2026-01-05',
      imaging: { modality: 'CT', description: '胸部CT平扫', numberOfSeries: 3, numberOfInstances: 240 },
      conclusionRecognition: { recognised: false, reason: 'diagnostic_conclusion' },
    });
    const found = await getFhir(app, county, `DiagnosticReport?patient:identifier=${encodeURIComponent(`${RESIDENT_ID_SYSTEM}|${zhang.idNumber}`)}&category=CT&date=2026-01-05`);
    expect(found.body.total).toBe(1);
    expect(found.body.entry[0].resource).toMatchObject({ contained: [{ resourceType: 'ImagingStudy', numberOfInstances: 240 }], imagingStudy: [{ reference: '#imaging' }] });
  });

  it('stores one report when the same new report arrives twice at once', async () => {
    const bundle = cbcBundle({ identifier: uniqueId('CBC'), patient: zhang });
    const results = await Promise.all([postFhir(app, county, bundle), postFhir(app, county, bundle), postFhir(app, county, bundle)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(results.map((r) => r.body.entry[2].response.location)).size).toBe(1);
    expect(await reportByIdentifier((bundle.entry[2].resource as any).identifier[0].value)).toHaveLength(1);
  });
});

describe('facility systems administration', () => {
  it('creates a client whose secret works once shown, rotates it and disables it', async () => {
    const admin = await staffAs('admin');
    const facility = await app.deps.database.db.selectFrom('facility').select('id').where('code', '=', 'YX-T02').executeTakeFirstOrThrow();
    const created = await app.api('/api/v1/staff/interop/clients', { headers: admin, body: { clientId: 'yx-t02-lis', facilityId: facility.id, name: '柳河镇卫生院检验系统' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ clientId: 'yx-t02-lis', facility: { shortName: '柳河镇卫生院' }, disabled: false, clientSecret: expect.any(String) });
    const token = await getInteropToken(app, 'yx-t02-lis', created.body.clientSecret);
    expect((await getFhir(app, token, `DiagnosticReport?patient=Patient/nobody`)).status).toBe(200);

    const again = await app.api('/api/v1/staff/interop/clients', { headers: admin, body: { clientId: 'yx-t02-lis', facilityId: facility.id, name: '重复' } });
    expect(again.status).toBe(409);
    expect(again.body.error.field).toBe('clientId');
    const badId = await app.api('/api/v1/staff/interop/clients', { headers: admin, body: { clientId: 'X', facilityId: facility.id, name: '名称' } });
    expect(badId.body.error.field).toBe('clientId');
    expect((await app.api('/api/v1/staff/interop/clients', { headers: await staffAs('county.doctor') })).status).toBe(403);

    const rotated = await app.api('/api/v1/staff/interop/clients/yx-t02-lis/rotate-secret', { method: 'POST', headers: admin });
    expect(rotated.body.clientSecret).not.toBe(created.body.clientSecret);
    expect((await getFhir(app, token, `DiagnosticReport?patient=Patient/nobody`)).status).toBe(401);
    const fresh = await getInteropToken(app, 'yx-t02-lis', rotated.body.clientSecret);
    await app.api('/api/v1/staff/interop/clients/yx-t02-lis', { method: 'PUT', headers: admin, body: { disabled: true } });
    expect((await getFhir(app, fresh, `DiagnosticReport?patient=Patient/nobody`)).status).toBe(401);
    expect((await app.api('/api/v1/staff/interop/clients', { headers: admin })).body.items.find((c: any) => c.clientId === 'yx-t02-lis').disabled).toBe(true);
  });
});

describe('HL7 v2.5.1 ORU^R01', () => {
  it('accepts the same CBC as ORU^R01 and answers AA', async () => {
    const identifier = uniqueId('LIS');
    // One observation time for both sends: a resend is the same report only if its content is the same.
    const at = new Date(Date.now() - 60_000);
    const res = await postHl7(app, county, cbcOru({ identifier, patient: zhang, controlId: 'CTRL-0001', at }));
    expect(res.status).toBe(200);
    expect(res.msa.slice(0, 3)).toEqual(['MSA', 'AA', 'CTRL-0001']);
    expect(res.ack.startsWith('MSH|^~\\&|YGT|YX|LIS|YX-RMYY|')).toBe(true);
    const [row] = await reportByIdentifier(identifier);
    expect(row).toMatchObject({ source: 'hl7v2', code: '58410-2', local_code: 'CBC', section: 'hematology', status: 'final' });
    const obs = await app.deps.database.db.selectFrom('result_observation').selectAll().where('report_id', '=', row.id).orderBy('seq').execute();
    expect(obs.map((o) => [o.code, o.local_code, Number(o.value_num), o.flag])).toEqual(CBC_ITEMS.map(([loinc, local, , value, , , , flag]) => [loinc, local, value, flag ?? 'N']));

    const [me] = await familyOf(app, await residentHeaders(app, 'zhang'));
    const list = (await app.api(`/api/v1/results/members/${me.id}/reports`, { headers: await residentHeaders(app, 'zhang') })).body.items;
    expect(list.map((r: any) => r.id)).toContain(row.id);
    // Sent twice, still one report.
    expect((await postHl7(app, county, cbcOru({ identifier, patient: zhang, controlId: 'CTRL-0002', at }))).msa[1]).toBe('AA');
    expect(await reportByIdentifier(identifier)).toHaveLength(1);
  });

  it('answers AE or AR with the reason for malformed messages and stores nothing', async () => {
    const before = await countRows('result_report');
    const garbage = await postHl7(app, county, 'hello, this is not HL7');
    expect(garbage.msa[1]).toBe('AR');
    expect(garbage.msa[3]).toContain('MSH');

    const base = cbcOru({ identifier: uniqueId('LIS'), patient: zhang, controlId: 'CTRL-BAD' }).split('\r');
    const badValue = [...base.slice(0, 3), base[3].replace('|6.8|', '|abc|'), ...base.slice(4)].join('\r');
    const ae = await postHl7(app, county, badValue);
    expect(ae.msa.slice(0, 3)).toEqual(['MSA', 'AE', 'CTRL-BAD']);
    expect(ae.msa[3]).toContain('OBX[1]-5');
    expect(ae.ack).toMatch(/\rERR\|\|OBX\^1\^5\|102\^/);

    const noPatientId = [base[0], segment('PID', { 1: '1', 5: '张^建国' }), ...base.slice(2)].join('\r');
    const missing = await postHl7(app, county, noPatientId);
    expect(missing.msa[1]).toBe('AE');
    expect(missing.msa[3]).toContain('PID-3');

    const wrongType = base[0].replace('ORU^R01^ORU_R01', 'ADT^A01^ADT_A01');
    const ar = await postHl7(app, county, [wrongType, ...base.slice(1)].join('\r'));
    expect(ar.msa[1]).toBe('AR');
    expect(ar.ack).toContain('|200^Unsupported message type^HL70357|');

    const oldVersion = await postHl7(app, county, [base[0].replace('|2.5.1|', '|2.3|'), ...base.slice(1)].join('\r'));
    expect(oldVersion.msa[1]).toBe('AR');
    expect(await countRows('result_report')).toBe(before);
  });

  it('rejects a message whose sending facility is not the client\'s own', async () => {
    const identifier = uniqueId('LIS');
    const res = await postHl7(app, township, cbcOru({ identifier, patient: zhang, facility: 'YX-RMYY' }));
    expect(res.status).toBe(403);
    expect(res.msa[1]).toBe('AR');
    expect(res.msa[3]).toContain('MSH-4');
    expect(await reportByIdentifier(identifier)).toHaveLength(0);
    const unauthenticated = await fetch(`${app.url}/interop/hl7v2`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: cbcOru({ identifier, patient: zhang }) });
    expect(unauthenticated.status).toBe(401);
    expect(await unauthenticated.text()).toContain('MSA|AR|');
  });
});
