import {
  bookingCancelledByFacility,
  bookingConfirmed,
  bookingRejected,
  bookingReminder,
  DEMO_WECHAT_TEMPLATES,
  medicineReadyForPickup,
  medicineShipped,
  type NotificationContent,
  type NotificationType,
  NotificationTypeSchema,
  OUTBOX_MAX_ATTEMPTS,
  referralAccepted,
  refundCompleted,
  renewalApproved,
  renewalRejected,
  residentIdCheckChar,
  resultReleased,
  toEpochMs,
  waitlistOffer,
} from '@ygt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeWechatApi } from '@ygt/test/fakes/wechat-api';
import { familyOf, residentHeaders } from '@ygt/test/support/actors';
import { startTestApp, type TestApp } from '@ygt/test/support/harness';
import { openDeps, closeDeps } from '../../bootstrap';
import { ConfigError, loadConfig } from '../../config';
import type { AppDeps } from '../../deps';
import { getAccessToken } from '../../infra/wechat';
import { notify } from './outbox';
import * as repo from './repo';
import { OUTBOX_LEASE_MS, type OutboxRunOptions, runOutboxOnce } from './worker';

let app: TestApp;
let wechat: FakeWechatApi;
let a: Resident;
let b: Resident;
let motherId: string;

interface Resident {
  openid: string;
  accountId: string;
  headers: Record<string, string>;
}

const idNumber = (birth: string, seq: string) => {
  const first17 = `439901${birth.replaceAll('-', '')}${seq}`;
  return first17 + residentIdCheckChar(first17);
};

async function wechatResident(openid: string): Promise<Resident> {
  const login = await app.api('/api/v1/auth/wechat/login', { body: { code: wechat.issueCode(openid) } });
  const headers = { authorization: `Bearer ${login.body.token}` };
  const me = await app.api('/api/v1/me', { headers });
  return { openid, accountId: me.body.accountId, headers };
}

beforeAll(async () => {
  wechat = await new FakeWechatApi().start();
  app = await startTestApp({ env: { WECHAT_API_BASE: wechat.url, WECHAT_APPID: wechat.appId, WECHAT_SECRET: wechat.secret } });
  // Two grown-up children who both look after their mother (she has no WeChat of her own).
  a = await wechatResident('wx-son');
  b = await wechatResident('wx-daughter');
  const mother = { name: '赵桂兰', idNumber: idNumber('1948-06-12', '024'), relation: 'parent' };
  const added = await app.api('/api/v1/me/family', { headers: a.headers, body: mother });
  expect(added.status, JSON.stringify(added.body)).toBe(201);
  expect((await app.api('/api/v1/me/family', { headers: b.headers, body: mother })).status).toBe(201);
  motherId = added.body.personId;
});
afterAll(async () => {
  await app?.close();
  await wechat?.stop();
});

let seq = 0;
/** One message of every type about a person, with event keys unique to this call. */
function everyType(patientName: string): { key: string; content: NotificationContent }[] {
  const n = ++seq;
  const booking = { bookingId: `BK${n}`, patientName, facilityName: '青石镇中心卫生院', departmentName: '全科医学科', doctorName: '王建华', date: '2026-03-05', time: '09:30' };
  const at = toEpochMs('2026-03-04', '10:00');
  const all: Record<NotificationType, NotificationContent> = {
    booking_confirmed: bookingConfirmed(booking),
    booking_rejected: bookingRejected({ ...booking, reason: '医生临时停诊' }),
    booking_cancelled_by_facility: bookingCancelledByFacility({ ...booking, reason: '医生外出会诊' }),
    booking_reminder: bookingReminder(booking),
    waitlist_offer: waitlistOffer({ ...booking, waitlistId: `WL${n}`, expiresAt: at }),
    result_released: resultReleased({ reportId: `RP${n}`, patientName, reportName: '血常规', facilityName: '云溪县人民医院', releasedAt: at }),
    renewal_approved: renewalApproved({ renewalId: `RN${n}`, patientName, medicineSummary: '苯磺酸氨氯地平片', doctorName: '刘医生', approvedAt: at }),
    renewal_rejected: renewalRejected({ renewalId: `RN${n}`, patientName, medicineSummary: '苯磺酸氨氯地平片', doctorName: '刘医生', reason: '血压控制不达标' }),
    medicine_shipped: medicineShipped({ orderId: `OD${n}`, patientName, medicineSummary: '二甲双胍缓释片', carrier: '中国邮政', trackingNo: 'EMS1234567890', shippedAt: at }),
    medicine_ready_for_pickup: medicineReadyForPickup({ orderId: `OD${n}`, patientName, medicineSummary: '二甲双胍缓释片', pickupPlace: '东岭村卫生室', readyAt: at }),
    refund_completed: refundCompleted({ refundId: `RF${n}`, patientName, amountFen: 1250, item: '挂号费', refundedAt: at }),
    referral_accepted: referralAccepted({ referralId: `RR${n}`, patientName, toFacilityName: '云溪县人民医院', departmentName: '心血管内科', acceptedAt: at }),
  };
  return NotificationTypeSchema.options.map((type) => ({ key: `${type}:${n}`, content: all[type] }));
}

