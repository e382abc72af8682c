import { z } from 'zod';
import { parseResidentId } from './resident-id';

export const RelationSchema = z.enum(['self', 'spouse', 'parent', 'child', 'other']);
export type Relation = z.infer<typeof RelationSchema>;
export const RELATION_LABELS: Record<Relation, string> = { self: '本人', spouse: '配偶', parent: '父母', child: '子女', other: '其他' };

export const StaffRoleSchema = z.enum(['clinic_staff', 'doctor', 'pharmacist', 'community_admin']);
export type StaffRole = z.infer<typeof StaffRoleSchema>;
export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  clinic_staff: '门诊护士/挂号员',
  doctor: '医生',
  pharmacist: '药师',
  community_admin: '医共体管理员',
};

/** The version of the separate consent (单独同意) for health data; bump when the text changes. */
export const HEALTH_DATA_CONSENT_VERSION = '2026-11';

export const ResidentIdNumberSchema = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const r = parseResidentId(v);
    if (!r.valid) ctx.addIssue({ code: 'custom', message: r.reason });
  })
  .transform((v) => v.toUpperCase())
  .describe('居民身份证号码（18位）');

export const PhoneSchema = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, '请输入11位手机号码')
  .describe('手机号码');

export const PersonNameSchema = z
  .string()
  .trim()
  .min(2, '姓名至少2个字')
  .max(30, '姓名不超过30个字')
  .regex(/^[\u4e00-\u9fa5·A-Za-z ]+$/, '姓名只能包含汉字、字母和·')
  .describe('姓名（与身份证一致）');

export const AddFamilyMemberSchema = z.object({
  name: PersonNameSchema,
  idNumber: ResidentIdNumberSchema,
  phone: PhoneSchema.optional(),
  relation: RelationSchema,
  /** The caller confirms being the legal guardian; required for a minor under 14. */
  guardian: z.boolean().optional(),
  /** When the form also asks for them, they must agree with the ID number. */
  sex: z.enum(['male', 'female']).optional(),
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD').optional(),
});
export type AddFamilyMember = z.infer<typeof AddFamilyMemberSchema>;

export const UpdateFamilyMemberSchema = z.object({
  phone: PhoneSchema.optional(),
  relation: RelationSchema.optional(),
});

export const FamilyMemberSchema = z
  .object({
    id: z.string().describe('The family link id (就诊人 id) used in every later request'),
    personId: z.string(),
    name: z.string().describe('Masked unless revealed'),
    idNumber: z.string().describe('Masked, e.g. 1101**********1234, unless revealed'),
    phone: z.string().nullable(),
    sex: z.enum(['male', 'female']),
    birthDate: z.string(),
    age: z.number().int(),
    relation: RelationSchema,
    isMinor: z.boolean().describe('Under 14: managed by a guardian'),
    status: z.enum(['active', 'pending_consent']).describe('pending_consent: the person has their own account and must confirm'),
    healthCardCode: z.string().nullable().describe('电子健康卡 code; null while pending'),
  })
  .meta({ id: 'FamilyMember' });
export type FamilyMember = z.infer<typeof FamilyMemberSchema>;

export const MeSchema = z
  .object({
    accountId: z.string(),
    isDemo: z.boolean(),
    self: FamilyMemberSchema.nullable(),
    consent: z.object({ healthData: z.boolean(), version: z.string().nullable(), grantedAt: z.number().nullable(), currentVersion: z.string() }),
    maxFamilyMembers: z.number().int(),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof MeSchema>;

export const GrantConsentSchema = z.object({
  kind: z.literal('health_data'),
  version: z.string().min(1).max(20),
});

export const SessionSchema = z.object({ token: z.string(), expiresInSeconds: z.number().int() });

export const WechatLoginSchema = z.object({ code: z.string().trim().min(1, '缺少登录凭证').max(128) });
export const DemoLoginSchema = z.object({ residentKey: z.string().min(1).max(40) });
export const DemoResidentSchema = z.object({ key: z.string(), label: z.string(), description: z.string() });

export const StaffLoginSchema = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(40),
  password: z.string().min(1, '请输入密码').max(200),
});

export const StaffProfileSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    name: z.string(),
    roles: z.array(StaffRoleSchema),
    facilityIds: z.array(z.string()),
    facilities: z.array(z.object({ id: z.string(), name: z.string() })),
    doctorId: z.string().nullable(),
    disabled: z.boolean(),
  })
  .meta({ id: 'StaffProfile' });
export type StaffProfile = z.infer<typeof StaffProfileSchema>;

export const StaffSessionSchema = z.object({ token: z.string(), expiresInSeconds: z.number().int(), staff: StaffProfileSchema });

export const StaffPasswordSchema = z
  .string()
  .min(10, '密码至少10位')
  .max(200)
  .regex(/[A-Za-z]/, '密码需包含字母')
  .regex(/\d/, '密码需包含数字');

export const CreateStaffSchema = z.object({
  username: z.string().trim().regex(/^[a-z][a-z0-9_.-]{2,39}$/, '用户名为3-40位小写字母、数字或 _ . -'),
  name: PersonNameSchema,
  password: StaffPasswordSchema,
  roles: z.array(StaffRoleSchema).min(1, '至少选择一个角色'),
  facilityIds: z.array(z.string().min(1)).min(1, '至少绑定一个机构'),
  doctorId: z.string().optional(),
});

export const ResetPasswordSchema = z.object({ password: StaffPasswordSchema });

export const PatientLookupQuerySchema = z
  .object({
    healthCard: z.string().trim().min(8).max(64).optional().describe('电子健康卡 code scanned or typed'),
    idNumber: ResidentIdNumberSchema.optional(),
    reason: z.string().trim().max(100).optional().describe('Why the record is opened (audited)'),
    facilityId: z.string().min(1).max(40).optional().describe('Where the staff member is working now (one of theirs; default: their main facility)'),
  })
  .refine((q) => Boolean(q.healthCard) !== Boolean(q.idNumber), { message: '请提供健康卡号或身份证号其中之一', path: ['healthCard'] });

export const PatientSchema = z
  .object({
    personId: z.string(),
    name: z.string(),
    idNumber: z.string(),
    phone: z.string().nullable(),
    sex: z.enum(['male', 'female']),
    birthDate: z.string(),
    age: z.number().int(),
    isMinor: z.boolean(),
    facilityIds: z.array(z.string()).describe('Member facilities where the person is registered'),
  })
  .meta({ id: 'Patient' });
export type Patient = z.infer<typeof PatientSchema>;

export const AccessLogEntrySchema = z
  .object({
    id: z.string(),
    at: z.number(),
    actorName: z.string(),
    actorRole: z.string(),
    facilityName: z.string().nullable(),
    personName: z.string(),
    action: z.string(),
    actionLabel: z.string(),
    reason: z.string().nullable(),
  })
  .meta({ id: 'AccessLogEntry' });

export const LinkRequestSchema = z
  .object({
    id: z.string(),
    requesterName: z.string().describe('Masked name of the account holder asking to add you'),
    relation: RelationSchema,
    createdAt: z.number(),
  })
  .meta({ id: 'LinkRequest' });

export const HealthCardSchema = z.object({
  memberId: z.string(),
  name: z.string(),
  code: z.string().describe('Encode as QR; staff scan it in the console'),
});
