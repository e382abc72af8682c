import { z } from 'zod';
import { LocalDateSchema } from '../booking/policy';
import { DoctorTitleSchema } from '../community/schemas';
import { PersonNameSchema, PhoneSchema, ResidentIdNumberSchema } from '../identity/schemas';
import { CatalogueClassSchema } from '../insurance/claim';
import { FREQUENCIES, type Frequency } from './rules';
import {
  FulfilmentSchema,
  LongPrescriptionStatusSchema,
  MedicineOrderStateSchema,
  RenewalStatusSchema,
} from './states';

const Id = z.string().min(1).max(40);
const Fen = z.number().int();
const Ref = z.object({ id: z.string(), name: z.string() });

export const FrequencySchema = z.enum(Object.keys(FREQUENCIES) as [Frequency, ...Frequency[]]).describe('qd 每日1次, bid 每日2次, tid 每日3次, qid 每日4次, qn 每晚1次');

// ---- chronic conditions and family-doctor contracts --------------------------------------------

export const ChronicConditionTypeSchema = z
  .object({ code: z.string(), name: z.string(), chronicInfection: z.boolean(), readings: z.array(z.enum(['bloodPressure', 'fastingGlucose'])) })
  .meta({ id: 'ChronicConditionType' });

export const ChronicConditionSchema = z
  .object({
    id: z.string(),
    personId: z.string(),
    code: z.string().describe('ICD-10 category, e.g. I10'),
    name: z.string(),
    status: z.enum(['active', 'ended']),
    diagnosedOn: z.string().nullable(),
    note: z.string().nullable(),
    certifiedBy: z.string().describe('Name of the certifying doctor'),
    certifiedAt: z.number(),
    facilityName: z.string(),
  })
  .meta({ id: 'ChronicCondition' });
export type ChronicCondition = z.infer<typeof ChronicConditionSchema>;

export const CertifyChronicConditionSchema = z.object({
  code: z.string().trim().min(1, '请选择慢性病病种').max(10).describe('A code of the local list (GET /api/v1/chronic-conditions)'),
  diagnosedOn: LocalDateSchema.optional().describe('确诊日期'),
  note: z.string().trim().max(200, '备注不超过200字').optional(),
});
export type CertifyChronicCondition = z.infer<typeof CertifyChronicConditionSchema>;

export const DoctorTeamSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    facility: Ref,
    members: z.array(z.object({ doctorId: z.string(), name: z.string(), title: DoctorTitleSchema, titleLabel: z.string() })),
  })
  .meta({ id: 'DoctorTeam' });
export type DoctorTeam = z.infer<typeof DoctorTeamSchema>;

export const FamilyDoctorContractSchema = z
  .object({
    id: z.string(),
    personId: z.string(),
    team: DoctorTeamSchema,
    villageClinic: Ref.nullable().describe('The village clinic that follows the patient up, if any'),
    startsOn: z.string(),
    endsOn: z.string(),
    status: z.enum(['active', 'ended']),
  })
  .meta({ id: 'FamilyDoctorContract' });
export type FamilyDoctorContract = z.infer<typeof FamilyDoctorContractSchema>;

export const SignFamilyDoctorContractSchema = z.object({
  teamId: Id.describe('家庭医生团队'),
  villageClinicId: Id.optional().describe('A village clinic of the team’s township'),
  startsOn: LocalDateSchema.optional().describe('Default today; a contract runs one year'),
});
export type SignFamilyDoctorContract = z.infer<typeof SignFamilyDoctorContractSchema>;

// ---- formulary --------------------------------------------------------------------------------

export const DrugFlagsSchema = z.object({
  toxic: z.boolean().describe('医疗用毒性药品'),
  radioactive: z.boolean().describe('放射性药品'),
  precursor: z.boolean().describe('药品类易制毒化学品'),
  narcotic: z.boolean().describe('麻醉药品'),
  psychotropic: z.enum(['I', 'II']).nullable().describe('第一类/第二类精神药品'),
  antimicrobial: z.boolean().describe('抗菌药物'),
  chronicInfectionException: z.boolean().describe('抗菌药物中用于结核病等慢性感染者，可用于相应病种的长期处方'),
  specialStorage: z.boolean().describe('需特殊储存条件（如冷链）'),
});