function emit(content: NotificationContent, eventKey: string, to: { personId: string } | { accountIds: string[] }, deps: AppDeps = app.deps) {
  return deps.database.db.transaction().execute((tx) => notify(deps, tx, { ...content, eventKey, ...to }));
}

/** Runs the worker until nothing is due; returns the summed summary. */
async function drain(workerId = 'worker-1', opts: OutboxRunOptions = {}, deps: AppDeps = app.deps) {
  const total = { claimed: 0, done: 0, retried: 0, failed: 0 };
  for (;;) {
    const r = await runOutboxOnce(deps, workerId, opts);
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r[k];
    if (!r.claimed) return total;
  }
}

const typeOfTemplate = new Map(Object.entries(DEMO_WECHAT_TEMPLATES).map(([type, t]) => [t!.templateId, type]));
const messagesOf = async (r: Resident) => (await app.api('/api/v1/me/messages', { headers: r.headers })).body.items as { id: string; type: string; body: string; wechatStatus: string; readAt: number | null }[];
const outboxRows = () => app.deps.database.db.selectFrom('outbox').selectAll().execute();

describe('every event type reaches every recipient once', () => {
  it('sends one WeChat message per type to each account caring for the person, and shows it in both message centres', async () => {
    const before = { son: wechat.messagesTo(a.openid).length, daughter: wechat.messagesTo(b.openid).length };
    const events = everyType('赵桂兰');
    for (const e of events) await emit(e.content, e.key, { personId: motherId });
    // The same events again (a retried request, a second instance): nothing new.
    for (const e of events) await emit(e.content, e.key, { personId: motherId });
    const run = await drain();
    expect(run).toMatchObject({ claimed: 24, done: 24, retried: 0, failed: 0 });

    for (const r of [a, b]) {
      const received = wechat.messagesTo(r.openid).slice(r === a ? before.son : before.daughter);
      expect(received.map((m) => typeOfTemplate.get(m.template_id)).sort()).toEqual([...NotificationTypeSchema.options].sort());
      for (const m of received) {
        expect(m.data.name1).toEqual({ value: '赵桂兰' });
        expect(m.page).toMatch(/^packages\/\w+\/pages\/\w+\/index\?id=\w+$/);
        expect(m.miniprogram_state).toBe('formal');
      }
      const centre = (await messagesOf(r)).filter((m) => m.body.includes('赵桂兰'));
      expect(centre.map((m) => m.type).sort()).toEqual([...NotificationTypeSchema.options].sort());
      expect(centre.every((m) => m.wechatStatus === 'sent' && m.readAt === null)).toBe(true);
    }
    // Running the worker again sends nothing.
    expect(await drain()).toMatchObject({ claimed: 0 });
    expect(wechat.messagesTo(a.openid)).toHaveLength(before.son + 12);
  });

  it('keeps demo and deleted accounts in the message centre only, without calling WeChat', async () => {
    const zhang = await residentHeaders(app, 'zhang');
    const grandma = (await familyOf(app, zhang)).find((m) => m.name === '李*芳')!;
    const c = await wechatResident('wx-leaving');
    await app.api('/api/v1/me/family', { headers: c.headers, body: { name: '赵桂兰', idNumber: idNumber('1948-06-12', '024'), relation: 'parent' } });
    const attempts = wechat.sendAttempts;

    const [e1] = everyType('李桂芳');
    await emit(e1.content, e1.key, { personId: grandma.personId });
    const [e2] = everyType('赵桂兰');
    await emit(e2.content, e2.key, { accountIds: [c.accountId] });
    // The account is deleted after the event but before delivery.
    expect((await app.api('/api/v1/me', { method: 'DELETE', headers: c.headers })).status).toBe(200);
    await drain();

    expect(wechat.sendAttempts).toBe(attempts);
    const demo = (await app.api('/api/v1/me/messages', { headers: zhang })).body.items;
    expect(demo.filter((m: { body: string }) => m.body === e1.content.body)).toMatchObject([{ wechatStatus: 'not_applicable' }]);
    const gone = await app.deps.database.db.selectFrom('message').select('wechat_status').where('account_id', '=', c.accountId).execute();
    expect(gone).toEqual([{ wechat_status: 'not_applicable' }]);
  });

  it('keeps a type without a configured template in the message centre only', async () => {
    const templates = app.deps.config.notifications.templates;
    const refund = templates.refund_completed;
    delete templates.refund_completed;
    try {
      const e = everyType('赵桂兰').find((x) => x.content.type === 'refund_completed')!;
      await emit(e.content, e.key, { accountIds: [a.accountId] });
      const attempts = wechat.sendAttempts;
      await drain();
      expect(wechat.sendAttempts).toBe(attempts);
      expect((await messagesOf(a)).find((m) => m.body === e.content.body)).toMatchObject({ wechatStatus: 'not_applicable' });
    } finally {
      templates.refund_completed = refund;
    }
  });

  it('fits long values to WeChat limits, so WeChat accepts the message', async () => {
    const long = bookingConfirmed({ bookingId: 'BK-long', patientName: '赵桂兰', facilityName: '云溪县人民医院心血管内科专家门诊（周四上午县级专家）', departmentName: '呼吸与危重症医学科（慢阻肺专病门诊）', doctorName: '王建华', date: '2026-03-05', time: '09:30' });
    await emit(long, 'booking_confirmed:long', { accountIds: [a.accountId] });
    await drain();
    const sent = wechat.messagesTo(a.openid).at(-1)!;
    expect(sent.data.thing3.value).toBe('云溪县人民医院心血管内科专家门诊（周四…');
    expect([...sent.data.thing4.value].length).toBeLessThanOrEqual(20);
    // The message centre keeps the full text.
    expect((await messagesOf(a)).find((m) => m.body === long.body)).toMatchObject({ wechatStatus: 'sent' });
  });

  it('sends a message whose feature filled only some fields: the patient from the person, 详见小程序 for other texts', async () => {
    const body = '青石镇中心卫生院 3月5日 09:30 的预约已确认，请按时就诊。';
    await emit({ type: 'booking_confirmed', body, link: '/packages/booking/pages/detail/index?id=BK-own', data: { facility: '青石镇中心卫生院', time: '2026年3月5日 09:30' } }, 'booking_confirmed:own', { personId: motherId });
    expect(await drain()).toMatchObject({ done: 2 });
    const sent = wechat.messagesTo(a.openid).at(-1)!;
    expect(sent.data).toEqual({
      name1: { value: '赵桂兰' },
      time2: { value: '2026年3月5日 09:30' },
      thing3: { value: '青石镇中心卫生院' },
      thing4: { value: '详见小程序' },
      name5: { value: '详见小程序' },
    });
  });

  it('fails a message whose data lacks a time the template needs, without sending it', async () => {
    const attempts = wechat.sendAttempts;
    await emit({ type: 'result_released', body: '赵桂兰的报告已出', link: '/packages/results/pages/report/index?id=X', data: { report: '血常规' } }, 'result_released:partial', { accountIds: [a.accountId] });
    expect(await drain()).toMatchObject({ failed: 1 });
    expect(wechat.sendAttempts).toBe(attempts);
    const row = (await outboxRows()).find((r) => r.dedupe_key === `result_released:partial:${a.accountId}`)!;
    expect(row).toMatchObject({ status: 'failed', last_error: expect.stringMatching(/template field time missing/) });
    expect((await messagesOf(a)).find((m) => m.body === '赵桂兰的报告已出')).toMatchObject({ wechatStatus: 'failed' });
  });
});

