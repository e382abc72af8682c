import { addDays, localDate, toEpochMs } from '@ygt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { familyOf, residentHeaders, staffHeaders } from '@ygt/test/support/actors';
import { cbcBundle, CBC_ITEMS, FACILITY_CODE_SYSTEM, getInteropToken, postFhir, RESIDENT_ID_SYSTEM, uniqueId } from '@ygt/test/support/fhir';
import { startTestApp, type TestApp } from '@ygt/test/support/harness';
import { DEMO_ID_NUMBERS } from '../identity/seed';
import { DEMO_INTEROP_CLIENTS } from '../interop/seed';
import { seedDemoResults } from './seed';

let app: TestApp;
let countyToken: string;
let zhangHeaders: Record<string, string>;
let members: Awaited<ReturnType<typeof familyOf>>;
/** 张建国 is the account holder (self), 李桂芳 his mother (parent). */
const member = (name: '张建国' | '李桂芳') => members.find((m) => m.relation === (name === '李桂芳' ? 'parent' : 'self'))!;

beforeAll(async () => {
  app = await startTestApp();
  const rmyy = DEMO_INTEROP_CLIENTS.find((c) => c.clientId === 'yx-rmyy')!;
  countyToken = await getInteropToken(app, rmyy.clientId, rmyy.secret);
  zhangHeaders = await residentHeaders(app, 'zhang');
  members = await familyOf(app, zhangHeaders);
});
afterAll(() => app?.close());

// One sign-in per staff member for the whole file (sign-ins are rate-limited and slow by design).
const staffSessions = new Map<string, Promise<Record<string, string>>>();
const staffAs = (username: string) => staffSessions.get(username) ?? staffSessions.set(username, staffHeaders(app, username)).get(username)!;

const today = () => localDate(app.clock.now());
const reportsOf = async (memberId: string, query = '', headers = zhangHeaders) => app.api(`/api/v1/results/members/${memberId}/reports${query}`, { headers });
const countReports = async () => Number((await app.deps.database.db.selectFrom('result_report').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** An electrolyte report with a critical potassium, from the county LIS. */
function potassiumBundle(identifier: string, value: number, flag?: string) {
  const bundle = cbcBundle({ identifier, patient: { idNumber: DEMO_ID_NUMBERS['张建国'], name: '张建国' }, items: [['2823-3', 'K', '钾', value, 'mmol/L', 3.5, 5.3, flag]] });
  const report = bundle.entry[2].resource as any;
  report.category = [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'CH' }] }];
  report.code = { coding: [{ code: 'ELEC', display: '电解质' }], text: '电解质' };
  return bundle;
}

