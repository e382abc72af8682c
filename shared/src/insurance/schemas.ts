import { z } from 'zod';
import { ResidentIdNumberSchema, PersonNameSchema } from '../identity/schemas';
import { ClaimItemSchema } from './claim';
import type { ClaimItem } from './claim';
import { BenefitTypeSchema, FenSchema, PolicySchema, SchemeSchema, SettlementLevelSchema } from './policy';
import type { BenefitType, Scheme } from './policy';
import { SettlementSchema } from './settle';

/**
 * API contracts of the insurance module (医保报销). The rules themselves live beside this file
 * (policy, claim, settle, replay); these are only the request and response shapes.
 */

const IdSchema = z.string().min(1).max(40);
const YearSchema = z.coerce.number().int().min(2000).max(2100);
const LocalDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' });

export const SCHEME_LABELS: Record<Scheme, string> = { resident: '城乡居民医保', employee: '职工医保' };

/** What a settlement record is about: 门诊就诊, 处方 or 住院. */
export const SettlementSourceTypeSchema = z.enum(['visit', 'prescription', 'admission']);
export type SettlementSourceType = z.infer<typeof SettlementSourceTypeSchema>;
export const SETTLEMENT_SOURCE_LABELS: Record<SettlementSourceType, string> = { visit: '门诊', prescription: '处方', admission: '住院' };

/**
 * settled -> reversed (冲正, final). A 冲正单 (kind 'reversal') is its own record pointing at the
 * settlement it cancels; it is never reversed itself.
 */
export const SettlementStateSchema = z.enum(['settled', 'reversed']);
export type SettlementState = z.infer<typeof SettlementStateSchema>;
export const SETTLEMENT_STATE_LABELS: Record<SettlementState, string> = { settled: '已结算', reversed: '已冲正' };

/** A policy version moves draft -> active -> superseded (when another version is activated); any non-active version may be activated again. */
export const PolicyStatusSchema = z.enum(['draft', 'active', 'superseded']);
export type PolicyStatus = z.infer<typeof PolicyStatusSchema>;
export const POLICY_STATUS_LABELS: Record<PolicyStatus, string> = { draft: '草稿', active: '生效中', superseded: '已停用' };

/** A claim as a caller describes it: the tier comes from the facility, the id from the server. */
export const ClaimInputSchema = z.object({
  serviceDate: LocalDateSchema.describe('就诊、出院或取药日期 (Asia/Shanghai)'),
  benefit: BenefitTypeSchema,
  chronicDisease: z.string().min(1).max(20).optional().describe('门诊慢特病病种编码 (e.g. I10); only for chronic_outpatient'),
  medicalAidEligible: z.boolean().optional().describe('The person qualifies for 医疗救助'),
  items: z.array(ClaimItemSchema).max(500),
});
export type ClaimInput = z.infer<typeof ClaimInputSchema>;

/** The amounts the facility's HIS actually settled. Authoritative for what was paid. */
export const ReportedAmountsSchema = z
  .object({
    fundPaid: FenSchema.describe('统筹基金支付'),
    seriousIllnessPaid: FenSchema.default(0).describe('大病保险'),
    medicalAid: FenSchema.default(0).describe('医疗救助'),
    personalAccountPaid: FenSchema.default(0).describe('个人账户支付'),
    cashPaid: FenSchema.describe('个人现金支付'),
    policyVersion: z.string().min(1).max(40).optional().describe('The policy code the HIS settled under, as it names it'),
  })
  .meta({ id: 'InsuranceReportedAmounts' });
export type ReportedAmounts = z.infer<typeof ReportedAmountsSchema>;

// ---- facility pushes (interop) --------------------------------------------------------------

export const InteropSettlementPushSchema = z.object({
  externalId: z.string().trim().min(1).max(64).describe('The HIS settlement number (结算流水号); re-sending it changes nothing'),
  sourceType: SettlementSourceTypeSchema,
  sourceId: z.string().trim().min(1).max(64).describe('The HIS visit, prescription or admission number'),
  patient: z.object({ idNumber: ResidentIdNumberSchema, name: PersonNameSchema }),
  scheme: SchemeSchema,
  claim: ClaimInputSchema,
  reported: ReportedAmountsSchema.optional(),
});
export type InteropSettlementPush = z.infer<typeof InteropSettlementPushSchema>;

