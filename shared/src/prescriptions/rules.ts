import { addDays } from '../common/time';
import { DOCTOR_TITLE_LABELS, type DoctorTitle, isIntermediateOrAbove } from '../community/schemas';
import type { LongPrescriptionStatus } from './states';

/**
 * Long prescriptions (长期处方) under 《长期处方管理规范（试行）》(2021), as pure rules shared by the
 * API, the console and the mini-program. Each refusal carries a Chinese explanation and the
 * input field at fault. No I/O and no clock: callers pass today's Asia/Shanghai date.
 */

// ---- limits ------------------------------------------------------------------------------------

/** National limits: up to 12 weeks for a stable patient; above 4 weeks needs an assessment. */
export const LONG_RX_MAX_DAYS = 84;
export const LONG_RX_ASSESSMENT_ABOVE_DAYS = 28;

/** Local default (DOMAIN.md): a renewal may be requested when at most this many days of supply remain. */
export const DEFAULT_RENEWAL_WINDOW_DAYS = 7;

// ---- chronic conditions -----------------------------------------------------------------------

/** A reading the stability check asks for, depending on the conditions a prescription treats. */
export type StabilityReading = 'bloodPressure' | 'fastingGlucose';

export interface ChronicConditionDef {
  /** ICD-10 category. */
  code: string;
  name: string;
  /** A chronic infection (e.g. TB): the one case where an antimicrobial may be on a long prescription. */
  chronicInfection: boolean;
  readings: readonly StabilityReading[];
}

/**
 * Conditions a local authority may put on its long-prescription list. Which of them are in use
 * is configuration (LONG_RX_CONDITIONS); DEFAULT_LONG_RX_CONDITION_CODES is the handbook's list.
 */
export const CHRONIC_CONDITION_CATALOGUE: readonly ChronicConditionDef[] = [
  { code: 'I10', name: '高血压', chronicInfection: false, readings: ['bloodPressure'] },
  { code: 'E11', name: '2型糖尿病', chronicInfection: false, readings: ['fastingGlucose'] },
  { code: 'I25', name: '冠心病', chronicInfection: false, readings: ['bloodPressure'] },
  { code: 'J44', name: '慢性阻塞性肺疾病', chronicInfection: false, readings: [] },
  { code: 'N18', name: '慢性肾脏病', chronicInfection: false, readings: ['bloodPressure'] },
  { code: 'I69', name: '脑血管病后遗症', chronicInfection: false, readings: ['bloodPressure'] },
  { code: 'E78', name: '血脂异常', chronicInfection: false, readings: [] },
  { code: 'A15', name: '肺结核', chronicInfection: true, readings: [] },
];

export const DEFAULT_LONG_RX_CONDITION_CODES = ['I10', 'E11', 'I25', 'J44', 'N18', 'A15'] as const;

export function chronicConditionDef(code: string): ChronicConditionDef | undefined {
  return CHRONIC_CONDITION_CATALOGUE.find((c) => c.code === code);
}

// ---- formulary exclusions ---------------------------------------------------------------------

export type PsychotropicClass = 'I' | 'II';

/** The flags that keep a drug off long prescriptions. */
export interface DrugRuleFacts {
  genericName: string;
  toxic: boolean;
  radioactive: boolean;
  precursor: boolean;
  narcotic: boolean;
  psychotropic: PsychotropicClass | null;
  antimicrobial: boolean;
  /** An antimicrobial for chronic infections (e.g. anti-TB drugs): allowed for such a condition. */
  chronicInfectionException: boolean;
  specialStorage: boolean;
}

/**
 * Why a drug may never be on a long prescription, or null. An antimicrobial with the
 * chronic-infection exception is not excluded here: drugExclusion decides per condition.
 */
