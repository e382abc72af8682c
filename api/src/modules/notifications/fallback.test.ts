import { addDays, localDate, residentIdCheckChar, resultReleased, toEpochMs } from '@ygt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSms } from '@ygt/test/fakes/sms';
import { FakeWechatApi } from '@ygt/test/fakes/wechat-api';
import { familyOf, residentHeaders, staffHeaders } from '@ygt/test/support/actors';
import { startTestApp, type TestApp } from '@ygt/test/support/harness';
import { newId } from '../../infra/ids';
import { registerJob, runJobOnce, startWorkers } from '../../infra/jobs';
import { registerNotificationJobs } from './jobs';
import { notify } from './outbox';
import { sendBookingReminders, sendDueBookingReminders } from './reminders';
import { updateNotifyPreference } from './service';
import { runOutboxOnce } from './worker';

let app: TestApp;
let wechat: FakeWechatApi;
let zhang: Record<string, string>;
let grandma: { id: string; personId: string };
const facility = async (code: string) => (await app.deps.database.db.selectFrom('facility').select(['id', 'name']).where('code', '=', code).executeTakeFirstOrThrow());

beforeAll(async () => {
  wechat = await new FakeWechatApi().start();
  // SMS_PROVIDER=log makes texts available; the tests hand the worker a fake vendor instead.
  app = await startTestApp({ env: { WECHAT_API_BASE: wechat.url, WECHAT_APPID: wechat.appId, WECHAT_SECRET: wechat.secret, SMS_PROVIDER: 'log' } });
  zhang = await residentHeaders(app, 'zhang');
  grandma = (await familyOf(app, zhang)).find((m) => m.name === '李*芳')!;
});
afterAll(async () => {
  await app?.close();
  await wechat?.stop();
});

const prefsUrl = (memberId: string) => `/api/v1/me/family/${memberId}/notify-preferences`;
/** A result released for the person; the report name carries the event key, so texts tell events apart. */
const emit = (personId: string, eventKey: string, patientName = '李桂芳') =>
  app.deps.database.db.transaction().execute((tx) =>
    notify(app.deps, tx, { ...resultReleased({ reportId: eventKey, patientName, reportName: `血常规${eventKey}`, facilityName: '云溪县人民医院', releasedAt: app.clock.now() }), eventKey, personId }),
  );
const drain = async (opts: Parameters<typeof runOutboxOnce>[2] = {}) => {
  while ((await runOutboxOnce(app.deps, 'fallback-worker', opts)).claimed);
};

describe('subscribe templates for the mini-program', () => {
  it('lists the configured template ids to ask for at a moment (at most 3)', async () => {
    const res = await app.api('/api/v1/notifications/subscribe-templates?moment=booking', { headers: zhang });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      moment: 'booking',
      tmplIds: ['demo-booking-confirmed', 'demo-booking-rejected', 'demo-booking-reminder'],
      templates: [
        { type: 'booking_confirmed', templateId: 'demo-booking-confirmed' },
        { type: 'booking_rejected', templateId: 'demo-booking-rejected' },
        { type: 'booking_reminder', templateId: 'demo-booking-reminder' },
      ],
    });
    expect((await app.api('/api/v1/notifications/subscribe-templates?moment=results', { headers: zhang })).body.tmplIds).toEqual(['demo-result-released']);
    const bad = await app.api('/api/v1/notifications/subscribe-templates?moment=anytime', { headers: zhang });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('moment');
  });
});

