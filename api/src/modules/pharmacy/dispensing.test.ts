import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { familyOf, residentHeaders, staffHeaders } from '@ygt/test/support/actors';
import { startTestApp, type TestApp } from '@ygt/test/support/harness';
import { pharmacistElsewhere } from '../prescriptions/test-support';

let app: TestApp;
let zhang: Record<string, string>;
let wang: Record<string, string>;
let qsDoctor: Record<string, string>;
let pharmacist: Record<string, string>;
let mother: { id: string; personId: string };
let dongling: string;

const DAY = 86_400_000;
const stable = { bloodPressure: { systolic: 128, diastolic: 82 }, fastingGlucose: 6.5, sideEffects: 'mild', hospitalisedSinceLastPrescription: false, newDiagnosis: false };
const ADDRESS = '云溪县青石镇东岭村3组12号';

beforeAll(async () => {
  app = await startTestApp();
  [zhang, wang, qsDoctor, pharmacist] = await Promise.all([
    residentHeaders(app, 'zhang'),
    residentHeaders(app, 'wang'),
    staffHeaders(app, 'qs.doctor'),
    staffHeaders(app, 'pharmacist'),
  ]);
  mother = (await familyOf(app, zhang)).find((m) => m.relation === 'parent')!;
  dongling = (await app.api('/api/v1/facilities?level=village')).body.items.find((f: { name: string }) => f.name === '青石镇东岭村卫生室').id;
});
afterAll(() => app?.close());

const activePrescription = async () =>
  ((await app.api(`/api/v1/me/family/${mother.id}/long-prescriptions`, { headers: zhang })).body.items as any[]).find((p) => p.status === 'active');
const order = async (id: string) => (await app.api(`/api/v1/me/medicine-orders/${id}`, { headers: zhang })).body;
const board = (path: string, headers = pharmacist, body?: unknown) => app.api(`/api/v1/staff/pharmacy/orders/${path}`, { method: 'POST', headers, body });
const clinic = (path: string, headers: Record<string, string>, body?: unknown) => app.api(`/api/v1/staff/clinic/medicine-orders/${path}`, { method: 'POST', headers, body });

/** The resident asks, the family doctor approves: the order waits for 审方. */
async function renewAndApprove(fulfilment: Record<string, unknown>): Promise<{ renewalId: string; orderId: string }> {
  const rx = await activePrescription();
  const asked = await app.api(`/api/v1/me/family/${mother.id}/long-prescriptions/${rx.id}/renewals`, { headers: zhang, body: { stabilityCheck: stable, ...fulfilment } });
  expect(asked.status).toBe(201);
  const approved = await app.api(`/api/v1/staff/renewals/${asked.body.id}/approve`, { headers: qsDoctor, body: {} });
  expect(approved.status).toBe(200);
  return { renewalId: asked.body.id, orderId: approved.body.renewal.orderId };
}

/** 审方通过 and the resident pays the co-pay with the demo provider. */
async function reviewAndPay(orderId: string) {
  const reviewed = await board(`${orderId}/approve`);
  expect(reviewed.body.state).toBe('awaiting_payment');
  const paying = await app.api(`/api/v1/me/medicine-orders/${orderId}/pay`, { method: 'POST', headers: zhang });
  const paymentOrderId = paying.body.coPay.paymentOrderId;
  expect((await app.api(`/api/v1/payments/orders/${paymentOrderId}/prepay`, { method: 'POST', headers: zhang })).body.provider).toBe('demo');
  expect((await app.api(`/api/v1/payments/orders/${paymentOrderId}/demo-confirm`, { method: 'POST', headers: zhang })).body.state).toBe('paid');
  return paymentOrderId as string;
}

