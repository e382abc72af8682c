import { z } from 'zod';
import { BookingSchema } from './schemas';

const IdSchema = z.string().min(1).max(40);

/** 双向转诊: up from a township/village to a county department, and back down with a plan. */
export const ReferralDirectionSchema = z.enum(['up', 'down']);
export type ReferralDirection = z.infer<typeof ReferralDirectionSchema>;
export const REFERRAL_DIRECTION_LABELS: Record<ReferralDirection, string> = { up: '上转', down: '下转' };

/** pending -> accepted -> completed (an upward referral whose patient was sent back down), or declined. */
export const ReferralStatusSchema = z.enum(['pending', 'accepted', 'declined', 'completed']);
export type ReferralStatus = z.infer<typeof ReferralStatusSchema>;
export const REFERRAL_STATUS_LABELS: Record<ReferralStatus, string> = {
  pending: '待接收',
  accepted: '已接收',
  declined: '未接收',
  completed: '已转回基层',
};

export const CreateReferralSchema = z.object({
  personId: IdSchema.describe('A patient of your facility'),
  toDepartmentId: IdSchema.describe('A department of a county-level hospital'),
  reason: z.string().trim().min(2, '请填写转诊原因').max(200, '转诊原因不超过200字'),
  summary: z.string().trim().min(2, '请填写病情摘要').max(2000, '病情摘要不超过2000字'),
  resultIds: z.array(IdSchema).max(20, '最多附20份检查检验结果').optional().describe('Results to send along (results issue)'),
  slotId: IdSchema.optional().describe('Book a reserved place at once (green channel)'),
});
export type CreateReferral = z.infer<typeof CreateReferralSchema>;

export const ReferralBookingSchema = z.object({ slotId: IdSchema.describe('A segment of the receiving department with reserved places left') });

export const DeclineReferralSchema = z.object({ reason: z.string().trim().min(2, '请填写原因（至少2个字）').max(200, '原因不超过200字') });

export const ReturnReferralSchema = z.object({
  summary: z.string().trim().min(2, '请填写诊疗小结').max(2000, '诊疗小结不超过2000字'),
  followUpPlan: z.string().trim().min(2, '请填写随访计划').max(2000, '随访计划不超过2000字'),
  toFacilityId: IdSchema.optional().describe('Default: the facility that referred the patient up'),
});

export const StaffReferralsQuerySchema = z.object({
  box: z.enum(['incoming', 'outgoing', 'all']).default('all').describe('incoming: addressed to my facilities; outgoing: sent from them'),
  status: ReferralStatusSchema.optional(),
});

const FacilityRef = z.object({ id: IdSchema, name: z.string() });

export const ReferralSchema = z
  .object({
    id: IdSchema,
    direction: ReferralDirectionSchema,
    directionLabel: z.string(),
    status: ReferralStatusSchema,
    statusLabel: z.string(),
    patient: z.object({ personId: IdSchema, name: z.string().describe('Masked for residents') }),
    from: z.object({ facility: FacilityRef, staffName: z.string() }),
    to: z.object({ facility: FacilityRef, department: FacilityRef.nullable() }),
    reason: z.string(),
    summary: z.string(),
    resultIds: z.array(IdSchema),
    followUpPlan: z.string().nullable(),
    declineReason: z.string().nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: z.number().nullable(),
    parentReferralId: IdSchema.nullable().describe('For a downward referral: the upward one it closes'),
    returnReferralId: IdSchema.nullable().describe('For an upward referral: the downward one sending the patient back'),
    booking: BookingSchema.nullable(),
    createdAt: z.number(),
  })
  .meta({ id: 'Referral' });
export type Referral = z.infer<typeof ReferralSchema>;
