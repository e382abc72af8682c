import { randomBytes, verify } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeWechatPay, testMerchant } from '@ygt/test/fakes/wechatpay';
import { residentHeaders, staffHeaders } from '@ygt/test/support/actors';
import { startTestApp, type TestApp } from '@ygt/test/support/harness';
import { addDays, localDate, toEpochMs } from '@ygt/shared';
import type { Db } from '../../db';
import { reconcilePayments } from './reconcile';
import { registerPayable } from './registry';
import { createPaymentOrder, scheduleRefund, refundPayable } from './service';

/**
 * The payments module against the fake WeChat Pay server (platform-certificate mode), with a
 * test payable that records its hooks. Booking's own payable is proven in booking-payments.test.ts.
 */
const merchant = testMerchant();
const NOTIFY_URL = 'https://pay.ygt.example.cn/api/v1/payments/wechat/notify';
let fake: FakeWechatPay;
let app: TestApp;
let headers: Record<string, string>;
let accountId: string;
let facilityId: string;
const hooks: { hook: 'paid' | 'closed' | 'refunded'; payableId: string }[] = [];
// A payable that can no longer take money (e.g. cancelled while the resident was paying).
const gone = new Set<string>();

registerPayable('test_fee', {
  async onPaid(_deps, _tx, payableId) {
    hooks.push({ hook: 'paid', payableId });
    if (gone.has(payableId)) return { refund: { reasonKey: 'payable_gone', reason: '业务已取消，原路退回' } };
  },
  async onClosed(_deps, _tx, payableId) {
    hooks.push({ hook: 'closed', payableId });
  },
  async onRefunded(_deps, _tx, payableId) {
    hooks.push({ hook: 'refunded', payableId });
  },
});

beforeAll(async () => {
  fake = await new FakeWechatPay({ appId: merchant.appId, mchId: merchant.mchId, serialNo: merchant.serialNo, publicKey: merchant.publicKey }).start();
  app = await startTestApp({ env: fake.env(merchant.privateKeyPem, NOTIFY_URL) });
  fake.deliverTo = app.url;
  fake.now = () => app.clock.now();
  headers = await residentHeaders(app, 'zhang');
  accountId = (await app.api('/api/v1/me', { headers })).body.accountId;
  facilityId = (await app.deps.database.db.selectFrom('facility').select('id').where('code', '=', 'YX-T01').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await app?.close();
  await fake?.stop();
});
beforeEach(() => {
  fake.retryDelaysMs = [20, 40];
  fake.refundCompletesAfterMs = 10;
});

const db = () => app.deps.database.db;
const hooksOf = (payableId: string) => hooks.filter((h) => h.payableId === payableId).map((h) => h.hook);
const order = (id: string) => db().selectFrom('payment_order').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const ledger = (id: string, event?: string) =>
  db()
    .selectFrom('payment_ledger')
    .selectAll()
    .where('order_id', '=', id)
    .$if(event !== undefined, (q) => q.where('event', '=', event!))
    .execute();
const securityEvents = (kind: string) => db().selectFrom('payment_security_event').selectAll().where('kind', '=', kind).execute();

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 3000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function newOrder(amountFen = 1250) {
  const payableId = `fee-${randomBytes(5).toString('hex')}`;
  const row = await db()
    .transaction()
    .execute((tx) => createPaymentOrder(app.deps, tx, { payableType: 'test_fee', payableId, accountId, personId: null, facilityId, amountFen, description: '青石镇中心卫生院 全科 挂号费' }));
  return { ...row, payableId };
}

async function prepaid(amountFen?: number) {
  const o = await newOrder(amountFen);
  const res = await app.api(`/api/v1/payments/orders/${o.id}/prepay`, { method: 'POST', headers });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { ...o, prepay: res.body };
}

async function paidOrder(amountFen?: number) {
  const o = await prepaid(amountFen);
  expect(await fake.pay(o.out_trade_no)).toEqual([204]);
  return o;
}

/** Everything a wrong notification must leave alone. */
async function snapshot(id: string) {
  return { order: await order(id), paid: (await ledger(id, 'paid')).length, hooks: hooksOf((await order(id)).payable_id) };
}

describe('prepay (JSAPI)', () => {
  it('returns the five wx.requestPayment fields, signed by the merchant key, and the order is paying', async () => {
    const o = await prepaid();
    const p = o.prepay;
    expect(p.provider).toBe('wechat');
    expect(Object.keys(p.requestPayment).sort()).toEqual(['nonceStr', 'package', 'paySign', 'signType', 'timeStamp']);
    expect(p.requestPayment.package).toMatch(/^prepay_id=wx/);
    const signed = `${merchant.appId}\n${p.requestPayment.timeStamp}\n${p.requestPayment.nonceStr}\n${p.requestPayment.package}\n`;
    expect(verify('RSA-SHA256', Buffer.from(signed), merchant.publicKey, Buffer.from(p.requestPayment.paySign, 'base64'))).toBe(true);
    expect((await order(o.id)).state).toBe('paying');
    // The fake accepted our Authorization signature and saw the order as we sent it.
    expect(fake.requests.every((r) => r.authorized)).toBe(true);
    expect(fake.transactions.get(o.out_trade_no)).toMatchObject({ total: 1250, openid: 'demo:zhang', description: '青石镇中心卫生院 全科 挂号费' });
  });

  it('answers 503 when WeChat Pay fails and leaves the order unpaid; another family gets 404', async () => {
    const o = await newOrder();
    fake.misbehaveOnce('prepay', 'fail');
    const res = await app.api(`/api/v1/payments/orders/${o.id}/prepay`, { method: 'POST', headers });
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/微信支付暂时不可用/);
    expect((await order(o.id)).state).toBe('created');
    const wang = await residentHeaders(app, 'wang');
    expect((await app.api(`/api/v1/payments/orders/${o.id}/prepay`, { method: 'POST', headers: wang })).status).toBe(404);
    expect((await app.api(`/api/v1/payments/orders/${o.id}`, { headers: wang })).status).toBe(404);
  });
});

