import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { familyOf, residentHeaders, staffHeaders } from '@ygt/test/support/actors';
import { startTestApp, type TestApp } from '@ygt/test/support/harness';
import { doctorAt, doctorElsewhere } from './test-support';

let app: TestApp;
let zhang: Record<string, string>;
let wang: Record<string, string>;
let qsDoctor: Record<string, string>;
let dlDoctor: Record<string, string>;
let mother: { id: string; personId: string };
let jianguo: { id: string; personId: string };
let xiuying: { id: string; personId: string };
let dongling: string;

const DAY = 86_400_000;
const stable = { bloodPressure: { systolic: 132, diastolic: 84 }, fastingGlucose: 6.8, sideEffects: 'none', hospitalisedSinceLastPrescription: false, newDiagnosis: false };

beforeAll(async () => {
  app = await startTestApp();
  [zhang, wang, qsDoctor, dlDoctor] = await Promise.all([residentHeaders(app, 'zhang'), residentHeaders(app, 'wang'), staffHeaders(app, 'qs.doctor'), staffHeaders(app, 'dl.doctor')]);
  const family = await familyOf(app, zhang);
  mother = family.find((m) => m.relation === 'parent')!;
  jianguo = family.find((m) => m.relation === 'self')!;
  xiuying = (await familyOf(app, wang)).find((m) => m.relation === 'self')!;
  dongling = (await app.api('/api/v1/facilities?level=village')).body.items.find((f: { name: string }) => f.name === '青石镇东岭村卫生室').id;
});
afterAll(() => app?.close());

const prescriptionsOf = async (headers: Record<string, string>, memberId: string) =>
  (await app.api(`/api/v1/me/family/${memberId}/long-prescriptions`, { headers })).body.items as any[];
const requestRenewal = (headers: Record<string, string>, memberId: string, prescriptionId: string, body: Record<string, unknown>) =>
  app.api(`/api/v1/me/family/${memberId}/long-prescriptions/${prescriptionId}/renewals`, { headers, body });
const renewalsOf = async (headers: Record<string, string>, memberId: string) => (await app.api(`/api/v1/me/family/${memberId}/renewals`, { headers })).body.items as any[];

describe('the demo and the renewal window', () => {
  it('shows 李桂芳’s prescription open for renewal and 王秀英’s not yet', async () => {
    const [hers] = await prescriptionsOf(zhang, mother.id);
    expect(hers).toMatchObject({
      status: 'active',
      familyDoctorTeam: '青石镇家庭医生一团队',
      supply: { daysOfSupply: 28, daysLeft: 5, renewalOpen: true },
      healthAdvice: expect.stringContaining('低盐低脂'),
    });
    expect(hers.items.map((i: { genericName: string }) => i.genericName)).toEqual(['苯磺酸氨氯地平片', '盐酸二甲双胍片']);
    const [wangs] = await prescriptionsOf(wang, xiuying.id);
    expect(wangs.supply).toMatchObject({ daysLeft: 23, renewalOpen: false });
  });

  it('refuses a request before the window opens with the next eligible date, and records nothing', async () => {
    const [rx] = await prescriptionsOf(wang, xiuying.id);
    const res = await requestRenewal(wang, xiuying.id, rx.id, { stabilityCheck: stable, fulfilment: 'pickup', pickupFacilityId: 'x' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'RENEWAL_TOO_EARLY',
      field: 'renewalOpensOn',
      message: `药品还够用23天，剩余7天及以内时才能续方，请于 ${rx.supply.renewalOpensOn} 起再申请`,
    });
    expect(await renewalsOf(wang, xiuying.id)).toEqual([]);
  });
});