describe('notify my village doctor: preferences', () => {
  it('shows the demo choice: 李桂芳 is told by 东岭村卫生室, among her registered facilities', async () => {
    const res = await app.api(prefsUrl(grandma.id), { headers: zhang });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ memberId: grandma.id, callFacility: { name: '青石镇东岭村卫生室' }, sms: false, smsAvailable: true, hasPhone: true });
    expect(res.body.registeredFacilities.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['青石镇中心卫生院', '青石镇东岭村卫生室']));
  });

  it('accepts a registered facility or any village clinic; refuses others naming the field, changing nothing', async () => {
    const child = (await familyOf(app, zhang)).find((m) => m.name === '张*雨')!;
    const before = (await app.api(prefsUrl(child.id), { headers: zhang })).body;
    expect(before.callFacility).toBeNull();
    for (const code of ['YX-T02', 'YX-RMYY']) {
      const res = await app.api(prefsUrl(child.id), { method: 'PUT', headers: zhang, body: { callFacilityId: (await facility(code)).id, sms: false } });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ field: 'callFacilityId', message: expect.stringMatching(/村卫生室/) });
    }
    const unknown = await app.api(prefsUrl(child.id), { method: 'PUT', headers: zhang, body: { callFacilityId: 'NO-SUCH-FACILITY', sms: false } });
    expect(unknown.body.error.field).toBe('callFacilityId');
    const noPhone = await app.api(prefsUrl(child.id), { method: 'PUT', headers: zhang, body: { callFacilityId: null, sms: true } });
    expect(noPhone.status).toBe(400);
    expect(noPhone.body.error).toMatchObject({ field: 'sms', message: expect.stringMatching(/手机号/) });
    expect((await app.api(prefsUrl(child.id), { headers: zhang })).body).toEqual(before);

    const township = await facility('YX-T01');
    const ok = await app.api(prefsUrl(child.id), { method: 'PUT', headers: zhang, body: { callFacilityId: township.id, sms: false } });
    expect(ok.body).toMatchObject({ callFacility: { id: township.id, name: township.name }, updatedAt: app.clock.now() });
    const otherVillage = await facility('YX-T02-V01');
    expect((await app.api(prefsUrl(child.id), { method: 'PUT', headers: zhang, body: { callFacilityId: otherVillage.id, sms: false } })).body.callFacility.id).toBe(otherVillage.id);
    expect((await app.api(prefsUrl(child.id), { method: 'PUT', headers: zhang, body: { callFacilityId: null, sms: false } })).body.callFacility).toBeNull();
  });

  it("answers 404 for another family's member", async () => {
    const wang = await residentHeaders(app, 'wang');
    const theirs = (await familyOf(app, wang))[0];
    expect((await app.api(prefsUrl(theirs.id), { headers: zhang })).status).toBe(404);
    const put = await app.api(prefsUrl(theirs.id), { method: 'PUT', headers: zhang, body: { callFacilityId: null, sms: false } });
    expect(put.status).toBe(404);
    expect(put.body.error.field).toBe('memberId');
  });

  it('needs the health-data consent, since clinic staff will read the messages', async () => {
    const login = await app.api('/api/v1/auth/wechat/login', { body: { code: wechat.issueCode('wx-no-consent') } });
    const headers = { authorization: `Bearer ${login.body.token}` };
    const first17 = '43990119500303002';
    const added = await app.api('/api/v1/me/family', { headers, body: { name: '钱老太', idNumber: first17 + residentIdCheckChar(first17), relation: 'parent' } });
    const res = await app.api(prefsUrl(added.body.id), { method: 'PUT', headers, body: { callFacilityId: (await facility('YX-T01-V02')).id, sms: false } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CONSENT_REQUIRED');
  });

  it('refuses text messages when no SMS provider is configured', async () => {
    const deps = { ...app.deps, config: { ...app.deps.config, notifications: { ...app.deps.config.notifications, smsProvider: 'none' as const } } };
    const actor = { kind: 'resident' as const, accountId: (await app.api('/api/v1/me', { headers: zhang })).body.accountId, token: 'x' };
    await expect(updateNotifyPreference(deps, actor, grandma.id, { callFacilityId: null, sms: true })).rejects.toMatchObject({ field: 'sms', message: '短信通知暂未开通' });
  });
});