export const InteropReversalSchema = z.object({
  reversalId: z.string().trim().min(1).max(64).describe('The HIS number of the 冲正 itself; re-sending it changes nothing'),
  reason: z.string().trim().min(1).max(200).optional(),
});
export type InteropReversal = z.infer<typeof InteropReversalSchema>;

export const SettlementExternalIdParamsSchema = z.object({ externalId: z.string().min(1).max(64) });

/** What a facility gets back: our record, its computed amounts, and whether they disagree with the HIS. */
export const InteropSettlementReceiptSchema = z
  .object({
    id: IdSchema,
    externalId: z.string(),
    kind: z.enum(['settlement', 'reversal']),
    state: SettlementStateSchema,
    reversalOf: z.string().nullable(),
    policyVersion: z.string(),
    computed: z.object({ fundPaid: z.int(), seriousIllnessPaid: z.int(), medicalAid: z.int(), patientPaid: z.int() }).nullable(),
    mismatch: z.boolean().describe('The HIS amounts differ from ours under the active policy; staff review it'),
  })
  .meta({ id: 'InsuranceSettlementReceipt' });
export type InteropSettlementReceipt = z.infer<typeof InteropSettlementReceiptSchema>;

// ---- residents -----------------------------------------------------------------------------

export const MemberSettlementParamsSchema = z.object({ memberId: IdSchema, settlementId: IdSchema });
export const InsuranceYearQuerySchema = z.object({ year: YearSchema.optional().describe('Policy year; this year when omitted') });

/** The amounts shown to a resident: the HIS figures when the facility sent them, else ours. */
const ShownAmountsShape = {
  total: z.int().describe('医疗费总额'),
  fundPaid: z.int().describe('统筹基金支付'),
  insurancePaid: z.int().describe('医保共支付: 统筹 + 大病保险 + 医疗救助'),
  patientPaid: z.int().describe('个人负担: 个人账户 + 现金'),
  amountsFrom: z.enum(['reported', 'computed']).describe('reported = as the facility settled it'),
};

export const SettlementSummarySchema = z
  .object({
    id: IdSchema,
    serviceDate: z.string(),
    facilityId: IdSchema,
    facilityName: z.string(),
    level: SettlementLevelSchema,
    levelLabel: z.string(),
    benefit: BenefitTypeSchema,
    benefitLabel: z.string().describe('门诊统筹, 门诊慢特病（高血压）, 住院'),
    sourceType: SettlementSourceTypeSchema,
    sourceLabel: z.string(),
    state: SettlementStateSchema,
    stateLabel: z.string(),
    reversedAt: z.number().nullable(),
    ...ShownAmountsShape,
  })
  .meta({ id: 'InsuranceSettlementSummary' });
export type SettlementSummary = z.infer<typeof SettlementSummarySchema>;

export const SettlementDetailSchema = SettlementSummarySchema.extend({
  policyVersion: z.string(),
  reported: ReportedAmountsSchema.nullable(),
  breakdown: SettlementSchema.describe('Our settlement under the policy, every step explained'),
  note: z.string().nullable().describe('Shown above the breakdown when the facility’s figures differ from ours'),
}).meta({ id: 'InsuranceSettlementDetail' });
export type SettlementDetail = z.infer<typeof SettlementDetailSchema>;

export const SettlementListSchema = z.object({ year: z.int(), items: z.array(SettlementSummarySchema) });

