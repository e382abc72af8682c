import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, toEpochMs } from '../common/time';
import { BookingPolicySchema, DEFAULT_BOOKING_POLICY as P, type BookingPolicy } from './policy';
import {
  bookingOpensAt,
  cancelDeadline,
  checkBookingWindow,
  checkCancellation,
  checkWaitlistOpen,
  checkWeeklyLimit,
  explainBookingPolicy,
  noShowSuspension,
  offerExpiresAt,
  referralReserveReleasesAt,
  slotAvailability,
  splitSession,
  weekOf,
} from './rules';
import { ACTIVE_BOOKING_STATUSES, BOOKING_ACTIONS, BookingStatusSchema, canApply, initialBookingStatus, isActiveBooking } from './states';

const at = (date: string, time: string) => toEpochMs(date, time);

describe('the community defaults', () => {
  it('are the DOMAIN.md figures and a valid policy', () => {
    expect(BookingPolicySchema.parse(P)).toEqual(P);
    expect(P).toMatchObject({ windowDays: 7, releaseTime: '08:00', maxOpenPerWeek: 3, cancelTime: '18:00', noShowLimit: 3, noShowWithinDays: 90, suspendDays: 90, waitlistOfferMinutes: 30, referralReleaseHours: 48 });
  });
  it('name the field of a bad override', () => {
    const r = BookingPolicySchema.safeParse({ ...P, releaseTime: '8点' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['releaseTime']);
  });
});

describe('booking window (放号)', () => {
  it.each([
    ['a week ahead, just before release', at('2026-03-01', '07:59'), false, /3月1日 08:00开放预约/],
    ['a week ahead, at release', at('2026-03-01', '08:00'), true, null],
    ['the day before', at('2026-03-07', '21:00'), true, null],
    ['on the day, before the segment', at('2026-03-08', '09:29'), true, null],
    ['on the day, once the segment started', at('2026-03-08', '09:30'), false, /已开始/],
    ['eight days ahead', at('2026-02-28', '12:00'), false, /提前7天08:00放号/],
  ])('%s', (_label, now, ok, message) => {
    const r = checkBookingWindow(P, '2026-03-08', '09:30', now);
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.message).toMatch(message!);
    expect(r.opensAt).toBe(at('2026-03-01', '08:00'));
  });
  it('follows the facility policy', () => {
    expect(bookingOpensAt({ ...P, windowDays: 14, releaseTime: '07:30' }, '2026-03-15')).toBe(at('2026-03-01', '07:30'));
  });
});

describe('per-person limits', () => {
  it.each([
    ['2026-03-02', '2026-03-02', '2026-03-08'],
    ['2026-03-05', '2026-03-02', '2026-03-08'],
    ['2026-03-08', '2026-03-02', '2026-03-08'],
    ['2026-12-31', '2026-12-28', '2027-01-03'],
  ])('the week of %s runs %s..%s', (date, monday, sunday) => {
    expect(weekOf(date)).toEqual({ monday, sunday });
  });
  it.each([
    [0, true],
    [2, true],
    [3, false],
    [5, false],
  ])('with %i open bookings this week, another is allowed: %s', (open, ok) => {
    const r = checkWeeklyLimit(P, open);
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.message).toMatch(/每周（周一至周日）最多3个/);
  });
});

describe('no-show suspension (爽约)', () => {
  it.each([
    ['two no-shows', ['2026-01-10', '2026-02-01'], '2026-02-02', null],
    ['three within 90 days', ['2026-01-10', '2026-02-01', '2026-03-01'], '2026-03-02', '2026-05-29'],
    ['three, first and last 89 days apart', ['2026-01-01', '2026-02-01', '2026-03-31'], '2026-04-01', '2026-06-28'],
    ['three, first and last 90 days apart', ['2026-01-01', '2026-02-01', '2026-04-01'], '2026-04-02', null],
    ['the last day of the suspension', ['2026-01-10', '2026-02-01', '2026-03-01'], '2026-05-29', '2026-05-29'],
    ['the day it ends', ['2026-01-10', '2026-02-01', '2026-03-01'], '2026-05-30', null],
    ['unordered input', ['2026-03-01', '2026-01-10', '2026-02-01'], '2026-03-02', '2026-05-29'],
  ])('%s', (_label, dates, today, until) => {
    const s = noShowSuspension(P, dates, today);
    expect(s.suspendedUntil).toBe(until);
    expect(s.suspended).toBe(until !== null);
    if (until) expect(s.message).toContain(`暂停至${until}`);
  });
  it('counts recent no-shows for the warning', () => {
    expect(noShowSuspension(P, ['2025-01-01', '2026-02-01'], '2026-03-01').recentNoShows).toBe(1);
  });
  it('follows a stricter local rule (Beijing: 3 in a year)', () => {
    const beijing: BookingPolicy = { ...P, noShowWithinDays: 365 };
    expect(noShowSuspension(beijing, ['2026-01-01', '2026-06-01', '2026-12-01'], '2026-12-02').suspended).toBe(true);
    expect(noShowSuspension(P, ['2026-01-01', '2026-06-01', '2026-12-01'], '2026-12-02').suspended).toBe(false);
  });
});