describe('the call list of the chosen clinic', () => {
  it('shows each message about the person once, with the phone to call, to that clinic’s staff only', async () => {
    await emit(grandma.personId, 'call-1');
    await emit(grandma.personId, 'call-1');
    const doctor = await staffHeaders(app, 'dl.doctor');
    const list = await app.api('/api/v1/staff/call-list', { headers: doctor });
    expect(list.status).toBe(200);
    const items = list.body.items.filter((i: { body: string }) => i.body.includes('血常规call-1'));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ personName: '李桂芳', phone: '13800001002', facilityName: '青石镇东岭村卫生室', type: 'result_released', title: '检查检验报告已出', doneAt: null });
    // The township nurse covers the village too; another township's nurse sees nothing.
    expect((await app.api('/api/v1/staff/call-list', { headers: await staffHeaders(app, 'qs.nurse') })).body.items.map((i: { id: string }) => i.id)).toContain(items[0].id);
    expect((await app.api('/api/v1/staff/call-list', { headers: await staffHeaders(app, 'lh.nurse') })).body.items).toEqual([]);
    // The family sees who looked at it.
    const log = (await app.api('/api/v1/me/access-log', { headers: zhang })).body.items;
    expect(log).toContainEqual(expect.objectContaining({ action: 'call_list.view', actorName: expect.any(String), personName: '李*芳', facilityName: '青石镇东岭村卫生室' }));
  });

  it('lets staff tick an item off once, recording who and when; another facility gets 404', async () => {
    await emit(grandma.personId, 'call-2');
    const doctor = await staffHeaders(app, 'dl.doctor');
    const item = (await app.api('/api/v1/staff/call-list', { headers: doctor })).body.items.find((i: { body: string }) => i.body.includes('血常规call-2'));
    const url = `/api/v1/staff/call-list/${item.id}/done`;

    const other = await app.api(url, { headers: await staffHeaders(app, 'lh.nurse'), body: {} });
    expect(other.status).toBe(404);
    const tooLong = await app.api(url, { headers: doctor, body: { note: '长'.repeat(201) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.field).toBe('note');
    expect((await app.api('/api/v1/staff/call-list', { headers: doctor })).body.items.map((i: { id: string }) => i.id)).toContain(item.id);

    const done = await app.api(url, { headers: doctor, body: { note: '已电话告知本人' } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: item.id, doneAt: app.clock.now(), doneByName: expect.any(String), note: '已电话告知本人' });
    const again = await app.api(url, { headers: await staffHeaders(app, 'qs.nurse'), body: {} });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain(done.body.doneByName);

    expect((await app.api('/api/v1/staff/call-list', { headers: doctor })).body.items.map((i: { id: string }) => i.id)).not.toContain(item.id);
    expect((await app.api('/api/v1/staff/call-list?status=done', { headers: doctor })).body.items[0]).toMatchObject({ id: item.id, note: '已电话告知本人' });
    const log = (await app.api('/api/v1/me/access-log', { headers: zhang })).body.items;
    expect(log).toContainEqual(expect.objectContaining({ action: 'call_list.done', actionLabel: '电话通知了您的消息并登记' }));
  });

  it('filters by one of the staff member’s facilities; another facility answers 404', async () => {
    const nurse = await staffHeaders(app, 'qs.nurse');
    const village = await facility('YX-T01-V01');
    const mine = await app.api(`/api/v1/staff/call-list?facilityId=${village.id}`, { headers: nurse });
    expect(mine.body.items.every((i: { facilityId: string }) => i.facilityId === village.id)).toBe(true);
    const theirs = await app.api(`/api/v1/staff/call-list?facilityId=${(await facility('YX-T02')).id}`, { headers: nurse });
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.field).toBe('facilityId');
  });

  it('leaves people who did not ask off the list', async () => {
    const wang = await residentHeaders(app, 'wang');
    const wangSelf = (await familyOf(app, wang))[0];
    await emit(wangSelf.personId, 'call-wang', '王秀英');
    const all = [...(await app.api('/api/v1/staff/call-list', { headers: await staffHeaders(app, 'lh.nurse') })).body.items, ...(await app.api('/api/v1/staff/call-list', { headers: await staffHeaders(app, 'qs.nurse') })).body.items];
    expect(all.some((i: { personName: string }) => i.personName === '王秀英')).toBe(false);
  });
});

