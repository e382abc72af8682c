import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { addDays, localDate } from '@ygt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../api/src/deps';
import { createSession } from '../../api/src/http/auth';
import { runJobOnce } from '../../api/src/infra/jobs';
import type { TestResident } from '../../api/src/modules/booking/testing';
import { registerPaymentJobs } from '../../api/src/modules/payments/jobs';
import { FakeWechatPay, testMerchant } from '../fakes/wechatpay';
import type { TestClock } from '../support/harness';
import { type ApiProcess, apiProcess, call, closeSideDeps, freshMysql, type PrivateRedis, privateRedis, residentsIn, sideDeps, sleep, staffSession, until } from './cluster';
import { paymentInvariantViolations, slotInvariantViolations } from './invariants';

/**
 * Redis goes away under a booking and payment load (a Redis of the test's own, so the shared
 * one is untouched), then comes back empty. While it is away: no oversell, nothing acknowledged
 * is lost, WeChat Pay's notifications still land, health says degraded, and signing in fails
 * at once with a 503 and a Chinese message. When it returns, everything works again (sessions
 * were in Redis: people sign in again).
 */
const PLACES = 12;
const NOTIFY_URL = 'https://pay.ygt.example.cn/api/v1/payments/wechat/notify';
const FAST = 5000;

