import { fenToYuan, TIME_ZONE, type LongPrescriptionItem } from '@ygt/shared';

/** Times and money on the prescription pages: Asia/Shanghai whatever the computer's zone, money from integer fen. */

const DAY_KEY = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const CLOCK = new Intl.DateTimeFormat('zh-CN', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** '11月24日 14:32' (with the year when not this year; 今天 for today). */
export function dateTimeOf(epochMs: number, now: number = Date.now()): string {
  const day = DAY_KEY.format(epochMs);
  if (day === DAY_KEY.format(now)) return `今天 ${CLOCK.format(epochMs)}`;
  const [y, m, d] = day.split('-');
  const year = y === DAY_KEY.format(now).slice(0, 4) ? '' : `${y}年`;
  return `${year}${Number(m)}月${Number(d)}日 ${CLOCK.format(epochMs)}`;
}

/** '2026-12-14' -> '12月14日'. */
export function dayOf(date: string): string {
  const [, m, d] = date.split('-');
  return `${Number(m)}月${Number(d)}日`;
}

/** '¥4.14' */
export function yuan(fen: number): string {
  return `¥${fenToYuan(fen)}`;
}

/** '每次1片，每日1次，口服，早晨' */
export function usageOf(item: Pick<LongPrescriptionItem, 'dose' | 'unit' | 'frequencyLabel' | 'usage'>): string {
  return [`每次${item.dose}${item.unit}`, item.frequencyLabel, item.usage].filter(Boolean).join('，');
}
