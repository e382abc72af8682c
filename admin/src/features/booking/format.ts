import { addDays, fenToYuan, TIME_ZONE, WEEKDAY_LABELS, isoWeekday } from '@ygt/shared';

/**
 * Dates, times and money as the desk reads them: always Asia/Shanghai whatever the computer's
 * zone is, and money from integer fen.
 */

const DAY_KEY = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const CLOCK = new Intl.DateTimeFormat('zh-CN', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const CLOCK_SECONDS = new Intl.DateTimeFormat('zh-CN', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** Today's 'YYYY-MM-DD' in Asia/Shanghai. */
export function todayInShanghai(now: number = Date.now()): string {
  return DAY_KEY.format(now);
}

/** '14:32' */
export function clockOf(epochMs: number): string {
  return CLOCK.format(epochMs);
}

/** '14:32:05' */
export function clockWithSeconds(epochMs: number): string {
  return CLOCK_SECONDS.format(epochMs);
}

/** '11月24日 周二' for a 'YYYY-MM-DD' date, with 今天/明天 where it helps. */
export function dayLabel(date: string, today: string = todayInShanghai()): string {
  const [, m, d] = date.split('-');
  const base = `${Number(m)}月${Number(d)}日 ${WEEKDAY_LABELS[isoWeekday(date)]}`;
  if (date === today) return `今天 · ${base}`;
  if (date === addDays(today, 1)) return `明天 · ${base}`;
  if (date === addDays(today, -1)) return `昨天 · ${base}`;
  return base;
}

/** '11月24日 14:32' (with the year when not this year) for an instant. */
export function dateTimeOf(epochMs: number, now: number = Date.now()): string {
  const day = DAY_KEY.format(epochMs);
  const [y, m, d] = day.split('-');
  const year = y === DAY_KEY.format(now).slice(0, 4) ? '' : `${y}年`;
  return `${year}${Number(m)}月${Number(d)}日 ${CLOCK.format(epochMs)}`;
}

/** '¥5.00' */
export function yuan(fen: number): string {
  return `¥${fenToYuan(fen)}`;
}

/** Whole yuan typed in a form, as integer fen. */
export function yuanInputToFen(value: number): number {
  return Math.round(value * 100);
}
