import { fenToYuan } from '@ygt/shared';

/** Integer fen as money: 134500 -> '¥1,345.00'. */
export function yuan(fen: number): string {
  const [whole, cents] = fenToYuan(fen).split('.');
  return `¥${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/** Basis points as a percentage: 8500 -> '85%', 8550 -> '85.5%'. */
export function percent(ratioBp: number): string {
  return `${Number((ratioBp / 100).toFixed(2))}%`;
}

// The browser may run in UTC: times are always shown as the county reads its clocks.
const INSTANT = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Epoch ms as Asia/Shanghai date and time, e.g. '2026/11/23 15:06'. */
export function formatInstant(epochMs: number): string {
  return INSTANT.format(new Date(epochMs));
}

const YEAR = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' });

/** This year in Asia/Shanghai. */
export function thisYear(): number {
  return Number(YEAR.format(new Date()));
}
