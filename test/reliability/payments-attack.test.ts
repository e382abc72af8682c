import { addDays } from '@ygt/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { book, createSchedule, doctorsAt, facilityByCode, newResidents, startOfTestDay, type TestResident } from '../../api/src/modules/booking/testing';
import { reconcilePayments } from '../../api/src/modules/payments/reconcile';
import { type BuiltNotification, FakeWechatPay, testMerchant } from '../fakes/wechatpay';
import { staffHeaders } from '../support/actors';
import { startTestApp, type TestApp } from '../support/harness';
import { slotInvariantViolations } from './invariants';

/**
 * Payments under attack, beyond the payments module's own cases: property tests over random
 * mutations of a valid WeChat Pay notification (bytes, headers, timestamps, a stranger's key),
 * and over random orders of genuine notifications (replayed, delayed, out of order). A booking
 * is the payable, so the place, the booking and the money are checked together.
 */
const merchant = testMerchant();
const NOTIFY_URL = 'https://pay.ygt.example.cn/api/v1/payments/wechat/notify';
let fake: FakeWechatPay;
let app: TestApp;
let scheduleSlot: string;

beforeAll(async () => {
  fake = await new FakeWechatPay({ appId: merchant.appId, mchId: merchant.mchId, serialNo: merchant.serialNo, publicKey: merchant.publicKey }).start();
  app = await startTestApp({ env: fake.env(merchant.privateKeyPem, NOTIFY_URL) });
  fake.deliverTo = app.url;
  fake.now = () => app.clock.now();
  // Refused notifications are not retried here: each property run sends exactly what it generated.
  fake.retryDelaysMs = [];
  fake.refundCompletesAfterMs = null;
  const { today } = startOfTestDay(app);
  const nurse = await staffHeaders(app, 'qs.nurse');
  const township = await facilityByCode(app, 'YX-T01');
  const [doctor] = await doctorsAt(app, township.id);
  const schedule = await createSchedule(app, nurse, { facilityId: township.id, departmentId: doctor.departmentId, doctorId: doctor.id, date: addDays(today, 2), capacityPerSegment: 200, feeFen: 500 });
  scheduleSlot = schedule.slots[0].id;
}, 60_000);
afterAll(async () => {
  await app?.close();
  await fake?.stop();
});

const db = () => app.deps.database.db;

/** A resident with a booking waiting for its fee, prepaid at WeChat Pay. */
async function prepaidBooking(): Promise<{ resident: TestResident; bookingId: string; orderId: string; outTradeNo: string }> {
  const [resident] = await newResidents(app, 1);
  const booked = await book(app, resident, scheduleSlot);
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  const order = (await app.api(`/api/v1/payments/orders?payableType=booking&payableId=${booked.body.id}`, { headers: resident.headers })).body.items[0];
  expect((await app.api(`/api/v1/payments/orders/${order.id}/prepay`, { method: 'POST', headers: resident.headers })).status).toBe(200);
  return { resident, bookingId: booked.body.id, orderId: order.id, outTradeNo: order.outTradeNo };
}

/** Everything money touches for one order: the order, its decisive ledger lines, the booking, its refunds. */
async function moneyState(orderId: string, bookingId: string) {
  const order = await db().selectFrom('payment_order').select(['state', 'transaction_id', 'paid_at', 'closed_at', 'refunded_fen', 'refund_reserved_fen']).where('id', '=', orderId).executeTakeFirstOrThrow();
  const ledger = await db().selectFrom('payment_ledger').select('event').where('order_id', '=', orderId).where('event', 'in', ['paid', 'closed', 'refund_requested', 'refund_succeeded']).execute();
  const booking = await db().selectFrom('booking').select(['status', 'active_key']).where('id', '=', bookingId).executeTakeFirstOrThrow();
  const refunds = await db().selectFrom('payment_refund').select(['state', 'amount_fen', 'reason_key']).where('order_id', '=', orderId).execute();
  return { order, ledger: ledger.map((l) => l.event).sort(), booking, refunds };
}

/** One delivery, as WeChat Pay (or someone posing as it) would POST it; no retry. */
const deliverOnce = (n: BuiltNotification) =>
  fetch(`${app.url}/api/v1/payments/wechat/notify`, { method: 'POST', headers: n.headers, body: n.body }).then(async (r) => {
    await r.text();
    return r.status;
  });

// ---- an attacker's notifications ----------------------------------------------------------------------