export const DrugSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    genericName: z.string(),
    strength: z.string().describe('规格, e.g. 5mg'),
    form: z.string().describe('剂型, e.g. 片剂'),
    unit: z.string().describe('Dose unit, e.g. 片'),
    packSize: z.number().int().describe('Units per pack'),
    packUnit: z.string().describe('e.g. 盒'),
    priceFen: Fen.describe('Price of one pack, fen'),
    insuranceClass: CatalogueClassSchema.describe('A 甲类, B 乙类, C 丙类'),
    insuranceClassLabel: z.string(),
    flags: DrugFlagsSchema,
    longPrescription: z.object({
      allowed: z.boolean().describe('False: never on a long prescription'),
      note: z.string().nullable().describe('Why not, or the condition it is limited to'),
    }),
    active: z.boolean(),
  })
  .meta({ id: 'Drug' });
export type Drug = z.infer<typeof DrugSchema>;

export const FormularyQuerySchema = z.object({
  q: z.string().trim().max(40).optional().describe('Part of the generic name or code'),
  longPrescription: z.enum(['0', '1']).optional().describe('1: only drugs allowed on long prescriptions'),
});

export const CreateDrugSchema = z.object({
  code: z.string().trim().regex(/^[A-Z0-9-]{3,30}$/, '药品编码为3-30位大写字母、数字或-'),
  genericName: z.string().trim().min(2, '通用名至少2个字').max(60),
  strength: z.string().trim().min(1, '请填写规格').max(40),
  form: z.string().trim().min(1, '请填写剂型').max(20),
  unit: z.string().trim().min(1, '请填写最小单位').max(10),
  packSize: z.number().int().min(1, '每盒数量至少为1').max(10_000),
  packUnit: z.string().trim().min(1).max(10).default('盒'),
  priceFen: z.number().int().min(1, '价格应大于0（分）').max(10_000_000),
  insuranceClass: CatalogueClassSchema,
  flags: DrugFlagsSchema.partial().default({}),
});
export type CreateDrug = z.infer<typeof CreateDrugSchema>;

export const UpdateDrugSchema = z
  .object({
    priceFen: z.number().int().min(1, '价格应大于0（分）').max(10_000_000).optional(),
    insuranceClass: CatalogueClassSchema.optional(),
    active: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: '请至少修改一项', path: ['priceFen'] });

// ---- long prescriptions -----------------------------------------------------------------------

export const LongPrescriptionItemInputSchema = z.object({
  drugId: Id.describe('A formulary drug'),
  conditionCode: z.string().trim().min(1, '请选择该药治疗的慢性病').max(10),
  dose: z
    .number()
    .positive('单次剂量应大于0')
    .max(20, '单次剂量过大')
    .refine((d) => Number.isInteger(d * 4), '单次剂量最小为1/4单位')
    .describe('Units per dose, e.g. 1 片 or 0.5 片'),
  frequency: FrequencySchema,
  daysOfSupply: z.number().int('用药天数应为整数').min(1, '用药天数至少1天').max(366).describe('At most 84 (12 weeks)'),
  usage: z.string().trim().max(50, '用法不超过50字').optional().describe('e.g. 口服，早餐后'),
});
export type LongPrescriptionItemInput = z.infer<typeof LongPrescriptionItemInputSchema>;

export const IssueLongPrescriptionSchema = z.object({
  items: z.array(LongPrescriptionItemInputSchema).min(1, '至少开具一种药品').max(10, '一张长期处方最多10种药品'),
  inPerson: z.boolean().describe('The doctor saw the patient in person (required for a first prescription)'),
  assessment: z.string().trim().max(500, '评估不超过500字').optional().describe('病情稳定性评估; required above 28 days'),
  patientConfirmed: z.boolean().default(false).describe('The patient confirmed (signed) a supply above 4 weeks'),
  healthAdvice: z.string().trim().max(500, '健康处方不超过500字').optional().describe('健康处方: lifestyle advice shown beside the medicines'),
});
export type IssueLongPrescription = z.infer<typeof IssueLongPrescriptionSchema>;

