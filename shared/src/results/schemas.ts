import { z } from 'zod';
import { ManualItemCodeSchema, ReportStatusSchema, ResultCategorySchema, ResultSectionSchema } from './catalogue';
import { ResultFlagSchema } from './flags';
import { RecognitionSchema } from './recognition';

const IdSchema = z.string().min(1).max(40);
const LocalDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD');

export const ResultFacilityRefSchema = z.object({ id: z.string(), name: z.string(), shortName: z.string() }).meta({ id: 'ResultFacilityRef' });

export const ResultFlagToneSchema = z.enum(['normal', 'high', 'low', 'abnormal', 'critical']);

export const ResultObservationSchema = z
  .object({
    id: z.string(),
    code: z.string().describe('Item code used for trends: the catalogue code (LOINC where known)'),
    loinc: z.string().nullable(),
    localCode: z.string().describe('The performing facility\'s own code, always kept'),
    name: z.string(),
    value: z.string().describe('The value as reported, e.g. "6.8" or "阴性"'),
    valueNumber: z.number().nullable(),
    unit: z.string().nullable(),
    referenceLow: z.number().nullable(),
    referenceHigh: z.number().nullable(),
    referenceText: z.string().describe('The range as shown, e.g. "3.9 - 6.1"; empty when none'),
    flag: ResultFlagSchema.nullable(),
    flagWord: z.string().describe('正常/偏高/偏低/异常/危急: show with the colour, never colour alone'),
    flagTone: ResultFlagToneSchema,
    effectiveAt: z.number(),
    recognition: RecognitionSchema,
  })
  .meta({ id: 'ResultObservation' });
export type ResultObservation = z.infer<typeof ResultObservationSchema>;

export const ResultReportSummarySchema = z
  .object({
    id: z.string(),
    category: ResultCategorySchema,
    categoryLabel: z.string().describe('检验 or 检查'),
    section: ResultSectionSchema,
    sectionLabel: z.string(),
    code: z.string(),
    name: z.string(),
    status: ReportStatusSchema,
    statusLabel: z.string(),
    effectiveAt: z.number().describe('When the specimen was taken or the exam done (epoch ms)'),
    effectiveDate: z.string().describe('YYYY-MM-DD, Asia/Shanghai'),
    issuedAt: z.number(),
    performingFacility: ResultFacilityRefSchema.describe('Where the test or exam was done'),
    interpretingFacility: ResultFacilityRefSchema.nullable().describe('Who read it when another facility did (基层检查、上级诊断)'),
    enteredByHand: z.boolean().describe('Entered in the console by a clinic without a lab system'),
    corrected: z.boolean().describe('A later version replaced the first one'),
    abnormalCount: z.number().int(),
    criticalCount: z.number().int(),
    recognition: RecognitionSchema,
  })
  .meta({ id: 'ResultReportSummary' });
export type ResultReportSummary = z.infer<typeof ResultReportSummarySchema>;

export const ImagingSummarySchema = z
  .object({
    uid: z.string().nullable(),
    modality: z.string().nullable(),
    description: z.string().nullable(),
    numberOfSeries: z.number().int().nullable(),
    numberOfInstances: z.number().int().nullable(),
  })
  .meta({ id: 'ImagingSummary' });
export type ImagingSummary = z.infer<typeof ImagingSummarySchema>;

export const ResultReportDetailSchema = ResultReportSummarySchema.extend({
  observations: z.array(ResultObservationSchema),
  conclusion: z.string().nullable().describe('The reading doctor\'s conclusion (exams); never recognised'),
  conclusionRecognition: RecognitionSchema.nullable(),
  imaging: ImagingSummarySchema.nullable(),
  doctorComment: z.string().nullable().describe('What the releasing doctor wrote for the patient'),
  releasedAt: z.number().nullable(),
}).meta({ id: 'ResultReportDetail' });
export type ResultReportDetail = z.infer<typeof ResultReportDetailSchema>;

