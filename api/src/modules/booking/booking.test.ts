import { addDays, DEFAULT_BOOKING_POLICY, FEE_PAYABLE_ONLINE, toEpochMs } from '@ygt/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { familyOf, residentHeaders, staffHeaders } from '@ygt/test/support/actors';
import { startTestApp, type TestApp } from '@ygt/test/support/harness';
import { seedDemoBookings } from './seed';
import { processWaitlistExpiries } from './service';
import { book, bookingRow, createSchedule, departmentsAt, doctorsAt, facilityByCode, newResidents, scheduleOf, startOfTestDay, type TestResident } from './testing';

let app: TestApp;
let today: string;
let at10: number;
const h: Record<string, Record<string, string>> = {};
let t01: { id: string; name: string };
let rmyy: { id: string; name: string };
let townshipDoctors: Awaited<ReturnType<typeof doctorsAt>>;
let countyDoctors: Awaited<ReturnType<typeof doctorsAt>>;

beforeAll(async () => {
  app = await startTestApp();
  ({ today, at10 } = startOfTestDay(app));
  for (const u of ['qs.nurse', 'lh.nurse', 'county.nurse', 'county.doctor', 'admin', 'pharmacist']) h[u] = await staffHeaders(app, u);
  t01 = await facilityByCode(app, 'YX-T01');
  rmyy = await facilityByCode(app, 'YX-RMYY');
  townshipDoctors = await doctorsAt(app, t01.id);
  // One doctor (not a county expert) per county department; evening sessions never clash with the seed.
  const seen = new Set<string>();
  countyDoctors = (await doctorsAt(app, rmyy.id)).filter((d) => !d.isCountyExpert && !seen.has(d.departmentId) && seen.add(d.departmentId));
});
beforeEach(() => {
  app.clock.ms = at10;
});
afterAll(() => app?.close());

const day = (n: number) => addDays(today, n);
const countySchedule = (i: number, date: string, extra: Record<string, unknown> = {}) =>
  createSchedule(app, h['county.nurse'], { facilityId: rmyy.id, departmentId: countyDoctors[i].departmentId, doctorId: countyDoctors[i].id, date, ...extra });
const townshipSchedule = (i: number, date: string, extra: Record<string, unknown> = {}) =>
  createSchedule(app, h['qs.nurse'], { facilityId: t01.id, departmentId: townshipDoctors[i].departmentId, doctorId: townshipDoctors[i].id, date, ...extra });
const messagesOf = async (headers: Record<string, string>) => (await app.api('/api/v1/me/messages', { headers })).body.items as { type: string; body: string }[];
const staffAct = (who: string, bookingId: string, action: string, body?: unknown) =>
  app.api(`/api/v1/staff/bookings/${bookingId}/${action}`, { method: 'POST', headers: h[who], body });

