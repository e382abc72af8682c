import Taro, { useDidShow } from '@tarojs/taro';
import { addDays, type BookingStatus, fenToYuan, formatDateCn, localDate, localTime, type Schedule, type Slot } from '@ygt/shared';
import { useEffect, useRef, useState } from 'react';
import { readStored, writeStored } from '../../platform';

/** Where the booking pages live, so links read as names. */
export const BOOKING_PAGES = {
  home: '/packages/booking/pages/index/index',
  facilities: '/packages/booking/pages/facilities/index',
  departments: '/packages/booking/pages/departments/index',
  schedules: '/packages/booking/pages/schedules/index',
  experts: '/packages/booking/pages/experts/index',
  search: '/packages/booking/pages/search/index',
  schedule: '/packages/booking/pages/schedule/index',
  confirm: '/packages/booking/pages/confirm/index',
  mine: '/packages/booking/pages/mine/index',
  detail: '/packages/booking/pages/detail/index',
  waitlist: '/packages/booking/pages/waitlist/index',
  referrals: '/packages/booking/pages/referrals/index',
  referral: '/packages/booking/pages/referral/index',
} as const;

/** A page url with its query, leaving out empty values. */
export function pageUrl(page: string, query: Record<string, string | undefined> = {}): string {
  const pairs = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`);
  return pairs.length ? `${page}?${pairs.join('&')}` : page;
}

export function go(page: string, query?: Record<string, string | undefined>): void {
  void Taro.navigateTo({ url: pageUrl(page, query) });
}

/** The page's query parameters, decoded (platforms differ in whether they decode). */
export function useQuery(): Record<string, string> {
  const params = Taro.getCurrentInstance().router?.params ?? {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value !== 'string' || value === '') continue;
    try {
      out[key] = value.includes('%') ? decodeURIComponent(value) : value;
    } catch {
      out[key] = value;
    }
  }
  return out;
}

/** Counts the times the page showed again (back from a page on top): places and statuses change meanwhile. */
export function useShownCount(): number {
  const [shown, setShown] = useState(0);
  const first = useRef(true);
  useDidShow(() => {
    if (first.current) first.current = false;
    else setShown((n) => n + 1);
  });
  return shown;
}

// ---- status in words and colour --------------------------------------------------------------

export type Tone = 'pay' | 'wait' | 'ok' | 'done' | 'bad' | 'off';

/** A booking's status as a resident reads it (always a word; the colour only repeats it). */
export const STATUS_VIEW: Record<BookingStatus, { text: string; tone: Tone }> = {
  pending_payment: { text: '待支付', tone: 'pay' },
  pending_confirmation: { text: '待医院确认', tone: 'wait' },
  confirmed: { text: '已确认', tone: 'ok' },
  checked_in: { text: '已签到', tone: 'ok' },
  completed: { text: '已完成', tone: 'done' },
  cancelled: { text: '已取消', tone: 'off' },
  rejected: { text: '未通过', tone: 'bad' },
  no_show: { text: '爽约', tone: 'bad' },
  expired: { text: '已过期', tone: 'off' },
};

/** One plain sentence on what happens next, per status. */
export const STATUS_HINT: Record<BookingStatus, string> = {
  pending_payment: '请在时限内支付挂号费，超时号源会自动释放。',
  pending_confirmation: '已提交，等待医院确认。医院确认后会通知您。',
  confirmed: '医院已确认。请按时就诊，就诊当天可以在这里签到。',
  checked_in: '已签到，请留意叫号。',
  completed: '本次就诊已完成。',
  cancelled: '这个预约已取消。',
  rejected: '医院没有通过这个预约，号源已释放。',
  no_show: '没有按时就诊，记为一次爽约。',
  expired: '没有按时支付，预约已过期，号源已释放。',
};

// ---- money, dates and times ---------------------------------------------------------------------

export const yuan = (fen: number) => `¥${fenToYuan(fen)}`;

/** Registration fee in words: '挂号费 ¥5.00' or '免挂号费'. */
export function feeText(feeFen: number): string {
  return feeFen > 0 ? `挂号费 ${yuan(feeFen)}` : '免挂号费';
}

/** The fee as a value: '¥5.00' or '免费'. */
export function feeValue(feeFen: number): string {
  return feeFen > 0 ? yuan(feeFen) : '免费';
}

export function today(): string {
  return localDate(Date.now());
}

/** '今天' / '明天' / '后天' / '11月25日'. */
export function dayName(date: string): string {
  const t = today();
  if (date === t) return '今天';
  if (date === addDays(t, 1)) return '明天';
  if (date === addDays(t, 2)) return '后天';
  return formatDateCn(date);
}

/** '后天 11月25日（周三）', or '11月28日（周六）' further ahead. */
export function dayText(date: string, weekdayLabel: string): string {
  const name = dayName(date);
  const full = `${formatDateCn(date)}（${weekdayLabel}）`;
  return name === formatDateCn(date) ? full : `${name} ${full}`;
}

/** '11月25日 18:00' for an instant. */
export function instantText(ms: number): string {
  return `${formatDateCn(localDate(ms))} ${localTime(ms)}`;
}

/** '11月25日（周三）上午 08:30-09:00' */
export function visitTime(b: { date: string; weekdayLabel: string; periodLabel: string; startTime: string; endTime: string }): string {
  return `${formatDateCn(b.date)}（${b.weekdayLabel}）${b.periodLabel} ${b.startTime}-${b.endTime}`;
}

/** The booking window's dates: today and the next `days` days. */
export function windowDates(days = 7): string[] {
  const t = today();
  return Array.from({ length: days + 1 }, (_, i) => addDays(t, i));
}

/** A session already under way or over: nothing to book any more, so lists leave it out. */
export function isOver(s: Pick<Schedule, 'bookingOpen' | 'opensAt' | 'status'>): boolean {
  return s.status === 'open' && !s.bookingOpen && Date.now() >= s.opensAt;
}

/** What a schedule card says about its places. */
export function placesText(s: Pick<Schedule, 'remaining' | 'bookingOpen' | 'opensAt' | 'status' | 'waitlist'>): { text: string; tone: Tone } {
  if (s.status === 'stopped') return { text: '停诊', tone: 'bad' };
  if (!s.bookingOpen) return Date.now() < s.opensAt ? { text: `${instantText(s.opensAt)}放号`, tone: 'off' } : { text: '已过时', tone: 'off' };
  if (s.remaining > 0) return { text: `剩${s.remaining}个`, tone: 'ok' };
  return { text: s.waitlist.open ? '约满 可候补' : '约满', tone: 'bad' };
}

export const SLOT_STATE_TEXT: Record<Slot['state'], string> = {
  available: '',
  full: '约满',
  not_open: '未放号',
  started: '已过时',
  stopped: '停诊',
};

// ---- countdown ----------------------------------------------------------------------------------

/** Milliseconds left until `until`, ticking every second (0 once passed; null without a target). */
export function useCountdown(until: number | null | undefined): number | null {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!until) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return until ? Math.max(0, until - now) : null;
}

/** '14:05' (minutes:seconds) or '1小时02分' for long waits. */
export function countdownText(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}小时${String(m).padStart(2, '0')}分`;
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

// ---- remembered choices -------------------------------------------------------------------------

const TOWNSHIP_KEY = 'ygt.booking.township';

/** The township chosen last for 专家来我乡, so the next visit opens there at once. */
export function rememberedTownship(): string | undefined {
  return readStored<string>(TOWNSHIP_KEY);
}

export function rememberTownship(name: string): void {
  writeStored(TOWNSHIP_KEY, name);
}
