import { z } from 'zod';
import type { FacilityLevel } from '../community/schemas';
import { FULL_RATIO_BP } from './money';

/**
 * Reimbursement policy (医保待遇政策) of one pooling region (统筹区), year and scheme.
 * Money is integer fen; ratios are integer basis points (万分比: 8500 = 85%). Every computed
 * amount is rounded half up to the fen, once (see money.ts).
 */

export const SchemeSchema = z.enum(['resident', 'employee']).describe('resident = 城乡居民医保, employee = 职工医保');
export type Scheme = z.infer<typeof SchemeSchema>;

export const BenefitTypeSchema = z
  .enum(['outpatient_pooling', 'chronic_outpatient', 'inpatient'])
  .describe('outpatient_pooling = 门诊统筹, chronic_outpatient = 门诊慢特病, inpatient = 住院');
export type BenefitType = z.infer<typeof BenefitTypeSchema>;
export const BENEFIT_TYPES = BenefitTypeSchema.options;

/** Reimbursement tiers: village clinics and township centres share the primary (基层) tier. */
export const SettlementLevelSchema = z
  .enum(['primary', 'county', 'out_of_county'])
  .describe('primary = 乡镇卫生院/村卫生室, county = 县级医院, out_of_county = 县外医院');
export type SettlementLevel = z.infer<typeof SettlementLevelSchema>;
export const SETTLEMENT_LEVELS = SettlementLevelSchema.options;

export const BENEFIT_TYPE_LABELS: Record<BenefitType, string> = {
  outpatient_pooling: '门诊统筹',
  chronic_outpatient: '门诊慢特病',
  inpatient: '住院',
};

export const SETTLEMENT_LEVEL_LABELS: Record<SettlementLevel, string> = {
  primary: '乡镇卫生院/村卫生室',
  county: '县级医院',
  out_of_county: '县外医院',
};

/** The tier a member facility settles at. The central pharmacy is county-run (县采镇配). */
export function settlementLevelOf(level: FacilityLevel): SettlementLevel {
  return level === 'village' || level === 'township' ? 'primary' : 'county';
}

/** Upper bound for any single amount: 1 亿元, so sums of a claim stay exact integers. */
export const MAX_FEN = 10_000_000_000;

export const FenSchema = z
  .number()
  .int({ error: '金额应为整数（分）' })
  .min(0, { error: '金额不能为负' })
  .max(MAX_FEN, { error: '金额超出上限' });

export const RatioBpSchema = z
  .number()
  .int({ error: '比例应为整数（万分比，8500 表示 85%）' })
  .min(0, { error: '比例不能小于 0' })
  .max(FULL_RATIO_BP, { error: '比例不能超过 10000（100%）' });

/**
 * per_year: the deductible is paid once a year per benefit type; a visit at a higher tier
 * only tops up the difference. per_claim: paid again on every claim (每次住院起付), the usual
 * inpatient rule.
 */
export const DeductibleBasisSchema = z.enum(['per_year', 'per_claim']);
export type DeductibleBasis = z.infer<typeof DeductibleBasisSchema>;

const LevelTermsSchema = z.object({
  deductible: FenSchema.describe('起付标准, fen'),
  ratioBp: RatioBpSchema.describe('Fund share above the deductible, basis points'),
});

const perLevel = <T extends z.ZodType>(schema: T) => z.object({ primary: schema, county: schema, out_of_county: schema });

/** Outpatient pooling and inpatient: terms per tier and one annual fund cap. */
export const PooledBenefitSchema = z.object({
  deductibleBasis: DeductibleBasisSchema,
  levels: perLevel(LevelTermsSchema),
  annualCap: FenSchema.describe('统筹基金年度最高支付限额 for this benefit type, fen'),
});
export type PooledBenefit = z.infer<typeof PooledBenefitSchema>;

export const ChronicDiseaseSchema = z.object({
  name: z.string().min(1).max(40),
  ratioBp: perLevel(RatioBpSchema).describe('This disease’s own fund share per tier'),
  annualQuota: FenSchema.describe('Most the fund pays for this disease in a year, fen'),
});
export type ChronicDisease = z.infer<typeof ChronicDiseaseSchema>;

/** 门诊慢特病: deductible per tier for the benefit; ratio and annual quota per disease. */
export const ChronicBenefitSchema = z.object({
  deductibleBasis: DeductibleBasisSchema,
  deductible: perLevel(FenSchema),
  diseases: z.record(z.string().min(1).max(20).describe('Disease code, e.g. ICD-10 I10'), ChronicDiseaseSchema),
});
export type ChronicBenefit = z.infer<typeof ChronicBenefitSchema>;

/**
 * 大病保险. Its base is the year's cumulative in-scope self-pay (政策范围内个人自付: deductible,
 * co-payment and whatever the fund cap left over) on the covered benefit types. The part above
 * `threshold` is paid band by band: band i covers the base from the previous band's `upTo`
 * (the threshold for the first) up to its own `upTo` (null = no upper end), at its ratio. The
 * whole is computed on the cumulative base and each claim gets the increase, so rounding
 * never drifts across claims; the year's total never exceeds `annualCap`.
 */