export const LongPrescriptionItemSchema = z.object({
  id: z.string(),
  drugId: z.string(),
  genericName: z.string(),
  strength: z.string(),
  form: z.string(),
  conditionCode: z.string(),
  conditionName: z.string(),
  dose: z.number(),
  unit: z.string(),
  frequency: FrequencySchema,
  frequencyLabel: z.string(),
  usage: z.string().nullable(),
  daysOfSupply: z.number().int(),
  quantityPacks: z.number().int(),
  packUnit: z.string(),
  unitPriceFen: Fen,
  amountFen: Fen,
  insuranceClass: CatalogueClassSchema,
});
export type LongPrescriptionItem = z.infer<typeof LongPrescriptionItemSchema>;

export const SupplySchema = z.object({
  supplyStartOn: z.string().describe('Last dispensed (or issued) date'),
  daysOfSupply: z.number().int().describe('The shortest item: the first medicine to run out'),
  supplyEndsOn: z.string(),
  daysLeft: z.number().int(),
  renewalOpensOn: z.string().describe('First day a renewal may be requested'),
  renewalOpen: z.boolean(),
});

export const LongPrescriptionSchema = z
  .object({
    id: z.string(),
    personId: z.string(),
    patientName: z.string(),
    status: LongPrescriptionStatusSchema,
    statusLabel: z.string(),
    isFirst: z.boolean(),
    inPerson: z.boolean(),
    prescriber: z.object({ name: z.string(), titleLabel: z.string(), facilityName: z.string() }),
    issuedOn: z.string(),
    issuedAt: z.number(),
    assessment: z.string().nullable(),
    patientConfirmedAt: z.number().nullable(),
    healthAdvice: z.string().nullable().describe('健康处方, shown beside the medicines (双处方)'),
    items: z.array(LongPrescriptionItemSchema),
    itemsTotalFen: Fen,
    supply: SupplySchema,
    reviewFlag: z.object({ reason: z.string(), flaggedAt: z.number() }).nullable().describe('Set when a stability check met a stop condition; renewals wait for a doctor'),
    stopReason: z.string().nullable(),
    previousId: z.string().nullable(),
    openRenewalId: z.string().nullable().describe('A renewal still waiting for the doctor'),
    familyDoctorTeam: z.string().nullable(),
  })
  .meta({ id: 'LongPrescription' });
export type LongPrescription = z.infer<typeof LongPrescriptionSchema>;

export const StopLongPrescriptionSchema = z.object({
  reason: z.string().trim().min(2, '请填写停用原因').max(200, '原因不超过200字'),
});

// ---- renewals -----------------------------------------------------------------------------------

export const StabilityCheckSchema = z.object({
  bloodPressure: z
    .object({
      systolic: z.number().int('收缩压应为整数').min(60, '收缩压应在60-300之间').max(300, '收缩压应在60-300之间'),
      diastolic: z.number().int('舒张压应为整数').min(30, '舒张压应在30-200之间').max(200, '舒张压应在30-200之间'),
    })
    .optional()
    .describe('Latest reading, mmHg (required for hypertension, CHD, CKD)'),
  fastingGlucose: z
    .number()
    .min(1, '空腹血糖应在1-40之间')
    .max(40, '空腹血糖应在1-40之间')
    .refine((g) => Math.abs(g * 10 - Math.round(g * 10)) < 1e-9, '空腹血糖保留一位小数')
    .optional()
    .describe('Latest fasting glucose, mmol/L (required for diabetes)'),
  sideEffects: z.enum(['none', 'mild', 'serious']).describe('none 无, mild 轻微可耐受, serious 明显不良反应'),
  hospitalisedSinceLastPrescription: z.boolean(),
  newDiagnosis: z.boolean().describe('A new disease diagnosed since the last prescription'),
  note: z.string().trim().max(200, '补充说明不超过200字').optional(),
});
export type StabilityCheck = z.infer<typeof StabilityCheckSchema>;

export const DeliveryAddressSchema = z.object({
  recipientName: PersonNameSchema,
  phone: PhoneSchema,
  address: z.string().trim().min(8, '请填写详细地址（乡镇、村、门牌号）').max(200, '地址不超过200字'),
});

