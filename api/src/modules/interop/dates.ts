import { toEpochMs } from '@ygt/shared';
import { badRequest } from '../../http/errors';

/**
 * Date and time reading for the interop formats. Values without a time zone are local
 * (Asia/Shanghai), as member facilities send them. Each returns the instant and the end of the
 * value's precision, so '2026-03' means the whole of March.
 */
export interface Instant {
  start: number;
  end: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function fromParts(p: { y: number; mo?: number; d?: number; h?: number; mi?: number; s?: number; ms?: number; tz?: string }, field: string, message: string): Instant {
  const { y, mo = 1, d = 1, h = 0, mi = 0, s = 0, ms = 0 } = p;
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) throw badRequest(message, field);
  const local = toEpochMs(`${y}-${pad(mo)}-${pad(d)}`, `${pad(h)}:${pad(mi)}`) + s * 1000 + ms;
  let start = local;
  if (p.tz) {
    const sign = p.tz[0] === '-' ? -1 : 1;
    const offsetMin = p.tz === 'Z' ? 0 : sign * (Number(p.tz.slice(1, 3)) * 60 + Number(p.tz.slice(-2)));
    // `local` was read as +08:00; move it to the offset the value names.
    start = local + (8 * 60 - offsetMin) * 60_000;
  }
  const precision =
    p.s !== undefined ? 1000 : p.mi !== undefined ? 60_000 : p.h !== undefined ? 3600_000 : p.d !== undefined ? 86_400_000 : undefined;
  let end: number;
  if (precision) end = start + precision;
  else if (p.mo !== undefined) end = toEpochMs(mo === 12 ? `${y + 1}-01-01` : `${y}-${pad(mo + 1)}-01`);
  else end = toEpochMs(`${y + 1}-01-01`);
  return { start, end };
}

const FHIR_DATETIME = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * A FHIR date/dateTime/instant. FHIR requires a zone once there is a time; a time without one
 * is refused rather than guessed.
 */
export function parseFhirDateTime(value: string, field: string, opts: { requireZone?: boolean } = { requireZone: true }): Instant {
  const m = FHIR_DATETIME.exec(value.trim());
  const message = `日期时间格式不正确：${value}（应为 FHIR dateTime，如 2026-03-05T09:30:00+08:00）`;
  if (!m) throw badRequest(message, field);
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  if (h !== undefined && !tz && opts.requireZone) throw badRequest(`日期时间缺少时区：${value}（FHIR 要求带时区，如 +08:00）`, field);
  return fromParts(
    {
      y: Number(y),
      mo: mo === undefined ? undefined : Number(mo),
      d: d === undefined ? undefined : Number(d),
      h: h === undefined ? undefined : Number(h),
      mi: mi === undefined ? undefined : Number(mi),
      s: s === undefined ? undefined : Number(s),
      ms: frac === undefined ? undefined : Number(frac.slice(0, 3).padEnd(3, '0')),
      tz: tz === undefined ? undefined : tz.replace(':', ''),
    },
    field,
    message,
  );
}

const HL7_TS = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.(\d{1,4}))?([+-]\d{4})?$/;

/** An HL7 v2 DTM/TS (YYYY[MM[DD[HH[MM[SS[.S]]]]]][+/-ZZZZ]); without an offset it is local time. */
export function parseHl7DateTime(value: string, field: string): Instant {
  const m = HL7_TS.exec(value.trim());
  const message = `时间格式不正确：${value}（应为 YYYYMMDDHHMMSS）`;
  if (!m) throw badRequest(message, field);
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  return fromParts({ y: Number(y), mo: num(mo), d: num(d), h: num(h), mi: num(mi), s: num(s), ms: frac === undefined ? undefined : Number(frac.padEnd(3, '0').slice(0, 3)), tz }, field, message);
}

/**
 * FHIR search on a date: each `date` parameter (prefix eq/ge/gt/le/lt + a date of any precision)
 * narrows the range; several are ANDed. Returns [fromMs, toMs).
 */
export function parseDateSearch(values: string[], field = 'date'): { fromMs?: number; toMs?: number } {
  let fromMs: number | undefined;
  let toMs: number | undefined;
  const narrowFrom = (v: number) => (fromMs = fromMs === undefined ? v : Math.max(fromMs, v));
  const narrowTo = (v: number) => (toMs = toMs === undefined ? v : Math.min(toMs, v));
  for (const raw of values) {
    const m = /^(eq|ge|gt|le|lt|ne|sa|eb|ap)?(.+)$/.exec(raw.trim());
    const prefix = m?.[1] ?? 'eq';
    if (!m || ['ne', 'sa', 'eb', 'ap'].includes(prefix)) throw badRequest(`不支持的日期检索：${raw}（可用前缀 eq、ge、gt、le、lt）`, field);
    const { start, end } = parseFhirDateTime(m[2], field, { requireZone: false });
    if (prefix === 'eq') {
      narrowFrom(start);
      narrowTo(end);
    } else if (prefix === 'ge') narrowFrom(start);
    else if (prefix === 'gt') narrowFrom(end);
    else if (prefix === 'le') narrowTo(end);
    else narrowTo(start);
  }
  return { fromMs, toMs };
}
