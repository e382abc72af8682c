import type { Recognition, ResultFlag, ResultReportSummary } from '@ygt/shared';

/** Helpers shared by the results pages: routes, words for flags and recognition, dates. */

const enc = encodeURIComponent;

export const RESULTS_PAGES = {
  list: '/packages/results/pages/index/index',
  report: (reportId: string) => `/packages/results/pages/report/index?id=${enc(reportId)}`,
  /** Without a code the page lists the items that have a trend. */
  trend: (memberId: string, code?: string) => `/packages/results/pages/trend/index?memberId=${enc(memberId)}${code ? `&code=${enc(code)}` : ''}`,
};

/** Items read together: systolic and diastolic blood pressure. */
const PAIRED_CODES: string[][] = [['8480-6', '8462-4']];

/** The codes the trend page charts for one item: its pair too (blood pressure). */
export function trendCodes(code: string): string[] {
  return PAIRED_CODES.find((pair) => pair.includes(code)) ?? [code];
}

export type Tone = 'normal' | 'high' | 'low' | 'abnormal' | 'critical';

/** A flag in words with its colour family: the words always go with the colour. */
export function flagDisplay(flag: ResultFlag | null): { text: string; tone: Tone } | null {
  switch (flag) {
    case 'N':
      return { text: '正常', tone: 'normal' };
    case 'H':
      return { text: '偏高 ↑', tone: 'high' };
    case 'L':
      return { text: '偏低 ↓', tone: 'low' };
    case 'A':
      return { text: '异常', tone: 'abnormal' };
    case 'HH':
      return { text: '危急值（过高）— 请尽快联系医生', tone: 'critical' };
    case 'LL':
      return { text: '危急值（过低）— 请尽快联系医生', tone: 'critical' };
    case 'AA':
      return { text: '危急值 — 请尽快联系医生', tone: 'critical' };
    default:
      return null;
  }
}

/** A short mark next to a value in the chart and the table: ↑ or ↓, or nothing. */
export function flagArrow(flag: ResultFlag | null): string {
  if (flag === 'H' || flag === 'HH') return '↑';
  if (flag === 'L' || flag === 'LL') return '↓';
  return '';
}

/** What a list item says about its values, in words. */
export function abnormalWords(r: ResultReportSummary): { text: string; tone: Tone } | null {
  if (r.criticalCount > 0) return { text: `${r.criticalCount}项危急值，请尽快联系医生`, tone: 'critical' };
  if (r.abnormalCount > 0) return { text: `${r.abnormalCount}项不在正常范围`, tone: 'high' };
  // An exam's finding is in the doctor's conclusion, not in flags.
  if (r.category === 'exam' && r.section !== 'vitals') return null;
  return { text: '各项正常', tone: 'normal' };
}

/** The HR badge (e.g. “云HR 互认”), or null when the result is not recognised. */
export function recognitionBadge(r: Recognition): string | null {
  return r.recognised && r.mark ? `${r.mark} 互认` : null;
}

/** Until when other facilities accept it, or why they do not (the mark itself is in the badge). */
export function recognitionValidity(r: Recognition): string {
  if (!r.recognised) return r.label;
  return r.mark ? r.label.replace(r.mark, '').trim() : r.label;
}

type FacilityFields = Pick<ResultReportSummary, 'category' | 'performingFacility' | 'interpretingFacility'>;

/** Where it was done and, for an exam read elsewhere (基层检查、上级诊断), who read it. */
export function facilityLines(r: FacilityFields): string[] {
  const done = `${r.category === 'exam' ? '检查' : '检验'}：${r.performingFacility.name}`;
  const reader = r.interpretingFacility;
  return reader && reader.id !== r.performingFacility.id ? [done, `诊断：${reader.name}`] : [done];
}

/** The same on one line: “检查：青石镇中心卫生院 · 诊断：云溪县人民医院”. */
export const facilityLine = (r: FacilityFields) => facilityLines(r).join(' · ');

/** '2026-11-20' -> '2026年11月20日'. */
export function formatDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** '2026-11-20' -> '26年11月' (axis labels, where space is short). */
export function formatMonth(date: string): string {
  const [y, m] = date.split('-');
  return `${y.slice(2)}年${Number(m)}月`;
}

/** The same day `months` months before a local date, clamped to the month's end. */
export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** A number as labs print it: no float noise (7.000000001 -> 7). */
export function formatValue(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}