describe('renewal to pickup at the village clinic', () => {
  let orderId: string;
  let renewalId: string;

  it('goes to the pharmacist of the central pharmacy only; a pharmacist elsewhere and other roles cannot see or act', async () => {
    ({ orderId, renewalId } = await renewAndApprove({ fulfilment: 'pickup', pickupFacilityId: dongling }));
    const elsewhere = await pharmacistElsewhere(app);
    expect((await app.api('/api/v1/staff/pharmacy/orders', { headers: elsewhere })).body.items).toEqual([]);
    expect((await app.api(`/api/v1/staff/pharmacy/orders/${orderId}`, { headers: elsewhere })).status).toBe(404);
    expect((await board(`${orderId}/approve`, elsewhere)).status).toBe(404);
    expect((await board(`${orderId}/return`, elsewhere, { reason: '剂量有误' })).status).toBe(404);
    expect((await app.api('/api/v1/staff/pharmacy/orders', { headers: qsDoctor })).status).toBe(403);
    expect((await app.api(`/api/v1/me/medicine-orders/${orderId}`, { headers: wang })).status).toBe(404);

    const summary = (await app.api('/api/v1/staff/pharmacy/orders', { headers: pharmacist })).body.items;
    expect(summary).toEqual([expect.objectContaining({ id: orderId, state: 'pharmacist_review', patientName: '李桂芳', itemCount: 2, pickupFacility: { id: dongling, name: '青石镇东岭村卫生室' } })]);
    expect((await order(orderId)).state).toBe('pharmacist_review');
  });

  it('returns to the doctor with a reason: the renewal waits again and the earlier prescription is back in force', async () => {
    expect((await board(`${orderId}/dispense`)).status).toBe(409);
    expect((await board(`${orderId}/return`, pharmacist, {})).body.error.field).toBe('reason');
    const returned = await board(`${orderId}/return`, pharmacist, { reason: '二甲双胍与近期肾功能结果需医生确认' });
    expect(returned.body).toMatchObject({ state: 'returned_to_doctor', returnReason: '二甲双胍与近期肾功能结果需医生确认' });

    const renewal = (await app.api(`/api/v1/me/renewals/${renewalId}`, { headers: zhang })).body;
    expect(renewal).toMatchObject({ status: 'pending_review', pharmacistNote: '二甲双胍与近期肾功能结果需医生确认', orderId: null });
    const queue = (await app.api('/api/v1/staff/renewals', { headers: qsDoctor })).body.items;
    expect(queue[0]).toMatchObject({ id: renewalId, returnedByPharmacist: true });
    const statuses = (await app.api(`/api/v1/staff/patients/${mother.personId}/long-prescriptions`, { headers: qsDoctor })).body.items.map((p: { status: string }) => p.status);
    expect(statuses.sort()).toEqual(['active', 'voided']);

    const again = await app.api(`/api/v1/staff/renewals/${renewalId}/approve`, { headers: qsDoctor, body: { assessment: '肾功能正常，继续原方案' } });
    expect(again.status).toBe(200);
    orderId = again.body.renewal.orderId;
  });

  it('settles the insurance share at 审方 and waits for the co-pay before dispensing', async () => {
    const reviewed = await board(`${orderId}/approve`);
    expect(reviewed.status).toBe(200);
    const { coPay } = reviewed.body;
    expect(coPay.itemsTotalFen).toBe(920);
    expect(coPay.insuranceFen).toBeGreaterThan(0);
    expect(coPay.amountFen).toBe(coPay.itemsTotalFen - coPay.insuranceFen);
    expect(coPay.benefitLabel).toBe('门诊慢特病（高血压）、门诊慢特病（2型糖尿病）');
    expect(coPay.steps.join('')).toContain('统筹基金支付');
    expect((await board(`${orderId}/approve`)).status).toBe(409);
    expect((await board(`${orderId}/dispense`)).body.error.message).toContain('待支付自付部分');

    const mine = await order(orderId);
    expect(mine).toMatchObject({ state: 'awaiting_payment', cancellable: true, pickupCode: null });
    const paying = await app.api(`/api/v1/me/medicine-orders/${orderId}/pay`, { method: 'POST', headers: zhang });
    const payment = await app.api(`/api/v1/payments/orders/${paying.body.coPay.paymentOrderId}`, { headers: zhang });
    expect(payment.body).toMatchObject({ payableType: 'prescription', payableId: orderId, amountFen: coPay.amountFen });
    await app.api(`/api/v1/payments/orders/${payment.body.id}/prepay`, { method: 'POST', headers: zhang });
    await app.api(`/api/v1/payments/orders/${payment.body.id}/demo-confirm`, { method: 'POST', headers: zhang });
    expect(await order(orderId)).toMatchObject({ state: 'to_dispense', coPay: { paidAt: expect.any(Number) } });
  });

  it('dispenses, packs and sends to the village clinic (not by courier)', async () => {
    expect((await board(`${orderId}/dispense`)).body.state).toBe('dispensed');
    expect((await app.api(`/api/v1/me/medicine-orders/${orderId}/cancel`, { method: 'POST', headers: zhang })).status).toBe(409);
    expect((await board(`${orderId}/pack`)).body.state).toBe('packed');
    const courier = await board(`${orderId}/ship`, pharmacist, { courier: '中国邮政', trackingNo: 'YZ1234567890' });
    expect(courier.status).toBe(409);
    expect((await board(`${orderId}/send-to-clinic`)).body.state).toBe('sent_to_clinic');
    // The renewed supply runs from the day it was dispensed.
    expect((await activePrescription()).supply).toMatchObject({ daysLeft: 28, renewalOpen: false });
  });

  it('is received by the pickup clinic, which alone sees it; the family gets the pickup code', async () => {
    const lhNurse = await staffHeaders(app, 'lh.nurse');
    expect((await clinic(`${orderId}/receive`, lhNurse)).status).toBe(404);
    expect((await app.api(`/api/v1/staff/clinic/medicine-orders/${orderId}`, { headers: lhNurse })).status).toBe(404);
    const qsNurse = await staffHeaders(app, 'qs.nurse');
    expect((await app.api('/api/v1/staff/clinic/medicine-orders', { headers: qsNurse })).body.items.map((o: { id: string }) => o.id)).toEqual([orderId]);

    const dlDoctor = await staffHeaders(app, 'dl.doctor');
    const received = await clinic(`${orderId}/receive`, dlDoctor);
    expect(received.body).toMatchObject({ state: 'ready_for_pickup', pickupCode: null });
    const mine = await order(orderId);
    expect(mine).toMatchObject({ state: 'ready_for_pickup', stateLabel: '待取药' });
    expect(mine.pickupCode).toMatch(/^\d{6}$/);
    const message = (await app.api('/api/v1/me/messages', { headers: zhang })).body.items.find((m: { type: string }) => m.type === 'medicine_ready_for_pickup');
    expect(message.body).toContain(`取药码 ${mine.pickupCode}`);
    expect(message.body).toContain('青石镇东岭村卫生室');
  });

  it('hands out on the right code to a recorded proxy, and shows the whole timeline', async () => {
    const qsNurse = await staffHeaders(app, 'qs.nurse');
    const { pickupCode } = await order(orderId);
    const wrong = await clinic(`${orderId}/pick-up`, qsNurse, { pickupCode: pickupCode === '000000' ? '111111' : '000000' });
    expect(wrong.body.error).toMatchObject({ field: 'pickupCode' });
    const badProxy = await clinic(`${orderId}/pick-up`, qsNurse, { pickupCode, proxy: { name: '张建国', idNumber: '110105194912310021' } });
    expect(badProxy.body.error.field).toBe('proxy.idNumber');
    expect((await order(orderId)).state).toBe('ready_for_pickup');

    const picked = await clinic(`${orderId}/pick-up`, qsNurse, { pickupCode, proxy: { name: '张建国', idNumber: '11010519491231002X' } });
    expect(picked.body).toMatchObject({ state: 'picked_up', pickedUpBy: { kind: 'proxy', proxyName: '张*国', proxyIdNumber: '1101**********002X' } });
    const raw = await app.deps.database.db.selectFrom('medicine_order').select('proxy_id_enc').where('id', '=', orderId).executeTakeFirstOrThrow();
    expect(raw.proxy_id_enc).not.toContain('11010519491231002X');

    const mine = await order(orderId);
    expect(mine.pickupCode).toBeNull();
    expect(mine.timeline.map((e: { action: string }) => e.action)).toEqual(['requested', 'renewal_approved', 'approve', 'pay', 'dispense', 'pack', 'send_to_clinic', 'receive', 'pick_up']);
    expect(mine.timeline.every((e: { actorName: string; at: number }) => e.actorName && e.at > 0)).toBe(true);
    expect(mine.timeline.at(-1)).toMatchObject({ label: '已取药', facilityName: '青石镇东岭村卫生室', note: '代取：张*国（1101**********002X）' });
    const log = (await app.api('/api/v1/me/access-log', { headers: zhang })).body.items;
    expect(log.some((e: { actorName: string; action: string }) => e.actorName === '林淑珍' && e.action === 'prescription.view')).toBe(true);
  });
});

