import { randomBytes } from 'node:crypto';
import { addDays, localDate } from '@ygt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../api/src/deps';
import { registerJob, runJobOnce } from '../../api/src/infra/jobs';
import { registerBookingJobs } from '../../api/src/modules/booking/jobs';
import { registerPaymentJobs } from '../../api/src/modules/payments/jobs';
import { FakeWechatApi } from '../fakes/wechat-api';
import type { TestClock } from '../support/harness';
import { type ApiProcess, apiProcess, call, closeSideDeps, freshMysql, residentsIn, sideDeps, sleep, staffSession, until } from './cluster';
import { paymentInvariantViolations, slotInvariantViolations } from './invariants';

/**
 * Two API instances on one MariaDB and one Redis, as behind a load balancer: a popular schedule
 * with few places and many residents booking through both (some sending the same request to
 * both); staff confirming through both at once; both outbox workers delivering. No oversell,
 * each booking once, each message sent once, each job run once.
 */
const PLACES = 10;
const RESIDENTS = 120;

describe.runIf(process.env.TEST_MYSQL_URL && process.env.TEST_REDIS_URL)('two API instances', () => {
  let db: Awaited<ReturnType<typeof freshMysql>>;
  let wechat: FakeWechatApi;
  let a: ApiProcess;
  let b: ApiProcess;
  let env: Record<string, string>;
  let side: AppDeps & { clock: TestClock };
  let other: AppDeps & { clock: TestClock };
  let nurse: Record<string, string>;
  let facilityId: string;
  let doctors: { id: string; departmentId: string }[];
  const date = addDays(localDate(Date.now()), 2);

  beforeAll(async () => {
    db = await freshMysql();
    wechat = await new FakeWechatApi().start();
    // A slow WeChat, so the two workers' batches overlap.
    wechat.sendDelayMs = 30;
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: process.env.TEST_REDIS_URL!,
      KV_PREFIX: `ygt-two:${randomBytes(4).toString('hex')}:`,
      WECHAT_API_BASE: wechat.url,
      WECHAT_APPID: wechat.appId,
      WECHAT_SECRET: wechat.secret,
    };
    // One after the other: the first migrates and seeds, the second finds it done.
    a = await apiProcess(env);
    b = await apiProcess(env);
    side = await sideDeps(env);
    other = await sideDeps(env);
    nurse = await staffSession(a.url, 'qs.nurse');
    facilityId = (await call(a.url, '/api/v1/facilities')).body.items.find((f: { code: string }) => f.code === 'YX-T01').id;
    doctors = (await call(a.url, `/api/v1/facilities/${facilityId}/doctors`)).body.items;
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    if (side) await closeSideDeps(side);
    if (other) await closeSideDeps(other);
    await wechat?.stop();
    await db?.drop();
  });

  const via = (i: number) => (i % 2 === 0 ? a : b).url;

  it(`${RESIDENTS} residents race for ${PLACES} places through both instances: exactly ${PLACES} booked, each confirmed and messaged once`, async () => {
    const schedule = await call(a.url, '/api/v1/staff/schedules', {
      headers: nurse,
      body: { facilityId, departmentId: doctors[0].departmentId, doctorId: doctors[0].id, date, period: 'evening', startTime: '18:00', endTime: '18:30', capacityPerSegment: PLACES, feeFen: 0 },
    });
    expect(schedule.status, JSON.stringify(schedule.body)).toBe(201);
    const slotId = schedule.body.slots[0].id;
    const residents = await residentsIn(side, RESIDENTS);

    // Every third resident's app retries on the other instance with the same Idempotency-Key (a lost answer).
    const answers = await Promise.all(
      residents.flatMap((r, i) => {
        const request = (url: string) => call(url, '/api/v1/me/bookings', { headers: { ...r.headers, 'idempotency-key': `two-${r.accountId}` }, body: { slotId, memberId: r.memberId } });
        return i % 3 === 0 ? [request(a.url), request(b.url)] : [request(via(i))];
      }),
    );
    expect(answers.filter((x) => x.status >= 500)).toEqual([]);
    const booked = new Set(answers.filter((x) => x.status === 201).map((x) => x.body.id as string));
    expect(booked.size).toBe(PLACES);
    for (const x of answers.filter((y) => y.status !== 201)) expect(x.body.error.code, JSON.stringify(x.body)).toMatch(/SOLD_OUT|CONFLICT/);
    const rows = await side.database.db.selectFrom('booking').select(['id', 'person_id']).where('slot_id', '=', slotId).execute();
    expect(rows.map((r) => r.id).sort()).toEqual([...booked].sort());
    expect(new Set(rows.map((r) => r.person_id)).size).toBe(PLACES);
    expect(await slotInvariantViolations(side, [slotId])).toEqual([]);

    // The desk confirms each booking through both instances at once: one wins, the other hears 409.
    const confirmations = await Promise.all([...booked].flatMap((id) => [a, b].map((s) => call(s.url, `/api/v1/staff/bookings/${id}/confirm`, { method: 'POST', headers: nurse }))));
    expect(confirmations.filter((c) => c.status === 200)).toHaveLength(PLACES);
    expect(confirmations.filter((c) => c.status === 409)).toHaveLength(PLACES);

    // Both outbox workers run (every 2 s); every message goes out exactly once.
    const pages = [...booked].map((id) => `packages/booking/pages/detail/index?id=${encodeURIComponent(id)}`);
    await until('the confirmations to be sent', async () => pages.every((p) => wechat.subscribeMessages.some((m) => m.page === p)), 30_000);
    await sleep(2500);
    const sent = wechat.subscribeMessages.filter((m) => pages.includes(m.page!));
    expect(sent).toHaveLength(PLACES);
    expect(wechat.sendAttempts).toBe(wechat.subscribeMessages.length);
    const outbox = await side.database.db.selectFrom('outbox').select(['status', 'attempts']).execute();
    expect(outbox.filter((o) => o.status !== 'done')).toEqual([]);
    expect(outbox.every((o) => o.attempts === 1)).toBe(true);
  });

  it('a single-instance job runs in one instance at a time; the reconciliation job, run by both at once, closes each expired hold once', async () => {
    // A probe job: how many run at once, and how many rounds had a runner.
    let running = 0;
    let overlapped = false;
    let runs = 0;
    registerJob('reliability.probe', 60_000, async () => {
      running++;
      runs++;
      if (running > 1) overlapped = true;
      await sleep(40);
      running--;
    });
    for (let round = 0; round < 10; round++) {
      const ran = await Promise.all([runJobOnce(side, 'reliability.probe', 'instance-a'), runJobOnce(other, 'reliability.probe', 'instance-b')]);
      expect(ran.filter(Boolean)).toHaveLength(1);
    }
    expect(runs).toBe(10);
    expect(overlapped).toBe(false);
    registerBookingJobs();
    expect((await Promise.all([runJobOnce(side, 'booking.waitlist', 'instance-a'), runJobOnce(other, 'booking.waitlist', 'instance-b')])).filter(Boolean)).toHaveLength(1);

    // Unpaid holds through both instances, then both instances reconcile after the payment timeout.
    const schedule = await call(b.url, '/api/v1/staff/schedules', {
      headers: nurse,
      body: { facilityId, departmentId: doctors[1].departmentId, doctorId: doctors[1].id, date, period: 'evening', startTime: '19:00', endTime: '19:30', capacityPerSegment: 20, feeFen: 500 },
    });
    expect(schedule.status, JSON.stringify(schedule.body)).toBe(201);
    const slotId = schedule.body.slots[0].id;
    const holders = await residentsIn(side, 20);
    const held = await Promise.all(holders.map((r, i) => call(via(i), '/api/v1/me/bookings', { headers: r.headers, body: { slotId, memberId: r.memberId } })));
    expect(held.every((h) => h.status === 201 && h.body.status === 'pending_payment')).toBe(true);

    registerPaymentJobs();
    side.clock.ms = other.clock.ms = Date.now() + 16 * 60_000;
    const ran = await Promise.all([runJobOnce(side, 'payments.reconcile', 'instance-a'), runJobOnce(other, 'payments.reconcile', 'instance-b')]);
    // Not single-instance: both run, and share the rows by claiming them.
    expect(ran).toEqual([true, true]);
    const bookings = await side.database.db.selectFrom('booking').select('status').where('slot_id', '=', slotId).execute();
    expect(bookings.map((x) => x.status)).toEqual(holders.map(() => 'expired'));
    const closed = await side.database.db
      .selectFrom('payment_ledger as l')
      .innerJoin('payment_order as o', 'o.id', 'l.order_id')
      .select(['l.order_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('l.event', '=', 'closed')
      .where('o.payable_id', 'in', held.map((h) => h.body.id))
      .groupBy('l.order_id')
      .execute();
    expect(closed.map((c) => Number(c.n))).toEqual(holders.map(() => 1));
    expect(await slotInvariantViolations(side, [slotId])).toEqual([]);
    expect(await paymentInvariantViolations(side)).toEqual([]);
  });
});
