import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { familyOf, residentHeaders, staffHeaders } from '@ygt/test/support/actors';
import { startTestApp, type TestApp } from '@ygt/test/support/harness';
import { seedFormulary } from '../pharmacy/seed';
import { seedDemoPrescriptions } from './seed';
import { doctorElsewhere } from './test-support';

let app: TestApp;
let qsDoctor: Record<string, string>;
let dlDoctor: Record<string, string>;
/** A doctor of another township (白沙乡): outside the patients' facilities and teams. */
let outsideDoctor: Record<string, string>;
let zhang: Record<string, string>;
let jianguo: { id: string; personId: string };
const drugs = new Map<string, string>();

beforeAll(async () => {
  app = await startTestApp();
  [qsDoctor, dlDoctor, zhang] = await Promise.all([staffHeaders(app, 'qs.doctor'), staffHeaders(app, 'dl.doctor'), residentHeaders(app, 'zhang')]);
  outsideDoctor = await doctorElsewhere(app);
  jianguo = (await familyOf(app, zhang)).find((m) => m.relation === 'self')!;
  const formulary = await app.api('/api/v1/staff/formulary', { headers: qsDoctor });
  for (const d of formulary.body.items) drugs.set(d.code, d.id);
});
afterAll(() => app?.close());

const amlodipine = (over: Record<string, unknown> = {}) => ({ drugId: drugs.get('YP-AMLD-5'), conditionCode: 'I10', dose: 1, frequency: 'qd', daysOfSupply: 28, usage: '口服，早晨', ...over });
const issue = (headers: Record<string, string>, body: Record<string, unknown>, personId = jianguo.personId) =>
  app.api(`/api/v1/staff/patients/${personId}/long-prescriptions`, { headers, body });
const staffList = async (personId = jianguo.personId) => (await app.api(`/api/v1/staff/patients/${personId}/long-prescriptions`, { headers: qsDoctor })).body.items;