export function absoluteExclusion(drug: DrugRuleFacts): string | null {
  const n = drug.genericName;
  if (drug.narcotic) return `${n}属于麻醉药品，不能开具长期处方`;
  if (drug.psychotropic) return `${n}属于第${drug.psychotropic === 'I' ? '一' : '二'}类精神药品，不能开具长期处方`;
  if (drug.toxic) return `${n}属于医疗用毒性药品，不能开具长期处方`;
  if (drug.radioactive) return `${n}属于放射性药品，不能开具长期处方`;
  if (drug.precursor) return `${n}属于药品类易制毒化学品，不能开具长期处方`;
  if (drug.specialStorage) return `${n}需要特殊储存条件（如冷链），不能开具长期处方`;
  if (drug.antimicrobial && !drug.chronicInfectionException) return `${n}属于抗菌药物，不能开具长期处方（结核病等慢性感染除外）`;
  return null;
}

/** Why this drug may not be prescribed long-term for this condition, or null when it may. */
export function drugExclusion(drug: DrugRuleFacts, conditionCode: string): string | null {
  const absolute = absoluteExclusion(drug);
  if (absolute) return absolute;
  if (drug.antimicrobial && !chronicConditionDef(conditionCode)?.chronicInfection) {
    return `${drug.genericName}属于抗菌药物，只能用于结核病等慢性感染性疾病的长期处方`;
  }
  return null;
}

// ---- issuing ------------------------------------------------------------------------------------

/**
 * Whether a new long prescription counts as a first one (首次开具): the patient holds none in
 * force. A stopped patient restarts as a first prescription; voided ones (returned by the
 * pharmacist) never counted.
 */
export function isFirstLongPrescription(previous: readonly { status: LongPrescriptionStatus }[]): boolean {
  return !previous.some((p) => p.status === 'active');
}

export interface RuleViolation {
  field: string;
  message: string;
}

export interface LongPrescriptionItemFacts {
  drug: DrugRuleFacts;
  conditionCode: string;
  daysOfSupply: number;
}

export interface LongPrescriptionFacts {
  items: readonly (LongPrescriptionItemFacts & { drugId: string })[];
  /** Conditions on the local list (configuration). */
  listedConditionCodes: readonly string[];
  /** The patient's conditions certified by a doctor. */
  certifiedConditionCodes: readonly string[];
  isFirst: boolean;
  inPerson: boolean;
  prescriberTitle: DoctorTitle | null;
  assessment: string | null;
  patientConfirmed: boolean;
}

/** The longest supply on the prescription: what the 4-week and 12-week rules look at. */
export function longestSupply(items: readonly { daysOfSupply: number }[]): number {
  return Math.max(0, ...items.map((i) => i.daysOfSupply));
}

/** Every rule a long prescription breaks (empty when it may be issued), each naming its field. */
export function checkLongPrescription(rx: LongPrescriptionFacts): RuleViolation[] {
  const out: RuleViolation[] = [];
  const seen = new Set<string>();
  rx.items.forEach((item, i) => {
    const at = (f: string) => `items.${i}.${f}`;
    const condition = chronicConditionDef(item.conditionCode);
    if (!condition || !rx.listedConditionCodes.includes(item.conditionCode)) {
      out.push({ field: at('conditionCode'), message: `病种 ${item.conditionCode} 不在本地长期处方病种目录内` });
    } else if (!rx.certifiedConditionCodes.includes(item.conditionCode)) {
      out.push({ field: at('conditionCode'), message: `患者的${condition.name}尚未经医生认定，请先在慢病档案中认定` });
    }
    if (seen.has(item.drugId)) out.push({ field: at('drugId'), message: `${item.drug.genericName}重复开具，请合并为一行` });
    seen.add(item.drugId);
    const exclusion = drugExclusion(item.drug, item.conditionCode);
    if (exclusion) out.push({ field: at('drugId'), message: exclusion });
    if (!Number.isInteger(item.daysOfSupply) || item.daysOfSupply < 1) {
      out.push({ field: at('daysOfSupply'), message: '用药天数应为正整数' });
    } else if (item.daysOfSupply > LONG_RX_MAX_DAYS) {
      out.push({ field: at('daysOfSupply'), message: `长期处方用量最长12周（${LONG_RX_MAX_DAYS}天），当前为${item.daysOfSupply}天` });
    }
  });
  if (longestSupply(rx.items) > LONG_RX_ASSESSMENT_ABOVE_DAYS) {
    if (!rx.assessment?.trim()) {
      out.push({ field: 'assessment', message: `超过4周（${LONG_RX_ASSESSMENT_ABOVE_DAYS}天）的长期处方需记录病情稳定性评估` });
    }
    if (!rx.patientConfirmed) out.push({ field: 'patientConfirmed', message: '超过4周的长期处方需患者知情并签字确认' });
  }
  if (rx.isFirst) {
    if (!rx.inPerson) out.push({ field: 'inPerson', message: '首次开具长期处方（含停用后重新开具）需医生面诊患者' });
    if (!rx.prescriberTitle || !isIntermediateOrAbove(rx.prescriberTitle)) {
      const title = rx.prescriberTitle ? DOCTOR_TITLE_LABELS[rx.prescriberTitle] : '无医师档案';
      out.push({ field: 'prescriber', message: `首次开具长期处方需由中级及以上职称医师开具（当前：${title}）` });
    }
  }
  return out;
}