describe('what residents see', () => {
  it('lists a member\'s results from every facility, newest first, with filters', async () => {
    const mother = member('李桂芳');
    const all = (await reportsOf(mother.id, '?limit=100')).body.items;
    expect(new Set(all.map((r: any) => r.performingFacility.shortName))).toEqual(new Set(['青石镇卫生院', '县人民医院', '东岭村卫生室']));
    const times = all.map((r: any) => r.effectiveAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(all.find((r: any) => r.section === 'vitals')).toMatchObject({ enteredByHand: true, name: '血压测量' });

    const exams = (await reportsOf(mother.id, '?category=exam')).body.items;
    expect(exams.every((r: any) => r.category === 'exam')).toBe(true);
    const township = all.find((r: any) => r.performingFacility.shortName === '青石镇卫生院').performingFacility.id;
    const atTownship = (await reportsOf(mother.id, `?facilityId=${township}`)).body.items;
    // The ECG recorded at 青石镇 and read at the county counts for both.
    expect(atTownship.map((r: any) => r.section).sort()).toEqual(['chemistry', 'chemistry', 'chemistry', 'chemistry', 'ecg']);
    const recent = (await reportsOf(mother.id, `?from=${addDays(today(), -30)}&to=${today()}`)).body.items;
    expect(recent.every((r: any) => r.effectiveDate >= addDays(today(), -30))).toBe(true);
    expect(recent.length).toBeLessThan(all.length);

    const bad = await reportsOf(mother.id, `?from=${today()}&to=${addDays(today(), -1)}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('to');
  });

  it('pages with a cursor without losing or repeating a report', async () => {
    const mother = member('李桂芳');
    const all = (await reportsOf(mother.id, '?limit=100')).body.items.map((r: any) => r.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = (await reportsOf(mother.id, `?limit=4${cursor ? `&cursor=${cursor}` : ''}`)).body;
      seen.push(...page.items.map((r: any) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect((await reportsOf(mother.id, '?cursor=garbage')).body.error.field).toBe('cursor');
  });

  it('answers 404 for another family\'s member and report, and asks for consent first', async () => {
    const wang = await residentHeaders(app, 'wang');
    const mother = member('李桂芳');
    const [report] = (await reportsOf(mother.id)).body.items;
    expect((await reportsOf(mother.id, '', wang)).status).toBe(404);
    const other = await app.api(`/api/v1/results/reports/${report.id}`, { headers: wang });
    expect(other.status).toBe(404);
    expect(other.body.error.field).toBe('reportId');
    expect((await app.api(`/api/v1/results/members/${mother.id}/trend?codes=4548-4`, { headers: wang })).status).toBe(404);
    const chen = await residentHeaders(app, 'chen');
    expect((await app.api(`/api/v1/results/reports/${report.id}`, { headers: chen })).body.error.code).toBe('CONSENT_REQUIRED');
  });

  it('draws a trend of HbA1c across township and county, oldest first, with the reference band', async () => {
    const mother = member('李桂芳');
    const res = await app.api(`/api/v1/results/members/${mother.id}/trend?codes=4548-4`, { headers: zhangHeaders });
    expect(res.status).toBe(200);
    const [a1c] = res.body.series;
    expect(a1c).toMatchObject({ code: '4548-4', name: '糖化血红蛋白', unit: '%', referenceLow: 4, referenceHigh: 6, excludedPoints: 0 });
    expect(a1c.points.map((p: any) => p.value)).toEqual([8.1, 7.8, 7.5, 7.2, 7.0, 6.9, 6.8]);
    const times = a1c.points.map((p: any) => p.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(a1c.points.map((p: any) => p.facility.shortName))).toEqual(new Set(['青石镇卫生院', '县人民医院']));
    expect(a1c.points[0]).toMatchObject({ flag: 'H', flagWord: '偏高' });

    const bp = (await app.api(`/api/v1/results/members/${mother.id}/trend?codes=8480-6,8462-4`, { headers: zhangHeaders })).body.series;
    expect(bp.map((s: any) => [s.name, s.points.length])).toEqual([
      ['收缩压', 6],
      ['舒张压', 6],
    ]);
    const window = (await app.api(`/api/v1/results/members/${mother.id}/trend?codes=4548-4&from=${addDays(today(), -100)}`, { headers: zhangHeaders })).body.series[0];
    expect(window.points).toHaveLength(2);
    expect((await app.api(`/api/v1/results/members/${mother.id}/trend?codes=a;b`, { headers: zhangHeaders })).body.error.field).toBe('codes');

    const items = (await app.api(`/api/v1/results/members/${mother.id}/trend-items`, { headers: zhangHeaders })).body.items;
    expect(items.find((i: any) => i.code === '4548-4')).toMatchObject({ count: 7, latestValue: 6.8, latestFlagWord: '偏高' });
    expect(items.find((i: any) => i.code === '1558-6')).toMatchObject({ count: 7, name: '空腹血糖' });
  });

  it('shows the HR mark with validity dates from the catalogue, and why not otherwise', async () => {
    const mother = member('李桂芳');
    const all = (await reportsOf(mother.id, '?limit=100')).body.items;
    const cbc = all.find((r: any) => r.name === '血常规');
    expect(cbc.recognition).toMatchObject({ recognised: true, mark: '云HR', validUntil: addDays(cbc.effectiveDate, 7), validityDays: 7 });
    expect(cbc.recognition.label).toBe(`云HR 互认有效期至 ${addDays(cbc.effectiveDate, 7)}`);

    const latest = (await app.api(`/api/v1/results/reports/${all.find((r: any) => r.name === '血糖与糖化血红蛋白').id}`, { headers: zhangHeaders })).body;
    expect(latest.observations.find((o: any) => o.code === '4548-4').recognition).toMatchObject({ recognised: true, validUntil: addDays(latest.effectiveDate, 60) });
    const old = all.find((r: any) => r.name === '糖尿病随访生化' && r.effectiveDate === addDays(today(), -90));
    const oldDetail = (await app.api(`/api/v1/results/reports/${old.id}`, { headers: zhangHeaders })).body;
    expect(oldDetail.observations.find((o: any) => o.code === '4548-4').recognition).toMatchObject({ recognised: false, reason: 'expired', validUntil: addDays(old.effectiveDate, 60) });
    expect(oldDetail.observations.find((o: any) => o.code === '14682-9').recognition.reason).toBe('expired');
    const bp = all.find((r: any) => r.section === 'vitals');
    expect(bp.recognition).toMatchObject({ recognised: false, reason: 'not_in_catalogue', label: '该项目不在本医共体互认目录中' });

    // An administrator lengthens HbA1c validity: the 90-day-old value counts again.
    const admin = await staffAs('admin');
    const patched = await app.api('/api/v1/staff/results/catalogue/4548-4', { method: 'PUT', headers: admin, body: { validityDays: 120 } });
    expect(patched.body).toMatchObject({ code: '4548-4', validityDays: 120 });
    const again = (await app.api(`/api/v1/results/reports/${old.id}`, { headers: zhangHeaders })).body;
    expect(again.observations.find((o: any) => o.code === '4548-4').recognition).toMatchObject({ recognised: true, validUntil: addDays(old.effectiveDate, 120) });
    await app.api('/api/v1/staff/results/catalogue/4548-4', { method: 'PUT', headers: admin, body: { validityDays: 60 } });

    const catalogue = (await app.api('/api/v1/results/catalogue')).body;
    expect(catalogue.mark).toBe('云HR');
    expect(catalogue.items.find((c: any) => c.code === '2823-3')).toMatchObject({ name: '钾', validityDays: 7, recognised: true });
    const zero = await app.api('/api/v1/staff/results/catalogue/4548-4', { method: 'PUT', headers: admin, body: { validityDays: 0 } });
    expect(zero.body.error.field).toBe('validityDays');
    expect((await app.api('/api/v1/staff/results/catalogue/4548-4', { method: 'PUT', headers: await staffAs('qs.doctor'), body: { validityDays: 5 } })).status).toBe(403);
  });

  it('does not recognise a result that failed quality control', async () => {
    const identifier = uniqueId('CBC');
    await postFhir(app, countyToken, cbcBundle({ identifier, patient: { idNumber: DEMO_ID_NUMBERS['张建国'], name: '张建国' }, qcPassed: false }));
    const self = member('张建国');
    const cbc = (await reportsOf(self.id)).body.items.find((r: any) => r.name === '血常规');
    expect(cbc.recognition).toMatchObject({ recognised: false, reason: 'qc_failed' });
  });
});

describe('demo data', () => {
  it('seeds the family\'s results once, however often the app starts', async () => {
    const before = await countReports();
    await seedDemoResults(app.deps);
    expect(await countReports()).toBe(before);
  });
});

describe('release of held results', () => {
  it('keeps a critical result from the family until a doctor of the facility releases it with a comment', async () => {
    const self = member('张建国');
    const identifier = uniqueId('K');
    expect((await postFhir(app, countyToken, potassiumBundle(identifier, 6.9))).status).toBe(200);
    const row = await app.deps.database.db.selectFrom('result_report').selectAll().where('identifier', '=', identifier).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ release_state: 'held', hold_reason: 'critical' });
    expect((await reportsOf(self.id)).body.items.map((r: any) => r.id)).not.toContain(row.id);
    expect((await app.api(`/api/v1/results/reports/${row.id}`, { headers: zhangHeaders })).status).toBe(404);
    expect((await app.api(`/api/v1/results/members/${self.id}/trend?codes=2823-3`, { headers: zhangHeaders })).body.series[0].points).toHaveLength(0);

    const doctor = await staffAs('county.doctor');
    const queue = (await app.api('/api/v1/staff/results/release-queue', { headers: doctor })).body.items;
    expect(queue.find((q: any) => q.id === row.id)).toMatchObject({
      patientName: '张*国',
      holdReason: 'critical',
      holdReasonLabel: '含危急值，需医生审核后发布',
      criticalItems: [{ name: '钾', flag: 'HH', flagWord: '危急（过高）' }],
      version: 1,
    });
    expect(JSON.stringify(queue)).not.toContain('6.9');
    const township = (await app.api('/api/v1/staff/results/release-queue', { headers: await staffAs('qs.doctor') })).body.items;
    expect(township.map((q: any) => q.id)).not.toContain(row.id);

    const nurse = await app.api(`/api/v1/staff/results/reports/${row.id}/release`, { headers: await staffAs('county.nurse'), body: { comment: '已电话通知', version: 1 } });
    expect(nurse.status).toBe(403);
    const otherDoctor = await app.api(`/api/v1/staff/results/reports/${row.id}/release`, { headers: await staffAs('qs.doctor'), body: { comment: '已电话通知', version: 1 } });
    expect(otherDoctor.status).toBe(404);
    const noComment = await app.api(`/api/v1/staff/results/reports/${row.id}/release`, { headers: doctor, body: { comment: ' ', version: 1 } });
    expect(noComment.body.error.field).toBe('comment');
    const stale = await app.api(`/api/v1/staff/results/reports/${row.id}/release`, { headers: doctor, body: { comment: '已电话通知患者复查', version: 2 } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.field).toBe('version');
    expect((await reportsOf(self.id)).body.items.map((r: any) => r.id)).not.toContain(row.id);

    const released = await app.api(`/api/v1/staff/results/reports/${row.id}/release`, { headers: doctor, body: { comment: '血钾偏高，已电话通知，请今日来院复查', version: 1 } });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ releaseState: 'released', doctorComment: '血钾偏高，已电话通知，请今日来院复查', releasedBy: expect.any(String) });
    expect((await app.api(`/api/v1/staff/results/reports/${row.id}/release`, { headers: doctor, body: { comment: '再次发布', version: 1 } })).status).toBe(409);

    const detail = (await app.api(`/api/v1/results/reports/${row.id}`, { headers: zhangHeaders })).body;
    expect(detail).toMatchObject({ criticalCount: 1, doctorComment: '血钾偏高，已电话通知，请今日来院复查' });
    expect(detail.observations[0]).toMatchObject({ flag: 'HH', flagWord: '危急（过高）', flagTone: 'critical' });
    const messages = (await app.api('/api/v1/me/messages', { headers: zhangHeaders })).body.items;
    expect(messages.filter((m: any) => m.type === 'result_released' && m.link.includes(row.id))).toHaveLength(1);
    const log = (await app.api('/api/v1/me/access-log', { headers: zhangHeaders })).body.items;
    expect(log.some((e: any) => e.action === 'results.release')).toBe(true);
  });

  it('flags a value beyond the catalogue\'s critical limit even when the sender did not', async () => {
    const identifier = uniqueId('K');
    await postFhir(app, countyToken, potassiumBundle(identifier, 2.1));
    const row = await app.deps.database.db.selectFrom('result_report').selectAll().where('identifier', '=', identifier).executeTakeFirstOrThrow();
    expect(row.release_state).toBe('held');
    const [obs] = await app.deps.database.db.selectFrom('result_observation').select('flag').where('report_id', '=', row.id).execute();
    expect(obs.flag).toBe('LL');
  });

  it('holds reports of a held category (pathology) for a doctor\'s reading', async () => {
    const identifier = uniqueId('PATH');
    const bundle = potassiumBundle(identifier, 4.2);
    Object.assign(bundle.entry[2].resource, {
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'SP' }] }],
      code: { coding: [{ code: 'PATH', display: '病理检查' }], text: '胃镜活检病理' },
      conclusion: '（胃窦）慢性浅表性胃炎。',
    });
    Object.assign(bundle.entry[3].resource, { code: { coding: [{ code: 'PATH-DX' }], text: '病理诊断' }, valueQuantity: undefined, valueString: '慢性浅表性胃炎', referenceRange: undefined });
    expect((await postFhir(app, countyToken, bundle)).status).toBe(200);
    const held = await app.deps.database.db.selectFrom('result_report').selectAll().where('identifier', '=', identifier).executeTakeFirstOrThrow();
    expect(held).toMatchObject({ release_state: 'held', hold_reason: 'category', section: 'pathology' });
    const queue = (await app.api('/api/v1/staff/results/release-queue', { headers: await staffAs('county.doctor') })).body.items;
    expect(queue.find((q: any) => q.id === held.id)).toMatchObject({ holdReason: 'category', holdReasonLabel: '该类报告需医生解读后发布', criticalItems: [] });
  });
});

describe('staff', () => {
  it('shows a patient\'s results to staff of a facility the patient is registered at, and records it', async () => {
    const mother = member('李桂芳');
    const qs = await staffAs('qs.doctor');
    const res = await app.api(`/api/v1/staff/results/patients/${mother.personId}/reports?limit=100`, { headers: qs });
    expect(res.status).toBe(200);
    expect(res.body.items.some((r: any) => r.performingFacility.shortName === '县人民医院')).toBe(true);
    expect(res.body.items[0]).toMatchObject({ patient: { personId: mother.personId, name: '李桂芳', matched: true }, releaseState: 'released' });
    expect((await app.api(`/api/v1/staff/results/patients/${mother.personId}/reports`, { headers: await staffAs('lh.nurse') })).status).toBe(404);
    const report = res.body.items[0];
    expect((await app.api(`/api/v1/staff/results/reports/${report.id}`, { headers: await staffAs('lh.nurse') })).status).toBe(404);

    const log = (await app.api('/api/v1/me/access-log', { headers: zhangHeaders })).body.items;
    expect(log.some((e: any) => e.action === 'results.view' && e.facilityName === '青石镇中心卫生院')).toBe(true);
  });

  it('lists a patient\'s recognised results still valid, so a test need not be repeated', async () => {
    const mother = member('李桂芳');
    const res = await app.api(`/api/v1/staff/results/patients/${mother.personId}/recognised`, { headers: await staffAs('county.doctor') });
    expect(res.status).toBe(200);
    expect(res.body.mark).toBe('云HR');
    const names = res.body.items.map((i: any) => i.name);
    expect(names).toEqual(expect.arrayContaining(['血常规', '血红蛋白', '糖化血红蛋白', '常规心电图']));
    expect(res.body.items.every((i: any) => i.recognition.recognised && i.recognition.validUntil >= today())).toBe(true);
    // Only the latest HbA1c (20 days) is within 60 days.
    expect(res.body.items.filter((i: any) => i.code === '4548-4')).toHaveLength(1);
    expect(res.body.items.find((i: any) => i.name === '血常规')).toMatchObject({ value: null, facility: { shortName: '县人民医院' } });
    expect(names).not.toContain('收缩压');
  });

  it('expires recognition as time passes', async () => {
    const mother = member('李桂芳');
    const start = app.clock.now();
    app.clock.advance(5 * 86_400_000);
    try {
      const res = await app.api(`/api/v1/staff/results/patients/${mother.personId}/recognised`, { headers: await staffAs('county.doctor') });
      expect(res.body.items.map((i: any) => i.name)).not.toContain('血常规');
    } finally {
      app.clock.ms = start;
    }
  });

  it('takes hand-entered measurements from a village clinic as reports marked by hand', async () => {
    const self = member('张建国');
    const nurse = await staffAs('qs.nurse');
    const village = (await app.api('/api/v1/staff/me', { headers: nurse })).body.facilities.find((f: any) => f.name.includes('东岭村')).id;
    // An hour ago, not a fixed hour: at 00:30 in Shanghai '08:00 today' would lie in the future.
    const at = app.clock.now() - 3600_000;
    const res = await app.api('/api/v1/staff/results/manual', {
      headers: nurse,
      body: { personId: self.personId, facilityId: village, effectiveAt: at, items: [{ code: 'systolic', value: 146 }, { code: 'diastolic', value: 88 }, { code: 'glucose_fasting', value: 6.9 }] },
    });
    expect(res.status).toBe(201);
    expect(res.body.items.map((r: any) => [r.category, r.name, r.enteredByHand, r.source])).toEqual([
      ['exam', '血压测量', true, 'manual'],
      ['lab', '快速血糖（指尖血）', true, 'manual'],
    ]);
    expect(res.body.items[0].observations.map((o: any) => [o.name, o.value, o.flagWord])).toEqual([
      ['收缩压', '146', '偏高'],
      ['舒张压', '88', '正常'],
    ]);
    expect(res.body.items[1].observations[0]).toMatchObject({ code: 'POCT-FBG', unit: 'mmol/L', flag: 'H' });
    const list = (await reportsOf(self.id)).body.items.map((r: any) => r.id);
    expect(list).toEqual(expect.arrayContaining(res.body.items.map((r: any) => r.id)));
    const log = (await app.api('/api/v1/me/access-log', { headers: zhangHeaders })).body.items;
    expect(log.some((e: any) => e.action === 'results.enter')).toBe(true);

    // A critically low fingerstick glucose waits for a doctor, like any critical value.
    const low = await app.api('/api/v1/staff/results/manual', { headers: nurse, body: { personId: self.personId, facilityId: village, items: [{ code: 'glucose_random', value: 2.2 }] } });
    expect(low.body.items[0]).toMatchObject({ releaseState: 'held', holdReason: 'critical' });
  });

  it('refuses implausible or misplaced hand entries and stores nothing', async () => {
    const self = member('张建国');
    const nurse = await staffAs('qs.nurse');
    const facilities = (await app.api('/api/v1/staff/me', { headers: nurse })).body.facilities;
    const village = facilities.find((f: any) => f.name.includes('东岭村')).id;
    const before = await countReports();
    const post = (body: unknown, headers = nurse) => app.api('/api/v1/staff/results/manual', { headers, body });

    const typo = await post({ personId: self.personId, facilityId: village, items: [{ code: 'systolic', value: 1460 }, { code: 'diastolic', value: 88 }] });
    expect(typo.status).toBe(400);
    expect(typo.body.error).toMatchObject({ field: 'items.0.value', message: expect.stringContaining('收缩压') });
    const reversed = await post({ personId: self.personId, facilityId: village, items: [{ code: 'systolic', value: 80 }, { code: 'diastolic', value: 90 }] });
    expect(reversed.body.error.field).toBe('items');
    const half = await post({ personId: self.personId, facilityId: village, items: [{ code: 'systolic', value: 130 }] });
    expect(half.body.error.field).toBe('items');
    const twice = await post({ personId: self.personId, facilityId: village, items: [{ code: 'weight', value: 60 }, { code: 'weight', value: 61 }] });
    expect(twice.body.error.field).toBe('items.1.code');
    const future = await post({ personId: self.personId, facilityId: village, effectiveAt: app.clock.now() + 86_400_000, items: [{ code: 'weight', value: 60 }] });
    expect(future.body.error.field).toBe('effectiveAt');

    const lh = await app.api('/api/v1/staff/me', { headers: await staffAs('lh.nurse') });
    const notMine = await post({ personId: self.personId, facilityId: lh.body.facilityIds[0], items: [{ code: 'weight', value: 60 }] });
    expect(notMine.status).toBe(404);
    expect(notMine.body.error.field).toBe('facilityId');
    const countyNurse = await staffAs('county.nurse');
    const countyFacility = (await app.api('/api/v1/staff/me', { headers: countyNurse })).body.facilityIds[0];
    const county = await post({ personId: self.personId, facilityId: countyFacility, items: [{ code: 'weight', value: 60 }] }, countyNurse);
    expect(county.body.error.field).toBe('facilityId');
    const pharmacist = await post({ personId: self.personId, facilityId: village, items: [{ code: 'weight', value: 60 }] }, await staffAs('pharmacist'));
    expect(pharmacist.status).toBe(403);
    expect(await countReports()).toBe(before);
  });

  it('resolves references to Organization and Patient ids the server gave out', async () => {
    const self = member('张建国');
    const facility = await app.deps.database.db.selectFrom('facility').select('id').where('code', '=', 'YX-RMYY').executeTakeFirstOrThrow();
    const identifier = uniqueId('CBC');
    const bundle = cbcBundle({ identifier, patient: { idNumber: DEMO_ID_NUMBERS['张建国'], name: '张建国' }, items: CBC_ITEMS.slice(0, 1) });
    bundle.entry = bundle.entry.filter((e: any) => e.resource.resourceType !== 'Patient' && e.resource.resourceType !== 'Organization');
    const report = bundle.entry[0].resource as any;
    report.subject = { reference: `Patient/${self.personId}` };
    report.performer = [{ reference: `Organization/${facility.id}` }];
    delete (bundle.entry[1].resource as any).subject;
    const res = await postFhir(app, countyToken, bundle);
    expect(res.status).toBe(200);
    expect((await reportsOf(self.id)).body.items.some((r: any) => r.name === '血常规' && r.performingFacility.id === facility.id)).toBe(true);
    const unknownOrg = await postFhir(app, countyToken, {
      ...bundle,
      entry: bundle.entry.map((e: any, i: number) => (i === 0 ? { ...e, resource: { ...e.resource, performer: [{ identifier: { system: FACILITY_CODE_SYSTEM, value: 'NO-SUCH' } }] } } : e)),
    });
    expect(unknownOrg.body.issue[0].expression).toEqual(['Bundle.entry[0].resource.performer[0].identifier']);
    expect(RESIDENT_ID_SYSTEM).toBe('urn:oid:2.16.156.10011.1.1');
  });
});