describe('finding a place', () => {
  it("explains a facility's rules in words, and an admin can change them per facility", async () => {
    const t03 = await facilityByCode(app, 'YX-T03');
    const rules = (await app.api(`/api/v1/facilities/${t03.id}/booking-rules`)).body;
    expect(rules).toMatchObject({ isDefault: true, policy: DEFAULT_BOOKING_POLICY });
    expect(rules.items.find((i: { key: string }) => i.key === 'window').text).toBe('号源提前7天开放，每天08:00放号；当天号源可预约至该时段开始前。');
    expect(rules.items.map((i: { key: string }) => i.key)).toEqual(['real_name', 'window', 'per_day', 'per_week', 'cancel', 'no_show', 'waitlist', 'referral', 'fee']);

    const policy = { ...DEFAULT_BOOKING_POLICY, windowDays: 14, cancelDaysBefore: 0, cancelTime: '07:00' };
    expect((await app.api(`/api/v1/staff/facilities/${t03.id}/booking-policy`, { method: 'PUT', headers: h['qs.nurse'], body: policy })).status).toBe(403);
    const bad = await app.api(`/api/v1/staff/facilities/${t03.id}/booking-policy`, { method: 'PUT', headers: h.admin, body: { ...policy, releaseTime: '25:00' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('releaseTime');
    // Every number says in Chinese what is allowed (the console shows the same words by the field).
    const zero = await app.api(`/api/v1/staff/facilities/${t03.id}/booking-policy`, { method: 'PUT', headers: h.admin, body: { ...policy, maxOpenPerWeek: 0 } });
    expect(zero.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'maxOpenPerWeek', message: expect.stringContaining('每周至少可约1个号') });
    const half = await app.api(`/api/v1/staff/facilities/${t03.id}/booking-policy`, { method: 'PUT', headers: h.admin, body: { ...policy, suspendDays: 1.5 } });
    expect(half.body.error).toMatchObject({ field: 'suspendDays', message: expect.stringContaining('暂停天数须为整数') });
    expect((await app.api(`/api/v1/facilities/${t03.id}/booking-rules`)).body.isDefault).toBe(true);

    const saved = await app.api(`/api/v1/staff/facilities/${t03.id}/booking-policy`, { method: 'PUT', headers: h.admin, body: policy });
    expect(saved.body).toMatchObject({ isDefault: false, policy: { windowDays: 14 } });
    const after = (await app.api(`/api/v1/facilities/${t03.id}/booking-rules`)).body.items;
    expect(after.find((i: { key: string }) => i.key === 'cancel').text).toMatch(/^就诊当天07:00前可在线退号/);
    expect((await app.api('/api/v1/facilities/01UNKNOWN0000000000000000/booking-rules')).body.error).toMatchObject({ code: 'NOT_FOUND', field: 'facilityId' });
  });

  it('finds the demo schedules by facility, the county experts visiting my township, and a doctor by name', async () => {
    const atTownship = (await app.api(`/api/v1/schedules?facilityId=${t01.id}`)).body.items;
    expect(atTownship.length).toBeGreaterThan(5);
    expect(atTownship.every((s: { facility: { id: string } }) => s.facility.id === t01.id)).toBe(true);
    expect(atTownship.find((s: { isVisiting: boolean }) => !s.isVisiting)).toMatchObject({ feeFen: 500, feeYuan: '5.00', feePayableOnline: FEE_PAYABLE_ONLINE, periodLabel: expect.stringMatching(/上午|下午/) });

    const experts = (await app.api(`/api/v1/schedules?visiting=1&township=${encodeURIComponent('青石镇')}`)).body.items;
    expect(experts.length).toBeGreaterThanOrEqual(1);
    for (const s of experts) {
      expect(s).toMatchObject({ isVisiting: true, feeFen: 2000, facility: { township: '青石镇' }, doctor: { isCountyExpert: true, homeFacilityName: expect.stringMatching(/^云溪县/) } });
    }

    const found = (await app.api(`/api/v1/doctors?name=${encodeURIComponent(experts[0].doctor.name)}`)).body.items;
    const expert = found.find((d: { id: string }) => d.id === experts[0].doctor.id);
    expect(expert.facility.name).toBe(experts[0].doctor.homeFacilityName);
    expect(expert.upcoming.some((s: { id: string }) => s.id === experts[0].id)).toBe(true);
    expect((await app.api('/api/v1/doctors?name=')).body.error.field).toBe('name');
    expect((await app.api('/api/v1/doctors?name=%25')).body.items).toEqual([]);
    expect((await app.api(`/api/v1/schedules?from=${day(0)}&to=${day(40)}`)).body.error.field).toBe('to');
  });

  it('seeds the demo schedules idempotently: county hospital, two townships with visiting experts, a village clinic', async () => {
    const village = await facilityByCode(app, 'YX-T01-V01');
    expect((await app.api(`/api/v1/schedules?facilityId=${village.id}`)).body.items[0]).toMatchObject({ feeFen: 0, facility: { level: 'village' } });
    const county = (await app.api(`/api/v1/schedules?facilityId=${rmyy.id}`)).body.items.filter((s: { doctor: { isCountyExpert: boolean } }) => s.doctor.isCountyExpert);
    expect(county[0]).toMatchObject({ feeFen: 2000, referralRemaining: expect.any(Number) });
    app.clock.ms = Date.now();
    expect(await seedDemoBookings(app.deps)).toEqual({ schedules: 0 });
  });

  it('shows the places left per segment', async () => {
    const s = await countySchedule(0, day(2), { endTime: '19:00', capacityPerSegment: 3, referralReservedPerSegment: 1 });
    const detail = await scheduleOf(app, s.id);
    expect(detail.slots.map((x) => [x.startTime, x.remaining, x.referralRemaining, x.state])).toEqual([
      ['18:00', 2, 1, 'available'],
      ['18:30', 2, 1, 'available'],
    ]);
    expect(detail).toMatchObject({ remaining: 4, bookingOpen: true, waitlist: { open: false, waiting: 0 } });
  });
});

describe('booking rules, enforced on the server', () => {
  it('refuses a date whose places are not on sale yet, and a segment that has started', async () => {
    const [p] = await newResidents(app, 1);
    const far = await countySchedule(1, day(8));
    const res = await book(app, p, far.slots[0].id);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'OUTSIDE_BOOKING_WINDOW', field: 'slotId', message: expect.stringMatching(/将于.+08:00开放预约/) });
    expect((await scheduleOf(app, far.id)).slots[0].booked).toBe(0);

    const started = await countySchedule(1, day(0), { period: 'am', startTime: '09:00', endTime: '09:30' });
    expect((await book(app, p, started.slots[0].id)).body.error).toMatchObject({ code: 'OUTSIDE_BOOKING_WINDOW', message: expect.stringMatching(/已开始/) });
  });

  it("answers 404 for someone not in the caller's family, and books nothing", async () => {
    const zhang = await residentHeaders(app, 'zhang');
    const wangMember = (await familyOf(app, await residentHeaders(app, 'wang')))[0];
    const s = await countySchedule(2, day(2));
    const res = await app.api('/api/v1/me/bookings', { headers: zhang, body: { slotId: s.slots[0].id, memberId: wangMember.id } });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'memberId' });
    expect((await scheduleOf(app, s.id)).slots[0].booked).toBe(0);
  });

  it('allows one booking per person, department and day, and at most 3 open bookings a week', async () => {
    const [p] = await newResidents(app, 1);
    const [a, b, c, d] = await Promise.all([3, 4, 5, 6].map((i) => countySchedule(i, day(3))));
    const sameDept = await createSchedule(app, h['county.nurse'], { facilityId: rmyy.id, departmentId: countyDoctors[3].departmentId, doctorId: countyDoctors[3].id, date: day(3), period: 'pm', startTime: '19:00', endTime: '19:30' });
    expect((await book(app, p, a.slots[0].id)).status).toBe(201);
    const twice = await book(app, p, sameDept.slots[0].id);
    expect(twice.body.error).toMatchObject({ code: 'LIMIT_REACHED', field: 'memberId', message: expect.stringMatching(/同一天同一科室/) });
    expect((await book(app, p, b.slots[0].id)).status).toBe(201);
    expect((await book(app, p, c.slots[0].id)).status).toBe(201);
    const fourth = await book(app, p, d.slots[0].id);
    expect(fourth.status).toBe(409);
    expect(fourth.body.error).toMatchObject({ code: 'LIMIT_REACHED', field: 'memberId', message: expect.stringMatching(/每周（周一至周日）最多3个/) });
    expect((await scheduleOf(app, d.id)).slots[0].booked).toBe(0);
    expect((await app.api(`/api/v1/me/booking-eligibility?memberId=${p.memberId}&facilityId=${rmyy.id}&date=${day(3)}`, { headers: p.headers })).body).toMatchObject({ openInWeek: 3, maxOpenPerWeek: 3, messages: [expect.stringMatching(/本周已达上限/)] });
  });

  it('cancels freely before the deadline; after it only on confirmation, counted as a no-show; 3 no-shows suspend online booking with the end date', async () => {
    const [p] = await newResidents(app, 1);
    const [a, b, c] = await Promise.all([7, 8, 9].map((i) => countySchedule(i, day(1))));
    const ids: string[] = [];
    for (const s of [a, b, c]) ids.push((await book(app, p, s.slots[0].id)).body.id);
    const booking = (await app.api(`/api/v1/me/bookings/${ids[0]}`, { headers: p.headers })).body;
    expect(booking).toMatchObject({ status: 'pending_confirmation', canCancel: true, cancelCountsAsNoShow: false, cancelDeadline: toEpochMs(day(0), '18:00') });

    app.clock.ms = toEpochMs(day(0), '19:00');
    const late = await app.api(`/api/v1/me/bookings/${ids[2]}/cancel`, { headers: p.headers, body: {} });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'CANCEL_DEADLINE_PASSED', field: 'acceptNoShow', message: expect.stringMatching(/已过退号截止时间（.+18:00）/) });
    expect((await bookingRow(app, ids[2])).status).toBe('pending_confirmation');
    const cancelled = await app.api(`/api/v1/me/bookings/${ids[2]}/cancel`, { headers: p.headers, body: { acceptNoShow: true } });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', lateCancel: true, statusReason: '居民逾期退号' });
    expect((await scheduleOf(app, c.id)).slots[0]).toMatchObject({ booked: 0, remaining: 1 });

    const early = await staffAct('county.nurse', ids[0], 'no-show');
    expect(early.body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/尚未开始/) });
    app.clock.ms = toEpochMs(day(1), '19:00');
    for (const id of ids.slice(0, 2)) expect((await staffAct('county.nurse', id, 'no-show')).body.status).toBe('no_show');
    expect((await scheduleOf(app, a.id)).slots[0].booked).toBe(1);

    const later = await countySchedule(10, day(3));
    const refused = await book(app, p, later.slots[0].id);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'BOOKING_SUSPENDED', field: 'memberId' });
    expect(refused.body.error.message).toContain(`在线预约已暂停至${addDays(day(1), 89)}`);
    const status = (await app.api(`/api/v1/me/booking-eligibility?memberId=${p.memberId}&facilityId=${rmyy.id}`, { headers: p.headers })).body;
    expect(status).toMatchObject({ suspended: true, suspendedUntil: addDays(day(1), 89), recentNoShows: 3 });
  });
});