export const AnnualPictureSchema = z
  .object({
    memberId: IdSchema,
    year: z.int(),
    scheme: SchemeSchema,
    policyVersion: z.string().nullable().describe('null: no active policy for this year'),
    benefits: z.array(
      z.object({
        benefit: BenefitTypeSchema,
        label: z.string(),
        deductibleMet: z.int().describe('起付标准 paid this year'),
        fundPaid: z.int().describe('累计统筹支付'),
        annualCap: z.int().nullable().describe('统筹基金年度最高支付限额; null for 门诊慢特病 (quota per disease)'),
        capLeft: z.int().nullable(),
      }),
    ),
    chronic: z.array(z.object({ code: z.string(), name: z.string(), quota: z.int(), used: z.int(), left: z.int() })),
    seriousIllness: z.object({ base: z.int(), threshold: z.int(), paid: z.int(), annualCap: z.int() }).nullable(),
    byLevel: z.array(
      z.object({ level: SettlementLevelSchema, label: z.string(), count: z.int(), total: z.int(), insurancePaid: z.int(), patientPaid: z.int() }),
    ),
    totals: z.object({ count: z.int(), total: z.int(), insurancePaid: z.int(), patientPaid: z.int() }),
  })
  .meta({ id: 'InsuranceAnnualPicture' });
export type AnnualPicture = z.infer<typeof AnnualPictureSchema>;

/** Ready-made claims for the forecast, so a resident need not itemise anything. */
export const FORECAST_SAMPLES = {
  'inpatient-5000': {
    label: '住院 5000元',
    benefit: 'inpatient',
    items: [
      { name: '目录外药品', catalogueClass: 'C', amount: 30_000 },
      { name: '乙类药品', catalogueClass: 'B', amount: 200_000 },
      { name: '床位、检查、治疗（甲类）', catalogueClass: 'A', amount: 270_000 },
    ],
  },
  'outpatient-300': {
    label: '普通门诊 300元',
    benefit: 'outpatient_pooling',
    items: [
      { name: '检查化验', catalogueClass: 'A', amount: 18_000 },
      { name: '乙类药品', catalogueClass: 'B', amount: 12_000 },
    ],
  },
  'hypertension-500': {
    label: '高血压门诊慢特病 500元',
    benefit: 'chronic_outpatient',
    chronicDisease: 'I10',
    items: [
      { name: '降压药（甲类）', catalogueClass: 'A', amount: 30_000 },
      { name: '降压药（乙类）', catalogueClass: 'B', amount: 20_000 },
    ],
  },
} as const satisfies Record<string, { label: string; benefit: BenefitType; chronicDisease?: string; items: readonly ClaimItem[] }>;
export type ForecastSampleKey = keyof typeof FORECAST_SAMPLES;
export const ForecastSampleKeySchema = z.enum(Object.keys(FORECAST_SAMPLES) as [ForecastSampleKey, ...ForecastSampleKey[]]);

export const ForecastSampleListSchema = z.object({
  items: z.array(z.object({ key: ForecastSampleKeySchema, label: z.string(), benefit: BenefitTypeSchema, chronicDisease: z.string().nullable(), total: z.int() })),
});

/**
 * "This treatment at my township vs the county vs out of county": a sample, or a claim-like body.
 * Without items, `amount` is taken as one 甲类 line.
 */
export const ForecastRequestSchema = z
  .object({
    sample: ForecastSampleKeySchema.optional(),
    benefit: BenefitTypeSchema.optional(),
    chronicDisease: z.string().min(1).max(20).optional(),
    items: z.array(ClaimItemSchema).min(1).max(500).optional(),
    amount: FenSchema.optional().describe('Total in fen when no items are given'),
  })
  .superRefine((r, ctx) => {
    if (r.sample) return;
    if (!r.benefit) ctx.addIssue({ code: 'custom', path: ['benefit'], message: '请选择报销类别，或选择一个示例' });
    if (!r.items && r.amount === undefined) ctx.addIssue({ code: 'custom', path: ['amount'], message: '请填写费用金额或费用明细' });
  });
export type ForecastRequest = z.infer<typeof ForecastRequestSchema>;

