import { addDays, isoWeekday, localDate, localTime, toEpochMs } from '../common/time';
import type { BookingPolicy } from './policy';

/**
 * The booking rules, pure: the API enforces them and the mini-program shows the same words
 * before the resident taps. Times are epoch ms; dates 'YYYY-MM-DD' and times 'HH:mm' are local
 * (Asia/Shanghai).
 */

export type RuleCheck = { ok: true } | { ok: false; message: string };
const OK: RuleCheck = { ok: true };

/** '3月8日' */
export function formatDateCn(date: string): string {
  const [, m, d] = date.split('-');
  return `${Number(m)}月${Number(d)}日`;
}

/** '3月8日 08:00' */
export function formatDateTimeCn(ms: number): string {
  return `${formatDateCn(localDate(ms))} ${localTime(ms)}`;
}

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

function timeOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

// ---- booking window (放号) ---------------------------------------------------------------

/** When places of a session date go on sale: N days ahead, at the release time. */
export function bookingOpensAt(policy: BookingPolicy, date: string): number {
  return toEpochMs(addDays(date, -policy.windowDays), policy.releaseTime);
}

/** A segment can be booked from the release until it starts. */
export function checkBookingWindow(policy: BookingPolicy, date: string, segmentStart: string, now: number): RuleCheck & { opensAt: number } {
  const opensAt = bookingOpensAt(policy, date);
  if (now < opensAt) {
    return { ok: false, opensAt, message: `${formatDateCn(date)}的号源将于${formatDateTimeCn(opensAt)}开放预约（提前${policy.windowDays}天${policy.releaseTime}放号）` };
  }
  if (now >= toEpochMs(date, segmentStart)) return { ok: false, opensAt, message: '该时段已开始，不能再预约，请选择其他时段' };
  return { ok: true, opensAt };
}

// ---- per-person limits ---------------------------------------------------------------------

/** The natural week (周一至周日) a date falls in: the per-week limit counts within it. */
export function weekOf(date: string): { monday: string; sunday: string } {
  const monday = addDays(date, 1 - isoWeekday(date));
  return { monday, sunday: addDays(monday, 6) };
}

/** `openInWeek`: the person's active bookings in the week of the new booking. */
export function checkWeeklyLimit(policy: BookingPolicy, openInWeek: number): RuleCheck {
  if (openInWeek < policy.maxOpenPerWeek) return OK;
  return { ok: false, message: `同一就诊人每周（周一至周日）最多${policy.maxOpenPerWeek}个未完成的预约，本周已达上限` };
}

export const ONE_PER_DEPARTMENT_PER_DAY_MESSAGE = '同一就诊人同一天同一科室只能预约1个号，该就诊人已有这天该科室的预约';

// ---- no-shows (爽约) -------------------------------------------------------------------------

export interface Suspension {
  suspended: boolean;
  /** Last day (inclusive) online booking is suspended; null when not suspended. */
  suspendedUntil: string | null;
  /** No-shows within the counting window ending today. */
  recentNoShows: number;
  message: string | null;
}

/**
 * N no-shows within the counting window suspend online booking for the suspension period,
 * counted from the day of the no-show that reached N. `noShowDates`: session dates of no-shows
 * and of late cancellations (which count like a no-show).
 */
export function noShowSuspension(policy: BookingPolicy, noShowDates: readonly string[], today: string): Suspension {
  const dates = [...noShowDates].sort();
  let until: string | null = null;
  for (let i = policy.noShowLimit - 1; i < dates.length; i++) {
    if (daysBetween(dates[i - policy.noShowLimit + 1], dates[i]) < policy.noShowWithinDays) {
      const end = addDays(dates[i], policy.suspendDays - 1);
      if (until === null || end > until) until = end;
    }
  }
  const recentNoShows = dates.filter((d) => d <= today && daysBetween(d, today) < policy.noShowWithinDays).length;
  if (until === null || until < today) return { suspended: false, suspendedUntil: null, recentNoShows, message: null };
  return {
    suspended: true,
    suspendedUntil: until,
    recentNoShows,
    message: `${policy.noShowWithinDays}天内爽约${policy.noShowLimit}次，在线预约已暂停至${until}（${addDays(until, 1)}起恢复）；如需就诊请到院挂号`,
  };
}

// ---- cancellation (退号) ---------------------------------------------------------------------

export function cancelDeadline(policy: BookingPolicy, date: string): number {
  return toEpochMs(addDays(date, -policy.cancelDaysBefore), policy.cancelTime);
}

/** Before the deadline a cancellation is free; after it, it counts like a no-show. */
export function checkCancellation(policy: BookingPolicy, date: string, now: number): RuleCheck & { deadline: number } {
  const deadline = cancelDeadline(policy, date);
  if (now < deadline) return { ok: true, deadline };
  return {
    ok: false,
    deadline,
    message: `已过退号截止时间（${formatDateTimeCn(deadline)}）。仍要取消将记为一次爽约；${policy.noShowWithinDays}天内爽约${policy.noShowLimit}次将暂停在线预约${policy.suspendDays}天`,
  };
}

// ---- waitlist (候补) -------------------------------------------------------------------------

export function waitlistClosesAt(policy: BookingPolicy, date: string): number {
  return toEpochMs(addDays(date, -policy.waitlistCloseDaysBefore), policy.waitlistCloseTime);
}

