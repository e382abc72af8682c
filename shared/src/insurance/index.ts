export {
  BENEFIT_TYPES,
  BENEFIT_TYPE_LABELS,
  BenefitTypeSchema,
  ChronicBenefitSchema,
  ChronicDiseaseSchema,
  DEFAULT_RESIDENT_POLICY,
  DeductibleBasisSchema,
  MedicalAidSchema,
  PolicySchema,
  PooledBenefitSchema,
  SETTLEMENT_LEVELS,
  SETTLEMENT_LEVEL_LABELS,
  SchemeSchema,
  SeriousIllnessSchema,
  SettlementLevelSchema,
  settlementLevelOf,
} from './policy';
export type {
  BenefitType,
  ChronicBenefit,
  ChronicDisease,
  DeductibleBasis,
  MedicalAid,
  Policy,
  PooledBenefit,
  Scheme,
  SeriousIllness,
  SettlementLevel,
} from './policy';
export { CATALOGUE_CLASS_LABELS, CatalogueClassSchema, ClaimItemSchema, ClaimSchema, claimIssue } from './claim';
export type { CatalogueClass, Claim, ClaimIssue, ClaimItem } from './claim';
export { YearToDateSchema, emptyYearToDate, reverseSettlement } from './ytd';
export type { SettlementEffect, YearToDate } from './ytd';
export { SettlementSchema, forecastAcrossLevels, settleClaim } from './settle';
export type { Settlement } from './settle';
export { recomputeYearToDate } from './replay';
export type { ClaimLogEntry, Replay } from './replay';
export * from './schemas';