describe('the facility desk', () => {
  it('a resident books a township slot, clinic staff confirm it, the resident sees it confirmed and is told', async () => {
    const zhang = await residentHeaders(app, 'zhang');
    const self = (await familyOf(app, zhang)).find((m) => m.relation === 'self')!;
    const s = await townshipSchedule(0, day(2));
    const made = await app.api('/api/v1/me/bookings', { headers: zhang, body: { slotId: s.slots[0].id, memberId: self.id } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 'pending_confirmation', statusLabel: '待确认', feeFen: 0, patient: { memberId: self.id, name: '张*国' }, facility: { id: t01.id } });

    const queue = await app.api(`/api/v1/staff/bookings?facilityId=${t01.id}&date=${day(2)}`, { headers: h['qs.nurse'] });
    const row = queue.body.items.find((b: { id: string }) => b.id === made.body.id);
    expect(row.patient).toMatchObject({ name: '张建国', idNumber: expect.stringMatching(/^4399\*+\w{4}$/), phone: '138****1001' });

    const confirmed = await staffAct('qs.nurse', made.body.id, 'confirm');
    expect(confirmed.body.status).toBe('confirmed');
    expect(confirmed.body.events.map((e: { toStatus: string; actorName: string }) => [e.toStatus, e.actorName])).toEqual([
      ['pending_confirmation', '居民'],
      ['confirmed', '周春梅'],
    ]);
    expect((await staffAct('qs.nurse', made.body.id, 'confirm')).body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/已确认，不能确认/) });

    const mine = (await app.api('/api/v1/me/bookings?scope=upcoming', { headers: zhang })).body.items;
    expect(mine.find((b: { id: string }) => b.id === made.body.id)).toMatchObject({ status: 'confirmed', statusLabel: '已确认' });
    expect((await messagesOf(zhang)).find((m) => m.type === 'booking_confirmed')!.body).toMatch(/预约已确认.+青石镇中心卫生院/);
    const log = (await app.api('/api/v1/me/access-log', { headers: zhang })).body.items.map((e: { action: string; actorName: string }) => `${e.action}:${e.actorName}`);
    expect(log).toEqual(expect.arrayContaining(['booking.view:周春梅', 'booking.update:周春梅']));
  });

  it("staff of another facility get 404 on a booking and on the facility's queue", async () => {
    const [p] = await newResidents(app, 1);
    const s = await townshipSchedule(1, day(2));
    const id = (await book(app, p, s.slots[0].id)).body.id;
    expect((await app.api(`/api/v1/staff/bookings/${id}`, { headers: h['lh.nurse'] })).status).toBe(404);
    expect((await staffAct('lh.nurse', id, 'confirm')).body.error).toMatchObject({ code: 'NOT_FOUND', field: 'bookingId' });
    expect((await app.api(`/api/v1/staff/bookings?facilityId=${t01.id}&date=${day(2)}`, { headers: h['lh.nurse'] })).body.error).toMatchObject({ code: 'NOT_FOUND', field: 'facilityId' });
    expect((await app.api(`/api/v1/staff/bookings/${id}`, { headers: h.pharmacist })).status).toBe(403);
    expect((await bookingRow(app, id)).status).toBe('pending_confirmation');
  });

  it('a rejection needs a reason, frees the place exactly once and tells the patient', async () => {
    const [p] = await newResidents(app, 1);
    const s = await townshipSchedule(2, day(2));
    const id = (await book(app, p, s.slots[0].id)).body.id;
    expect((await staffAct('qs.nurse', id, 'reject', {})).body.error.field).toBe('reason');
    const answers = await Promise.all([1, 2, 3].map(() => staffAct('qs.nurse', id, 'reject', { reason: '医生临时外出会诊' })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    expect((await scheduleOf(app, s.id)).slots[0]).toMatchObject({ booked: 0, remaining: 1 });
    const events = (await app.api(`/api/v1/me/bookings/${id}`, { headers: p.headers })).body.events;
    expect(events.filter((e: { toStatus: string }) => e.toStatus === 'rejected')).toHaveLength(1);
    expect((await messagesOf(p.headers)).map((m) => m.type)).toEqual(['booking_rejected']);
  });

  it('checks in on the day (resident once confirmed, or staff at the desk) and completes', async () => {
    const [p, q] = await newResidents(app, 2);
    const tonight = await countySchedule(11, day(0), { capacityPerSegment: 2 });
    const id = (await book(app, p, tonight.slots[0].id)).body.id;
    expect((await app.api(`/api/v1/me/bookings/${id}/check-in`, { method: 'POST', headers: p.headers })).body.error.message).toMatch(/待确认，不能签到/);
    await staffAct('county.nurse', id, 'confirm');
    expect((await app.api(`/api/v1/me/bookings/${id}`, { headers: p.headers })).body.canCheckIn).toBe(true);
    expect((await app.api(`/api/v1/me/bookings/${id}/check-in`, { method: 'POST', headers: p.headers })).body.status).toBe('checked_in');
    expect((await staffAct('county.doctor', id, 'complete')).body.status).toBe('completed');

    const tomorrow = await countySchedule(11, day(1));
    const other = (await book(app, q, tomorrow.slots[0].id)).body.id;
    expect((await staffAct('county.nurse', other, 'check-in')).body.error.message).toMatch(/当天/);
    app.clock.ms = toEpochMs(day(1), '17:50');
    expect((await staffAct('county.nurse', other, 'check-in')).body.status).toBe('checked_in');
    expect((await app.api(`/api/v1/staff/patients/${q.personId}`, { headers: h['county.nurse'] })).status).toBe(200);
  });

  it('stopping a schedule cancels its bookings with the reason, frees each place once, and tells each patient', async () => {
    const people = await newResidents(app, 3);
    const s = await townshipSchedule(0, day(3), { capacityPerSegment: 3 });
    const ids: string[] = [];
    for (const p of people) ids.push((await book(app, p, s.slots[0].id)).body.id);
    const [stopped, ownCancel] = await Promise.all([
      app.api(`/api/v1/staff/schedules/${s.id}/stop`, { headers: h['qs.nurse'], body: { reason: '医生参加县里培训' } }),
      app.api(`/api/v1/me/bookings/${ids[0]}/cancel`, { headers: people[0].headers, body: {} }),
    ]);
    expect(stopped.status).toBe(200);
    expect(stopped.body.schedule).toMatchObject({ status: 'stopped', stopReason: '医生参加县里培训' });
    const byStop = stopped.body.cancelledBookings;
    expect(byStop + (ownCancel.status === 200 ? 1 : 0)).toBe(3);
    for (const id of ids) expect((await bookingRow(app, id)).status).toBe('cancelled');
    expect((await scheduleOf(app, s.id)).slots[0].booked).toBe(0);
    const told = [];
    for (const p of people) told.push((await messagesOf(p.headers)).filter((m) => m.type === 'booking_cancelled_by_facility'));
    expect(told.flat()).toHaveLength(byStop);
    expect(told[1][0].body).toMatch(/已被医院取消：医生参加县里培训/);
    expect((await bookingRow(app, ids[1])).status_reason).toBe('医生参加县里培训');

    const [late] = await newResidents(app, 1);
    expect((await book(app, late, s.slots[0].id)).body.error).toMatchObject({ code: 'CONFLICT', field: 'slotId', message: expect.stringMatching(/已停诊/) });
    expect((await app.api(`/api/v1/staff/schedules/${s.id}/stop`, { headers: h['qs.nurse'], body: { reason: '再次停诊' } })).status).toBe(409);
  });
});

