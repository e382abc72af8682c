import { addDays } from '@ygt/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeWechatPay, testMerchant } from '@ygt/test/fakes/wechatpay';
import { staffHeaders } from '@ygt/test/support/actors';
import { startTestApp, type TestApp } from '@ygt/test/support/harness';
import { book, bookingRow, createSchedule, doctorsAt, facilityByCode, newResidents, scheduleOf, startOfTestDay, type TestResident } from '../booking/testing';
import { reconcilePayments } from './reconcile';

const merchant = testMerchant();
let fake: FakeWechatPay;
let app: TestApp;
let today: string;
let nurse: Record<string, string>;
let township: { id: string };
let doctors: Awaited<ReturnType<typeof doctorsAt>>;
let nextDoctor = 0;

beforeAll(async () => {
  fake = await new FakeWechatPay({ appId: merchant.appId, mchId: merchant.mchId, serialNo: merchant.serialNo, publicKey: merchant.publicKey }).start();
  app = await startTestApp({ env: fake.env(merchant.privateKeyPem, 'https://pay.ygt.example.cn/api/v1/payments/wechat/notify') });
  fake.deliverTo = app.url;
  fake.now = () => app.clock.now();
  ({ today } = startOfTestDay(app));
  nurse = await staffHeaders(app, 'qs.nurse');
  township = await facilityByCode(app, 'YX-T01');
  doctors = await doctorsAt(app, township.id);
});
afterAll(async () => {
  await app?.close();
  await fake?.stop();
});
beforeEach(() => {
  fake.refundCompletesAfterMs = 10;
});

/** A 5-yuan evening session with `places` places, with a doctor of its own so tests never clash. */
async function feeSchedule(places = 1) {
  const doctor = doctors[nextDoctor++ % doctors.length];
  return createSchedule(app, nurse, { facilityId: township.id, departmentId: doctor.departmentId, doctorId: doctor.id, date: addDays(today, 1 + Math.floor(nextDoctor / doctors.length)), capacityPerSegment: places, feeFen: 500 });
}

async function orderOf(p: TestResident, bookingId: string) {
  const res = await app.api(`/api/v1/payments/orders?payableType=booking&payableId=${bookingId}`, { headers: p.headers });
  expect(res.body.items).toHaveLength(1);
  return res.body.items[0] as { id: string; outTradeNo: string; amountFen: number; state: string; expiresAt: number; refunds: { state: string; amountFen: number }[] };
}

async function bookAndPrepay(p: TestResident, slotId: string) {
  const booked = await book(app, p, slotId);
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  const order = await orderOf(p, booked.body.id);
  expect((await app.api(`/api/v1/payments/orders/${order.id}/prepay`, { method: 'POST', headers: p.headers })).status).toBe(200);
  return { booking: booked.body, order };
}