type Mutation =
  | { kind: 'char'; at: number; char: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'header'; name: 'wechatpay-timestamp' | 'wechatpay-nonce' | 'wechatpay-signature' | 'wechatpay-serial'; value: string }
  | { kind: 'stale'; shiftSec: number }
  | { kind: 'stranger'; resource: Record<string, unknown> }
  | { kind: 'content-type'; value: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('char' as const), at: fc.nat(), char: fc.string({ minLength: 1, maxLength: 1 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('header' as const),
    name: fc.constantFrom('wechatpay-timestamp', 'wechatpay-nonce', 'wechatpay-signature', 'wechatpay-serial'),
    value: fc.oneof(fc.string({ maxLength: 40 }), fc.base64String({ maxLength: 344 }), fc.integer().map(String), fc.constantFrom('', 'PUB_KEY_ID_0000', '0', '-1', '1e309')),
  }).map((m) => ({ ...m, value: m.value.replace(/[^\x20-\x7e]/g, '') })),
  fc.record({ kind: fc.constant('stale' as const), shiftSec: fc.oneof(fc.integer({ min: 301, max: 10_000_000 }), fc.integer({ min: -10_000_000, max: -301 })) }),
  fc.record({
    kind: fc.constant('stranger' as const),
    resource: fc.record(
      {
        trade_state: fc.constantFrom('SUCCESS', 'REFUND', 'CLOSED'),
        amount: fc.constantFrom({ total: 500, payer_total: 500, currency: 'CNY' }, { total: 1, payer_total: 1, currency: 'CNY' }),
        mchid: fc.constantFrom(merchant.mchId, '1900000999'),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({ kind: fc.constant('content-type' as const), value: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml') }),
);

function mutate(n: BuiltNotification, m: Mutation, t: Parameters<FakeWechatPay['transactionNotification']>[0]): BuiltNotification | null {
  switch (m.kind) {
    case 'char': {
      const at = m.at % n.body.length;
      if (n.body[at] === m.char) return null;
      return { ...n, body: n.body.slice(0, at) + m.char + n.body.slice(at + 1) };
    }
    case 'truncate':
      return { ...n, body: n.body.slice(0, m.at % n.body.length) };
    case 'header':
      if (n.headers[m.name] === m.value) return null;
      return { ...n, headers: { ...n.headers, [m.name]: m.value } };
    case 'stale':
      return fake.transactionNotification(t, { timestampShiftSec: m.shiftSec });
    case 'stranger':
      return fake.transactionNotification(t, { forgeSignature: true, resource: m.resource });
    case 'content-type':
      return { ...n, headers: { ...n.headers, 'content-type': m.value } };
  }
}

describe('notifications an attacker can make change nothing', () => {
  it('random mutations of a valid success notification (bytes, headers, stale or future timestamps, a stranger’s key) are refused with 4xx', async () => {
    const target = await prepaidBooking();
    const t = fake.completePayment(target.outTradeNo);
    const before = await moneyState(target.orderId, target.bookingId);
    let refusedCount = 0;
    await fc.assert(
      fc.asyncProperty(mutationArb, async (m) => {
        const forged = mutate(fake.transactionNotification(t), m, t);
        if (!forged) return;
        const status = await deliverOnce(forged);
        expect(status, JSON.stringify(m)).toBeGreaterThanOrEqual(400);
        expect(status, JSON.stringify(m)).toBeLessThan(500);
        expect(await moneyState(target.orderId, target.bookingId)).toEqual(before);
        refusedCount++;
      }),
      { numRuns: 60 },
    );
    expect(refusedCount).toBeGreaterThan(40);
    expect(before.order.state).toBe('paying');
    // The genuine one still works afterwards: nothing the attacker sent poisoned the order.
    expect(await deliverOnce(fake.transactionNotification(t))).toBe(204);
    expect((await moneyState(target.orderId, target.bookingId)).ledger).toEqual(['paid']);
    expect(await slotInvariantViolations(app.deps)).toEqual([]);
  });

  it('another order’s genuine success replayed at this one is refused (its out_trade_no is inside the signed, encrypted resource)', async () => {
    const mine = await prepaidBooking();
    const theirs = await prepaidBooking();
    const before = await moneyState(mine.orderId, mine.bookingId);
    const paidTheirs = fake.completePayment(theirs.outTradeNo);
    // Delivered to our endpoint, their notification can only ever settle their order.
    expect(await deliverOnce(fake.transactionNotification(paidTheirs))).toBe(204);
    expect(await moneyState(mine.orderId, mine.bookingId)).toEqual(before);
    expect((await moneyState(theirs.orderId, theirs.bookingId)).order.state).toBe('paid');
  });
});

// ---- genuine notifications, replayed, delayed and out of order --------------------------------------------

describe('genuine notifications in any order, any number of times', () => {
  it('NOTPAY, SUCCESS and CLOSED facts in random order and multiplicity: paid at most once, never money without a place', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('notpay', 'success', 'closed', 'success-copy'), { minLength: 1, maxLength: 7 }), fc.boolean(), async (sequence, concurrently) => {
        const target = await prepaidBooking();
        const unpaid = { ...fake.transactions.get(target.outTradeNo)! };
        const closed = fake.transactionNotification(unpaid, { resource: { trade_state: 'CLOSED' } });
        const notpay = fake.transactionNotification(unpaid);
        const paidT = fake.completePayment(target.outTradeNo);
        const success = fake.transactionNotification(paidT);
        const pick = { notpay, closed, success, 'success-copy': success } as const;
        const statuses = concurrently ? await Promise.all(sequence.map((s) => deliverOnce(pick[s]))) : [];
        if (!concurrently) for (const s of sequence) statuses.push(await deliverOnce(pick[s]));
        expect(statuses.every((s) => s === 204)).toBe(true);

        const state = await moneyState(target.orderId, target.bookingId);
        const paid = sequence.some((s) => s.startsWith('success'));
        expect(state.ledger.filter((e) => e === 'paid')).toHaveLength(paid ? 1 : 0);
        expect(state.ledger.filter((e) => e === 'closed').length).toBeLessThanOrEqual(1);
        const active = state.booking.active_key !== null;
        if (paid && active) {
          // Paid and still holding its place: no money goes back.
          expect(state.booking.status).toBe('pending_confirmation');
          expect(state.refunds).toEqual([]);
        } else if (paid) {
          // The order closed before the money landed: the place was freed, the money goes back in full.
          expect(state.booking.status).toBe('expired');
          expect(state.refunds).toEqual([expect.objectContaining({ amount_fen: 500, reason_key: 'paid_after_close' })]);
        } else {
          expect(state.refunds).toEqual([]);
        }
      }),
      { numRuns: 25 },
    );
    expect(await slotInvariantViolations(app.deps)).toEqual([]);
  });

  it('a refund notification before its refund exists is refused; after success, replays and a late payment notice change nothing', async () => {
    const target = await prepaidBooking();
    const paidT = fake.completePayment(target.outTradeNo);
    const success = fake.transactionNotification(paidT);
    expect(await deliverOnce(success)).toBe(204);

    // Cancel: the refund is submitted and stays processing at WeChat Pay.
    const cancelled = await app.api(`/api/v1/me/bookings/${target.bookingId}/cancel`, { headers: target.resident.headers, body: {} });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const [refund] = [...fake.refunds.values()].filter((r) => r.out_trade_no === target.outTradeNo);
    const early = fake.refundNotification({ ...refund, status: 'SUCCESS', out_refund_no: `${refund.out_refund_no}X` });
    expect(await deliverOnce(early)).toBe(400);

    await fake.completeRefund(refund.out_refund_no, { notify: false });
    const refundDone = fake.refundNotification(refund);
    expect(await deliverOnce(refundDone)).toBe(204);
    const settled = await moneyState(target.orderId, target.bookingId);
    expect(settled.order.state).toBe('refunded');
    expect(settled.ledger).toEqual(['paid', 'refund_requested', 'refund_succeeded']);

    for (const late of [refundDone, success, refundDone, fake.transactionNotification(paidT)]) expect(await deliverOnce(late)).toBe(204);
    expect(await moneyState(target.orderId, target.bookingId)).toEqual(settled);
  });

  it('a genuine notification held back past 5 minutes is refused as stale, and the payment is still not lost: reconciliation finds it', async () => {
    const target = await prepaidBooking();
    const held = fake.transactionNotification(fake.completePayment(target.outTradeNo));
    app.clock.advance(6 * 60_000);
    try {
      expect(await deliverOnce(held)).toBe(400);
      expect((await moneyState(target.orderId, target.bookingId)).order.state).toBe('paying');
      await reconcilePayments(app.deps);
      const state = await moneyState(target.orderId, target.bookingId);
      expect(state.order.state).toBe('paid');
      expect(state.ledger).toEqual(['paid']);
      expect(state.booking.status).toBe('pending_confirmation');
    } finally {
      app.clock.advance(-6 * 60_000);
    }
  });
});