describe('chronic conditions and the local list', () => {
  it('lists the configured conditions publicly', async () => {
    const res = await app.api('/api/v1/chronic-conditions');
    expect(res.body.items.map((c: { code: string }) => c.code)).toEqual(['I10', 'E11', 'I25', 'J44', 'N18', 'A15']);
    expect(res.body.items.find((c: { code: string }) => c.code === 'A15')).toMatchObject({ name: '肺结核', chronicInfection: true });
  });

  it('lets a doctor in scope certify a listed condition once; others are refused', async () => {
    const path = `/api/v1/staff/patients/${jianguo.personId}/chronic-conditions`;
    const unknown = await app.api(path, { headers: qsDoctor, body: { code: 'E78' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ field: 'code', message: '病种 E78 不在本地长期处方病种目录内' });
    expect((await app.api(path, { headers: await staffHeaders(app, 'qs.nurse'), body: { code: 'I10' } })).status).toBe(403);
    expect((await app.api(path, { headers: outsideDoctor, body: { code: 'I10' } })).status).toBe(404);
    expect((await app.api(path, { headers: qsDoctor })).body.items).toEqual([]);

    const ok = await app.api(path, { headers: qsDoctor, body: { code: 'I10', diagnosedOn: '2020-05-01' } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ code: 'I10', name: '高血压', status: 'active', facilityName: '青石镇中心卫生院' });
    const again = await app.api(path, { headers: dlDoctor, body: { code: 'I10' } });
    expect(again.body.error).toMatchObject({ code: 'CONFLICT', field: 'code' });
    const mine = await app.api(`/api/v1/me/family/${jianguo.id}/chronic-conditions`, { headers: zhang });
    expect(mine.body.items.map((c: { code: string }) => c.code)).toEqual(['I10']);
  });
});

describe('issuing a long prescription', () => {
  it.each([
    ['a condition not certified', () => issue(qsDoctor, { items: [amlodipine({ conditionCode: 'E11' })], inPerson: true }), 'items.0.conditionCode', '尚未经医生认定'],
    ['a first one by a physician (医师)', () => issue(dlDoctor, { items: [amlodipine()], inPerson: true }), 'prescriber', '中级及以上职称医师开具（当前：医师）'],
    ['a first one without seeing the patient', () => issue(qsDoctor, { items: [amlodipine()], inPerson: false }), 'inPerson', '需医生面诊'],
    ['more than 12 weeks', () => issue(qsDoctor, { items: [amlodipine({ daysOfSupply: 90 })], inPerson: true, assessment: '稳定', patientConfirmed: true }), 'items.0.daysOfSupply', '最长12周（84天）'],
    ['more than 4 weeks without an assessment', () => issue(qsDoctor, { items: [amlodipine({ daysOfSupply: 56 })], inPerson: true, patientConfirmed: true }), 'assessment', '病情稳定性评估'],
    ['more than 4 weeks without the patient’s confirmation', () => issue(qsDoctor, { items: [amlodipine({ daysOfSupply: 56 })], inPerson: true, assessment: '稳定' }), 'patientConfirmed', '签字确认'],
    ['a narcotic', () => issue(qsDoctor, { items: [amlodipine({ drugId: drugs.get('YP-MF-30') })], inPerson: true }), 'items.0.drugId', '麻醉药品'],
    ['a psychotropic', () => issue(qsDoctor, { items: [amlodipine({ drugId: drugs.get('YP-DXP-25') })], inPerson: true }), 'items.0.drugId', '第二类精神药品'],
    ['a cold-chain drug', () => issue(qsDoctor, { items: [amlodipine({ drugId: drugs.get('YP-YDS-30R') })], inPerson: true }), 'items.0.drugId', '冷链'],
    ['an antimicrobial', () => issue(qsDoctor, { items: [amlodipine({ drugId: drugs.get('YP-AMXL-250') })], inPerson: true }), 'items.0.drugId', '抗菌药物'],
    ['an anti-TB drug for hypertension', () => issue(qsDoctor, { items: [amlodipine({ drugId: drugs.get('YP-LFP-150') })], inPerson: true }), 'items.0.drugId', '只能用于结核病'],
    ['a dose below a quarter', () => issue(qsDoctor, { items: [amlodipine({ dose: 0.1 })], inPerson: true }), 'items.0.dose', '1/4'],
  ])('refuses %s, naming the field, and writes nothing', async (_, send, field, message) => {
    const res = await send();
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message).toContain(message);
    expect(await staffList()).toEqual([]);
  });

  it('issues a first prescription in person by an attending physician, priced in whole packs', async () => {
    const res = await issue(qsDoctor, {
      items: [amlodipine({ daysOfSupply: 56 })],
      inPerson: true,
      assessment: '近3个月血压130/80左右，无不良反应',
      patientConfirmed: true,
      healthAdvice: '每日食盐不超过5克',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'active',
      isFirst: true,
      inPerson: true,
      prescriber: { titleLabel: '主治医师', facilityName: '青石镇中心卫生院' },
      healthAdvice: '每日食盐不超过5克',
      itemsTotalFen: 640,
      supply: { daysOfSupply: 56, daysLeft: 56, renewalOpen: false },
    });
    expect(res.body.items[0]).toMatchObject({ genericName: '苯磺酸氨氯地平片', quantityPacks: 2, amountFen: 640, frequencyLabel: '每日1次' });
    expect(res.body.patientConfirmedAt).toEqual(expect.any(Number));
  });

  it('lets a physician add a prescription while one is in force (not a first one)', async () => {
    const res = await issue(dlDoctor, { items: [amlodipine({ drugId: drugs.get('YP-ASPL-100') })], inPerson: false });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ isFirst: false, inPerson: false, prescriber: { titleLabel: '医师' } });
  });

  it('restarts as a first prescription once every prescription is stopped', async () => {
    for (const rx of await staffList()) {
      const noReason = await app.api(`/api/v1/staff/long-prescriptions/${rx.id}/stop`, { headers: qsDoctor, body: {} });
      expect(noReason.body.error.field).toBe('reason');
      const stopped = await app.api(`/api/v1/staff/long-prescriptions/${rx.id}/stop`, { headers: qsDoctor, body: { reason: '血压控制不佳，调整方案' } });
      expect(stopped.body).toMatchObject({ status: 'stopped', stopReason: '血压控制不佳，调整方案' });
    }
    const again = await issue(dlDoctor, { items: [amlodipine()], inPerson: true });
    expect(again.body.error).toMatchObject({ field: 'prescriber' });

    const mine = await app.api(`/api/v1/me/family/${jianguo.id}/long-prescriptions`, { headers: zhang });
    expect(mine.body.items.every((p: { status: string }) => p.status === 'stopped')).toBe(true);
    const renew = await app.api(`/api/v1/me/family/${jianguo.id}/long-prescriptions/${mine.body.items[0].id}/renewals`, {
      headers: zhang,
      body: { stabilityCheck: { bloodPressure: { systolic: 130, diastolic: 80 }, sideEffects: 'none', hospitalisedSinceLastPrescription: false, newDiagnosis: false }, fulfilment: 'pickup', pickupFacilityId: 'x' },
    });
    expect(renew.status).toBe(409);
    expect(renew.body.error.message).toContain('已停用');

    const restart = await issue(qsDoctor, { items: [amlodipine()], inPerson: true });
    expect(restart.body).toMatchObject({ isFirst: true, status: 'active' });
  });

  it('hides the patient from a doctor outside their facilities and teams (404), and audits staff reads', async () => {
    expect((await app.api(`/api/v1/staff/patients/${jianguo.personId}/long-prescriptions`, { headers: outsideDoctor })).status).toBe(404);
    expect((await issue(outsideDoctor, { items: [amlodipine()], inPerson: true })).status).toBe(404);
    const [rx] = await staffList();
    expect((await app.api(`/api/v1/staff/long-prescriptions/${rx.id}`, { headers: outsideDoctor })).status).toBe(404);
    expect((await app.api(`/api/v1/staff/long-prescriptions/${rx.id}`, { headers: dlDoctor })).status).toBe(200);

    const dlName = (await app.api('/api/v1/staff/me', { headers: dlDoctor })).body.name;
    const log = (await app.api('/api/v1/me/access-log', { headers: zhang })).body.items;
    expect(log[0]).toMatchObject({ actorName: dlName, action: 'prescription.view', actionLabel: '查看了处方', personName: '张*国', facilityName: '青石镇东岭村卫生室' });
    expect(log.some((e: { action: string; actionLabel: string }) => e.action === 'prescription.issue' && e.actionLabel === '开具了长期处方')).toBe(true);
  });
});

