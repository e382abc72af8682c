import { BENEFIT_TYPE_LABELS, SETTLEMENT_LEVEL_LABELS } from './policy';
import type { BenefitType, DeductibleBasis, SettlementLevel } from './policy';

/** Every figure of one settlement, including the intermediate ones a resident needs explained. */
export interface Worksheet {
  benefit: BenefitType;
  level: SettlementLevel;
  diseaseName: string | null;
  total: number;
  outOfCatalogue: number;
  overLimit: number;
  classBAmount: number;
  classBSelfPayBp: number;
  classBSelfPay: number;
  inScope: number;
  deductible: number;
  deductibleBasis: DeductibleBasis;
  deductibleMetBefore: number;
  deductibleApplied: number;
  ratioBp: number;
  fundDue: number;
  fundCapLeft: number;
  fundPaid: number;
  /** null when 大病保险 does not cover this benefit type or the claim adds nothing to its base. */
  seriousIllness: { threshold: number; baseAfter: number; capLeft: number; paid: number } | null;
  medicalAid: number;
  personalAccountPaid: number;
  personalAccountBalanceAfter: number;
  patientPaid: number;
  cashPaid: number;
}

/** 1234567 fen -> '12,345.67' */
function yuan(fen: number): string {
  const whole = String(Math.floor(fen / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${whole}.${String(fen % 100).padStart(2, '0')}`;
}

/** 8500 -> '85%', 8550 -> '85.5%' */
function percent(ratioBp: number): string {
  return `${Number((ratioBp / 100).toFixed(2))}%`;
}

function capLabel(w: Worksheet): string {
  return w.diseaseName
    ? `${w.diseaseName}门诊慢特病年度支付限额`
    : `${BENEFIT_TYPE_LABELS[w.benefit]}统筹基金年度最高支付限额`;
}

function totalStep(w: Worksheet): string {
  const what = BENEFIT_TYPE_LABELS[w.benefit] + (w.diseaseName ? `（${w.diseaseName}）` : '');
  return `本次在${SETTLEMENT_LEVEL_LABELS[w.level]}的${what}医疗费用共 ${yuan(w.total)} 元。`;
}

function exclusionSteps(w: Worksheet): string[] {
  const steps: string[] = [];
  if (w.outOfCatalogue > 0) steps.push(`其中 ${yuan(w.outOfCatalogue)} 元为医保目录外药品或项目（全自费），由您自付。`);
  if (w.overLimit > 0) steps.push(`有 ${yuan(w.overLimit)} 元超出医保支付限价（超限价自付），由您自付。`);
  if (w.classBSelfPay > 0) {
    steps.push(
      `乙类药品或项目 ${yuan(w.classBAmount)} 元需先行自付 ${percent(w.classBSelfPayBp)}，即 ${yuan(w.classBSelfPay)} 元，由您自付。`,
    );
  }
  if (w.inScope === 0) steps.push('本次没有符合医保政策范围的费用，统筹基金不支付。');
  else if (w.inScope === w.total) steps.push('全部费用都符合医保政策范围。');
  else steps.push(`剩余 ${yuan(w.inScope)} 元符合医保政策范围。`);
  return steps;
}

function deductibleStep(w: Worksheet): string | null {
  if (w.inScope === 0 || w.deductible === 0) return null;
  const label = BENEFIT_TYPE_LABELS[w.benefit];
  const d = yuan(w.deductible);
  const remaining = w.deductibleBasis === 'per_claim' ? w.deductible : Math.max(0, w.deductible - w.deductibleMetBefore);
  if (remaining === 0) return `您本年度已付满${label}起付标准 ${d} 元，本次无需再付。`;
  const intro =
    w.deductibleBasis === 'per_claim'
      ? `本次${label}起付标准为 ${d} 元`
      : w.deductibleMetBefore > 0
        ? `本年度${label}起付标准为 ${d} 元，您已付 ${yuan(w.deductibleMetBefore)} 元，还差 ${yuan(remaining)} 元`
        : `本年度${label}起付标准为 ${d} 元`;
  if (w.deductibleApplied === remaining) return `${intro}，这 ${yuan(remaining)} 元由您自付。`;
  return `${intro}；符合政策范围的 ${yuan(w.inScope)} 元未超过起付标准，全部由您自付，统筹基金不支付。`;
}

function fundStep(w: Worksheet): string | null {
  const base = w.inScope - w.deductibleApplied;
  if (base === 0) return null;
  const what = w.deductible > 0 ? '符合政策范围且超过起付标准的' : '符合政策范围的';
  const head = `${what} ${yuan(base)} 元按 ${percent(w.ratioBp)} 报销`;
  if (w.fundPaid === w.fundDue) return `${head}，统筹基金支付 ${yuan(w.fundPaid)} 元。`;
  if (w.fundCapLeft === 0) {
    return `${head}，应由统筹基金支付 ${yuan(w.fundDue)} 元；但您的${capLabel(w)}已用完，统筹基金本次不再支付，这部分由您自付。`;
  }
  return `${head}，应由统筹基金支付 ${yuan(w.fundDue)} 元；您的${capLabel(w)}只剩 ${yuan(w.fundCapLeft)} 元，统筹基金本次支付 ${yuan(w.fundPaid)} 元，其余由您自付。`;
}

function seriousIllnessStep(w: Worksheet): string | null {
  const si = w.seriousIllness;
  if (!si) return null;
  const cumulative = `您本年度累计政策范围内自付 ${yuan(si.baseAfter)} 元`;
  if (si.baseAfter <= si.threshold) {
    return `${cumulative}，未超过大病保险起付线 ${yuan(si.threshold)} 元，大病保险暂不支付。`;
  }
  if (si.capLeft === 0) return `${cumulative}，但大病保险本年度支付限额已用完，本次不再支付。`;
  return `${cumulative}，超过大病保险起付线 ${yuan(si.threshold)} 元的部分分段报销，大病保险本次支付 ${yuan(si.paid)} 元。`;
}

function closingStep(w: Worksheet): string {
  if (w.total === 0) return '本次没有需要支付的费用。';
  const insured = w.fundPaid + (w.seriousIllness?.paid ?? 0) + w.medicalAid;
  const covered = insured > 0 ? `医保共为您支付 ${yuan(insured)} 元，` : '';
  if (w.patientPaid === 0) return `${covered}您本次无需自付。`;
  if (w.personalAccountPaid > 0) {
    return `${covered}您本次个人负担 ${yuan(w.patientPaid)} 元：个人账户支付 ${yuan(w.personalAccountPaid)} 元（余额 ${yuan(w.personalAccountBalanceAfter)} 元），现金支付 ${yuan(w.cashPaid)} 元。`;
  }
  return `${covered}您本次个人负担 ${yuan(w.patientPaid)} 元，以现金支付。`;
}

/** The settlement as ordered sentences in plain Chinese, one per step of the calculation. */
export function explainSettlement(w: Worksheet): string[] {
  const steps = [totalStep(w)];
  if (w.total > 0) {
    steps.push(...exclusionSteps(w));
    for (const step of [deductibleStep(w), fundStep(w), seriousIllnessStep(w)]) if (step) steps.push(step);
    if (w.medicalAid > 0) steps.push(`您享受医疗救助，医疗救助支付 ${yuan(w.medicalAid)} 元。`);
  }
  steps.push(closingStep(w));
  return steps;
}
