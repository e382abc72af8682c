import { z } from 'zod';
import { ClaimSchema, claimIssue } from './claim';
import type { Claim, ClaimItem } from './claim';
import { explainSettlement } from './explain';
import type { Worksheet } from './explain';
import { applyRatio, weightedFen } from './money';
import { SETTLEMENT_LEVELS } from './policy';
import type { DeductibleBasis, Policy, SeriousIllness, SettlementLevel } from './policy';
import { YearToDateSchema, shiftYearToDate } from './ytd';
import type { YearToDate } from './ytd';

const AmountSchema = z.int().min(0);

/**
 * 结算单: one claim settled under one policy version.
 * Identity, to the fen: fundPaid + seriousIllnessPaid + medicalAid + personalAccountPaid + cashPaid === total,
 * and patientPaid (个人负担) === personalAccountPaid + cashPaid.
 */
export const SettlementSchema = z
  .object({
    claim: ClaimSchema,
    policyVersion: z.string(),
    total: AmountSchema.describe('医疗费总额'),
    outOfCatalogue: AmountSchema.describe('全自费: 丙类 and items outside the catalogue'),
    overLimit: AmountSchema.describe('超限价自付: charged above the unit price limit'),
    classBSelfPay: AmountSchema.describe('乙类先行自付'),
    inScope: AmountSchema.describe('符合政策范围: total - outOfCatalogue - overLimit - classBSelfPay'),
    deductibleApplied: AmountSchema.describe('起付标准 paid on this claim'),
    ratioBp: AmountSchema.describe('Fund share applied above the deductible, basis points'),
    fundPaid: AmountSchema.describe('统筹基金支付'),
    seriousIllnessBase: AmountSchema.describe('In-scope self-pay this claim adds to the 大病保险 base'),
    seriousIllnessPaid: AmountSchema.describe('大病保险'),
    medicalAid: AmountSchema.describe('医疗救助'),
    patientPaid: AmountSchema.describe('个人负担: personalAccountPaid + cashPaid'),
    personalAccountPaid: AmountSchema.describe('个人账户支付'),
    cashPaid: AmountSchema.describe('个人现金支付'),
    cumulativeFundPaid: AmountSchema.describe('累计统筹支付 for this benefit type after this claim'),
    ytd: YearToDateSchema.describe('Running totals after this claim'),
    steps: z.array(z.string()).describe('The calculation in plain Chinese, in order'),
  })
  .meta({ id: 'InsuranceSettlement' });
export type Settlement = z.infer<typeof SettlementSchema>;

interface ItemSplit {
  total: number;
  outOfCatalogue: number;
  overLimit: number;
  classBAmount: number;
  classBSelfPay: number;
  inScope: number;
}

function overLimitOf(item: ClaimItem): number {
  if (item.unitPriceLimit === undefined) return 0;
  return Math.max(0, item.amount - item.unitPriceLimit * (item.quantity ?? 1));
}

/** Sorts the charges into what the catalogue excludes and what is in policy scope. */
function splitItems(items: readonly ClaimItem[], classBSelfPayBp: number): ItemSplit {
  let total = 0;
  let outOfCatalogue = 0;
  let overLimit = 0;
  let classBAmount = 0;
  for (const item of items) {
    total += item.amount;
    if (item.catalogueClass === 'C') {
      outOfCatalogue += item.amount;
      continue;
    }
    const over = overLimitOf(item);
    overLimit += over;
    // 先行自付 applies to what is within the price limit; the excess is self-paid already.
    if (item.catalogueClass === 'B') classBAmount += item.amount - over;
  }
  // Rounded once on the claim's class B sum, so the result does not depend on item order.
  const classBSelfPay = applyRatio(classBAmount, classBSelfPayBp);
  const inScope = total - outOfCatalogue - overLimit - classBSelfPay;
  return { total, outOfCatalogue, overLimit, classBAmount, classBSelfPay, inScope };
}

interface BenefitTerms {
  diseaseName: string | null;
  deductible: number;
  deductibleBasis: DeductibleBasis;
  ratioBp: number;
  /** What the fund may still pay this year: the benefit's annual cap, or the disease's quota. */
  fundCapLeft: number;
}

function benefitTerms(policy: Policy, ytd: YearToDate, claim: Claim): BenefitTerms {
  if (claim.benefit === 'chronic_outpatient') {
    const chronic = policy.benefits.chronic_outpatient;
    const code = claim.chronicDisease as string; // present and known: claimIssue checked it
    const disease = chronic.diseases[code];
    return {
      diseaseName: disease.name,
      deductible: chronic.deductible[claim.level],
      deductibleBasis: chronic.deductibleBasis,
      ratioBp: disease.ratioBp[claim.level],
      fundCapLeft: Math.max(0, disease.annualQuota - (ytd.chronicQuotaUsed[code] ?? 0)),
    };
  }
  const benefit = policy.benefits[claim.benefit];
  const terms = benefit.levels[claim.level];
  return {
    diseaseName: null,
    deductible: terms.deductible,
    deductibleBasis: benefit.deductibleBasis,
    ratioBp: terms.ratioBp,
    fundCapLeft: Math.max(0, benefit.annualCap - ytd.fundPaid[claim.benefit]),
  };
}

function remainingDeductible(terms: BenefitTerms, deductibleMet: number): number {
  return terms.deductibleBasis === 'per_claim' ? terms.deductible : Math.max(0, terms.deductible - deductibleMet);
}