describe('payment notifications', () => {
  it('pay -> notified -> paid, once; the platform certificate is downloaded from /v3/certificates', async () => {
    const o = await prepaid();
    expect(await fake.pay(o.out_trade_no)).toEqual([204]);
    const after = await order(o.id);
    expect(after).toMatchObject({ state: 'paid', transaction_id: fake.transactions.get(o.out_trade_no)!.transaction_id });
    expect(await ledger(o.id, 'paid')).toHaveLength(1);
    expect(hooksOf(o.payableId)).toEqual(['paid']);
    expect(fake.countRequests('certificates')).toBe(1);
    const view = await app.api(`/api/v1/payments/orders/${o.id}`, { headers });
    expect(view.body).toMatchObject({ state: 'paid', stateLabel: '已支付', amountFen: 1250 });
  });

  it('applies duplicate notifications once', async () => {
    const o = await prepaid();
    expect(await fake.pay(o.out_trade_no, { copies: 3 })).toEqual([204, 204, 204]);
    expect(await ledger(o.id, 'paid')).toHaveLength(1);
    expect(await ledger(o.id, 'notified')).toHaveLength(3);
    expect(hooksOf(o.payableId)).toEqual(['paid']);
  });

  it('applies concurrent duplicate notifications once', async () => {
    const o = await prepaid();
    expect(await fake.pay(o.out_trade_no, { concurrent: 6 })).toEqual([204, 204, 204, 204, 204, 204]);
    expect((await order(o.id)).state).toBe('paid');
    expect(await ledger(o.id, 'paid')).toHaveLength(1);
    expect(hooksOf(o.payableId)).toEqual(['paid']);
  });

  it.each([
    ['bad_signature', { forgeSignature: true }, 401],
    ['bad_signature', { tamperBody: (b: string) => b.replace('"summary":"支付成功"', '"summary":"支付成功 "') }, 401],
    ['stale_timestamp', { timestampShiftSec: -301 }, 400],
    ['stale_timestamp', { timestampShiftSec: 400 }, 400],
    ['amount_mismatch', { resource: { amount: { total: 1, payer_total: 1, currency: 'CNY' } } }, 400],
    ['appid_mismatch', { resource: { appid: 'wx-someone-else' } }, 400],
    ['mchid_mismatch', { resource: { mchid: '1900000999' } }, 400],
    ['unknown_order', { resource: { out_trade_no: 'YGT00000000000000000000000000' } }, 400],
    ['unknown_serial', { serial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1' }, 401],
  ])('refuses %s (%j) with %i, changes nothing, records a security event; WeChat Pay retries', async (kind, tweaks, status) => {
    const o = await prepaid();
    fake.completePayment(o.out_trade_no);
    const before = await snapshot(o.id);
    const eventsBefore = (await securityEvents(kind)).length;
    const statuses = await fake.deliver(fake.transactionNotification(fake.transactions.get(o.out_trade_no)!, tweaks as never));
    expect(statuses).toEqual([status, status, status]);
    expect(await snapshot(o.id)).toEqual(before);
    expect((await order(o.id)).state).toBe('paying');
    expect((await securityEvents(kind)).length).toBe(eventsBefore + 3);
  });

  it('downloads platform certificates at most once a minute for unknown serials', async () => {
    const downloads = fake.countRequests('certificates');
    const o = await prepaid();
    fake.retryDelaysMs = [];
    for (let i = 0; i < 3; i++) await fake.deliver(fake.transactionNotification(fake.transactions.get(o.out_trade_no)!, { serial: `7A${i}0F09EFDC096DE15EBE81A47057A7232F1B8E1` }));
    expect(fake.countRequests('certificates') - downloads).toBeLessThanOrEqual(1);
    app.clock.advance(61_000);
    await fake.deliver(fake.transactionNotification(fake.transactions.get(o.out_trade_no)!, { serial: '7AF00F09EFDC096DE15EBE81A47057A7232F1B8E1' }));
    expect(fake.countRequests('certificates') - downloads).toBeLessThanOrEqual(2);
  });
});

describe('no path marks an order paid without WeChat Pay saying so', () => {
  it('a man in the middle answering a query with SUCCESS is not believed', async () => {
    const o = await prepaid();
    const t = fake.transactions.get(o.out_trade_no)!;
    fake.misbehaveOnce('query', {
      forge: { appid: t.appid, mchid: t.mchid, out_trade_no: t.out_trade_no, transaction_id: '4200000000000000000000000001', trade_state: 'SUCCESS', amount: { total: 1250 } },
    });
    const res = await app.api(`/api/v1/payments/orders/${o.id}?sync=1`, { headers });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('paying');
    expect(await ledger(o.id, 'paid')).toHaveLength(0);
  });

  it('sync after wx.requestPayment asks WeChat Pay: unpaid stays paying, paid becomes paid', async () => {
    const o = await prepaid();
    expect((await app.api(`/api/v1/payments/orders/${o.id}?sync=1`, { headers })).body.state).toBe('paying');
    fake.completePayment(o.out_trade_no);
    expect((await app.api(`/api/v1/payments/orders/${o.id}?sync=1`, { headers })).body.state).toBe('paid');
    expect(await ledger(o.id, 'paid')).toMatchObject([{ source: 'query' }]);
  });

  it('the demo confirmation does not exist with WeChat Pay', async () => {
    const o = await prepaid();
    expect((await app.api(`/api/v1/payments/orders/${o.id}/demo-confirm`, { method: 'POST', headers })).status).toBe(404);
    expect((await order(o.id)).state).toBe('paying');
  });
});

describe('reconciliation', () => {
  it('recovers a lost notification by querying after RECONCILE_AFTER_MINUTES', async () => {
    const o = await prepaid();
    fake.completePayment(o.out_trade_no);
    await reconcilePayments(app.deps);
    expect((await order(o.id)).state).toBe('paying');
    app.clock.advance(5 * 60_000);
    const report = await reconcilePayments(app.deps);
    expect(report.paid).toBeGreaterThanOrEqual(1);
    expect((await order(o.id)).state).toBe('paid');
    expect(await ledger(o.id, 'paid')).toMatchObject([{ source: 'query' }]);
    expect(hooksOf(o.payableId)).toEqual(['paid']);
    // The late notification then changes nothing.
    expect(await fake.notifyPayment(o.out_trade_no)).toEqual([204]);
    expect(await ledger(o.id, 'paid')).toHaveLength(1);
  });

  it('closes an unpaid order after the timeout, at WeChat Pay first, releasing the payable once even with several instances', async () => {
    const o = await prepaid();
    const closesBefore = fake.countRequests('close');
    app.clock.advance(15 * 60_000 + 1);
    await Promise.all([reconcilePayments(app.deps), reconcilePayments(app.deps), reconcilePayments(app.deps)]);
    expect(await order(o.id)).toMatchObject({ state: 'closed', payable_key: null });
    expect(fake.transactions.get(o.out_trade_no)!.trade_state).toBe('CLOSED');
    expect(fake.countRequests('close') - closesBefore).toBeGreaterThanOrEqual(1);
    expect(hooksOf(o.payableId)).toEqual(['closed']);
    expect(await ledger(o.id, 'closed')).toHaveLength(1);
    await reconcilePayments(app.deps);
    expect(hooksOf(o.payableId)).toEqual(['closed']);
    const res = await app.api(`/api/v1/payments/orders/${o.id}/prepay`, { method: 'POST', headers });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ field: 'orderId', message: expect.stringMatching(/已关闭/) });
  });

  it('an unpaid order never prepaid is closed without asking WeChat Pay to close it', async () => {
    const o = await newOrder();
    const closesBefore = fake.countRequests('close');
    app.clock.advance(15 * 60_000 + 1);
    await reconcilePayments(app.deps);
    expect((await order(o.id)).state).toBe('closed');
    expect(fake.countRequests('close')).toBe(closesBefore);
    expect(hooksOf(o.payableId)).toEqual(['closed']);
  });

  it('money that lands after the order closed is recorded and refunded in full', async () => {
    const o = await prepaid();
    app.clock.advance(15 * 60_000 + 1);
    await reconcilePayments(app.deps);
    expect((await order(o.id)).state).toBe('closed');
    // WeChat Pay reports a payment that raced the close.
    const t = fake.transactions.get(o.out_trade_no)!;
    t.trade_state = 'NOTPAY';
    expect(await fake.pay(o.out_trade_no)).toEqual([204]);
    const settled = await eventually(() => order(o.id), (r) => r.state === 'refunded');
    expect(settled).toMatchObject({ state: 'refunded', refunded_fen: 1250 });
    // The payable released its hold at closing and never hears of this money.
    expect(hooksOf(o.payableId)).toEqual(['closed']);
    expect(fake.refundedFen(o.out_trade_no)).toBe(1250);
  });
});