// ---- quantities -------------------------------------------------------------------------------

export const FREQUENCIES = {
  qd: { timesPerDay: 1, label: '每日1次' },
  bid: { timesPerDay: 2, label: '每日2次' },
  tid: { timesPerDay: 3, label: '每日3次' },
  qid: { timesPerDay: 4, label: '每日4次' },
  qn: { timesPerDay: 1, label: '每晚1次' },
} as const;
export type Frequency = keyof typeof FREQUENCIES;

/** Whole packs that cover the days of supply (a pack is never split). */
export function packsNeeded(item: { dose: number; frequency: Frequency; daysOfSupply: number }, packSize: number): number {
  // Doses are in quarters at most, so units * 4 is an integer and the division stays exact.
  const quarterUnits = Math.round(item.dose * 4) * FREQUENCIES[item.frequency].timesPerDay * item.daysOfSupply;
  return Math.ceil(quarterUnits / (packSize * 4));
}

// ---- renewal window ---------------------------------------------------------------------------

/** Whole days from one 'YYYY-MM-DD' to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface SupplyStatus {
  /** The first day without medicine: supply start + days of supply. */
  supplyEndsOn: string;
  daysLeft: number;
  /** The first day a renewal may be requested. */
  renewalOpensOn: string;
  renewalOpen: boolean;
}

/**
 * Supply left of a prescription whose medicine was last handed out (or issued) on `supplyStartOn`
 * for `daysOfSupply` days, and when its renewal opens: `windowDays` before the supply ends.
 */
export function supplyStatus(supplyStartOn: string, daysOfSupply: number, today: string, windowDays: number): SupplyStatus {
  const supplyEndsOn = addDays(supplyStartOn, daysOfSupply);
  const renewalOpensOn = addDays(supplyEndsOn, -windowDays);
  return {
    supplyEndsOn,
    daysLeft: Math.max(0, daysBetween(today, supplyEndsOn)),
    renewalOpensOn,
    renewalOpen: today >= renewalOpensOn,
  };
}

export type RenewalWindowCheck = { ok: true } | { ok: false; nextEligibleDate: string; message: string };

export function checkRenewalWindow(supply: SupplyStatus, windowDays: number): RenewalWindowCheck {
  if (supply.renewalOpen) return { ok: true };
  return {
    ok: false,
    nextEligibleDate: supply.renewalOpensOn,
    message: `药品还够用${supply.daysLeft}天，剩余${windowDays}天及以内时才能续方，请于 ${supply.renewalOpensOn} 起再申请`,
  };
}

// ---- stability check --------------------------------------------------------------------------

/** Clinical thresholds of "not controlled" (local; defaults from common follow-up practice). */
export interface StabilityThresholds {
  /** mmHg: systolic at or above this stops the renewal (grade 2 hypertension). */
  systolicAtLeast: number;
  /** mmHg: diastolic at or above this stops the renewal. */
  diastolicAtLeast: number;
  /** mmol/L: fasting glucose at or above this stops the renewal. */
  fastingGlucoseAtLeast: number;
  /** mmol/L: fasting glucose below this is hypoglycaemia, which also stops it. */
  fastingGlucoseBelow: number;
}

