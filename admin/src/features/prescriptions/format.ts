import { CATALOGUE_CLASS_LABELS, fenToYuan, TIME_ZONE, type CatalogueClass, type Drug, type LongPrescriptionItem } from '@ygt/shared';

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

// ---- the formulary -----------------------------------------------------------------------------

export const CLASS_OPTIONS = (Object.keys(CATALOGUE_CLASS_LABELS) as CatalogueClass[]).map((c) => ({ value: c, label: CATALOGUE_CLASS_LABELS[c] }));

export type BooleanDrugFlag = Exclude<keyof Drug['flags'], 'psychotropic'>;

/** The special-management categories a pharmacist ticks, in the words of the regulations. */
export const DRUG_FLAG_LABELS: Record<BooleanDrugFlag, string> = {
  narcotic: '麻醉药品',
  toxic: '医疗用毒性药品',
  radioactive: '放射性药品',
  precursor: '药品类易制毒化学品',
  antimicrobial: '抗菌药物',
  chronicInfectionException: '抗菌药物：结核病等慢性感染可开长期处方',
  specialStorage: '需特殊储存（如冷链）',
};
export const PSYCHOTROPIC_LABELS = { I: '第一类精神药品', II: '第二类精神药品' } as const;

/** Short labels of a drug's special-management flags, for the formulary table. */
export function drugFlagLabels(flags: Drug['flags']): string[] {
  const labels = (Object.keys(DRUG_FLAG_LABELS) as BooleanDrugFlag[]).filter((k) => flags[k] && k !== 'chronicInfectionException').map((k) => DRUG_FLAG_LABELS[k]);
  if (flags.psychotropic) labels.push(PSYCHOTROPIC_LABELS[flags.psychotropic]);
  return labels;
}
