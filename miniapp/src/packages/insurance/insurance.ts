import { fenToYuan, localDate, type BenefitType, type SettlementLevel } from '@ygt/shared';

/** Where the insurance pages live, so links read as names. */
export const INSURANCE_PAGES = {
  detail: (memberId: string, settlementId: string) =>
    `/packages/insurance/pages/detail/index?memberId=${encodeURIComponent(memberId)}&id=${encodeURIComponent(settlementId)}`,
  annual: (memberId: string, year: number, name: string) =>
    `/packages/insurance/pages/annual/index?memberId=${encodeURIComponent(memberId)}&year=${year}&name=${encodeURIComponent(name)}`,
  forecast: (memberId: string, settlementId?: string) =>
    `/packages/insurance/pages/forecast/index?memberId=${encodeURIComponent(memberId)}${settlementId ? `&settlementId=${encodeURIComponent(settlementId)}` : ''}`,
} as const;

/** Integer fen as money a resident reads: 134500 -> '¥1,345.00'. */
export function yuan(fen: number): string {
  const [whole, cents] = fenToYuan(fen).split('.');
  return `¥${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/** Basis points as a percentage: 8500 -> '85%', 8550 -> '85.5%'. */
export function percent(ratioBp: number): string {
  return `${Number((ratioBp / 100).toFixed(2))}%`;
}

/** The share of `part` in `whole` as a whole percentage for bar widths, 0 when there is no whole. */
export function shareOf(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Math.min(100, Math.max(0, Math.round((part / whole) * 100)));
}

/** This year in Asia/Shanghai, whatever the phone's time zone. */
export function thisYear(): number {
  return Number(localDate(Date.now()).slice(0, 4));
}

/** '2026-10-04' -> '2026年10月4日'. */
export function formatDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** The short words on a settlement's tag. */
export const BENEFIT_SHORT: Record<BenefitType, string> = {
  outpatient_pooling: '门诊',
  chronic_outpatient: '慢特病',
  inpatient: '住院',
};

/** The three tiers as residents say them; village clinics settle like township centres. */
export const LEVEL_SHORT: Record<SettlementLevel, { name: string; note: string }> = {
  primary: { name: '乡镇卫生院', note: '含村卫生室' },
  county: { name: '县级医院', note: '县人民医院等' },
  out_of_county: { name: '县外医院', note: '市里、省里' },
};

/** Where the cheapest tier is, in the resident's words. */
export const CHEAPEST_WORDS: Record<SettlementLevel, string> = {
  primary: '在乡镇看最省钱',
  county: '在县里看最省钱',
  out_of_county: '在县外看最省钱',
};

/** Yuan typed by the resident ('1200', '85.5') as fen, or null when it is not an amount. */
export function parseYuan(text: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
