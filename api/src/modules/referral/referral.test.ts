import { addDays, DEFAULT_BOOKING_POLICY, toEpochMs } from '@ygt/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { familyOf, residentHeaders, staffHeaders } from '@ygt/test/support/actors';
import { startTestApp, type TestApp } from '@ygt/test/support/harness';
import { processWaitlistExpiries } from '../booking/service';
import { book, createSchedule, departmentsAt, doctorsAt, facilityByCode, newResidents, scheduleOf, startOfTestDay } from '../booking/testing';

let app: TestApp;
let today: string;
let at10: number;
const h: Record<string, Record<string, string>> = {};
let zhang: Record<string, string>;
let zhangSelf: { id: string; personId: string };
let zhangMother: { id: string; personId: string };
let rmyy: { id: string };
let t01: { id: string };
let cardiology: string;
let cardiologist: string;

beforeAll(async () => {
  app = await startTestApp();
  ({ today, at10 } = startOfTestDay(app));
  for (const u of ['qs.doctor', 'qs.nurse', 'county.doctor', 'county.nurse', 'lh.nurse', 'admin']) h[u] = await staffHeaders(app, u);
  zhang = await residentHeaders(app, 'zhang');
  const family = await familyOf(app, zhang);
  zhangSelf = family.find((m) => m.relation === 'self')!;
  zhangMother = family.find((m) => m.relation === 'parent')!;
  rmyy = await facilityByCode(app, 'YX-RMYY');
  t01 = await facilityByCode(app, 'YX-T01');
  cardiology = (await departmentsAt(app, rmyy.id)).find((d) => d.name === '心血管内科')!.id;
  // The attending cardiologist: no county-expert sessions, so evening schedules never clash.
  cardiologist = (await doctorsAt(app, rmyy.id)).find((d) => d.departmentId === cardiology && !d.isCountyExpert)!.id;
});
beforeEach(() => {
  app.clock.ms = at10;
});
afterAll(() => app?.close());

const day = (n: number) => addDays(today, n);
const cardiologySchedule = (date: string, capacity: number, reserved: number) =>
  createSchedule(app, h['county.nurse'], { facilityId: rmyy.id, departmentId: cardiology, doctorId: cardiologist, date, capacityPerSegment: capacity, referralReservedPerSegment: reserved });
const refer = (personId: string, extra: Record<string, unknown> = {}) =>
  app.api('/api/v1/staff/referrals', {
    headers: h['qs.doctor'],
    body: { personId, toDepartmentId: cardiology, reason: '血压控制不佳，需上级医院调整方案', summary: '高血压3年，近两周血压160/100mmHg，伴头晕。', resultIds: ['RES-ECG-1'], ...extra },
  });
const act = (who: string, referralId: string, action: string, body?: unknown) => app.api(`/api/v1/staff/referrals/${referralId}/${action}`, { method: 'POST', headers: h[who], body });

let upward: { id: string; booking: { id: string } };
let publicBookingId: string;

