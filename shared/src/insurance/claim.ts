import { z } from 'zod';
import { BenefitTypeSchema, FenSchema, SettlementLevelSchema } from './policy';
import type { Policy } from './policy';

/** 甲类 A: fully in scope; 乙类 B: in scope after 先行自付; 丙类 C / outside the catalogue: self-paid. */
export const CatalogueClassSchema = z.enum(['A', 'B', 'C']);
export type CatalogueClass = z.infer<typeof CatalogueClassSchema>;
/** The insurance catalogue's classes, as formularies and policies name them. */
export const CATALOGUE_CLASS_LABELS: Record<CatalogueClass, string> = { A: '甲类', B: '乙类', C: '丙类' };

export const ClaimItemSchema = z.object({
  name: z.string().min(1).max(100),
  catalogueClass: CatalogueClassSchema,
  amount: FenSchema.describe('Charged amount of the line, fen'),
  quantity: z.number().int().min(1).max(100_000).optional().describe('Units on the line; default 1'),
  unitPriceLimit: FenSchema.optional().describe('医保最高支付限价 per unit, fen; the excess is 超限价自付'),
});
export type ClaimItem = z.infer<typeof ClaimItemSchema>;

export const ClaimSchema = z
  .object({
    id: z.string().min(1).max(40),
    serviceDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' }),
    benefit: BenefitTypeSchema,
    level: SettlementLevelSchema,
    chronicDisease: z.string().min(1).max(20).optional().describe('Disease code; required for chronic_outpatient'),
    medicalAidEligible: z.boolean().optional().describe('The person qualifies for 医疗救助'),
    items: z.array(ClaimItemSchema).max(500),
  })
  .superRefine((claim, ctx) => {
    const issue = chronicDiseaseIssue(claim);
    if (issue) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
  })
  .meta({ id: 'InsuranceClaim' });
export type Claim = z.infer<typeof ClaimSchema>;

export interface ClaimIssue {
  field: string;
  message: string;
}

function chronicDiseaseIssue(claim: Pick<Claim, 'benefit' | 'chronicDisease'>): ClaimIssue | null {
  if (claim.benefit === 'chronic_outpatient' && !claim.chronicDisease) {
    return { field: 'chronicDisease', message: '门诊慢特病结算需注明病种' };
  }
  if (claim.benefit !== 'chronic_outpatient' && claim.chronicDisease) {
    return { field: 'chronicDisease', message: '只有门诊慢特病结算才注明病种' };
  }
  return null;
}

/**
 * What keeps a well-formed claim from being settled under this policy, or null. The API maps
 * the issue to a 400 with its field; settleClaim refuses such a claim outright.
 */
export function claimIssue(policy: Policy, claim: Claim): ClaimIssue | null {
  if (!claim.serviceDate.startsWith(`${policy.year}-`)) {
    return { field: 'serviceDate', message: `就诊日期不在 ${policy.year} 年度，不能按本年度政策结算` };
  }
  const diseaseIssue = chronicDiseaseIssue(claim);
  if (diseaseIssue) return diseaseIssue;
  if (claim.chronicDisease && !Object.hasOwn(policy.benefits.chronic_outpatient.diseases, claim.chronicDisease)) {
    return { field: 'chronicDisease', message: '该病种不在本统筹区门诊慢特病范围内' };
  }
  return null;
}