describe('home delivery, and cancelling before dispensing', () => {
  it('refunds a paid co-pay, reverses the insurance settlement and restores the earlier prescription', async () => {
    app.clock.advance(22 * DAY);
    const { orderId, renewalId } = await renewAndApprove({
      fulfilment: 'delivery',
      delivery: { recipientName: '张建国', phone: '13800001001', address: ADDRESS },
    });
    const mine = await order(orderId);
    expect(mine.delivery).toEqual({ recipientName: '张*国', phone: '138****1001', address: '云溪县青石镇****' });
    const stored = await app.deps.database.db.selectFrom('medicine_order').select(['address_enc', 'phone_enc']).where('id', '=', orderId).executeTakeFirstOrThrow();
    expect(`${stored.address_enc}${stored.phone_enc}`).not.toMatch(/东岭村|13800001001/);

    await reviewAndPay(orderId);
    const cancelled = await app.api(`/api/v1/me/medicine-orders/${orderId}/cancel`, { method: 'POST', headers: zhang });
    expect(cancelled.body).toMatchObject({ state: 'cancelled', coPay: { refundedAt: expect.any(Number) } });
    expect(cancelled.body.timeline.map((e: { action: string }) => e.action).slice(-2)).toEqual(['cancel', 'refunded']);
    expect((await app.api(`/api/v1/me/renewals/${renewalId}`, { headers: zhang })).body.status).toBe('cancelled');
    const settlements = await app.deps.database.db.selectFrom('insurance_settlement').select(['state', 'reversal_of']).where('source_id', '=', orderId).execute();
    expect(settlements.filter((s) => s.reversal_of === null).map((s) => s.state)).toEqual(['reversed', 'reversed']);
    const rx = await activePrescription();
    expect(rx.supply.renewalOpen).toBe(true);
    expect((await board(`${orderId}/dispense`)).status).toBe(409);
  });

  it('ships by courier with a tracking number and tells the family', async () => {
    const { orderId } = await renewAndApprove({ fulfilment: 'delivery', delivery: { recipientName: '张建国', phone: '13800001001', address: ADDRESS } });
    await reviewAndPay(orderId);
    await board(`${orderId}/dispense`);
    await board(`${orderId}/pack`);
    expect((await board(`${orderId}/send-to-clinic`)).status).toBe(409);
    const noTracking = await board(`${orderId}/ship`, pharmacist, { courier: '中国邮政', trackingNo: '单号' });
    expect(noTracking.body.error.field).toBe('trackingNo');
    const shipped = await board(`${orderId}/ship`, pharmacist, { courier: '中国邮政', trackingNo: 'YZ1234567890' });
    expect(shipped.body).toMatchObject({ state: 'shipped', courier: '中国邮政', trackingNo: 'YZ1234567890' });
    const message = (await app.api('/api/v1/me/messages', { headers: zhang })).body.items.find((m: { type: string }) => m.type === 'medicine_shipped');
    expect(message.body).toContain('YZ1234567890');
    expect((await board(`${orderId}/deliver`)).body.state).toBe('delivered');
    expect((await order(orderId)).timeline.at(-1)).toMatchObject({ action: 'deliver', label: '已签收', actorName: '林淑珍' });
  });
});