export const RequestRenewalSchema = z
  .object({
    stabilityCheck: StabilityCheckSchema,
    fulfilment: FulfilmentSchema,
    pickupFacilityId: Id.optional().describe('For pickup: a township centre or village clinic (GET .../pickup-points)'),
    delivery: DeliveryAddressSchema.optional().describe('For home delivery'),
    patientConfirmed: z.boolean().default(false).describe('The patient confirms a supply above 4 weeks'),
  })
  .superRefine((v, ctx) => {
    if (v.fulfilment === 'pickup' && !v.pickupFacilityId) ctx.addIssue({ code: 'custom', path: ['pickupFacilityId'], message: '请选择取药点' });
    if (v.fulfilment === 'delivery' && !v.delivery) ctx.addIssue({ code: 'custom', path: ['delivery'], message: '请填写收货地址' });
  });
export type RequestRenewal = z.infer<typeof RequestRenewalSchema>;

export const PickupPointSchema = z
  .object({ id: z.string(), name: z.string(), level: z.enum(['township', 'village']), address: z.string(), reason: z.string().describe('Why it is offered: 建档机构 or 签约团队') })
  .meta({ id: 'PickupPoint' });

export const StopReasonSchema = z.object({
  code: z.enum(['hospitalised', 'blood_pressure_not_controlled', 'glucose_not_controlled', 'hypoglycaemia', 'new_diagnosis', 'serious_side_effects']),
  message: z.string(),
});

export const BookingSuggestionSchema = z
  .object({
    facility: Ref,
    doctor: Ref.nullable().describe('The contracted family doctor, when there is one'),
    link: z.string().describe('Mini-program page that starts the booking'),
  })
  .meta({ id: 'BookingSuggestion' });

const MaskedDeliverySchema = z.object({ recipientName: z.string(), phone: z.string(), address: z.string() });

export const RenewalSchema = z
  .object({
    id: z.string(),
    prescriptionId: z.string(),
    personId: z.string(),
    patientName: z.string(),
    status: RenewalStatusSchema,
    statusLabel: z.string(),
    medicineSummary: z.string(),
    stabilityCheck: StabilityCheckSchema,
    stopReasons: z.array(StopReasonSchema),
    advice: z.string().nullable().describe('What to do instead (needs_visit)'),
    booking: BookingSuggestionSchema.nullable().describe('Where to book the visit (needs_visit)'),
    fulfilment: FulfilmentSchema,
    pickupFacility: Ref.nullable(),
    delivery: MaskedDeliverySchema.nullable().describe('Masked'),
    requestedAt: z.number(),
    reviewedAt: z.number().nullable(),
    reviewerName: z.string().nullable(),
    rejectReason: z.string().nullable(),
    pharmacistNote: z.string().nullable().describe('Why the pharmacist returned it to the doctor'),
    newPrescriptionId: z.string().nullable(),
    orderId: z.string().nullable(),
  })
  .meta({ id: 'Renewal' });
export type Renewal = z.infer<typeof RenewalSchema>;

/** A renewal in the doctor's queue: who and when, no clinical content (the detail is audited). */
export const RenewalQueueItemSchema = z
  .object({
    id: z.string(),
    prescriptionId: z.string(),
    personId: z.string(),
    patientName: z.string(),
    status: RenewalStatusSchema,
    statusLabel: z.string(),
    fulfilment: FulfilmentSchema,
    requestedAt: z.number(),
    returnedByPharmacist: z.boolean().describe('The pharmacist sent it back (see the detail for the note)'),
    myTeam: z.boolean().describe('The patient is contracted with a team the doctor belongs to: listed first'),
    familyDoctorTeam: z.string().nullable(),
  })
  .meta({ id: 'RenewalQueueItem' });
export type RenewalQueueItem = z.infer<typeof RenewalQueueItemSchema>;

/** The doctor's view of one renewal: the request and the prescription it would renew. */
export const RenewalReviewSchema = z
  .object({ renewal: RenewalSchema, prescription: LongPrescriptionSchema, myTeam: z.boolean() })
  .meta({ id: 'RenewalReview' });

export const RenewalQueueQuerySchema = z.object({
  status: RenewalStatusSchema.default('pending_review'),
});

export const ApproveRenewalSchema = z.object({
  assessment: z.string().trim().max(500, '评估不超过500字').optional().describe('Required when a medicine is supplied above 28 days'),
  healthAdvice: z.string().trim().max(500, '健康处方不超过500字').optional().describe('健康处方 shown beside the medicines; default: that of the prescription renewed'),
  items: z.array(LongPrescriptionItemInputSchema).min(1, '至少开具一种药品').max(10).optional().describe('Adjusted items; default: those of the prescription renewed'),
});
export type ApproveRenewal = z.infer<typeof ApproveRenewalSchema>;