export const DEFAULT_STABILITY_THRESHOLDS: StabilityThresholds = {
  systolicAtLeast: 160,
  diastolicAtLeast: 100,
  fastingGlucoseAtLeast: 13.9,
  fastingGlucoseBelow: 3.9,
};

export type SideEffects = 'none' | 'mild' | 'serious';

export interface StabilityAnswers {
  bloodPressure?: { systolic: number; diastolic: number };
  fastingGlucose?: number;
  sideEffects: SideEffects;
  hospitalisedSinceLastPrescription: boolean;
  newDiagnosis: boolean;
}

export type StopReasonCode = 'hospitalised' | 'blood_pressure_not_controlled' | 'glucose_not_controlled' | 'hypoglycaemia' | 'new_diagnosis' | 'serious_side_effects';

export interface StopReason {
  code: StopReasonCode;
  message: string;
}

/** The readings a renewal must report for the conditions its medicines treat. */
export function requiredReadings(conditionCodes: readonly string[]): StabilityReading[] {
  const needed = new Set(conditionCodes.flatMap((c) => chronicConditionDef(c)?.readings ?? []));
  return (['bloodPressure', 'fastingGlucose'] as const).filter((r) => needed.has(r));
}

const READING_LABELS: Record<StabilityReading, string> = { bloodPressure: '最近一次血压', fastingGlucose: '最近一次空腹血糖' };

/** A required reading that is missing, naming the field, or null. */
export function missingReading(answers: StabilityAnswers, conditionCodes: readonly string[]): RuleViolation | null {
  for (const r of requiredReadings(conditionCodes)) {
    if (answers[r] === undefined) return { field: `stabilityCheck.${r}`, message: `续方前请填写${READING_LABELS[r]}` };
  }
  return null;
}

/**
 * Stop conditions (停用并重新评估): hospitalised since the last prescription, not controlled,
 * a new disease, serious side effects. Any of them sends the patient to the family doctor.
 */
export function stopReasons(answers: StabilityAnswers, t: StabilityThresholds = DEFAULT_STABILITY_THRESHOLDS): StopReason[] {
  const out: StopReason[] = [];
  if (answers.hospitalisedSinceLastPrescription) out.push({ code: 'hospitalised', message: '上次开药后曾住院治疗，需要医生重新评估用药' });
  const bp = answers.bloodPressure;
  if (bp && (bp.systolic >= t.systolicAtLeast || bp.diastolic >= t.diastolicAtLeast)) {
    out.push({
      code: 'blood_pressure_not_controlled',
      message: `血压 ${bp.systolic}/${bp.diastolic} mmHg 未控制达标（收缩压≥${t.systolicAtLeast} 或舒张压≥${t.diastolicAtLeast}）`,
    });
  }
  const g = answers.fastingGlucose;
  if (g !== undefined && g >= t.fastingGlucoseAtLeast) {
    out.push({ code: 'glucose_not_controlled', message: `空腹血糖 ${g} mmol/L 偏高，未控制达标（≥${t.fastingGlucoseAtLeast}）` });
  } else if (g !== undefined && g < t.fastingGlucoseBelow) {
    out.push({ code: 'hypoglycaemia', message: `空腹血糖 ${g} mmol/L 偏低（<${t.fastingGlucoseBelow}），有低血糖风险` });
  }
  if (answers.newDiagnosis) out.push({ code: 'new_diagnosis', message: '新诊断了其他疾病，可能需要调整用药' });
  if (answers.sideEffects === 'serious') out.push({ code: 'serious_side_effects', message: '用药后出现明显不良反应' });
  return out;
}

export const VISIT_DOCTOR_ADVICE = '本次不能直接续方，请到家庭医生处面诊评估后再开药；如有胸痛、胸闷、呼吸困难、意识不清等情况，请立即就医或拨打120。';

/** Masks a delivery address for display: the township part stays, the house number does not. */
export function maskAddress(address: string): string {
  const chars = Array.from(address);
  return chars.length <= 6 ? '*'.repeat(chars.length) : `${chars.slice(0, 6).join('')}****`;
}