/** 大病保险 due on a cumulative base, band by band, rounded once. */
function seriousIllnessCover(si: SeriousIllness, base: number): number {
  const parts: { amount: number; ratioBp: number }[] = [];
  let lower = si.threshold;
  for (const band of si.bands) {
    if (base <= lower) break;
    const upper = band.upTo === null ? base : Math.min(base, band.upTo);
    parts.push({ amount: upper - lower, ratioBp: band.ratioBp });
    if (band.upTo === null) break;
    lower = band.upTo;
  }
  return weightedFen(parts);
}

/**
 * This claim's 大病保险: the increase of the cover on the cumulative base, never more than the
 * claim's own in-scope self-pay nor the annual cap left.
 */
function seriousIllnessShare(policy: Policy, ytd: YearToDate, claim: Claim, inScopeSelfPay: number) {
  const si = policy.seriousIllness;
  if (!si || !si.benefits.includes(claim.benefit) || inScopeSelfPay === 0) return { base: 0, paid: 0, detail: null };
  const baseAfter = ytd.seriousIllnessBase + inScopeSelfPay;
  const due = seriousIllnessCover(si, baseAfter) - seriousIllnessCover(si, ytd.seriousIllnessBase);
  const capLeft = Math.max(0, si.annualCap - ytd.seriousIllnessPaid);
  const paid = Math.min(due, capLeft, inScopeSelfPay);
  return { base: inScopeSelfPay, paid, detail: { threshold: si.threshold, baseAfter, capLeft, paid } };
}

/** 医疗救助 for eligible people: a share of the in-scope self-pay left after insurance. */
function medicalAidShare(policy: Policy, ytd: YearToDate, claim: Claim, remainingInScope: number): number {
  if (!policy.medicalAid || !claim.medicalAidEligible) return 0;
  const capLeft = Math.max(0, policy.medicalAid.annualCap - ytd.medicalAidPaid);
  return Math.min(applyRatio(remainingInScope, policy.medicalAid.ratioBp), capLeft);
}

/**
 * Settles one claim against the person's running totals for the year. Pure; integer fen.
 * Order: the catalogue and price limits decide what is in scope; the deductible comes off the
 * in-scope amount; the fund pays its ratio of the rest up to the cap left; 大病保险 and
 * 医疗救助 take their shares of the in-scope self-pay; the personal account (employees) pays
 * what the patient owes up to its balance; cash pays the rest.
 * Throws on a claim that claimIssue rejects (check that first and report the field).
 */
export function settleClaim(policy: Policy, ytd: YearToDate, claim: Claim): Settlement {
  const issue = claimIssue(policy, claim);
  if (issue) throw new Error(`Claim ${claim.id} cannot be settled (${issue.field}): ${issue.message}`);

  const split = splitItems(claim.items, policy.classBSelfPayBp);
  const terms = benefitTerms(policy, ytd, claim);
  const deductibleMetBefore = ytd.deductibleMet[claim.benefit];
  const deductibleApplied = Math.min(split.inScope, remainingDeductible(terms, deductibleMetBefore));
  const fundDue = applyRatio(split.inScope - deductibleApplied, terms.ratioBp);
  const fundPaid = Math.min(fundDue, terms.fundCapLeft);
  const serious = seriousIllnessShare(policy, ytd, claim, split.inScope - fundPaid);
  const medicalAid = medicalAidShare(policy, ytd, claim, split.inScope - fundPaid - serious.paid);
  const patientPaid = split.total - fundPaid - serious.paid - medicalAid;
  const personalAccountPaid = policy.personalAccount ? Math.min(ytd.personalAccountBalance, patientPaid) : 0;
  const cashPaid = patientPaid - personalAccountPaid;

  const effect = {
    claim,
    deductibleApplied,
    fundPaid,
    seriousIllnessBase: serious.base,
    seriousIllnessPaid: serious.paid,
    medicalAid,
    personalAccountPaid,
  };
  const after = shiftYearToDate(ytd, effect, 1);
  const worksheet: Worksheet = {
    benefit: claim.benefit,
    level: claim.level,
    diseaseName: terms.diseaseName,
    ...split,
    classBSelfPayBp: policy.classBSelfPayBp,
    deductible: terms.deductible,
    deductibleBasis: terms.deductibleBasis,
    deductibleMetBefore,
    deductibleApplied,
    ratioBp: terms.ratioBp,
    fundDue,
    fundCapLeft: terms.fundCapLeft,
    fundPaid,
    seriousIllness: serious.detail,
    medicalAid,
    personalAccountPaid,
    personalAccountBalanceAfter: after.personalAccountBalance,
    patientPaid,
    cashPaid,
  };
  return {
    ...effect,
    policyVersion: policy.version,
    total: split.total,
    outOfCatalogue: split.outOfCatalogue,
    overLimit: split.overLimit,
    classBSelfPay: split.classBSelfPay,
    inScope: split.inScope,
    ratioBp: terms.ratioBp,
    patientPaid,
    cashPaid,
    cumulativeFundPaid: after.fundPaid[claim.benefit],
    ytd: after,
    steps: explainSettlement(worksheet),
  };
}

/** The same claim settled at each tier, for the "township vs county vs out-of-county" forecast. */
export function forecastAcrossLevels(policy: Policy, ytd: YearToDate, claim: Claim): Record<SettlementLevel, Settlement> {
  const entries = SETTLEMENT_LEVELS.map((level) => [level, settleClaim(policy, ytd, { ...claim, level })] as const);
  return Object.fromEntries(entries) as Record<SettlementLevel, Settlement>;
}