export function checkWaitlistOpen(policy: BookingPolicy, date: string, now: number): RuleCheck {
  const closesAt = waitlistClosesAt(policy, date);
  if (now < closesAt) return OK;
  return { ok: false, message: `该号源的候补已于${formatDateTimeCn(closesAt)}截止` };
}

/** An offer lasts the offer period, but never past the start of the offered segment. */
export function offerExpiresAt(policy: BookingPolicy, now: number, segmentStartMs: number): number {
  return Math.min(now + policy.waitlistOfferMinutes * 60_000, segmentStartMs);
}

// ---- referral reserve (转诊预留号源) ----------------------------------------------------------

/** Unused reserved places of a session go to the public this long before it starts. */
export function referralReserveReleasesAt(policy: BookingPolicy, date: string, sessionStart: string): number {
  return toEpochMs(date, sessionStart) - policy.referralReleaseHours * 3_600_000;
}

export interface SlotCounts {
  capacity: number;
  /** Places taken by bookings, referral bookings included. */
  booked: number;
  /** Places held for waitlist offers. */
  held: number;
  referralReserved: number;
  referralBooked: number;
}

/**
 * Places left for the public and for referrals. Before the release the public cannot touch the
 * unused reserve; after it, the reserve is gone and every free place is public.
 */
export function slotAvailability(s: SlotCounts, reserveReleased: boolean): { publicRemaining: number; referralRemaining: number } {
  const free = Math.max(0, s.capacity - s.booked - s.held);
  if (reserveReleased) return { publicRemaining: free, referralRemaining: 0 };
  const unusedReserve = Math.max(0, s.referralReserved - s.referralBooked);
  return { publicRemaining: Math.max(0, free - unusedReserve), referralRemaining: Math.min(free, unusedReserve) };
}

// ---- sessions and segments (分时段) ----------------------------------------------------------

export type SegmentSplit = { ok: true; segments: { startTime: string; endTime: string }[] } | { ok: false; field: 'endTime' | 'segmentMinutes'; message: string };

export function splitSession(startTime: string, endTime: string, segmentMinutes: number): SegmentSplit {
  const start = minutesOf(startTime);
  const end = minutesOf(endTime);
  if (end <= start) return { ok: false, field: 'endTime', message: '结束时间应晚于开始时间' };
  if ((end - start) % segmentMinutes !== 0) {
    return { ok: false, field: 'segmentMinutes', message: `出诊时长${end - start}分钟不能按每段${segmentMinutes}分钟均分，请调整分段时长或出诊时间` };
  }
  const segments = [];
  for (let t = start; t < end; t += segmentMinutes) segments.push({ startTime: timeOf(t), endTime: timeOf(t + segmentMinutes) });
  return { ok: true, segments };
}

// ---- the rules in words ----------------------------------------------------------------------

export interface RuleText {
  key: 'real_name' | 'window' | 'per_day' | 'per_week' | 'cancel' | 'no_show' | 'waitlist' | 'referral' | 'fee';
  title: string;
  text: string;
}

const daysBeforeText = (days: number) => (days === 0 ? '就诊当天' : days === 1 ? '就诊前一天' : `就诊前${days}天`);

/** The facility's rules as the mini-program shows them before a resident books. */
export function explainBookingPolicy(policy: BookingPolicy, opts: { feePayableOnline: boolean }): RuleText[] {
  return [
    { key: 'real_name', title: '实名预约', text: '请为本人或已添加的就诊人预约，就诊时请携带身份证或电子健康卡；14岁以下儿童由监护人代为预约。' },
    { key: 'window', title: '放号时间', text: `号源提前${policy.windowDays}天开放，每天${policy.releaseTime}放号；当天号源可预约至该时段开始前。` },
    { key: 'per_day', title: '每日限约', text: '同一就诊人同一天同一科室限约1个号。' },
    { key: 'per_week', title: '每周限约', text: `同一就诊人每周（周一至周日）最多${policy.maxOpenPerWeek}个未完成的预约。` },
    {
      key: 'cancel',
      title: '退号',
      text: `${daysBeforeText(policy.cancelDaysBefore)}${policy.cancelTime}前可在线退号；逾期退号或未按时就诊记为爽约。`,
    },
    {
      key: 'no_show',
      title: '爽约',
      text: `${policy.noShowWithinDays}天内爽约累计${policy.noShowLimit}次，将暂停在线预约${policy.suspendDays}天（可到院挂号）。`,
    },
    {
      key: 'waitlist',
      title: '候补',
      text: `号源约满时可登记候补；有号释放时按登记顺序通知，需在${policy.waitlistOfferMinutes}分钟内确认，逾期顺延给下一位；候补于${daysBeforeText(policy.waitlistCloseDaysBefore)}${policy.waitlistCloseTime}截止。`,
    },
    {
      key: 'referral',
      title: '转诊预留',
      text: `部分号源预留给医共体内基层医生转诊的患者；就诊前${policy.referralReleaseHours}小时仍未使用的预留号源开放给所有居民预约。`,
    },
    {
      key: 'fee',
      title: '挂号费',
      text: opts.feePayableOnline ? '挂号费在线支付，支付后由医院确认预约。' : '挂号费暂不支持在线支付，请就诊时到院缴纳；预约提交后由医院确认。',
    },
  ];
}
