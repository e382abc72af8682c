import { z } from 'zod';
import { FenSchema } from './policy';
import type { BenefitType } from './policy';
import type { Settlement } from './settle';

const PerBenefitSchema = z.object({
  outpatient_pooling: FenSchema,
  chronic_outpatient: FenSchema,
  inpatient: FenSchema,
});

/** One person's running totals for the policy year: what later claims of the year depend on. */
export const YearToDateSchema = z
  .object({
    deductibleMet: PerBenefitSchema.describe('起付标准 already paid this year, per benefit type'),
    fundPaid: PerBenefitSchema.describe('累计统筹支付 per benefit type'),
    chronicQuotaUsed: z.record(z.string(), FenSchema).describe('Fund paid this year per chronic disease code'),
    seriousIllnessBase: FenSchema.describe('Cumulative in-scope self-pay counted toward 大病保险'),
    seriousIllnessPaid: FenSchema.describe('大病保险 paid this year'),
    medicalAidPaid: FenSchema.describe('医疗救助 paid this year'),
    personalAccountBalance: FenSchema.describe('个人账户 balance; 0 for residents'),
  })
  .meta({ id: 'InsuranceYearToDate' });
export type YearToDate = z.infer<typeof YearToDateSchema>;

/** Start of a year: nothing paid yet; employees bring their personal account balance. */
export function emptyYearToDate(personalAccountBalance = 0): YearToDate {
  const none: Record<BenefitType, number> = { outpatient_pooling: 0, chronic_outpatient: 0, inpatient: 0 };
  return {
    deductibleMet: { ...none },
    fundPaid: { ...none },
    chronicQuotaUsed: {},
    seriousIllnessBase: 0,
    seriousIllnessPaid: 0,
    medicalAidPaid: 0,
    personalAccountBalance,
  };
}

/** The part of a settlement that moves the running totals. */
export type SettlementEffect = Pick<
  Settlement,
  'deductibleApplied' | 'fundPaid' | 'seriousIllnessBase' | 'seriousIllnessPaid' | 'medicalAid' | 'personalAccountPaid'
> & { claim: { benefit: BenefitType; chronicDisease?: string } };

/**
 * Adds (sign 1) or removes (sign -1) one settlement's effect. Chronic quota entries at zero are
 * dropped, so settling and then reversing a claim gives back an equal object.
 */
export function shiftYearToDate(ytd: YearToDate, s: SettlementEffect, sign: 1 | -1): YearToDate {
  const { benefit, chronicDisease } = s.claim;
  const chronicQuotaUsed = { ...ytd.chronicQuotaUsed };
  if (chronicDisease) {
    const used = (chronicQuotaUsed[chronicDisease] ?? 0) + sign * s.fundPaid;
    if (used === 0) delete chronicQuotaUsed[chronicDisease];
    else chronicQuotaUsed[chronicDisease] = used;
  }
  return {
    deductibleMet: { ...ytd.deductibleMet, [benefit]: ytd.deductibleMet[benefit] + sign * s.deductibleApplied },
    fundPaid: { ...ytd.fundPaid, [benefit]: ytd.fundPaid[benefit] + sign * s.fundPaid },
    chronicQuotaUsed,
    seriousIllnessBase: ytd.seriousIllnessBase + sign * s.seriousIllnessBase,
    seriousIllnessPaid: ytd.seriousIllnessPaid + sign * s.seriousIllnessPaid,
    medicalAidPaid: ytd.medicalAidPaid + sign * s.medicalAid,
    personalAccountBalance: ytd.personalAccountBalance - sign * s.personalAccountPaid,
  };
}

/**
 * 冲正: the running totals with one settlement taken back out (its personal account payment
 * refunded). Exact when it is the person's latest settlement: reverseSettlement(s.ytd, s)
 * equals the totals before it. When later claims followed, their amounts may have depended
 * on it (deductible, caps, 大病 bands): rebuild with recomputeYearToDate instead.
 */
export function reverseSettlement(ytd: YearToDate, settlement: SettlementEffect): YearToDate {
  return shiftYearToDate(ytd, settlement, -1);
}