describe('crash safety', () => {
  it('a worker killed mid-batch: its rows are claimed again after the lease, nothing is sent twice or lost', async () => {
    const events = everyType('赵桂兰').slice(0, 3);
    for (const e of events) await emit(e.content, e.key, { personId: motherId });
    const keys = new Set(events.flatMap((e) => [a, b].map((r) => `${e.key}:${r.accountId}`)));
    const mine = async () => (await outboxRows()).filter((r) => keys.has(r.dedupe_key));
    const sentBefore = wechat.subscribeMessages.length;

    // Worker A delivers two rows, then claims the rest and dies.
    expect(await runOutboxOnce(app.deps, 'worker-A', { limit: 2 })).toMatchObject({ claimed: 2, done: 2 });
    // One delivered row loses its done-mark (A died between the message UPDATE and the outbox UPDATE).
    const [lost] = (await mine()).filter((r) => r.status === 'done');
    await app.deps.database.db.updateTable('outbox').set({ status: 'claimed', claimed_by: 'worker-A', claimed_until: app.clock.now() + OUTBOX_LEASE_MS, done_at: null }).where('id', '=', lost.id).execute();
    app.clock.advance(1_000);
    const now = app.clock.now();
    const claimed = await repo.claimDueOutbox(app.deps.database.db, app.deps.database.dialect, 'worker-A', now, now + OUTBOX_LEASE_MS, 100);
    expect(claimed.filter((r) => keys.has(r.dedupe_key))).toHaveLength(4);
    expect(wechat.subscribeMessages.length - sentBefore).toBe(2);

    // While A's lease holds, worker B leaves those rows alone.
    expect(await runOutboxOnce(app.deps, 'worker-B')).toMatchObject({ claimed: 0 });

    app.clock.advance(OUTBOX_LEASE_MS + 1);
    const run = await drain('worker-B');
    expect(run).toMatchObject({ claimed: 5, done: 5 });
    expect(wechat.subscribeMessages.length - sentBefore).toBe(6);
    const received = wechat.subscribeMessages.slice(sentBefore).map((m) => `${m.touser}|${m.template_id}`);
    expect(new Set(received).size).toBe(6);
    const rows = await mine();
    expect(rows.every((r) => r.status === 'done' && r.claimed_by === null)).toBe(true);
    expect(rows.find((r) => r.id === lost.id)).toMatchObject({ last_error: 'already sent', attempts: 2 });
    const statuses = await app.deps.database.db.selectFrom('message').select('wechat_status').where('dedupe_key', 'in', [...keys]).execute();
    expect(statuses.map((s) => s.wechat_status)).toEqual(Array(6).fill('sent'));
  });

  it('two worker instances on separate connections send each message once', async () => {
    const other = await openDeps(app.deps.config, { clock: app.clock, migrate: false, seed: false, logger: app.deps.logger });
    try {
      const sentBefore = wechat.subscribeMessages.length;
      const events = [...everyType('赵桂兰'), ...everyType('赵桂兰')];
      for (const e of events) await emit(e.content, e.key, { personId: motherId });
      await getAccessToken(other);
      // A slow WeChat keeps each batch busy, so the two instances claim while the other works.
      wechat.sendDelayMs = 5;
      const [r1, r2] = await Promise.all([drain('instance-1', { limit: 3 }), drain('instance-2', { limit: 3 }, other)]).finally(() => (wechat.sendDelayMs = 0));
      // Every row claimed exactly once across both instances, and each message received once.
      expect(r1.claimed + r2.claimed).toBe(48);
      expect(r1.done + r2.done).toBe(48);
      expect(r1.claimed).toBeGreaterThan(0);
      expect(r2.claimed).toBeGreaterThan(0);
      const received = wechat.subscribeMessages.slice(sentBefore);
      expect(received).toHaveLength(48);
      expect(new Set(received.map((m) => `${m.touser}|${m.template_id}|${m.page}`)).size).toBe(48);
    } finally {
      await closeDeps(other);
    }
  });
});