describe.runIf(process.env.TEST_MYSQL_URL)('Redis outage', () => {
  let db: Awaited<ReturnType<typeof freshMysql>>;
  let redis: PrivateRedis;
  let pay: FakeWechatPay;
  let server: ApiProcess;
  let side: AppDeps & { clock: TestClock };
  let slotIds: string[];

  beforeAll(async () => {
    db = await freshMysql();
    redis = await privateRedis();
    const merchant = testMerchant();
    pay = await new FakeWechatPay({ appId: merchant.appId, mchId: merchant.mchId, serialNo: merchant.serialNo, publicKey: merchant.publicKey }).start();
    const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, KV_PREFIX: `ygt-outage:${randomBytes(4).toString('hex')}:`, ...pay.env(merchant.privateKeyPem, NOTIFY_URL) };
    server = await apiProcess(env);
    pay.deliverTo = server.url;
    pay.retryDelaysMs = [200, 400, 800];
    side = await sideDeps(env);
    const nurse = await staffSession(server.url, 'qs.nurse');
    const facilityId = (await call(server.url, '/api/v1/facilities')).body.items.find((f: { code: string }) => f.code === 'YX-T01').id;
    const [doctor] = (await call(server.url, `/api/v1/facilities/${facilityId}/doctors`)).body.items;
    const schedule = await call(server.url, '/api/v1/staff/schedules', {
      headers: nurse,
      body: { facilityId, departmentId: doctor.departmentId, doctorId: doctor.id, date: addDays(localDate(Date.now()), 2), period: 'evening', startTime: '18:00', endTime: '19:00', capacityPerSegment: PLACES / 2, feeFen: 500 },
    });
    expect(schedule.status, JSON.stringify(schedule.body)).toBe(201);
    slotIds = schedule.body.slots.map((s: { id: string }) => s.id);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    if (side) await closeSideDeps(side);
    redis?.dispose();
    await pay?.stop();
    await db?.drop();
  });

  it('no oversell, nothing lost, degraded health and a clear 503 for sign-in while it is away; all recovers when it returns', async () => {
    const residents = await residentsIn(side, 50);
    const acknowledged = new Set<string>();
    const prepaid: string[] = [];
    const answers: { phase: string; what: string; status: number }[] = [];

    const bookAndPrepay = async (r: TestResident, phase: string) => {
      const key = randomBytes(8).toString('hex');
      const booked = await call(server.url, '/api/v1/me/bookings', { headers: { ...r.headers, 'idempotency-key': key }, body: { slotId: slotIds[Math.floor(Math.random() * slotIds.length)], memberId: r.memberId }, timeoutMs: FAST });
      answers.push({ phase, what: 'book', status: booked.status });
      if (booked.status !== 201) return booked.status;
      acknowledged.add(booked.body.id);
      const orders = await call(server.url, `/api/v1/payments/orders?payableType=booking&payableId=${booked.body.id}`, { headers: r.headers, timeoutMs: FAST });
      answers.push({ phase, what: 'orders', status: orders.status });
      if (orders.status !== 200) return 201;
      const order = orders.body.items[0];
      const prepay = await call(server.url, `/api/v1/payments/orders/${order.id}/prepay`, { method: 'POST', headers: r.headers, timeoutMs: FAST });
      answers.push({ phase, what: 'prepay', status: prepay.status });
      if (prepay.status === 200) prepaid.push(order.outTradeNo);
      return 201;
    };

    // Phase 1: a rush; Redis is shut down in the middle of it, once a few have booked and paid ahead,
    // and the rest of the rush arrives just then.
    const firstWave = residents.slice(0, 25);
    const early = Promise.all(firstWave.slice(0, 8).map(async (r, i) => (await sleep(i * 50), bookAndPrepay(r, 'rush'))));
    await until('a few bookings prepaid before the outage', async () => prepaid.length >= 3, 20_000);
    redis.stop();
    const late = Promise.all(firstWave.slice(8).map((r) => bookAndPrepay(r, 'rush')));
    const refused = [...(await early), ...(await late)];
    expect(refused.filter((s) => s === 201).length).toBeGreaterThan(0);
    expect(refused.slice(8).every((s) => s === 503)).toBe(true);

    // While Redis is away.
    const health = await call(server.url, '/api/v1/health', { timeoutMs: FAST });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'degraded', database: { status: 'up' }, kv: { status: 'down' } });
    for (const [p, body] of [
      ['/api/v1/auth/demo/login', { residentKey: 'zhang' }],
      ['/api/v1/auth/staff/login', { username: 'qs.nurse', password: 'whatever' }],
      ['/api/v1/auth/wechat/login', { code: 'any-code-0123456789' }],
    ] as const) {
      const started = Date.now();
      const res = await call(server.url, p, { body, timeoutMs: FAST });
      expect(res.status, `${p}: ${JSON.stringify(res.body)}`).toBe(503);
      expect(res.body.error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/[\u4e00-\u9fa5]+.*稍后再试/) });
      expect(Date.now() - started).toBeLessThan(3000);
    }
    // Signed-in residents are told the same, promptly; nothing is booked blind.
    const during = await Promise.all(residents.slice(25, 35).map((r) => bookAndPrepay(r, 'outage')));
    expect(during.every((s) => s === 503)).toBe(true);
    // Money keeps landing: WeChat Pay's notifications need no Redis (or are retried until they land).
    const paidDuringOutage = prepaid.slice(0, Math.ceil(prepaid.length / 2));
    expect(paidDuringOutage.length).toBeGreaterThan(0);
    for (const outTradeNo of paidDuringOutage) expect(await pay.pay(outTradeNo)).toEqual([204]);

    // Redis returns, empty: the server reconnects by itself.
    await redis.start();
    await until('health to be ok again', async () => (await call(server.url, '/api/v1/health', { timeoutMs: FAST })).body?.status === 'ok', 15_000);
    const loggedOut = await call(server.url, '/api/v1/me', { headers: residents[0].headers });
    expect(loggedOut.status).toBe(401);
    expect((await call(server.url, '/api/v1/auth/demo/login', { body: { residentKey: 'zhang' } })).status).toBe(200);

    // Phase 2: everyone signs in again; those refused before try again, newcomers too.
    await until('the side connection to Redis to be back', async () => side.kv.ping().then(() => true, () => false), 10_000);
    const secondWave = [...firstWave.filter((_, i) => refused[i] !== 201), ...residents.slice(25)];
    for (const r of secondWave) r.headers = { authorization: `Bearer ${(await createSession(side, 'resident', r.accountId)).token}` };
    await Promise.all(secondWave.map((r) => bookAndPrepay(r, 'after')));
    for (const outTradeNo of prepaid.slice(paidDuringOutage.length)) await pay.pay(outTradeNo);

    expect(answers.filter((a) => a.status >= 500 && a.status !== 503), JSON.stringify(answers)).toEqual([]);
    expect(answers.filter((a) => a.status === -1), 'a request hung').toEqual([]);
    expect(answers.filter((a) => a.phase === 'after' && a.what === 'book' && a.status === 201).length).toBeGreaterThan(0);

    // Nothing acknowledged is lost; no place is sold twice.
    const bookings = await side.database.db.selectFrom('booking').select(['id', 'status']).where('slot_id', 'in', slotIds).execute();
    for (const id of acknowledged) expect(bookings.some((b) => b.id === id), `booking ${id} was acknowledged`).toBe(true);
    expect(bookings.filter((b) => ['pending_payment', 'pending_confirmation'].includes(b.status)).length).toBe(PLACES);
    expect(await slotInvariantViolations(side, slotIds)).toEqual([]);

    // Every payment WeChat Pay took is paid here; one that missed its notification is found by reconciliation.
    registerPaymentJobs();
    side.clock.ms = Date.now() + 6 * 60_000;
    await runJobOnce(side, 'payments.reconcile', 'outage-test');
    const paidAtWechat = [...pay.transactions.values()].filter((t) => t.trade_state === 'SUCCESS').map((t) => t.out_trade_no);
    expect(paidAtWechat.length).toBe(prepaid.length);
    const orders = await side.database.db.selectFrom('payment_order').select(['out_trade_no', 'state']).where('out_trade_no', 'in', paidAtWechat).execute();
    expect(orders.map((o) => o.state)).toEqual(paidAtWechat.map(() => 'paid'));
    expect(await paymentInvariantViolations(side)).toEqual([]);
    const count = (phase: string, status: number) => answers.filter((a) => a.phase === phase && a.what === 'book' && a.status === status).length;
    console.info(`redis outage: rush ${count('rush', 201)} booked / ${count('rush', 503)} refused, outage ${count('outage', 503)} refused, after ${count('after', 201)} booked / ${count('after', 409)} sold out; ${prepaid.length} paid`);
  }, 180_000);

  it('a Redis that is connected but does not answer (paused) gets a prompt 503 too, not a hang', async () => {
    await redis.start();
    const port = new URL(redis.url).port;
    execFileSync('redis-cli', ['-p', port, 'CLIENT', 'PAUSE', '4000', 'ALL']);
    try {
      const started = Date.now();
      const [login, health] = await Promise.all([call(server.url, '/api/v1/auth/demo/login', { body: { residentKey: 'wang' }, timeoutMs: 3500 }), call(server.url, '/api/v1/health', { timeoutMs: 3500 })]);
      expect(login.status).toBe(503);
      expect(login.body.error.message).toMatch(/暂时不可用/);
      expect(health.body.status).toBe('degraded');
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      execFileSync('redis-cli', ['-p', port, 'CLIENT', 'UNPAUSE']);
    }
    await until('sign-in to work again', async () => (await call(server.url, '/api/v1/auth/demo/login', { body: { residentKey: 'wang' } })).status === 200, 10_000);
  });
});