describe('family-doctor contracts', () => {
  it('signs a person with a team of the township once, with a village clinic of that township', async () => {
    const nurse = await staffHeaders(app, 'qs.nurse');
    const teams = (await app.api('/api/v1/staff/doctor-teams', { headers: nurse })).body.items;
    expect(teams[0]).toMatchObject({ name: '青石镇家庭医生一团队', facility: { name: '青石镇中心卫生院' } });
    expect(teams[0].members.map((m: { titleLabel: string }) => m.titleLabel)).toEqual(['主治医师', '医师']);

    const villages = (await app.api('/api/v1/facilities?level=village')).body.items;
    const dongling = villages.find((f: { name: string }) => f.name === '青石镇东岭村卫生室');
    const hekou = villages.find((f: { name: string }) => f.name === '柳河镇河口村卫生室');
    const path = `/api/v1/staff/patients/${jianguo.personId}/family-doctor-contract`;
    const wrongVillage = await app.api(path, { headers: nurse, body: { teamId: teams[0].id, villageClinicId: hekou.id } });
    expect(wrongVillage.body.error.field).toBe('villageClinicId');
    expect((await app.api(path, { headers: nurse })).body.contract).toBeNull();

    const signed = await app.api(path, { headers: nurse, body: { teamId: teams[0].id, villageClinicId: dongling.id } });
    expect(signed.status).toBe(201);
    expect(signed.body).toMatchObject({ status: 'active', villageClinic: { name: '青石镇东岭村卫生室' }, team: { name: '青石镇家庭医生一团队' } });
    const twice = await app.api(path, { headers: nurse, body: { teamId: teams[0].id } });
    expect(twice.body.error).toMatchObject({ code: 'CONFLICT', field: 'personId' });

    const mine = await app.api(`/api/v1/me/family/${jianguo.id}/family-doctor`, { headers: zhang });
    expect(mine.body.contract.team.members).toHaveLength(2);
  });
});