describe('requesting a renewal', () => {
  it.each([
    ['no glucose for a diabetic', { stabilityCheck: { ...stable, fastingGlucose: undefined }, fulfilment: 'pickup', pickupFacilityId: 'x' }, 'stabilityCheck.fastingGlucose', '空腹血糖'],
    ['no pickup point', { stabilityCheck: stable, fulfilment: 'pickup' }, 'pickupFacilityId', '请选择取药点'],
    ['a pickup point outside the person’s facilities', { stabilityCheck: stable, fulfilment: 'pickup', pickupFacilityId: 'elsewhere' }, 'pickupFacilityId', '建档或签约'],
    ['no delivery address', { stabilityCheck: stable, fulfilment: 'delivery' }, 'delivery', '收货地址'],
    ['a short address', { stabilityCheck: stable, fulfilment: 'delivery', delivery: { recipientName: '张建国', phone: '13800001001', address: '东岭村' } }, 'delivery.address', '详细地址'],
    ['an impossible blood pressure', { stabilityCheck: { ...stable, bloodPressure: { systolic: 400, diastolic: 80 } }, fulfilment: 'pickup' }, 'stabilityCheck.bloodPressure.systolic', '60-300'],
  ])('refuses %s, naming the field, and changes nothing', async (_, body, field, message) => {
    const [rx] = await prescriptionsOf(zhang, mother.id);
    const res = await requestRenewal(zhang, mother.id, rx.id, body);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message).toContain(message);
    expect(await renewalsOf(zhang, mother.id)).toEqual([]);
    expect((await prescriptionsOf(zhang, mother.id))[0]).toMatchObject({ openRenewalId: null, reviewFlag: null });
  });

  it('keeps other families out (404) and asks for separate consent first', async () => {
    const [rx] = await prescriptionsOf(zhang, mother.id);
    const body = { stabilityCheck: stable, fulfilment: 'pickup', pickupFacilityId: dongling };
    expect((await requestRenewal(wang, mother.id, rx.id, body)).status).toBe(404);
    const wrongRx = await requestRenewal(wang, xiuying.id, rx.id, body);
    expect(wrongRx.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'prescriptionId' });
    expect((await app.api(`/api/v1/me/family/${mother.id}/long-prescriptions`, { headers: wang })).status).toBe(404);
    const chen = await residentHeaders(app, 'chen');
    expect((await app.api(`/api/v1/me/family/${mother.id}/long-prescriptions`, { headers: chen })).body.error.code).toBe('CONSENT_REQUIRED');
  });

  it('records a stable request for the doctor, offering the contract’s township and village clinic for pickup', async () => {
    const points = (await app.api(`/api/v1/me/family/${mother.id}/pickup-points`, { headers: zhang })).body.items;
    expect(points.map((p: { name: string; reason: string }) => [p.name, p.reason])).toEqual([
      ['青石镇中心卫生院', '签约团队所在卫生院'],
      ['青石镇东岭村卫生室', '签约村卫生室'],
    ]);
    const [rx] = await prescriptionsOf(zhang, mother.id);
    const res = await requestRenewal(zhang, mother.id, rx.id, { stabilityCheck: stable, fulfilment: 'pickup', pickupFacilityId: dongling });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending_review', statusLabel: '待医生审核', patientName: '李*芳', medicineSummary: '苯磺酸氨氯地平片等2种', pickupFacility: { name: '青石镇东岭村卫生室' }, stopReasons: [] });
    const twice = await requestRenewal(zhang, mother.id, rx.id, { stabilityCheck: stable, fulfilment: 'pickup', pickupFacilityId: dongling });
    expect(twice.body.error).toMatchObject({ code: 'CONFLICT', field: 'prescriptionId' });
    expect((await prescriptionsOf(zhang, mother.id))[0].openRenewalId).toBe(res.body.id);
  });
});

