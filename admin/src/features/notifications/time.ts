/** Call-list times as the clinic reads them: Asia/Shanghai whatever the computer's zone is. */
const ZONE = 'Asia/Shanghai';

const DAY_KEY = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const CLOCK = new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const DATE = new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, month: 'long', day: 'numeric' });
const DATE_WITH_YEAR = new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, year: 'numeric', month: 'long', day: 'numeric' });

const DAY_MS = 24 * 3600_000;

/** '今天 14:32', '昨天 09:05', '11月18日 16:40' (with the year when it is not this year). */
export function formatCallTime(epochMs: number, now: number = Date.now()): string {
  const day = DAY_KEY.format(epochMs);
  const clock = CLOCK.format(epochMs);
  if (day === DAY_KEY.format(now)) return `今天 ${clock}`;
  if (day === DAY_KEY.format(now - DAY_MS)) return `昨天 ${clock}`;
  const sameYear = day.slice(0, 4) === DAY_KEY.format(now).slice(0, 4);
  return `${(sameYear ? DATE : DATE_WITH_YEAR).format(epochMs)} ${clock}`;
}