describe('cancellation deadline (退号)', () => {
  it.each([
    [at('2026-03-07', '17:59'), true],
    [at('2026-03-07', '18:00'), false],
    [at('2026-03-08', '07:00'), false],
  ])('at %i a cancellation is on time: %s', (now, ok) => {
    const r = checkCancellation(P, '2026-03-08', now);
    expect(r.ok).toBe(ok);
    expect(r.deadline).toBe(at('2026-03-07', '18:00'));
    if (!r.ok) expect(r.message).toMatch(/已过退号截止时间（3月7日 18:00）.*记为一次爽约/);
  });
  it('may be set to the same day', () => {
    expect(cancelDeadline({ ...P, cancelDaysBefore: 0, cancelTime: '07:00' }, '2026-03-08')).toBe(at('2026-03-08', '07:00'));
  });
});

describe('waitlist (候补)', () => {
  it('closes the evening before', () => {
    expect(checkWaitlistOpen(P, '2026-03-08', at('2026-03-07', '19:59')).ok).toBe(true);
    const closed = checkWaitlistOpen(P, '2026-03-08', at('2026-03-07', '20:00'));
    expect(closed).toEqual({ ok: false, message: '该号源的候补已于3月7日 20:00截止' });
  });
  it('gives an offer 30 minutes, never past the segment start', () => {
    const now = at('2026-03-07', '10:00');
    expect(offerExpiresAt(P, now, at('2026-03-08', '08:00'))).toBe(now + 30 * 60_000);
    expect(offerExpiresAt(P, now, now + 10 * 60_000)).toBe(now + 10 * 60_000);
  });
});

describe('referral reserve (转诊预留)', () => {
  it('releases 48 hours before the session', () => {
    expect(referralReserveReleasesAt(P, '2026-03-08', '08:00')).toBe(at('2026-03-06', '08:00'));
    expect(referralReserveReleasesAt({ ...P, referralReleaseHours: 24 * 14 }, '2026-03-15', '14:00')).toBe(at('2026-03-01', '14:00'));
  });
  it.each([
    ['before release: the reserve is kept', { capacity: 10, booked: 3, held: 0, referralReserved: 4, referralBooked: 1 }, false, 4, 3],
    ['after release: every free place is public', { capacity: 10, booked: 3, held: 0, referralReserved: 4, referralBooked: 1 }, true, 7, 0],
    ['public places full, reserve left', { capacity: 10, booked: 6, held: 0, referralReserved: 4, referralBooked: 0 }, false, 0, 4],
    ['a held offer takes a public place', { capacity: 4, booked: 2, held: 1, referralReserved: 1, referralBooked: 0 }, false, 0, 1],
    ['reserve used up', { capacity: 4, booked: 4, held: 0, referralReserved: 2, referralBooked: 2 }, false, 0, 0],
  ])('%s', (_label, slot, released, pub, ref) => {
    expect(slotAvailability(slot, released)).toEqual({ publicRemaining: pub, referralRemaining: ref });
  });
  it('never offers more than the free places, and releasing never takes places away', () => {
    const counts = fc
      .record({ capacity: fc.integer({ min: 0, max: 50 }), reserved: fc.integer({ min: 0, max: 50 }), pub: fc.integer({ min: 0, max: 50 }), ref: fc.integer({ min: 0, max: 50 }), held: fc.integer({ min: 0, max: 5 }) })
      .filter((c) => c.reserved <= c.capacity && c.ref <= c.reserved && c.pub + c.ref + c.held <= c.capacity);
    fc.assert(
      fc.property(counts, (c) => {
        const slot = { capacity: c.capacity, booked: c.pub + c.ref, held: c.held, referralReserved: c.reserved, referralBooked: c.ref };
        const before = slotAvailability(slot, false);
        const after = slotAvailability(slot, true);
        const free = c.capacity - slot.booked - c.held;
        expect(before.publicRemaining + before.referralRemaining).toBeLessThanOrEqual(free);
        expect(before.publicRemaining).toBeLessThanOrEqual(c.capacity - c.reserved);
        expect(after.publicRemaining).toBe(free);
        expect(after.publicRemaining).toBeGreaterThanOrEqual(before.publicRemaining);
      }),
    );
  });
});