const status = async (id: string) => (await bookingRow(app, id)).status;
const paidEntries = (orderId: string) => app.deps.database.db.selectFrom('payment_ledger').select('id').where('order_id', '=', orderId).where('event', '=', 'paid').execute();

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const until = Date.now() + 3000;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('registration fees through WeChat Pay', () => {
  it('a booking with a fee holds its place unpaid; paid it awaits staff confirmation', async () => {
    const [p] = await newResidents(app, 1);
    const s = await feeSchedule();
    const { booking, order } = await bookAndPrepay(p, s.slots[0].id);
    expect(booking).toMatchObject({ status: 'pending_payment', feeFen: 500, holdExpiresAt: order.expiresAt });
    expect(order).toMatchObject({ amountFen: 500, state: 'created', expiresAt: app.clock.now() + 15 * 60_000 });
    expect((await scheduleOf(app, s.id)).slots[0]).toMatchObject({ booked: 1, remaining: 0 });
    // Staff cannot confirm what is not paid.
    expect((await app.api(`/api/v1/staff/bookings/${booking.id}/confirm`, { method: 'POST', headers: nurse, body: {} })).status).toBe(409);

    expect(await fake.pay(order.outTradeNo, { copies: 2 })).toEqual([204, 204]);
    expect(await status(booking.id)).toBe('pending_confirmation');
    expect(await paidEntries(order.id)).toHaveLength(1);
    const seen = await app.api(`/api/v1/me/bookings/${booking.id}`, { headers: p.headers });
    expect(seen.body).toMatchObject({ status: 'pending_confirmation', statusLabel: '待确认' });
    expect(seen.body.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['pending_payment', 'pending_confirmation']);
    expect((await app.api(`/api/v1/staff/bookings/${booking.id}/confirm`, { method: 'POST', headers: nurse, body: {} })).body.status).toBe('confirmed');
  });

  it('an unpaid booking releases its place after the timeout, exactly once, with several instances reconciling', async () => {
    const [p, q] = await newResidents(app, 2);
    const s = await feeSchedule(2);
    const unpaid = await bookAndPrepay(p, s.slots[0].id);
    const paid = await bookAndPrepay(q, s.slots[0].id);
    await fake.pay(paid.order.outTradeNo);
    expect((await scheduleOf(app, s.id)).slots[0].booked).toBe(2);

    app.clock.advance(15 * 60_000 + 1);
    await Promise.all([reconcilePayments(app.deps), reconcilePayments(app.deps), reconcilePayments(app.deps)]);
    await reconcilePayments(app.deps);
    expect(await status(unpaid.booking.id)).toBe('expired');
    expect(await status(paid.booking.id)).toBe('pending_confirmation');
    expect((await scheduleOf(app, s.id)).slots[0]).toMatchObject({ booked: 1, remaining: 1 });
    expect((await orderOf(p, unpaid.booking.id)).state).toBe('closed');
    expect(fake.transactions.get(unpaid.order.outTradeNo)!.trade_state).toBe('CLOSED');
    // Too late to pay now.
    expect((await app.api(`/api/v1/payments/orders/${unpaid.order.id}/prepay`, { method: 'POST', headers: p.headers })).status).toBe(409);
  });

  it('a rejected paid booking is refunded in full once, even when the refund call is retried', async () => {
    fake.refundCompletesAfterMs = null;
    const [p] = await newResidents(app, 1);
    const s = await feeSchedule();
    const { booking, order } = await bookAndPrepay(p, s.slots[0].id);
    await fake.pay(order.outTradeNo);
    fake.misbehaveOnce('refund', 'lose_answer');
    const rejected = await app.api(`/api/v1/staff/bookings/${booking.id}/reject`, { headers: nurse, body: { reason: '医生临时外出' } });
    expect(rejected.body.status).toBe('rejected');
    expect((await orderOf(p, booking.id)).refunds).toMatchObject([{ state: 'requested', amountFen: 500 }]);
    // Rejecting again changes nothing; the reconciliation job retries the same out_refund_no.
    expect((await app.api(`/api/v1/staff/bookings/${booking.id}/reject`, { headers: nurse, body: { reason: '医生临时外出' } })).status).toBe(409);
    app.clock.advance(5 * 60_000);
    await reconcilePayments(app.deps);
    await reconcilePayments(app.deps);
    expect(fake.countRequests('refund')).toBeGreaterThanOrEqual(2);
    const refunds = [...fake.refunds.values()].filter((r) => r.out_trade_no === order.outTradeNo);
    expect(refunds).toHaveLength(1);
    await fake.completeRefund(refunds[0].out_refund_no);
    expect(await orderOf(p, booking.id)).toMatchObject({ state: 'refunded', refunds: [{ state: 'succeeded', amountFen: 500 }] });
    expect(fake.refundedFen(order.outTradeNo)).toBe(500);
    expect((await scheduleOf(app, s.id)).slots[0].booked).toBe(0);
    const messages = (await app.api('/api/v1/me/messages', { headers: p.headers })).body.items.map((m: { type: string }) => m.type);
    expect(messages).toEqual(expect.arrayContaining(['booking_rejected', 'refund_completed']));
  });

  it('cancelling a paid booking before the deadline refunds in full; cancelling an unpaid one closes its order', async () => {
    const [p, q] = await newResidents(app, 2);
    const s = await feeSchedule(2);
    const paid = await bookAndPrepay(p, s.slots[0].id);
    await fake.pay(paid.order.outTradeNo);
    expect((await app.api(`/api/v1/me/bookings/${paid.booking.id}/cancel`, { headers: p.headers, body: {} })).body.status).toBe('cancelled');
    const refunded = await eventually(() => orderOf(p, paid.booking.id), (o) => o.state === 'refunded');
    expect(refunded.refunds).toMatchObject([{ state: 'succeeded', amountFen: 500 }]);

    const unpaid = await bookAndPrepay(q, s.slots[0].id);
    expect((await app.api(`/api/v1/me/bookings/${unpaid.booking.id}/cancel`, { headers: q.headers, body: {} })).body.status).toBe('cancelled');
    expect((await orderOf(q, unpaid.booking.id)).state).toBe('closed');
    expect(fake.transactions.get(unpaid.order.outTradeNo)!.trade_state).toBe('CLOSED');
    expect((await scheduleOf(app, s.id)).slots[0].booked).toBe(0);
  });

  it('money that arrives for a booking cancelled meanwhile goes back in full', async () => {
    const [p] = await newResidents(app, 1);
    const s = await feeSchedule();
    const { booking, order } = await bookAndPrepay(p, s.slots[0].id);
    // The resident paid in WeChat, the notification is late, and they cancel in the app.
    fake.completePayment(order.outTradeNo);
    await app.api(`/api/v1/me/bookings/${booking.id}/cancel`, { headers: p.headers, body: {} });
    expect(await status(booking.id)).toBe('cancelled');
    const settled = await eventually(() => orderOf(p, booking.id), (o) => o.state === 'refunded');
    expect(settled.state).toBe('refunded');
    expect(fake.refundedFen(order.outTradeNo)).toBe(500);
    expect(await fake.notifyPayment(order.outTradeNo)).toEqual([204]);
    expect(await paidEntries(order.id)).toHaveLength(1);
    expect((await scheduleOf(app, s.id)).slots[0].booked).toBe(0);
  });
});
