import { randomBytes } from 'node:crypto';
import { addDays, bookingConfirmed, localDate } from '@ygt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../api/src/deps';
import { runJobOnce } from '../../api/src/infra/jobs';
import type { TestResident } from '../../api/src/modules/booking/testing';
import { notify } from '../../api/src/modules/notifications/outbox';
import { registerNotificationJobs } from '../../api/src/modules/notifications/jobs';
import { registerPaymentJobs } from '../../api/src/modules/payments/jobs';
import { FakeWechatApi } from '../fakes/wechat-api';
import type { TestClock } from '../support/harness';
import { type Answer, type ApiProcess, apiProcess, call, closeSideDeps, freshMysql, residentsIn, sideDeps, sleep, staffSession, until } from './cluster';
import { paymentInvariantViolations, slotInvariantViolations } from './invariants';

/**
 * Crash consistency on MariaDB: the real server in a child process under a booking + payment
 * load (demo payments, staff confirming, messages going out to a fake WeChat), SIGKILLed
 * repeatedly and restarted. Afterwards: every slot's counters match its bookings, every paid
 * order has exactly one `paid` ledger line, unpaid holds expire and free their places when the
 * reconciliation job runs, and the outbox delivers what was pending.
 */
const KILLS = 4;
const RESIDENTS = 40;