describe('schedules in the console', () => {
  it('creates schedules in bulk from a week template, skipping sessions that exist', async () => {
    const [a, b] = countyDoctors.slice(12, 14);
    const body = {
      facilityId: rmyy.id,
      from: day(10),
      to: day(23),
      template: [
        { weekday: 2, period: 'evening', departmentId: a.departmentId, doctorId: a.id, capacityPerSegment: 4, referralReservedPerSegment: 1, feeFen: 500 },
        { weekday: 4, period: 'evening', departmentId: b.departmentId, doctorId: b.id, capacityPerSegment: 4, feeFen: 500 },
      ],
    };
    const first = await app.api('/api/v1/staff/schedules/bulk', { headers: h['county.nurse'], body });
    expect(first.status).toBe(201);
    expect(first.body.created).toHaveLength(4);
    expect(first.body.skipped).toHaveLength(0);
    const again = await app.api('/api/v1/staff/schedules/bulk', { headers: h['county.nurse'], body });
    expect(again.body.created).toHaveLength(0);
    expect(again.body.skipped.map((x: { reason: string }) => x.reason)).toEqual(Array(4).fill('该医生这个时段已有排班'));
    const listed = (await app.api(`/api/v1/staff/schedules?facilityId=${rmyy.id}&from=${day(10)}&to=${day(23)}`, { headers: h['county.nurse'] })).body.items;
    expect(listed.filter((s: { doctor: { id: string } }) => s.doctor.id === a.id).map((s: { weekday: number }) => s.weekday)).toEqual([2, 2]);
    expect(listed[0].slots).toHaveLength(4);

    const badSegments = await app.api('/api/v1/staff/schedules/bulk', { headers: h['county.nurse'], body: { ...body, template: [body.template[0], { ...body.template[1], startTime: '18:00', endTime: '19:00', segmentMinutes: 25 }] } });
    expect(badSegments.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'template.1.segmentMinutes' });
    const foreignDoctor = await app.api('/api/v1/staff/schedules/bulk', { headers: h['county.nurse'], body: { ...body, template: [{ ...body.template[0], doctorId: townshipDoctors[0].id }] } });
    expect(foreignDoctor.body.error.field).toBe('template.0.doctorId');
    expect((await app.api('/api/v1/staff/schedules/bulk', { headers: h['qs.nurse'], body })).body.error).toMatchObject({ code: 'NOT_FOUND', field: 'facilityId' });
    expect((await app.api('/api/v1/staff/schedules/bulk', { headers: h['county.doctor'], body })).status).toBe(403);
  });

  it('schedules a county expert at a township as a visiting session, but not any county doctor', async () => {
    const expert = (await doctorsAt(app, rmyy.id)).find((d) => d.isCountyExpert)!;
    const dept = (await departmentsAt(app, t01.id)).find((d) => d.name === '慢病管理门诊')!;
    const visiting = await createSchedule(app, h['qs.nurse'], { facilityId: t01.id, departmentId: dept.id, doctorId: expert.id, date: day(12), feeFen: 2000 });
    expect(visiting).toMatchObject({ isVisiting: true, doctor: { isCountyExpert: true, homeFacilityName: '云溪县人民医院' } });
    const plain = await app.api('/api/v1/staff/schedules', { headers: h['qs.nurse'], body: { facilityId: t01.id, departmentId: dept.id, doctorId: countyDoctors[0].id, date: day(12), period: 'evening', capacityPerSegment: 1, feeFen: 0 } });
    expect(plain.body.error).toMatchObject({ field: 'doctorId', message: expect.stringMatching(/不在本机构执业/) });
    const clash = await app.api('/api/v1/staff/schedules', { headers: h['qs.nurse'], body: { facilityId: t01.id, departmentId: dept.id, doctorId: expert.id, date: day(12), period: 'evening', capacityPerSegment: 1, feeFen: 0 } });
    expect(clash.body.error).toMatchObject({ code: 'CONFLICT', field: 'doctorId' });
  });

  it('changes places per segment only while the bookings still fit', async () => {
    const [p, q] = await newResidents(app, 2);
    const s = await countySchedule(12, day(4), { capacityPerSegment: 2 });
    await book(app, p, s.slots[0].id);
    await book(app, q, s.slots[0].id);
    const shrink = await app.api(`/api/v1/staff/schedules/${s.id}`, { method: 'PATCH', headers: h['county.nurse'], body: { capacityPerSegment: 1 } });
    expect(shrink.body.error).toMatchObject({ code: 'CONFLICT', field: 'capacityPerSegment' });
    expect((await scheduleOf(app, s.id)).slots[0].capacity).toBe(2);
    const grow = await app.api(`/api/v1/staff/schedules/${s.id}`, { method: 'PATCH', headers: h['county.nurse'], body: { capacityPerSegment: 4, feeFen: 800 } });
    expect(grow.body).toMatchObject({ feeFen: 800, remaining: 2, slots: [{ capacity: 4, booked: 2 }] });
    expect((await app.api(`/api/v1/staff/schedules/${s.id}`, { method: 'PATCH', headers: h['county.nurse'], body: {} })).body.error.field).toBe('feeFen');
  });
});