describe('WeChat errors', () => {
  it('fetches one access_token at a time and caches it', async () => {
    await app.deps.kv.del(`wechat:access-token:${wechat.appId}`);
    const fetches = wechat.tokenFetches;
    const tokens = await Promise.all(Array.from({ length: 5 }, () => getAccessToken(app.deps)));
    expect(new Set(tokens).size).toBe(1);
    expect(wechat.tokenFetches).toBe(fetches + 1);
    expect(await getAccessToken(app.deps)).toBe(tokens[0]);
    expect(wechat.tokenFetches).toBe(fetches + 1);
  });

  it('refreshes an expired token once mid-run and resends', async () => {
    await getAccessToken(app.deps);
    wechat.expireTokens();
    const fetches = wechat.tokenFetches;
    const attempts = wechat.sendAttempts;
    const sentBefore = wechat.subscribeMessages.length;
    const events = everyType('赵桂兰').slice(0, 3);
    for (const e of events) await emit(e.content, e.key, { accountIds: [a.accountId] });
    expect(await drain()).toMatchObject({ claimed: 3, done: 3, retried: 0 });
    expect(wechat.tokenFetches).toBe(fetches + 1);
    // One send refused with 42001, resent with the new token; the others use it directly.
    expect(wechat.sendAttempts).toBe(attempts + 4);
    expect(wechat.subscribeMessages.length).toBe(sentBefore + 3);
  });

  it('records 43101 (not subscribed) as final: no retry, and the message centre still shows it', async () => {
    wechat.refuseSubscription(b.openid);
    const [e] = everyType('赵桂兰');
    await emit(e.content, e.key, { personId: motherId });
    const attempts = wechat.sendAttempts;
    expect(await drain()).toMatchObject({ claimed: 2, done: 2, retried: 0 });
    expect(wechat.sendAttempts).toBe(attempts + 2);
    app.clock.advance(10 * 3600_000);
    expect(await drain()).toMatchObject({ claimed: 0 });
    expect(wechat.sendAttempts).toBe(attempts + 2);

    expect((await messagesOf(a)).find((m) => m.body === e.content.body)).toMatchObject({ wechatStatus: 'sent' });
    expect((await messagesOf(b)).find((m) => m.body === e.content.body)).toMatchObject({ wechatStatus: 'not_subscribed', readAt: null });
    expect((await outboxRows()).find((r) => r.dedupe_key === `${e.key}:${b.accountId}`)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('retries busy answers with growing delays, then delivers once', async () => {
    wechat.failNextSends(2, -1);
    const [e] = everyType('赵桂兰');
    await emit(e.content, e.key, { accountIds: [a.accountId] });
    const row = async () => (await outboxRows()).find((r) => r.dedupe_key === `${e.key}:${a.accountId}`)!;

    expect(await drain()).toMatchObject({ retried: 1 });
    expect(await row()).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: app.clock.now() + 30_000, last_error: expect.stringMatching(/-1/) });
    app.clock.advance(29_000);
    expect(await drain()).toMatchObject({ claimed: 0 });
    app.clock.advance(1_000);
    expect(await drain()).toMatchObject({ retried: 1 });
    expect(await row()).toMatchObject({ attempts: 2, next_attempt_at: app.clock.now() + 120_000 });
    app.clock.advance(120_000);
    expect(await drain()).toMatchObject({ done: 1 });
    expect(await row()).toMatchObject({ status: 'done', attempts: 3 });
    expect(wechat.messagesTo(a.openid).filter((m) => m.page === e.content.link.slice(1) && typeOfTemplate.get(m.template_id) === e.content.type)).toHaveLength(1);
  });

  it(`gives up after ${OUTBOX_MAX_ATTEMPTS} attempts (quota exhausted): failed, still in the message centre`, async () => {
    wechat.failNextSends(OUTBOX_MAX_ATTEMPTS, 45009);
    const [e] = everyType('赵桂兰');
    await emit(e.content, e.key, { accountIds: [a.accountId] });
    for (let i = 1; i < OUTBOX_MAX_ATTEMPTS; i++) {
      expect(await drain()).toMatchObject({ retried: 1 });
      app.clock.advance(9 * 3600_000);
    }
    expect(await drain()).toMatchObject({ failed: 1 });
    const row = (await outboxRows()).find((r) => r.dedupe_key === `${e.key}:${a.accountId}`)!;
    expect(row).toMatchObject({ status: 'failed', attempts: OUTBOX_MAX_ATTEMPTS, last_error: expect.stringMatching(/45009/) });
    expect((await messagesOf(a)).find((m) => m.body === e.content.body)).toMatchObject({ wechatStatus: 'failed' });
  });
});

describe('message centre', () => {
  it('counts unread messages and marks them read, only the caller’s own', async () => {
    const unread = async (r: Resident) => (await app.api('/api/v1/me/messages/unread-count', { headers: r.headers })).body.unread as number;
    const [e1, e2] = everyType('赵桂兰');
    await emit(e1.content, e1.key, { personId: motherId });
    await emit(e2.content, e2.key, { personId: motherId });
    const before = { a: await unread(a), b: await unread(b) };
    expect(before.a).toBeGreaterThanOrEqual(2);

    const mineA = (await messagesOf(a)).find((m) => m.body === e1.content.body)!;
    const mineB = (await messagesOf(b)).find((m) => m.body === e1.content.body)!;
    const read = await app.api('/api/v1/me/messages/read', { headers: a.headers, body: { ids: [mineA.id, mineB.id] } });
    expect(read.body).toEqual({ unread: before.a - 1 });
    expect(await unread(b)).toBe(before.b);
    expect((await messagesOf(a)).find((m) => m.id === mineA.id)!.readAt).toBe(app.clock.now());

    const bad = await app.api('/api/v1/me/messages/read', { headers: a.headers, body: { ids: 'some' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('ids');
    expect(await unread(a)).toBe(before.a - 1);

    expect((await app.api('/api/v1/me/messages/read', { headers: a.headers, body: { ids: 'all' } })).body).toEqual({ unread: 0 });
    expect(await unread(b)).toBe(before.b);
  });
});

describe('configuration', () => {
  it('requires WECHAT_TEMPLATES in production and explains a bad value', () => {
    const prod = { YGT_MODE: 'production', DATABASE_URL: 'mysql://root@127.0.0.1/x', REDIS_URL: 'redis://127.0.0.1', WECHAT_APPID: 'wx', WECHAT_SECRET: 's', DATA_KEYS: `k1:${Buffer.alloc(32).toString('base64')}`, BLIND_INDEX_KEY: 'x'.repeat(32) };
    expect(() => loadConfig(prod)).toThrow(/WECHAT_TEMPLATES/);
    expect(() => loadConfig({ ...prod, WECHAT_TEMPLATES: '{}', SMS_PROVIDER: 'log' })).toThrow(/SMS_PROVIDER=log/);
    expect(loadConfig({ WECHAT_TEMPLATES: '{}' }).notifications.templates).toEqual({});
    expect(() => loadConfig({ WECHAT_TEMPLATES: '{"booking_confirmed":{"templateId":"t","fields":{"thing1":"docter"}}}' })).toThrow(ConfigError);
    expect(() => loadConfig({ WECHAT_TEMPLATES: '{"booking_confirmed":{"templateId":"t","fields":{"thing1":"docter"}}}' })).toThrow(/WECHAT_TEMPLATES booking_confirmed\.fields\.thing1: docter/);
  });
});