describe('refunds', () => {
  it('refunds once even when the answer is lost and the request is retried with the same out_refund_no', async () => {
    fake.refundCompletesAfterMs = null;
    const o = await paidOrder();
    fake.misbehaveOnce('refund', 'lose_answer');
    const first = await refundPayable(app.deps, { payableType: 'test_fee', payableId: o.payableId, reasonKey: 'staff_rejected', reason: '医院未通过预约' });
    expect(first).toMatchObject({ state: 'requested', amount_fen: 1250 });
    expect((await db().selectFrom('payment_refund').selectAll().where('id', '=', first!.id).executeTakeFirstOrThrow()).state).toBe('requested');
    // Staff press again, and the reconciliation job retries too.
    const again = await refundPayable(app.deps, { payableType: 'test_fee', payableId: o.payableId, reasonKey: 'staff_rejected', reason: '医院未通过预约' });
    expect(again!.id).toBe(first!.id);
    app.clock.advance(10 * 60_000);
    await reconcilePayments(app.deps);
    expect(fake.countRequests('refund')).toBeGreaterThanOrEqual(2);
    expect([...fake.refunds.values()].filter((r) => r.out_trade_no === o.out_trade_no)).toHaveLength(1);
    expect((await order(o.id)).state).toBe('refunding');
    expect(await fake.completeRefund(first!.out_refund_no)).toEqual([204]);
    expect(await order(o.id)).toMatchObject({ state: 'refunded', refunded_fen: 1250, refund_count: 1 });
    expect(fake.refundedFen(o.out_trade_no)).toBe(1250);
    expect(hooksOf(o.payableId)).toEqual(['paid', 'refunded']);
    // A duplicate refund notification changes nothing.
    expect(await fake.completeRefund(first!.out_refund_no)).toEqual([204]);
    expect(await ledger(o.id, 'refund_succeeded')).toHaveLength(1);
    const messages = await db().selectFrom('message').selectAll().where('dedupe_key', 'like', `refund_completed:${first!.id}:%`).execute();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ type: 'refund_completed', account_id: accountId });
    const view = await app.api(`/api/v1/payments/refunds/${first!.id}`, { headers });
    expect(view.body.refunds).toMatchObject([{ state: 'succeeded', stateLabel: '退款成功', amountFen: 1250, receivedAccount: '支付用户零钱' }]);
  });

  it('a refund still processing is confirmed by query when its notification is lost', async () => {
    fake.refundCompletesAfterMs = null;
    const o = await paidOrder(800);
    const refund = await refundPayable(app.deps, { payableType: 'test_fee', payableId: o.payableId, reasonKey: 'cancelled', reason: '患者取消' });
    expect((await db().selectFrom('payment_refund').select('state').where('id', '=', refund!.id).executeTakeFirstOrThrow()).state).toBe('processing');
    await fake.completeRefund(refund!.out_refund_no, { notify: false });
    app.clock.advance(5 * 60_000);
    await reconcilePayments(app.deps);
    expect(await order(o.id)).toMatchObject({ state: 'refunded', refunded_fen: 800 });
  });

  it('a payable that can no longer take the money gets it refunded in full', async () => {
    const o = await prepaid();
    gone.add(o.payableId);
    await fake.pay(o.out_trade_no);
    const settled = await eventually(() => order(o.id), (r) => r.state === 'refunded');
    expect(settled.refunded_fen).toBe(1250);
  });

  it('partial refunds: never more than paid, at most 50, not after 365 days', async () => {
    const o = await paidOrder(100);
    const tx = <T>(fn: (t: Db) => Promise<T>) => db().transaction().execute(fn);
    await tx((t) => scheduleRefund(app.deps, t, { orderId: o.id, reasonKey: 'part_1', reason: '部分退款', amountFen: 60 }));
    await expect(tx((t) => scheduleRefund(app.deps, t, { orderId: o.id, reasonKey: 'part_2', reason: '部分退款', amountFen: 41 }))).rejects.toMatchObject({ field: 'amountFen' });
    const rows = await db().selectFrom('payment_order').select(['refund_reserved_fen', 'refund_count']).where('id', '=', o.id).executeTakeFirstOrThrow();
    expect(rows).toEqual({ refund_reserved_fen: 60, refund_count: 1 });

    const many = await paidOrder(100);
    await db().updateTable('payment_order').set({ refund_count: 50 }).where('id', '=', many.id).execute();
    await expect(tx((t) => scheduleRefund(app.deps, t, { orderId: many.id, reasonKey: 'part_51', reason: '部分退款', amountFen: 1 }))).rejects.toMatchObject({
      code: 'LIMIT_REACHED',
      message: expect.stringMatching(/50次/),
    });

    const old = await paidOrder(100);
    app.clock.advance(366 * 24 * 3600_000);
    await expect(tx((t) => scheduleRefund(app.deps, t, { orderId: old.id, reasonKey: 'late', reason: '退款' }))).rejects.toMatchObject({ message: expect.stringMatching(/365天/) });
    expect(await db().selectFrom('payment_refund').selectAll().where('order_id', '=', old.id).execute()).toHaveLength(0);
  });
});