describe.runIf(process.env.TEST_MYSQL_URL && process.env.TEST_REDIS_URL)('SIGKILL under a booking and payment load', () => {
  let db: Awaited<ReturnType<typeof freshMysql>>;
  let wechat: FakeWechatApi;
  let server: ApiProcess;
  let side: AppDeps & { clock: TestClock };
  let env: Record<string, string>;
  let nurse: Record<string, string>;
  let slotIds: string[];
  let scheduleDate: string;
  let facilityId: string;

  beforeAll(async () => {
    db = await freshMysql();
    wechat = await new FakeWechatApi().start();
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: process.env.TEST_REDIS_URL!,
      KV_PREFIX: `ygt-crash:${randomBytes(4).toString('hex')}:`,
      WECHAT_API_BASE: wechat.url,
      WECHAT_APPID: wechat.appId,
      WECHAT_SECRET: wechat.secret,
      PAYMENT_TIMEOUT_MINUTES: '2',
    };
    server = await apiProcess(env);
    side = await sideDeps(env);
    nurse = await staffSession(server.url, 'qs.nurse');
    facilityId = (await call(server.url, '/api/v1/facilities')).body.items.find((f: { code: string }) => f.code === 'YX-T01').id;
    const [doctor] = (await call(server.url, `/api/v1/facilities/${facilityId}/doctors`)).body.items;
    scheduleDate = addDays(localDate(Date.now()), 2);
    // Four 30-minute segments of 3 places, 5 yuan: 12 places for 40 residents.
    const schedule = await call(server.url, '/api/v1/staff/schedules', {
      headers: nurse,
      body: { facilityId, departmentId: doctor.departmentId, doctorId: doctor.id, date: scheduleDate, period: 'evening', startTime: '18:00', endTime: '20:00', capacityPerSegment: 3, feeFen: 500 },
    });
    expect(schedule.status, JSON.stringify(schedule.body)).toBe(201);
    slotIds = schedule.body.slots.map((s: { id: string }) => s.id);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    if (side) await closeSideDeps(side);
    await wechat?.stop();
    await db?.drop();
  });

  it(`keeps every invariant through ${KILLS} SIGKILLs, expires holds, and resumes the outbox`, async () => {
    const residents = await residentsIn(side, RESIDENTS);
    const seen = { created: new Set<string>(), paid: new Set<string>(), cancelled: new Set<string>(), serverErrors: [] as string[] };
    const note = (what: string, a: { status: number; body: unknown }) => {
      if (a.status >= 500 && a.status !== 503) seen.serverErrors.push(`${what}: ${a.status} ${JSON.stringify(a.body).slice(0, 200)}`);
    };
    /** Retries while the server is down (0) or restarting; gives the first real answer. */
    const persist = async (what: string, fn: () => Promise<Answer>): Promise<Answer> => {
      let last: Answer = { status: 0, body: null };
      // A restart under this load takes 5-20 s on a small machine.
      for (const deadline = Date.now() + 90_000; Date.now() < deadline; ) {
        last = await fn();
        note(what, last);
        if (last.status > 0 && last.status !== 503) return last;
        await sleep(250);
      }
      throw new Error(`${what}: no answer but ${last.status} ${JSON.stringify(last.body)}\n${server.output().slice(-2000)}`);
    };

    const resident = async (r: TestResident, i: number) => {
      await sleep(Math.random() * 12_000);
      const key = randomBytes(8).toString('hex');
      const slotId = slotIds[i % slotIds.length];
      // The same Idempotency-Key on every retry: one booking however often the answer is lost.
      const booked = await persist('book', () => call(server.url, '/api/v1/me/bookings', { headers: { ...r.headers, 'idempotency-key': key }, body: { slotId, memberId: r.memberId } }));
      if (booked.status !== 201) return;
      seen.created.add(booked.body.id);
      const behaviour = i % 5;
      if (behaviour === 0) return; // walks away: the hold must expire
      if (behaviour === 1) {
        const cancelled = await persist('cancel', () => call(server.url, `/api/v1/me/bookings/${booked.body.id}/cancel`, { headers: r.headers, body: {} }));
        if (cancelled.status === 200) seen.cancelled.add(booked.body.id);
        return;
      }
      const orders = await persist('orders', () => call(server.url, `/api/v1/payments/orders?payableType=booking&payableId=${booked.body.id}`, { headers: r.headers }));
      const orderId = orders.body.items[0].id;
      await persist('prepay', () => call(server.url, `/api/v1/payments/orders/${orderId}/prepay`, { method: 'POST', headers: r.headers }));
      const paid = await persist('pay', () => call(server.url, `/api/v1/payments/orders/${orderId}/demo-confirm`, { method: 'POST', headers: r.headers }));
      // A retry after a lost answer hears "already paid": the first confirmation took effect.
      if (paid.status === 200 || (paid.status === 409 && /已支付/.test(paid.body.error?.message))) seen.paid.add(orderId);
    };

    let loadDone = false;
    const staffDesk = async () => {
      while (!loadDone) {
        const queue = await call(server.url, `/api/v1/staff/bookings?facilityId=${facilityId}&date=${scheduleDate}&status=pending_confirmation`, { headers: nurse });
        note('queue', queue);
        for (const b of queue.status === 200 ? queue.body.items : []) note('confirm', await call(server.url, `/api/v1/staff/bookings/${b.id}/confirm`, { method: 'POST', headers: nurse }));
        await sleep(300);
      }
    };

    // Messages written while the server is down: the restarted server's worker must send them.
    const writtenWhileDown: string[] = [];
    const writeMessagesWhileDown = async (round: number) => {
      for (const r of residents.slice(round * 2, round * 2 + 2)) {
        const bookingId = `crash-${round}-${r.accountId}`;
        await side.database.db.transaction().execute((tx) =>
          notify(side, tx, {
            ...bookingConfirmed({ bookingId, patientName: '测试居民', facilityName: '青石镇中心卫生院', departmentName: '全科', doctorName: '青石镇医生', date: scheduleDate, time: '18:00' }),
            eventKey: `crash-test:${bookingId}`,
            accountIds: [r.accountId],
          }),
        );
        writtenWhileDown.push(bookingId);
      }
    };

    const killer = async () => {
      for (let k = 0; k < KILLS; k++) {
        await sleep(1500 + Math.random() * 1500);
        await server.kill();
        await writeMessagesWhileDown(k);
        await sleep(200 + Math.random() * 500);
        const t0 = Date.now();
        await server.start();
        console.info(`restart ${k + 1}: ${Date.now() - t0} ms`);
      }
    };

    const started = Date.now();
    const desk = staffDesk();
    await Promise.all([killer(), ...residents.map((r, i) => resident(r, i))]);
    loadDone = true;
    await desk;
    const loadSeconds = (Date.now() - started) / 1000;

    expect(seen.serverErrors).toEqual([]);
    expect(seen.created.size).toBeGreaterThan(8);
    expect(seen.paid.size).toBeGreaterThan(3);

    // Nothing acknowledged was lost.
    const bookings = await side.database.db.selectFrom('booking').select(['id', 'status']).where('slot_id', 'in', slotIds).execute();
    const byId = new Map(bookings.map((b) => [b.id, b.status]));
    for (const id of seen.created) expect(byId.has(id), `booking ${id} answered 201 but is gone`).toBe(true);
    for (const id of seen.cancelled) expect(byId.get(id)).toBe('cancelled');
    const orders = await side.database.db.selectFrom('payment_order').select(['id', 'state']).where('payable_type', '=', 'booking').execute();
    for (const id of seen.paid) expect(orders.find((o) => o.id === id)?.state, `order ${id} was confirmed paid`).toMatch(/paid|refund/);

    // The invariants, right after the crashes.
    expect(await slotInvariantViolations(side, slotIds)).toEqual([]);
    expect(await paymentInvariantViolations(side)).toEqual([]);

    // Holds expire: past PAYMENT_TIMEOUT_MINUTES the reconciliation job closes every unpaid order and frees its place.
    const holding = bookings.filter((b) => b.status === 'pending_payment').length;
    registerPaymentJobs();
    registerNotificationJobs();
    side.clock.ms = Date.now() + 3 * 60_000;
    expect(await runJobOnce(side, 'payments.reconcile', 'crash-test')).toBe(true);
    const after = await side.database.db.selectFrom('booking').select('status').where('slot_id', 'in', slotIds).execute();
    expect(after.filter((b) => b.status === 'pending_payment')).toEqual([]);
    expect(after.filter((b) => b.status === 'expired').length).toBeGreaterThanOrEqual(holding);
    const unpaid = await side.database.db.selectFrom('payment_order').select('id').where('state', 'in', ['created', 'paying']).execute();
    expect(unpaid).toEqual([]);
    expect(await slotInvariantViolations(side, slotIds)).toEqual([]);
    expect(await paymentInvariantViolations(side)).toEqual([]);

    // The outbox resumes: what was written while the server was down is sent by the restarted server.
    const isSent = (id: string) => wechat.subscribeMessages.some((m) => m.page?.includes(encodeURIComponent(id)));
    await until('the last restart to send what was written during the last outage', async () => writtenWhileDown.slice(-2).every(isSent), 20_000);
    // Rows a killed worker had claimed wait out their lease (2 minutes): the side's clock runs ahead and takes them over.
    const claimedByTheDead = (await side.database.db.selectFrom('outbox').select('id').where('status', '=', 'claimed').execute()).length;
    await runJobOnce(side, 'notifications.outbox', 'crash-test');
    expect(writtenWhileDown.filter((id) => !isSent(id))).toEqual([]);
    const stuck = await side.database.db.selectFrom('outbox').select(['id', 'status']).where('status', 'in', ['pending', 'claimed']).execute();
    expect(stuck).toEqual([]);
    const sentMessages = await side.database.db.selectFrom('message').select('id').where('wechat_status', '=', 'sent').execute();
    expect(wechat.subscribeMessages.length).toBeGreaterThanOrEqual(sentMessages.length);
    // At least once; a repeat only if a kill fell between WeChat's answer and the done-mark.
    expect(wechat.subscribeMessages.length - sentMessages.length).toBeLessThanOrEqual(KILLS);
    console.info(`crash test: ${seen.created.size} bookings, ${seen.paid.size} paid, ${holding} holds expired, ${wechat.subscribeMessages.length} messages (${claimedByTheDead} taken over from killed workers), load ${loadSeconds.toFixed(1)} s`);
  }, 240_000);
});
