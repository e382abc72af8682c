import { z } from 'zod';

/** Levels of a member facility in the county medical community. */
export const FacilityLevelSchema = z.enum(['county', 'township', 'village', 'pharmacy']);
export type FacilityLevel = z.infer<typeof FacilityLevelSchema>;

export const FACILITY_LEVEL_LABELS: Record<FacilityLevel, string> = {
  county: '县级医院',
  township: '乡镇卫生院',
  village: '村卫生室',
  pharmacy: '中心药房',
};

export const FacilityKindSchema = z.enum([
  'general_hospital',
  'tcm_hospital',
  'maternal_child_hospital',
  'township_health_center',
  'village_clinic',
  'central_pharmacy',
]);
export type FacilityKind = z.infer<typeof FacilityKindSchema>;

export const DoctorTitleSchema = z.enum(['chief_physician', 'associate_chief_physician', 'attending_physician', 'physician']);
export type DoctorTitle = z.infer<typeof DoctorTitleSchema>;

export const DOCTOR_TITLE_LABELS: Record<DoctorTitle, string> = {
  chief_physician: '主任医师',
  associate_chief_physician: '副主任医师',
  attending_physician: '主治医师',
  physician: '医师',
};

/** Intermediate title (主治医师) or above: needed e.g. for a first long prescription. */
export function isIntermediateOrAbove(title: DoctorTitle): boolean {
  return title !== 'physician';
}

export const SessionPeriodSchema = z.enum(['am', 'pm', 'evening']);
export type SessionPeriod = z.infer<typeof SessionPeriodSchema>;
export const SESSION_PERIOD_LABELS: Record<SessionPeriod, string> = { am: '上午', pm: '下午', evening: '晚间' };

const IdSchema = z.string().min(1).max(40);

export const FacilitySchema = z
  .object({
    id: IdSchema,
    code: z.string(),
    name: z.string(),
    shortName: z.string(),
    level: FacilityLevelSchema,
    kind: FacilityKindSchema,
    township: z.string().nullable().describe('乡镇 the facility belongs to; null for county-level facilities'),
    parentId: z.string().nullable().describe('The supervising facility (village -> township centre -> county hospital)'),
    address: z.string(),
    phone: z.string(),
    intro: z.string(),
  })
  .meta({ id: 'Facility' });
export type Facility = z.infer<typeof FacilitySchema>;

export const DepartmentSchema = z
  .object({ id: IdSchema, facilityId: IdSchema, name: z.string(), intro: z.string() })
  .meta({ id: 'Department' });
export type Department = z.infer<typeof DepartmentSchema>;

export const DoctorSchema = z
  .object({
    id: IdSchema,
    facilityId: IdSchema,
    departmentId: IdSchema,
    name: z.string(),
    title: DoctorTitleSchema,
    titleLabel: z.string(),
    specialty: z.string(),
    isCountyExpert: z.boolean(),
  })
  .meta({ id: 'Doctor' });
export type Doctor = z.infer<typeof DoctorSchema>;

/** A county expert's fixed weekly session at a township (专家下沉坐诊). */
export const ExpertSessionSchema = z
  .object({
    id: IdSchema,
    doctorId: IdSchema,
    doctorName: z.string(),
    doctorTitleLabel: z.string(),
    homeFacilityName: z.string(),
    specialty: z.string(),
    facilityId: IdSchema,
    weekday: z.number().int().min(1).max(7),
    period: SessionPeriodSchema,
  })
  .meta({ id: 'ExpertSession' });
export type ExpertSession = z.infer<typeof ExpertSessionSchema>;

export const ListFacilitiesQuerySchema = z.object({
  level: FacilityLevelSchema.optional().describe('Filter by facility level'),
  township: z.string().trim().min(1).max(40).optional().describe('Filter by township name, e.g. 青石镇'),
});
export type ListFacilitiesQuery = z.infer<typeof ListFacilitiesQuerySchema>;

export const FacilityIdParamsSchema = z.object({ facilityId: IdSchema.describe('Facility id') });

export const ListDoctorsQuerySchema = z.object({
  departmentId: IdSchema.optional().describe('Only doctors of this department'),
});

export const FacilityListSchema = z.object({ items: z.array(FacilitySchema) });
export const DepartmentListSchema = z.object({ items: z.array(DepartmentSchema) });
export const DoctorListSchema = z.object({ items: z.array(DoctorSchema) });
export const ExpertSessionListSchema = z.object({ items: z.array(ExpertSessionSchema) });