describe('upward referral (上转)', () => {
  it('a township doctor refers a patient up with a reserved place; the reserve is for referrals only and never displaces a resident', async () => {
    const s = await cardiologySchedule(day(3), 2, 1);
    const [p1, p2] = await newResidents(app, 2);
    publicBookingId = (await book(app, p1, s.slots[0].id)).body.id;
    expect((await book(app, p2, s.slots[0].id)).body.error).toMatchObject({ code: 'SOLD_OUT', field: 'slotId' });
    expect((await scheduleOf(app, s.id)).slots[0]).toMatchObject({ remaining: 0, referralRemaining: 1 });

    const res = await refer(zhangSelf.personId, { slotId: s.slots[0].id });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      direction: 'up',
      status: 'pending',
      patient: { name: '张建国' },
      from: { facility: { id: t01.id }, staffName: expect.any(String) },
      to: { facility: { id: rmyy.id }, department: { id: cardiology, name: '心血管内科' } },
      resultIds: ['RES-ECG-1'],
      booking: { source: 'referral', status: 'pending_confirmation', slotId: s.slots[0].id },
    });
    upward = res.body;
    expect((await scheduleOf(app, s.id)).slots[0]).toMatchObject({ booked: 2, referralBooked: 1, remaining: 0, referralRemaining: 0 });

    const second = await refer(zhangMother.personId, { slotId: s.slots[0].id });
    expect(second.body.error).toMatchObject({ code: 'SOLD_OUT', field: 'slotId', message: expect.stringMatching(/转诊预留号源已用完/) });
    const motherReferrals = await app.deps.database.db.selectFrom('referral').select('id').where('person_id', '=', zhangMother.personId).execute();
    expect(motherReferrals).toHaveLength(0);
    expect((await app.api(`/api/v1/staff/bookings/${publicBookingId}`, { headers: h['county.nurse'] })).body.status).toBe('pending_confirmation');
  });

  it('refuses what a referral may not do, naming the field', async () => {
    const wang = (await familyOf(app, await residentHeaders(app, 'wang')))[0];
    expect((await refer(wang.personId)).body.error).toMatchObject({ code: 'NOT_FOUND', field: 'personId' });
    const townshipDept = (await departmentsAt(app, t01.id))[0].id;
    expect((await refer(zhangMother.personId, { toDepartmentId: townshipDept })).body.error.field).toBe('toDepartmentId');
    expect((await refer(zhangMother.personId, { reason: '' })).body.error.field).toBe('reason');
    const nurse = await app.api('/api/v1/staff/referrals', { headers: h['qs.nurse'], body: { personId: zhangMother.personId, toDepartmentId: cardiology, reason: '测试', summary: '测试' } });
    expect(nurse.status).toBe(403);
  });

  it("the patient's family sees the referral and its booking; another family does not; the health-data consent is needed", async () => {
    const mine = (await app.api('/api/v1/me/referrals', { headers: zhang })).body.items;
    expect(mine.find((r: { id: string }) => r.id === upward.id)).toMatchObject({ patient: { name: '张*国' }, statusLabel: '待接收', booking: { id: upward.booking.id, patient: { memberId: zhangSelf.id } } });
    const bookings = (await app.api('/api/v1/me/bookings', { headers: zhang })).body.items;
    expect(bookings.find((b: { id: string }) => b.id === upward.booking.id)).toMatchObject({ source: 'referral', referralId: upward.id });
    expect((await app.api(`/api/v1/me/referrals/${upward.id}`, { headers: await residentHeaders(app, 'wang') })).status).toBe(404);
    expect((await app.api('/api/v1/me/referrals', { headers: await residentHeaders(app, 'chen') })).body.error.code).toBe('CONSENT_REQUIRED');
  });

  it('the county department accepts: its booking is confirmed and the family told; unrelated staff get 404', async () => {
    expect((await app.api(`/api/v1/staff/referrals/${upward.id}`, { headers: h['lh.nurse'] })).status).toBe(404);
    expect((await act('lh.nurse', upward.id, 'accept')).status).toBe(404);
    expect((await act('qs.doctor', upward.id, 'accept')).status).toBe(404);

    const accepted = await act('county.doctor', upward.id, 'accept');
    expect(accepted.body).toMatchObject({ status: 'accepted', decidedBy: expect.any(String), booking: { status: 'confirmed' } });
    expect((await act('county.nurse', upward.id, 'accept')).body.error).toMatchObject({ code: 'CONFLICT', field: 'referralId' });
    const told = (await app.api('/api/v1/me/messages', { headers: zhang })).body.items.find((m: { type: string }) => m.type === 'referral_accepted');
    expect(told.body).toMatch(/云溪县人民医院心血管内科已接收张\*国的转诊，就诊时间：.+18:00-18:30/);

    const incoming = (await app.api('/api/v1/staff/referrals?box=incoming', { headers: h['county.nurse'] })).body.items;
    expect(incoming.map((r: { id: string }) => r.id)).toContain(upward.id);
    const outgoing = (await app.api('/api/v1/staff/referrals?box=outgoing', { headers: h['qs.nurse'] })).body.items;
    expect(outgoing.map((r: { id: string }) => r.id)).toContain(upward.id);
    expect((await app.api('/api/v1/staff/referrals?box=incoming', { headers: h['qs.nurse'] })).body.items.map((r: { id: string }) => r.id)).not.toContain(upward.id);
    // Accepting registered the patient at the county hospital.
    expect((await app.api(`/api/v1/staff/patients/${zhangSelf.personId}`, { headers: h['county.nurse'] })).status).toBe(200);
    const log = (await app.api('/api/v1/me/access-log', { headers: zhang })).body.items.map((e: { action: string }) => e.action);
    expect(log).toEqual(expect.arrayContaining(['referral.create', 'referral.view', 'referral.update']));
  });

  it('a declined referral gives its place back to the reserve', async () => {
    const s = await cardiologySchedule(day(4), 1, 1);
    const r = (await refer(zhangMother.personId, { slotId: s.slots[0].id })).body;
    expect((await scheduleOf(app, s.id)).slots[0]).toMatchObject({ referralBooked: 1, referralRemaining: 0 });
    expect((await act('county.nurse', r.id, 'decline', {})).body.error.field).toBe('reason');
    const declined = await act('county.nurse', r.id, 'decline', { reason: '建议先到县中医院就诊' });
    expect(declined.body).toMatchObject({ status: 'declined', declineReason: '建议先到县中医院就诊', booking: { status: 'rejected' } });
    expect((await scheduleOf(app, s.id)).slots[0]).toMatchObject({ booked: 0, referralBooked: 0, referralRemaining: 1, remaining: 0 });
    expect((await act('county.nurse', r.id, 'decline', { reason: '再次拒收' })).status).toBe(409);
  });
});