export const ResultListQuerySchema = z.object({
  category: ResultCategorySchema.optional(),
  facilityId: IdSchema.optional().describe('Performed or read at this facility'),
  from: LocalDateSchema.optional(),
  to: LocalDateSchema.optional(),
  cursor: z.string().max(60).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type ResultListQuery = z.infer<typeof ResultListQuerySchema>;

export const ResultListSchema = z.object({ items: z.array(ResultReportSummarySchema), nextCursor: z.string().nullable() }).meta({ id: 'ResultList' });

export const TrendQuerySchema = z.object({
  codes: z
    .string()
    .regex(/^[\w.-]{1,40}(,[\w.-]{1,40}){0,3}$/, '请提供 1-4 个项目代码，以逗号分隔')
    .describe('Item codes, comma-separated (e.g. 8480-6,8462-4 for blood pressure)'),
  from: LocalDateSchema.optional().describe('Default: two years ago'),
  to: LocalDateSchema.optional(),
});

export const TrendPointSchema = z.object({
  at: z.number(),
  date: z.string(),
  value: z.number(),
  flag: ResultFlagSchema.nullable(),
  flagWord: z.string(),
  referenceLow: z.number().nullable(),
  referenceHigh: z.number().nullable(),
  facility: ResultFacilityRefSchema,
  reportId: z.string(),
});

export const TrendSeriesSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    unit: z.string().nullable(),
    referenceLow: z.number().nullable().describe('The band to draw: the latest point\'s range'),
    referenceHigh: z.number().nullable(),
    points: z.array(TrendPointSchema).describe('Oldest first, across all facilities'),
    excludedPoints: z.number().int().describe('Points in another unit, left out rather than mixed'),
  })
  .meta({ id: 'TrendSeries' });
export type TrendSeries = z.infer<typeof TrendSeriesSchema>;

export const TrendItemSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    unit: z.string().nullable(),
    count: z.number().int(),
    latestAt: z.number(),
    latestValue: z.number(),
    latestFlag: ResultFlagSchema.nullable(),
    latestFlagWord: z.string(),
  })
  .meta({ id: 'TrendItem' });

// ---- staff -------------------------------------------------------------------------------------

export const ReleaseStateSchema = z.enum(['held', 'released']);

export const ResultPatientRefSchema = z.object({
  personId: z.string().nullable().describe('null while the report waits for patient matching'),
  name: z.string(),
  matched: z.boolean(),
});

export const StaffResultReportSchema = ResultReportSummarySchema.extend({
  patient: ResultPatientRefSchema,
  releaseState: ReleaseStateSchema,
  holdReason: z.enum(['critical', 'category']).nullable(),
  holdReasonLabel: z.string().nullable(),
  version: z.number().int(),
}).meta({ id: 'StaffResultReport' });

export const ReportVersionSchema = z.object({
  version: z.number().int(),
  status: ReportStatusSchema,
  receivedAt: z.number(),
  supersededAt: z.number().nullable(),
  conclusion: z.string().nullable(),
  observations: z.array(z.object({ code: z.string(), name: z.string(), value: z.string(), unit: z.string().nullable(), flag: ResultFlagSchema.nullable() })),
});

export const StaffResultReportDetailSchema = ResultReportDetailSchema.extend({
  patient: ResultPatientRefSchema,
  releaseState: ReleaseStateSchema,
  holdReason: z.enum(['critical', 'category']).nullable(),
  holdReasonLabel: z.string().nullable(),
  version: z.number().int(),
  source: z.enum(['fhir', 'hl7v2', 'manual']),
  qcPassed: z.boolean(),
  releasedBy: z.string().nullable(),
  history: z.array(ReportVersionSchema).describe('Every version received, oldest first'),
}).meta({ id: 'StaffResultReportDetail' });

export const StaffResultListSchema = z.object({ items: z.array(StaffResultReportSchema), nextCursor: z.string().nullable() });