describe('console', () => {
  it('shows payment and refund records to staff of the paid facility only, audited', async () => {
    const o = await paidOrder();
    const nurse = await staffHeaders(app, 'qs.nurse');
    const res = await app.api(`/api/v1/staff/payments?payableType=test_fee&payableId=${o.payableId}`, { headers: nurse });
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({ state: 'paid', transactionId: expect.any(String) });
    expect(res.body.items[0].ledger.map((l: { event: string }) => l.event)).toEqual(['order_created', 'prepay', 'notified', 'paid']);
    const other = await staffHeaders(app, 'lh.nurse');
    expect((await app.api(`/api/v1/staff/payments?payableType=test_fee&payableId=${o.payableId}`, { headers: other })).status).toBe(404);
    const bad = await app.api('/api/v1/staff/payments?payableType=Booking!&payableId=x', { headers: nurse });
    expect(bad.body.error.field).toBe('payableType');
  });

  it('gives community admins a daily reconciliation summary', async () => {
    // A fresh day (9:00 local) with one payment kept, one refunded, one closed and one refused notification.
    app.clock.ms = toEpochMs(addDays(localDate(app.clock.now()), 2), '09:00');
    await reconcilePayments(app.deps);
    const day = localDate(app.clock.now());
    await paidOrder(1000);
    const refunded = await paidOrder(600);
    await refundPayable(app.deps, { payableType: 'test_fee', payableId: refunded.payableId, reasonKey: 'cancelled', reason: '患者取消' });
    await eventually(() => order(refunded.id), (r) => r.state === 'refunded');
    const closing = await prepaid(300);
    fake.retryDelaysMs = [];
    await fake.deliver(fake.transactionNotification(fake.transactions.get(closing.out_trade_no)!, { forgeSignature: true }));
    app.clock.advance(15 * 60_000 + 1);
    await reconcilePayments(app.deps);
    const admin = await staffHeaders(app, 'admin');
    const res = await app.api(`/api/v1/staff/payments/reconciliation?date=${day}`, { headers: admin });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      date: day,
      provider: 'wechat',
      ordersCreated: 3,
      paid: { count: 2, amountFen: 1600 },
      refunded: { count: 1, amountFen: 600 },
      closed: 1,
      netFen: 1000,
      byPayableType: [{ payableType: 'test_fee', paid: { count: 2, amountFen: 1600 }, refunded: { count: 1, amountFen: 600 } }],
      attention: { refusedNotifications: 1, refundsAbnormal: 0 },
    });
    const nurse = await staffHeaders(app, 'qs.nurse');
    expect((await app.api(`/api/v1/staff/payments/reconciliation?date=2026-01-01`, { headers: nurse })).status).toBe(403);
    expect((await app.api(`/api/v1/staff/payments/reconciliation?date=20260101`, { headers: admin })).body.error.field).toBe('date');
  });
});