describe('downward referral (下转)', () => {
  it('after treatment the county returns the patient with a follow-up plan, seen by both facilities and the family', async () => {
    const body = { summary: '调整降压方案后血压稳定在130/80mmHg。', followUpPlan: '每周测血压2次，2周后到乡镇卫生院复诊，按时服药。' };
    expect((await act('qs.doctor', upward.id, 'return', body)).status).toBe(404);
    const down = await act('county.doctor', upward.id, 'return', body);
    expect(down.status).toBe(201);
    expect(down.body).toMatchObject({ direction: 'down', status: 'pending', parentReferralId: upward.id, to: { facility: { id: t01.id }, department: null }, followUpPlan: body.followUpPlan });
    expect((await act('county.doctor', upward.id, 'return', body)).status).toBe(409);

    const atTownship = (await app.api('/api/v1/staff/referrals?box=incoming', { headers: h['qs.doctor'] })).body.items;
    expect(atTownship.find((r: { id: string }) => r.id === down.body.id)).toBeDefined();
    expect((await act('qs.doctor', down.body.id, 'accept')).body.status).toBe('accepted');
    expect((await app.api(`/api/v1/staff/referrals/${upward.id}`, { headers: h['county.doctor'] })).body).toMatchObject({ status: 'completed', returnReferralId: down.body.id });

    const mine = (await app.api('/api/v1/me/referrals', { headers: zhang })).body.items;
    expect(mine.find((r: { id: string }) => r.id === down.body.id)).toMatchObject({ directionLabel: '下转', followUpPlan: body.followUpPlan, status: 'accepted' });
    expect(mine.find((r: { id: string }) => r.id === upward.id).statusLabel).toBe('已转回基层');
  });
});

describe('referral reserve release', () => {
  it('unused reserved places go to the public at the configured time before the session, and to the waitlist first', async () => {
    const policy = await app.api(`/api/v1/staff/facilities/${rmyy.id}/booking-policy`, { method: 'PUT', headers: h.admin, body: { ...DEFAULT_BOOKING_POLICY, referralReleaseHours: 72 } });
    expect(policy.body.policy.referralReleaseHours).toBe(72);
    const open = await cardiologySchedule(day(5), 1, 1);
    const queued = await createSchedule(app, h['county.nurse'], { facilityId: rmyy.id, departmentId: cardiology, doctorId: cardiologist, date: day(6), capacityPerSegment: 1, referralReservedPerSegment: 1 });
    expect(open.referralReleasesAt).toBe(toEpochMs(day(2), '18:00'));
    const [p, w] = await newResidents(app, 2);
    expect((await book(app, p, open.slots[0].id)).body.error.code).toBe('SOLD_OUT');
    const entry = await app.api('/api/v1/me/waitlist', { headers: w.headers, body: { scheduleId: queued.id, memberId: w.memberId } });
    expect(entry.status).toBe(201);

    app.clock.ms = toEpochMs(day(2), '17:59');
    expect((await book(app, p, open.slots[0].id)).body.error.code).toBe('SOLD_OUT');
    expect(await processWaitlistExpiries(app.deps)).toMatchObject({ offered: 0 });

    app.clock.ms = toEpochMs(day(2), '18:00');
    expect((await scheduleOf(app, open.id)).slots[0]).toMatchObject({ remaining: 1, referralRemaining: 0, state: 'available' });
    const late = await refer(zhangMother.personId, { slotId: open.slots[0].id });
    expect(late.body.error).toMatchObject({ code: 'SOLD_OUT', field: 'slotId', message: expect.stringMatching(/已于.+18:00开放给公众/) });
    expect((await book(app, p, open.slots[0].id)).status).toBe(201);

    app.clock.ms = toEpochMs(day(3), '18:00');
    expect(await processWaitlistExpiries(app.deps)).toMatchObject({ offered: 1 });
    expect((await app.api('/api/v1/me/waitlist', { headers: w.headers })).body.items[0]).toMatchObject({ status: 'offered', offer: { slotId: queued.slots[0].id } });
  });
});