describe('demo data', () => {
  it('seeds idempotently', async () => {
    const db = app.deps.database.db;
    const counts = async () =>
      Promise.all(
        (['drug', 'doctor_team', 'doctor_team_member', 'family_doctor_contract', 'chronic_condition', 'long_prescription', 'long_prescription_item'] as const).map(async (t) =>
          Number((await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
        ),
      );
    const before = await counts();
    await seedFormulary(app.deps);
    await seedDemoPrescriptions(app.deps);
    expect(await counts()).toEqual(before);
  });
});

describe('formulary', () => {
  it('marks what may never be on a long prescription and filters it out on request', async () => {
    const all = (await app.api('/api/v1/staff/formulary', { headers: qsDoctor })).body.items;
    const byCode = (code: string) => all.find((d: { code: string }) => d.code === code);
    expect(all.length).toBeGreaterThanOrEqual(25);
    expect(byCode('YP-MF-30').longPrescription).toEqual({ allowed: false, note: '硫酸吗啡缓释片属于麻醉药品，不能开具长期处方' });
    expect(byCode('YP-LFP-150').longPrescription).toEqual({ allowed: true, note: '仅限结核病等慢性感染性疾病的长期处方' });
    expect(byCode('YP-AMLD-5')).toMatchObject({ insuranceClass: 'A', insuranceClassLabel: '甲类', priceFen: 320, longPrescription: { allowed: true, note: null } });
    const allowed = (await app.api('/api/v1/staff/formulary?longPrescription=1', { headers: qsDoctor })).body.items;
    expect(allowed.some((d: { code: string }) => d.code === 'YP-MF-30')).toBe(false);
    expect(allowed.some((d: { code: string }) => d.code === 'YP-EJSG-500')).toBe(true);
  });

  it('is kept by pharmacists of the central pharmacy', async () => {
    const body = { code: 'YP-YDPL-5', genericName: '依那普利片', strength: '5mg', form: '片剂', unit: '片', packSize: 16, priceFen: 450, insuranceClass: 'A' };
    expect((await app.api('/api/v1/staff/formulary', { headers: qsDoctor, body })).status).toBe(403);
    const pharmacist = await staffHeaders(app, 'pharmacist');
    const created = await app.api('/api/v1/staff/formulary', { headers: pharmacist, body });
    expect(created.status).toBe(201);
    expect((await app.api('/api/v1/staff/formulary', { headers: pharmacist, body })).body.error.field).toBe('code');
    const badFlag = await app.api('/api/v1/staff/formulary', { headers: pharmacist, body: { ...body, code: 'YP-X-1', flags: { chronicInfectionException: true } } });
    expect(badFlag.body.error.field).toBe('flags.chronicInfectionException');
    const priced = await app.api(`/api/v1/staff/formulary/${created.body.id}`, { method: 'PATCH', headers: pharmacist, body: { priceFen: 480 } });
    expect(priced.body.priceFen).toBe(480);
  });
});