export const ForecastSchema = z
  .object({
    memberId: IdSchema,
    scheme: SchemeSchema,
    policyVersion: z.string(),
    total: z.int(),
    levels: z.array(
      z.object({
        level: SettlementLevelSchema,
        label: z.string(),
        fundPaid: z.int(),
        insurancePaid: z.int().describe('统筹 + 大病保险 + 医疗救助'),
        patientPaid: z.int(),
        settlement: SettlementSchema,
      }),
    ),
    cheapest: SettlementLevelSchema.describe('Where the patient pays least'),
    summary: z.string().describe('One sentence comparing the tiers'),
  })
  .meta({ id: 'InsuranceForecast' });
export type Forecast = z.infer<typeof ForecastSchema>;

// ---- console: policy editor -----------------------------------------------------------------

export const PolicyVersionSchema = z
  .object({
    id: IdSchema,
    region: z.string(),
    year: z.int(),
    scheme: SchemeSchema,
    version: z.string(),
    status: PolicyStatusSchema,
    statusLabel: z.string(),
    body: PolicySchema,
    createdBy: z.string().nullable().describe('Name of the admin who created it; null when seeded'),
    createdAt: z.number(),
    activatedAt: z.number().nullable(),
  })
  .meta({ id: 'InsurancePolicyVersion' });
export type PolicyVersion = z.infer<typeof PolicyVersionSchema>;

export const PolicyListQuerySchema = z.object({
  year: YearSchema.optional(),
  scheme: SchemeSchema.optional(),
});
export const PolicyListSchema = z.object({ region: z.string(), items: z.array(PolicyVersionSchema) });
export const PolicyIdParamsSchema = z.object({ policyId: IdSchema });

export const PolicyPreviewRequestSchema = z.object({
  policy: PolicySchema,
  claim: ClaimInputSchema.omit({ serviceDate: true }).extend({
    serviceDate: LocalDateSchema.optional().describe('Defaults to 1 July of the policy year'),
  }),
});
export type PolicyPreviewRequest = z.infer<typeof PolicyPreviewRequestSchema>;

const PreviewLevelsSchema = z.object({ primary: SettlementSchema, county: SettlementSchema, out_of_county: SettlementSchema });
export const PolicyPreviewSchema = z
  .object({
    draft: PreviewLevelsSchema.describe('The claim settled at each tier under the edited policy, from a fresh year'),
    active: PreviewLevelsSchema.nullable().describe('The same under the version now active for the region, year and scheme'),
    activeVersion: z.string().nullable(),
  })
  .meta({ id: 'InsurancePolicyPreview' });
export type PolicyPreview = z.infer<typeof PolicyPreviewSchema>;

// ---- console: settlement records per facility ------------------------------------------------

export const StaffSettlementQuerySchema = z.object({
  facilityId: IdSchema,
  year: YearSchema.optional(),
  mismatch: z.enum(['0', '1']).optional().describe('1: only records whose HIS amounts differ from ours'),
  before: IdSchema.optional().describe('Cursor: the last id of the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const StaffSettlementRecordSchema = z
  .object({
    id: IdSchema,
    kind: z.enum(['settlement', 'reversal']),
    externalId: z.string(),
    sourceType: SettlementSourceTypeSchema,
    sourceId: z.string(),
    personId: IdSchema,
    personName: z.string(),
    facilityId: IdSchema,
    scheme: SchemeSchema,
    serviceDate: z.string(),
    benefit: BenefitTypeSchema,
    benefitLabel: z.string(),
    state: SettlementStateSchema,
    reversalOf: z.string().nullable(),
    reason: z.string().nullable(),
    policyVersion: z.string(),
    reported: ReportedAmountsSchema.nullable(),
    computed: SettlementSchema.nullable().describe('null on a 冲正单'),
    mismatch: z.boolean(),
    createdAt: z.number(),
  })
  .meta({ id: 'InsuranceSettlementRecord' });
export type StaffSettlementRecord = z.infer<typeof StaffSettlementRecordSchema>;

export const StaffSettlementListSchema = z.object({ items: z.array(StaffSettlementRecordSchema), nextBefore: z.string().nullable() });
export const SettlementIdParamsSchema = z.object({ settlementId: IdSchema });