describe('text messages for those who asked', () => {
  it('sends one text per event to the phone on file, through the provider', async () => {
    const village = await facility('YX-T01-V01');
    expect((await app.api(prefsUrl(grandma.id), { method: 'PUT', headers: zhang, body: { callFacilityId: village.id, sms: true } })).body.sms).toBe(true);
    const sms = new FakeSms();
    sms.failNext(1);
    await emit(grandma.personId, 'sms-1');
    await emit(grandma.personId, 'sms-1');
    await drain({ sms });
    expect(sms.sent).toEqual([]);
    app.clock.advance(30_000);
    await drain({ sms });
    app.clock.advance(3600_000);
    await drain({ sms });
    expect(sms.sent).toEqual([{ phone: '13800001002', text: expect.stringMatching(/^检查检验报告已出：李桂芳的血常规sms-1报告已出/) }]);
    // The outbox holds no phone number.
    const row = await app.deps.database.db.selectFrom('outbox').selectAll().where('dedupe_key', '=', `sms-1:sms:${grandma.personId}`).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'done', attempts: 2 });
    expect(row.payload).not.toContain('13800001002');
  });

  it('stops a slow batch before its lease runs out; the rest is claimed again and sent once', async () => {
    await app.api(prefsUrl(grandma.id), { method: 'PUT', headers: zhang, body: { callFacilityId: null, sms: true } });
    // Each text takes 50 s: after two, the 120 s lease is too close to its end to start another.
    const slow = new FakeSms();
    const send = slow.send.bind(slow);
    slow.send = async (phone, text) => {
      app.clock.advance(50_000);
      return send(phone, text);
    };
    for (const key of ['slow-1', 'slow-2', 'slow-3', 'slow-4']) await emit(grandma.personId, key);
    const batch = await runOutboxOnce(app.deps, 'slow-worker', { sms: slow });
    expect(slow.sent).toHaveLength(2);
    expect(batch.done).toBeLessThan(batch.claimed);
    // Until the lease ends, the rows it left stay with it.
    await drain({ sms: slow });
    expect(slow.sent).toHaveLength(2);
    app.clock.advance(30_000);
    await drain({ sms: slow });
    expect(slow.sent.map((m) => m.text.match(/slow-\d/)![0]).sort()).toEqual(['slow-1', 'slow-2', 'slow-3', 'slow-4']);
  });

  it('skips texts when no provider is configured, without retrying', async () => {
    await emit(grandma.personId, 'sms-2');
    await drain({ sms: null });
    const row = await app.deps.database.db.selectFrom('outbox').selectAll().where('dedupe_key', '=', `sms-2:sms:${grandma.personId}`).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'skipped', attempts: 1, last_error: expect.stringMatching(/SMS_PROVIDER=none/) });
    await app.api(prefsUrl(grandma.id), { method: 'PUT', headers: zhang, body: { callFacilityId: (await facility('YX-T01-V01')).id, sms: false } });
  });
});