describe('segments (分时段)', () => {
  it('splits a morning into 30-minute segments', () => {
    const r = splitSession('08:00', '12:00', 30);
    expect(r.ok && r.segments.length).toBe(8);
    expect(r.ok && r.segments[7]).toEqual({ startTime: '11:30', endTime: '12:00' });
  });
  it.each([
    ['08:00', '08:00', 30, 'endTime'],
    ['14:00', '17:30', 60, 'segmentMinutes'],
  ])('refuses %s-%s by %i minutes, naming %s', (start, end, minutes, field) => {
    const r = splitSession(start, end, minutes);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.field).toBe(field);
  });
  it('tiles the session exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 * 60 }), fc.constantFrom(5, 10, 15, 20, 30, 60), fc.integer({ min: 1, max: 12 }), (start, minutes, n) => {
        const end = start + minutes * n;
        fc.pre(end < 24 * 60);
        const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        const r = splitSession(hhmm(start), hhmm(end), minutes);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.segments).toHaveLength(n);
        expect(r.segments[0].startTime).toBe(hhmm(start));
        expect(r.segments.at(-1)!.endTime).toBe(hhmm(end));
        r.segments.slice(1).forEach((s, i) => expect(s.startTime).toBe(r.segments[i].endTime));
      }),
    );
  });
});

describe('booking states', () => {
  it('starts unpaid only when the fee is payable online', () => {
    expect(initialBookingStatus(500, false)).toBe('pending_confirmation');
    expect(initialBookingStatus(500, true)).toBe('pending_payment');
    expect(initialBookingStatus(0, true)).toBe('pending_confirmation');
  });
  it('frees a place only from a status that holds one, and ends in a status that does not', () => {
    for (const action of Object.values(BOOKING_ACTIONS)) {
      if (!action.freesPlace) continue;
      expect(action.from.every((s) => isActiveBooking(s))).toBe(true);
      expect(isActiveBooking(action.to)).toBe(false);
    }
  });
  it('lets nothing leave a final status', () => {
    const finals = BookingStatusSchema.options.filter((s) => !isActiveBooking(s));
    expect(finals).toEqual(['completed', 'cancelled', 'rejected', 'no_show', 'expired']);
    for (const s of finals) for (const a of Object.keys(BOOKING_ACTIONS) as (keyof typeof BOOKING_ACTIONS)[]) expect(canApply(a, s)).toBe(false);
  });
  it('reaches every status from the start', () => {
    const seen = new Set<string>(['pending_payment', 'pending_confirmation']);
    for (let i = 0; i < 5; i++) for (const a of Object.values(BOOKING_ACTIONS)) if (a.from.some((s) => seen.has(s))) seen.add(a.to);
    expect([...seen].sort()).toEqual([...BookingStatusSchema.options].sort());
    expect(ACTIVE_BOOKING_STATUSES).toHaveLength(4);
  });
});

describe('the rules in words', () => {
  it('explain the facility policy before the resident taps', () => {
    const items = explainBookingPolicy({ ...P, windowDays: 14, cancelDaysBefore: 0, cancelTime: '07:00' }, { feePayableOnline: false });
    const text = Object.fromEntries(items.map((i) => [i.key, i.text]));
    expect(text.window).toBe('号源提前14天开放，每天08:00放号；当天号源可预约至该时段开始前。');
    expect(text.cancel).toMatch(/^就诊当天07:00前可在线退号/);
    expect(text.no_show).toMatch(/90天内爽约累计3次，将暂停在线预约90天/);
    expect(text.fee).toMatch(/暂不支持在线支付/);
    expect(items.map((i) => i.key)).toEqual(['real_name', 'window', 'per_day', 'per_week', 'cancel', 'no_show', 'waitlist', 'referral', 'fee']);
  });
  it('say the window opens exactly when the rule lets a booking through', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: -40 * 24 * 60, max: 2 * 24 * 60 }), (windowDays, offsetMin) => {
        const policy = { ...P, windowDays };
        const date = '2026-06-15';
        const now = at(date, '00:00') + offsetMin * 60_000;
        const r = checkBookingWindow(policy, date, '10:00', now);
        expect(r.ok).toBe(now >= at(addDays(date, -windowDays), '08:00') && now < at(date, '10:00'));
      }),
    );
  });
});