describe('the doctor’s review', () => {
  let renewalId: string;
  let otherRenewalId: string;

  it('lists the team’s patients first, then others of the facility, oldest first', async () => {
    // 张建国 (registered at 青石镇, not contracted) gets a prescription that opens for renewal 22 days on.
    await app.api(`/api/v1/staff/patients/${jianguo.personId}/chronic-conditions`, { headers: qsDoctor, body: { code: 'I10' } });
    const drugs = (await app.api('/api/v1/staff/formulary?q=YP-XST-80', { headers: qsDoctor })).body.items;
    const issued = await app.api(`/api/v1/staff/patients/${jianguo.personId}/long-prescriptions`, {
      headers: qsDoctor,
      body: { items: [{ drugId: drugs[0].id, conditionCode: 'I10', dose: 1, frequency: 'qd', daysOfSupply: 28 }], inPerson: true },
    });
    expect(issued.status).toBe(201);
    app.clock.advance(22 * DAY);
    const theirs = await requestRenewal(zhang, jianguo.id, issued.body.id, { stabilityCheck: stable, fulfilment: 'pickup', pickupFacilityId: dongling });
    expect(theirs.status).toBe(201);
    otherRenewalId = theirs.body.id;
    renewalId = (await renewalsOf(zhang, mother.id))[0].id;

    const queue = (await app.api('/api/v1/staff/renewals', { headers: qsDoctor })).body.items;
    expect(queue.map((r: { id: string; myTeam: boolean; patientName: string }) => [r.patientName, r.myTeam])).toEqual([
      ['李桂芳', true],
      ['张建国', false],
    ]);
    expect(queue[0]).not.toHaveProperty('stabilityCheck');
  });

  it('hides the renewal from a doctor outside the team and the facility (404) and from other roles (403)', async () => {
    const outside = await doctorElsewhere(app);
    expect((await app.api('/api/v1/staff/renewals', { headers: outside })).body.items).toEqual([]);
    expect((await app.api(`/api/v1/staff/renewals/${renewalId}`, { headers: outside })).status).toBe(404);
    expect((await app.api(`/api/v1/staff/renewals/${renewalId}/approve`, { headers: outside, body: {} })).status).toBe(404);
    expect((await app.api(`/api/v1/staff/renewals/${renewalId}/reject`, { headers: outside, body: { reason: '请面诊' } })).status).toBe(404);
    const nurse = await staffHeaders(app, 'qs.nurse');
    expect((await app.api(`/api/v1/staff/renewals/${renewalId}/approve`, { headers: nurse, body: {} })).status).toBe(403);
    expect((await renewalsOf(zhang, mother.id))[0].status).toBe('pending_review');
  });

  it('issues exactly one renewed prescription when two doctors approve at once', async () => {
    const [a, b] = await Promise.all([
      app.api(`/api/v1/staff/renewals/${renewalId}/approve`, { headers: qsDoctor, body: { healthAdvice: '每天快走30分钟' } }),
      app.api(`/api/v1/staff/renewals/${renewalId}/approve`, { headers: dlDoctor, body: { healthAdvice: '每天快走30分钟' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.error).toMatchObject({ code: 'CONFLICT', field: 'renewalId' });

    const all = (await app.api(`/api/v1/staff/patients/${mother.personId}/long-prescriptions`, { headers: qsDoctor })).body.items;
    expect(all.map((p: { status: string }) => p.status).sort()).toEqual(['active', 'renewed']);
    const renewed = all.find((p: { status: string }) => p.status === 'active');
    expect(renewed).toMatchObject({ isFirst: false, healthAdvice: '每天快走30分钟', supply: { daysLeft: 28, renewalOpen: false } });
    const pharmacist = await staffHeaders(app, 'pharmacist');
    const board = (await app.api('/api/v1/staff/pharmacy/orders', { headers: pharmacist })).body.items;
    expect(board.filter((o: { personId: string }) => o.personId === mother.personId)).toHaveLength(1);

    const mine = (await renewalsOf(zhang, mother.id))[0];
    expect(mine).toMatchObject({ status: 'approved', newPrescriptionId: renewed.id, orderId: board[0].id });
    const messages = (await app.api('/api/v1/me/messages', { headers: zhang })).body.items;
    expect(messages.filter((m: { type: string }) => m.type === 'renewal_approved')).toHaveLength(1);
  });

  it('cannot approve or reject a renewal twice', async () => {
    const again = await app.api(`/api/v1/staff/renewals/${renewalId}/approve`, { headers: qsDoctor, body: {} });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('已通过');
    expect((await app.api(`/api/v1/staff/renewals/${renewalId}/reject`, { headers: qsDoctor, body: { reason: '重复' } })).status).toBe(409);
    const all = (await app.api(`/api/v1/staff/patients/${mother.personId}/long-prescriptions`, { headers: qsDoctor })).body.items;
    expect(all).toHaveLength(2);
  });

  it('rejects with a reason the family reads', async () => {
    const missing = await app.api(`/api/v1/staff/renewals/${otherRenewalId}/reject`, { headers: qsDoctor, body: {} });
    expect(missing.body.error.field).toBe('reason');
    const res = await app.api(`/api/v1/staff/renewals/${otherRenewalId}/reject`, { headers: dlDoctor, body: { reason: '近期血压波动，请来卫生院面诊' } });
    expect(res.status).toBe(200);
    expect(res.body.renewal).toMatchObject({ status: 'rejected', rejectReason: '近期血压波动，请来卫生院面诊' });
    const mine = (await renewalsOf(zhang, jianguo.id))[0];
    expect(mine).toMatchObject({ status: 'rejected', statusLabel: '未通过', rejectReason: '近期血压波动，请来卫生院面诊' });
    const messages = (await app.api('/api/v1/me/messages', { headers: zhang })).body.items;
    expect(messages.find((m: { type: string }) => m.type === 'renewal_rejected').body).toContain('近期血压波动');
    const log = (await app.api('/api/v1/me/access-log', { headers: zhang })).body.items;
    expect(log.some((e: { action: string; personName: string }) => e.action === 'prescription.view' && e.personName === '李*芳')).toBe(true);
  });
});

describe('stop conditions', () => {
  it('routes an uncontrolled patient to the family doctor with a booking link and flags the prescription', async () => {
    // 王秀英's prescription (issued 5 days before the demo's today) is renewable 22 days on.
    const [rx] = await prescriptionsOf(wang, xiuying.id);
    expect(rx.supply.renewalOpen).toBe(true);
    const res = await requestRenewal(wang, xiuying.id, rx.id, {
      stabilityCheck: { bloodPressure: { systolic: 172, diastolic: 104 }, sideEffects: 'none', hospitalisedSinceLastPrescription: true, newDiagnosis: false },
      fulfilment: 'delivery',
      delivery: { recipientName: '王秀英', phone: '13900002001', address: '云溪县柳河镇河口村5组18号' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'needs_visit',
      statusLabel: '需面诊评估',
      stopReasons: [
        { code: 'hospitalised', message: '上次开药后曾住院治疗，需要医生重新评估用药' },
        { code: 'blood_pressure_not_controlled', message: '血压 172/104 mmHg 未控制达标（收缩压≥160 或舒张压≥100）' },
      ],
      advice: expect.stringContaining('请到家庭医生处面诊'),
      booking: { facility: { name: '柳河镇中心卫生院' }, doctor: { id: expect.any(String) }, link: expect.stringMatching(/^\/packages\/booking\/pages\/index\/index\?facilityId=/) },
      delivery: { recipientName: '王*英', phone: '139****2001', address: '云溪县柳河镇****' },
    });
    const [flagged] = await prescriptionsOf(wang, xiuying.id);
    expect(flagged.reviewFlag.reason).toContain('住院');
    const again = await requestRenewal(wang, xiuying.id, rx.id, { stabilityCheck: { ...stable, fastingGlucose: undefined }, fulfilment: 'pickup', pickupFacilityId: 'x' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('请先到家庭医生处复诊');

    const liuheDoctor = await doctorAt(app, 'lh.doctor', '柳河镇中心卫生院');
    const toReview = (await app.api('/api/v1/staff/renewals?status=needs_visit', { headers: liuheDoctor })).body.items;
    expect(toReview.map((r: { id: string }) => r.id)).toEqual([res.body.id]);
    expect((await app.api('/api/v1/staff/renewals?status=needs_visit', { headers: qsDoctor })).body.items).toEqual([]);

    const raw = await app.deps.database.db.selectFrom('renewal_request').select(['address_enc', 'phone_enc']).where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(raw.address_enc).not.toContain('河口村');
    expect(app.deps.crypto.decrypt(raw.address_enc!)).toBe('云溪县柳河镇河口村5组18号');
  });

  it('opens renewals again once a doctor of the facility has reviewed the patient', async () => {
    const [rx] = await prescriptionsOf(wang, xiuying.id);
    const liuheDoctor = await doctorAt(app, 'lh.doctor', '柳河镇中心卫生院');
    expect((await app.api(`/api/v1/staff/long-prescriptions/${rx.id}/resume`, { method: 'POST', headers: qsDoctor })).status).toBe(404);
    const resumed = await app.api(`/api/v1/staff/long-prescriptions/${rx.id}/resume`, { method: 'POST', headers: liuheDoctor });
    expect(resumed.body).toMatchObject({ status: 'active', reviewFlag: null });
    expect((await app.api(`/api/v1/staff/long-prescriptions/${rx.id}/resume`, { method: 'POST', headers: liuheDoctor })).status).toBe(409);
    const points = (await app.api(`/api/v1/me/family/${xiuying.id}/pickup-points`, { headers: wang })).body.items;
    const res = await requestRenewal(wang, xiuying.id, rx.id, { stabilityCheck: { ...stable, fastingGlucose: undefined }, fulfilment: 'pickup', pickupFacilityId: points[0].id });
    expect(res.body).toMatchObject({ status: 'pending_review', pickupFacility: { name: '柳河镇中心卫生院' } });
  });
});