export const RejectRenewalSchema = z.object({
  reason: z.string().trim().min(2, '请填写不通过的原因').max(200, '原因不超过200字'),
});

// ---- medicine orders ----------------------------------------------------------------------------

export const OrderEventSchema = z.object({
  action: z.string(),
  label: z.string(),
  state: MedicineOrderStateSchema,
  actorName: z.string(),
  facilityName: z.string().nullable(),
  note: z.string().nullable(),
  at: z.number(),
});

export const CoPaySchema = z.object({
  itemsTotalFen: Fen.describe('医疗费总额'),
  insuranceFen: Fen.describe('医保统筹支付（估算）'),
  amountFen: Fen.describe('个人自付: what the resident pays'),
  benefitLabel: z.string().describe('e.g. 门诊慢特病（高血压）'),
  steps: z.array(z.string()).describe('The reimbursement calculation in plain Chinese'),
  paymentOrderId: z.string().nullable(),
  paidAt: z.number().nullable(),
  refundedAt: z.number().nullable(),
});

export const MedicineOrderSchema = z
  .object({
    id: z.string(),
    personId: z.string(),
    patientName: z.string(),
    prescriptionId: z.string(),
    renewalId: z.string(),
    state: MedicineOrderStateSchema,
    stateLabel: z.string(),
    fulfilment: FulfilmentSchema,
    pharmacy: Ref,
    pickupFacility: Ref.nullable(),
    delivery: MaskedDeliverySchema.nullable().describe('Masked'),
    items: z.array(LongPrescriptionItemSchema),
    healthAdvice: z.string().nullable(),
    coPay: CoPaySchema,
    courier: z.string().nullable(),
    trackingNo: z.string().nullable(),
    pickupCode: z.string().nullable().describe('6 digits, shown to the resident once the medicine is ready for pickup; never to staff'),
    pickedUpBy: z
      .object({ kind: z.enum(['self', 'proxy']), proxyName: z.string().nullable(), proxyIdNumber: z.string().nullable() })
      .nullable()
      .describe('Masked'),
    returnReason: z.string().nullable(),
    cancellable: z.boolean().describe('The resident may still cancel (before dispensing); a paid co-pay is refunded'),
    timeline: z.array(OrderEventSchema),
    createdAt: z.number(),
  })
  .meta({ id: 'MedicineOrder' });
export type MedicineOrder = z.infer<typeof MedicineOrderSchema>;

/** An order in a list (pharmacy board, pickup clinic): no medicines, so lists need no audit; the detail is audited. */
export const MedicineOrderSummarySchema = z
  .object({
    id: z.string(),
    personId: z.string(),
    patientName: z.string(),
    state: MedicineOrderStateSchema,
    stateLabel: z.string(),
    fulfilment: FulfilmentSchema,
    pharmacy: Ref,
    pickupFacility: Ref.nullable(),
    itemCount: z.number().int(),
    coPayFen: Fen,
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .meta({ id: 'MedicineOrderSummary' });
export type MedicineOrderSummary = z.infer<typeof MedicineOrderSummarySchema>;

export const PharmacyBoardQuerySchema = z.object({
  state: MedicineOrderStateSchema.optional().describe('Default: every open order'),
});

export const ClinicOrdersQuerySchema = z.object({
  state: z.enum(['sent_to_clinic', 'ready_for_pickup', 'picked_up']).optional().describe('Default: sent_to_clinic and ready_for_pickup'),
});

export const ReturnToDoctorSchema = z.object({
  reason: z.string().trim().min(2, '请填写退回原因').max(200, '原因不超过200字'),
});

export const ShipOrderSchema = z.object({
  courier: z.string().trim().min(2, '请填写快递公司').max(20, '快递公司不超过20字'),
  trackingNo: z.string().trim().regex(/^[A-Za-z0-9]{6,30}$/, '运单号为6-30位字母或数字'),
});

export const PickUpOrderSchema = z.object({
  pickupCode: z.string().trim().regex(/^\d{6}$/, '取药码为6位数字'),
  proxy: z
    .object({ name: PersonNameSchema, idNumber: ResidentIdNumberSchema })
    .optional()
    .describe('代取: the proxy’s name and ID number (recorded encrypted)'),
});