export const SeriousIllnessSchema = z
  .object({
    threshold: FenSchema.describe('大病保险起付线 on cumulative in-scope self-pay, fen'),
    bands: z
      .array(z.object({ upTo: FenSchema.nullable(), ratioBp: RatioBpSchema }))
      .min(1, { error: '至少需要一个报销分段' }),
    annualCap: FenSchema,
    benefits: z.array(BenefitTypeSchema).describe('Benefit types whose self-pay counts toward the base'),
  })
  .superRefine((si, ctx) => {
    let lower = si.threshold;
    si.bands.forEach((band, i) => {
      const last = i === si.bands.length - 1;
      if (last && band.upTo !== null) {
        ctx.addIssue({ code: 'custom', path: ['bands', i, 'upTo'], message: '最后一个分段应不设上限（null）' });
      } else if (!last && (band.upTo === null || band.upTo <= lower)) {
        ctx.addIssue({ code: 'custom', path: ['bands', i, 'upTo'], message: '分段上限应逐段递增且高于起付线' });
      }
      lower = band.upTo ?? lower;
    });
  });
export type SeriousIllness = z.infer<typeof SeriousIllnessSchema>;

/** 医疗救助 for eligible people (特困、低保…): a share of what remains in scope after insurance. */
export const MedicalAidSchema = z.object({ ratioBp: RatioBpSchema, annualCap: FenSchema });
export type MedicalAid = z.infer<typeof MedicalAidSchema>;

export const PolicySchema = z
  .object({
    region: z.string().min(1).max(40).describe('统筹区 code or name'),
    year: z.number().int().min(2000).max(2100),
    scheme: SchemeSchema,
    version: z.string().min(1).max(40).describe('Carried into every settlement made under this policy'),
    classBSelfPayBp: RatioBpSchema.describe('乙类先行自付 share, default 1000 (10%); local 5-20%'),
    personalAccount: z.boolean().describe('个人账户 pays from the patient share; employees only'),
    benefits: z.object({
      outpatient_pooling: PooledBenefitSchema,
      chronic_outpatient: ChronicBenefitSchema,
      inpatient: PooledBenefitSchema,
    }),
    seriousIllness: SeriousIllnessSchema.nullable(),
    medicalAid: MedicalAidSchema.nullable().describe('null: no medical aid in this settlement'),
  })
  .superRefine((policy, ctx) => {
    if (policy.scheme === 'resident' && policy.personalAccount) {
      ctx.addIssue({ code: 'custom', path: ['personalAccount'], message: '城乡居民医保自2020年起不设个人账户' });
    }
  })
  .meta({ id: 'InsurancePolicy' });
export type Policy = z.infer<typeof PolicySchema>;

/**
 * Example resident policy with the handbook's defaults (DOMAIN.md). Real figures are local:
 * load them per region and year from configuration.
 */
export const DEFAULT_RESIDENT_POLICY: Policy = {
  region: 'demo-county',
  year: 2026,
  scheme: 'resident',
  version: '2026.1',
  classBSelfPayBp: 1000,
  personalAccount: false,
  benefits: {
    outpatient_pooling: {
      deductibleBasis: 'per_year',
      levels: {
        primary: { deductible: 0, ratioBp: 5500 },
        county: { deductible: 10_000, ratioBp: 5000 },
        out_of_county: { deductible: 20_000, ratioBp: 4000 },
      },
      annualCap: 50_000,
    },
    chronic_outpatient: {
      deductibleBasis: 'per_year',
      deductible: { primary: 0, county: 0, out_of_county: 0 },
      diseases: {
        I10: { name: '高血压', ratioBp: { primary: 6000, county: 5500, out_of_county: 5000 }, annualQuota: 100_000 },
        E11: { name: '糖尿病', ratioBp: { primary: 6000, county: 5500, out_of_county: 5000 }, annualQuota: 150_000 },
        'N18.6': {
          name: '尿毒症透析',
          ratioBp: { primary: 9000, county: 8500, out_of_county: 7000 },
          annualQuota: 6_000_000,
        },
      },
    },
    inpatient: {
      deductibleBasis: 'per_claim',
      levels: {
        primary: { deductible: 20_000, ratioBp: 9000 },
        county: { deductible: 50_000, ratioBp: 8000 },
        out_of_county: { deductible: 100_000, ratioBp: 6000 },
      },
      annualCap: 20_000_000,
    },
  },
  seriousIllness: {
    threshold: 1_500_000,
    bands: [
      { upTo: 5_000_000, ratioBp: 6000 },
      { upTo: 10_000_000, ratioBp: 7000 },
      { upTo: null, ratioBp: 8000 },
    ],
    annualCap: 40_000_000,
    benefits: ['inpatient', 'chronic_outpatient'],
  },
  medicalAid: null,
};
