/** All local dates and times in the product are Asia/Shanghai (UTC+8, no DST). */
export const TIME_ZONE = 'Asia/Shanghai';
const OFFSET_MS = 8 * 60 * 60 * 1000;

/** 'YYYY-MM-DD' of an instant, in Asia/Shanghai. */
export function localDate(epochMs: number): string {
  return new Date(epochMs + OFFSET_MS).toISOString().slice(0, 10);
}

/** 'HH:mm' of an instant, in Asia/Shanghai. */
export function localTime(epochMs: number): string {
  return new Date(epochMs + OFFSET_MS).toISOString().slice(11, 16);
}

/** Epoch ms of a local date and time in Asia/Shanghai. */
export function toEpochMs(date: string, time = '00:00'): number {
  return Date.parse(`${date}T${time}:00.000Z`) - OFFSET_MS;
}

/** Adds whole days to a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** ISO weekday of a 'YYYY-MM-DD' date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00.000Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export const WEEKDAY_LABELS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;

/** Formats integer fen as yuan with two decimals, e.g. 1250 -> '12.50'. */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