export const ReleaseQueueItemSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    category: ResultCategorySchema,
    section: ResultSectionSchema,
    effectiveAt: z.number(),
    receivedAt: z.number(),
    performingFacility: ResultFacilityRefSchema,
    interpretingFacility: ResultFacilityRefSchema.nullable(),
    patientName: z.string().describe('Masked: open the report (audited) to see values'),
    matched: z.boolean(),
    holdReason: z.enum(['critical', 'category']),
    holdReasonLabel: z.string(),
    criticalItems: z.array(z.object({ name: z.string(), flag: ResultFlagSchema, flagWord: z.string() })),
    version: z.number().int(),
  })
  .meta({ id: 'ReleaseQueueItem' });

export const ReleaseResultSchema = z.object({
  comment: z.string().trim().min(2, '请填写发布说明（至少2个字）').max(500, '发布说明不超过500字').describe('Shown to the resident with the report'),
  version: z.number().int().min(1).describe('The version the doctor reviewed; a newer correction must be reviewed first'),
});

export const ManualResultEntrySchema = z
  .object({
    personId: IdSchema,
    facilityId: IdSchema.describe('The village clinic or township centre where it was measured'),
    effectiveAt: z.number().int().positive().optional().describe('When it was measured (epoch ms); default now'),
    items: z
      .array(z.object({ code: ManualItemCodeSchema, value: z.number().finite() }))
      .min(1, '请至少录入一项')
      .max(9, '一次最多录入9项'),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.items.forEach((it, i) => {
      if (seen.has(it.code)) ctx.addIssue({ code: 'custom', message: '同一项目不能重复录入', path: ['items', i, 'code'] });
      seen.add(it.code);
    });
  });
export type ManualResultEntry = z.infer<typeof ManualResultEntrySchema>;

export const RecognisedResultSchema = z
  .object({
    reportId: z.string(),
    code: z.string(),
    name: z.string(),
    value: z.string().nullable().describe('null for a whole exam or panel'),
    unit: z.string().nullable(),
    flag: ResultFlagSchema.nullable(),
    effectiveAt: z.number(),
    facility: ResultFacilityRefSchema,
    recognition: RecognitionSchema,
  })
  .meta({ id: 'RecognisedResult' });

export const UnmatchedResultSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    effectiveAt: z.number(),
    receivedAt: z.number(),
    performingFacility: ResultFacilityRefSchema,
    patientName: z.string().describe('Masked'),
    idNumber: z.string().describe('Masked resident ID as sent'),
    reason: z.enum(['no_person', 'name_mismatch']),
    reasonLabel: z.string(),
  })
  .meta({ id: 'UnmatchedResult' });

export const UpdateCatalogueItemSchema = z
  .object({
    recognised: z.boolean().optional(),
    validityDays: z.number().int().min(1, '有效期至少1天').max(3650, '有效期不超过3650天').optional(),
    holdForReview: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: '请至少修改一项' });

// ---- facility systems (interop clients) --------------------------------------------------------

export const InteropClientSchema = z
  .object({
    clientId: z.string(),
    name: z.string(),
    facility: ResultFacilityRefSchema,
    disabled: z.boolean(),
    createdAt: z.number(),
  })
  .meta({ id: 'InteropClient' });

export const InteropClientSecretSchema = InteropClientSchema.extend({
  clientSecret: z.string().describe('Shown once: only its hash is kept'),
}).meta({ id: 'InteropClientSecret' });

export const CreateInteropClientSchema = z.object({
  clientId: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9.-]{2,63}$/, '客户端编号为3-64位小写字母、数字、点或连字符')
    .describe('e.g. yx-t02-lis'),
  facilityId: IdSchema.describe('The member facility whose results this system submits'),
  name: z.string().trim().min(2, '名称至少2个字').max(100, '名称不超过100字'),
});

export const UpdateInteropClientSchema = z.object({ disabled: z.boolean() });