describe('waitlist (候补)', () => {
  it('offers a freed place to the first in line, passes it on when the offer expires, and the next accepts', async () => {
    const [a, b, c, d] = await newResidents(app, 4);
    const s = await countySchedule(13, day(2));
    const notFull = await app.api('/api/v1/me/waitlist', { headers: b.headers, body: { scheduleId: s.id, memberId: b.memberId } });
    expect(notFull.body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/还有号源/) });
    const aBooking = (await book(app, a, s.slots[0].id)).body.id;

    const join = (who: TestResident) => app.api('/api/v1/me/waitlist', { headers: who.headers, body: { scheduleId: s.id, memberId: who.memberId } });
    const bEntry = (await join(b)).body;
    const cEntry = (await join(c)).body;
    expect([bEntry.position, cEntry.position, bEntry.status]).toEqual([1, 2, 'waiting']);
    expect((await join(c)).body.error.field).toBe('memberId');
    expect((await scheduleOf(app, s.id)).waitlist).toMatchObject({ open: true, waiting: 2 });

    await app.api(`/api/v1/me/bookings/${aBooking}/cancel`, { headers: a.headers, body: {} });
    const offered = (await app.api('/api/v1/me/waitlist', { headers: b.headers })).body.items[0];
    expect(offered).toMatchObject({ status: 'offered', offer: { slotId: s.slots[0].id, expiresAt: at10 + 30 * 60_000 } });
    expect((await messagesOf(b.headers)).map((m) => m.type)).toEqual(['waitlist_offer']);
    expect((await scheduleOf(app, s.id)).slots[0]).toMatchObject({ held: 1, remaining: 0 });
    expect((await book(app, d, s.slots[0].id)).body.error.code).toBe('SOLD_OUT');

    app.clock.advance(31 * 60_000);
    expect(await processWaitlistExpiries(app.deps)).toMatchObject({ expired: 1, offered: 1 });
    expect((await app.api(`/api/v1/me/waitlist/${bEntry.id}/accept`, { method: 'POST', headers: b.headers })).body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/已过期/) });
    expect((await app.api('/api/v1/me/waitlist', { headers: b.headers })).body.items[0].status).toBe('expired');
    expect((await app.api('/api/v1/me/waitlist', { headers: c.headers })).body.items[0]).toMatchObject({ status: 'offered', offer: { expiresAt: app.clock.now() + 30 * 60_000 } });

    const accepted = await app.api(`/api/v1/me/waitlist/${cEntry.id}/accept`, { method: 'POST', headers: c.headers });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ source: 'waitlist', status: 'pending_confirmation', slotId: s.slots[0].id });
    expect((await scheduleOf(app, s.id)).slots[0]).toMatchObject({ booked: 1, held: 0, remaining: 0 });
    expect((await app.api('/api/v1/me/waitlist', { headers: c.headers })).body.items[0]).toMatchObject({ status: 'booked', bookingId: accepted.body.id });
    expect(await processWaitlistExpiries(app.deps)).toEqual({ expired: 0, offered: 0, closed: 0 });
  });

  it('lets a resident leave the line, and closes the queue the evening before', async () => {
    const [a, b, c] = await newResidents(app, 3);
    const s = await countySchedule(14, day(1));
    await book(app, a, s.slots[0].id);
    const bEntry = (await app.api('/api/v1/me/waitlist', { headers: b.headers, body: { scheduleId: s.id, memberId: b.memberId } })).body;
    await app.api('/api/v1/me/waitlist', { headers: c.headers, body: { scheduleId: s.id, memberId: c.memberId } });
    expect((await app.api(`/api/v1/me/waitlist/${bEntry.id}`, { method: 'DELETE', headers: b.headers })).status).toBe(200);
    expect((await app.api(`/api/v1/me/waitlist/${bEntry.id}`, { method: 'DELETE', headers: c.headers })).status).toBe(404);
    expect((await app.api('/api/v1/me/waitlist', { headers: c.headers })).body.items[0].position).toBe(1);

    app.clock.ms = toEpochMs(day(0), '20:00');
    expect((await processWaitlistExpiries(app.deps)).closed).toBe(1);
    expect((await app.api('/api/v1/me/waitlist', { headers: c.headers })).body.items[0].status).toBe('closed');
    const [d] = await newResidents(app, 1);
    expect((await app.api('/api/v1/me/waitlist', { headers: d.headers, body: { scheduleId: s.id, memberId: d.memberId } })).body.error.message).toMatch(/候补已于.+20:00截止/);
  });
});