describe('the day-before reminder', () => {
  /** A booking made straight in the tables (the booking module owns the flow), in a session of its own; returns its id. */
  async function bookFor(personId: string, date: string, status: string) {
    const db = app.deps.database.db;
    const now = app.clock.now();
    const f = await facility('YX-T01');
    const doctor = await db.selectFrom('doctor').select(['id', 'department_id']).where('facility_id', '=', f.id).orderBy('code').executeTakeFirstOrThrow();
    const scheduleId = newId(now);
    await db
      .insertInto('schedule')
      .values({
        id: scheduleId, facility_id: f.id, department_id: doctor.department_id, doctor_id: doctor.id, date, period: 'evening', start_time: '18:00', end_time: '18:30',
        segment_minutes: 30, fee_fen: 0, is_visiting: 0, status: 'open', stop_reason: null, active_key: null, created_by: null, created_at: now, updated_at: now,
      })
      .execute();
    const slotId = newId(now);
    await db.insertInto('slot').values({ id: slotId, schedule_id: scheduleId, seq: 1, start_time: '18:00', end_time: '18:30', capacity: 5, booked: 1, held: 0, referral_reserved: 0, referral_booked: 0, open: 1 }).execute();
    const id = newId(now);
    await db
      .insertInto('booking')
      .values({
        id, slot_id: slotId, schedule_id: scheduleId, facility_id: f.id, department_id: doctor.department_id, doctor_id: doctor.id,
        date, start_time: '18:00', end_time: '18:30', person_id: personId, booked_by_account_id: null, booked_by_staff_id: null,
        source: 'online', referral_id: null, status, active_key: null, request_key: null, fee_fen: 0, hold_expires_at: null, late_cancel: 0,
        status_reason: null, created_at: now, updated_at: now,
      })
      .execute();
    return id;
  }

  it('reminds each confirmed booking of the day once, even when run twice', async () => {
    const login = await app.api('/api/v1/auth/wechat/login', { body: { code: wechat.issueCode('wx-reminder') } });
    const headers = { authorization: `Bearer ${login.body.token}` };
    const first17 = '43990119491001001';
    const father = (await app.api('/api/v1/me/family', { headers, body: { name: '孙长顺', idNumber: first17 + residentIdCheckChar(first17), relation: 'parent' } })).body;
    const day = addDays(localDate(app.clock.now()), 2);
    const confirmed = await bookFor(father.personId, day, 'confirmed');
    await bookFor(father.personId, day, 'cancelled');
    await bookFor(father.personId, addDays(day, 1), 'confirmed');
    const grandmaBooking = await bookFor(grandma.personId, day, 'confirmed');

    const first = await sendBookingReminders(app.deps, day);
    const second = await sendBookingReminders(app.deps, day);
    expect(second).toBe(first);
    await drain();

    const reminders = wechat.messagesTo('wx-reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ template_id: 'demo-booking-reminder', page: `packages/booking/pages/detail/index?id=${confirmed}`, data: { name1: { value: '孙长顺' } } });
    const centre = (await app.api('/api/v1/me/messages', { headers })).body.items.filter((m: { type: string }) => m.type === 'booking_reminder');
    expect(centre).toHaveLength(1);
    expect(centre[0]).toMatchObject({ title: '就诊提醒', wechatStatus: 'sent', body: expect.stringMatching(/^就诊提醒：孙长顺明天/) });
    // 李桂芳's reminder reaches her son's message centre and 东岭村卫生室's call list, once each.
    const zhangReminders = (await app.api('/api/v1/me/messages', { headers: zhang })).body.items.filter((m: { link: string }) => m.link.endsWith(grandmaBooking));
    expect(zhangReminders).toHaveLength(1);
    const calls = (await app.api('/api/v1/staff/call-list', { headers: await staffHeaders(app, 'dl.doctor') })).body.items.filter((i: { type: string }) => i.type === 'booking_reminder');
    expect(calls).toHaveLength(1);
  });

  it('runs from BOOKING_REMINDER_TIME for tomorrow’s bookings', async () => {
    const today = localDate(app.clock.now());
    const saved = app.clock.ms;
    try {
      app.clock.ms = toEpochMs(today, '16:59');
      expect(await sendDueBookingReminders(app.deps)).toBe(0);
      const tomorrow = addDays(today, 1);
      const login = await app.api('/api/v1/auth/wechat/login', { body: { code: wechat.issueCode('wx-tomorrow') } });
      const headers = { authorization: `Bearer ${login.body.token}` };
      const first17 = '43990119520202002';
      const mother = (await app.api('/api/v1/me/family', { headers, body: { name: '周玉兰', idNumber: first17 + residentIdCheckChar(first17), relation: 'parent' } })).body;
      await bookFor(mother.personId, tomorrow, 'confirmed');
      app.clock.ms = toEpochMs(today, '17:00');
      expect(await sendDueBookingReminders(app.deps)).toBeGreaterThanOrEqual(1);
      await drain();
      expect(wechat.messagesTo('wx-tomorrow')).toHaveLength(1);
    } finally {
      app.clock.ms = saved;
    }
  });
});

describe('periodic jobs', () => {
  it('runs a job in one instance at a time across instances (KV lock), and again once it is free', async () => {
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    registerJob('test.exclusive', 60_000, async () => {
      runs++;
      await gate;
    });
    const first = runJobOnce(app.deps, 'test.exclusive', 'instance-1');
    await new Promise((r) => setTimeout(r, 20));
    expect(await runJobOnce(app.deps, 'test.exclusive', 'instance-2')).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(await runJobOnce(app.deps, 'test.exclusive', 'instance-2')).toBe(true);
    expect(runs).toBe(2);
  });

  it('starts registered jobs on their interval and stops them, waiting for a run in flight', async () => {
    let runs = 0;
    let finished = 0;
    registerJob('test.ticking', 10, async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 15));
      finished++;
    }, { singleInstance: false });
    const workers = startWorkers(app.deps, 'instance-ticking');
    await new Promise((r) => setTimeout(r, 80));
    await workers.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(finished).toBe(runs);
    await new Promise((r) => setTimeout(r, 40));
    expect(finished).toBe(runs);
  });

  it('registers the outbox and reminder jobs that main.ts starts', async () => {
    registerNotificationJobs();
    await emit(grandma.personId, 'job-1');
    expect(await runJobOnce(app.deps, 'notifications.outbox', 'instance-main')).toBe(true);
    const row = await app.deps.database.db.selectFrom('outbox').select('status').where('dedupe_key', 'like', 'job-1:%').executeTakeFirstOrThrow();
    expect(row.status).toBe('done');
    expect(await runJobOnce(app.deps, 'notifications.booking-reminders', 'instance-main')).toBe(true);
  });
});
