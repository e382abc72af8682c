import { z } from 'zod';

/**
 * Abnormal flags of a result value (HL7 table 0078 / FHIR v3 ObservationInterpretation subset):
 * N normal, H high, L low, A abnormal (non-numeric), HH / LL / AA critical (危急值).
 */
export const ResultFlagSchema = z.enum(['N', 'H', 'L', 'A', 'HH', 'LL', 'AA']);
export type ResultFlag = z.infer<typeof ResultFlagSchema>;

/** Plain words shown next to the colour, so the flag never relies on colour alone (elderly users). */
export const RESULT_FLAG_WORDS: Record<ResultFlag, string> = {
  N: '正常',
  H: '偏高',
  L: '偏低',
  A: '异常',
  HH: '危急（过高）',
  LL: '危急（过低）',
  AA: '危急',
};

/** The colour family the front ends use for a flag. */
export type FlagTone = 'normal' | 'high' | 'low' | 'abnormal' | 'critical';
export function flagTone(flag: ResultFlag | null): FlagTone {
  switch (flag) {
    case 'H':
      return 'high';
    case 'L':
      return 'low';
    case 'A':
      return 'abnormal';
    case 'HH':
    case 'LL':
    case 'AA':
      return 'critical';
    default:
      return 'normal';
  }
}

export const isCriticalFlag = (flag: ResultFlag | null): boolean => flag === 'HH' || flag === 'LL' || flag === 'AA';
export const isAbnormalFlag = (flag: ResultFlag | null): boolean => flag !== null && flag !== 'N';

const SEVERITY: Record<ResultFlag, number> = { N: 0, A: 1, H: 1, L: 1, HH: 2, LL: 2, AA: 2 };

/**
 * Reads a flag as senders write it. HL7 v2 and FHIR use the same letters; some systems send
 * '↑'/'↓' or lower case. Returns null for an empty or unknown flag (then the range decides).
 */
export function parseResultFlag(raw: string | null | undefined): ResultFlag | null {
  const v = (raw ?? '').trim().toUpperCase();
  if (v === '↑') return 'H';
  if (v === '↓') return 'L';
  if (v === 'HU') return 'HH';
  if (v === 'LU') return 'LL';
  return ResultFlagSchema.safeParse(v).success ? (v as ResultFlag) : null;
}

export interface ReferenceRange {
  low: number | null;
  high: number | null;
  text: string | null;
}

/**
 * Parses a reference range as lab systems print it: '3.5-5.5', '3.5~5.5', '3.5–5.5', '<5.2',
 * '≤5.2', '>1.0', '≥1.0'. Anything else (e.g. '阴性') is kept as text only.
 */
export function parseReferenceRange(text: string | null | undefined): ReferenceRange {
  const t = (text ?? '').trim();
  if (!t) return { low: null, high: null, text: null };
  const num = String.raw`(-?\d+(?:\.\d+)?)`;
  const between = new RegExp(String.raw`^${num}\s*[-~–—]\s*${num}$`).exec(t);
  if (between) return { low: Number(between[1]), high: Number(between[2]), text: t };
  const below = new RegExp(String.raw`^(?:<|≤|<=)\s*${num}$`).exec(t);
  if (below) return { low: null, high: Number(below[1]), text: t };
  const above = new RegExp(String.raw`^(?:>|≥|>=)\s*${num}$`).exec(t);
  if (above) return { low: Number(above[1]), high: null, text: t };
  return { low: null, high: null, text: t };
}

/** How a range reads in the UI: '3.5 - 5.5', '≤ 5.2', '≥ 1.0', or the text sent. */
export function formatReferenceRange(r: ReferenceRange): string {
  if (r.low !== null && r.high !== null) return `${r.low} - ${r.high}`;
  if (r.high !== null) return `≤ ${r.high}`;
  if (r.low !== null) return `≥ ${r.low}`;
  return r.text ?? '';
}

export interface FlagInput {
  value: number | null;
  range: ReferenceRange;
  /** Critical limits from the community's item catalogue, if it has them. */
  criticalLow?: number | null;
  criticalHigh?: number | null;
  senderFlag: ResultFlag | null;
}

/**
 * The flag we store: the more severe of what the sender said and what the value shows against
 * the range and the catalogue's critical limits. We may escalate a sender's flag (a missed
 * critical value is dangerous) but never soften it.
 */
export function deriveFlag(i: FlagInput): ResultFlag | null {
  let derived: ResultFlag | null = null;
  if (i.value !== null) {
    if (i.criticalLow != null && i.value < i.criticalLow) derived = 'LL';
    else if (i.criticalHigh != null && i.value > i.criticalHigh) derived = 'HH';
    else if (i.range.low !== null && i.value < i.range.low) derived = 'L';
    else if (i.range.high !== null && i.value > i.range.high) derived = 'H';
    else if (i.range.low !== null || i.range.high !== null) derived = 'N';
  }
  if (i.senderFlag === null) return derived;
  if (derived === null) return i.senderFlag;
  return SEVERITY[derived] > SEVERITY[i.senderFlag] ? derived : i.senderFlag;
}

/** Why a report waits for a doctor before residents see it (critical values first). */
export type HoldReason = 'critical' | 'category';
export const HOLD_REASON_LABELS: Record<HoldReason, string> = {
  critical: '含危急值，需医生审核后发布',
  category: '该类报告需医生解读后发布',
};

export function holdReasonFor(flags: (ResultFlag | null)[], heldByCatalogue: boolean): HoldReason | null {
  if (flags.some(isCriticalFlag)) return 'critical';
  return heldByCatalogue ? 'category' : null;
}
