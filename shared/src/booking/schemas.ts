import { z } from 'zod';
import { DoctorTitleSchema, SessionPeriodSchema } from '../community/schemas';
import { BookingPolicySchema, LocalDateSchema, LocalTimeSchema } from './policy';
import { BookingSourceSchema, BookingStatusSchema, WaitlistStatusSchema } from './states';

const IdSchema = z.string().min(1).max(40);
const ReasonSchema = z.string().trim().min(2, '请填写原因（至少2个字）').max(200, '原因不超过200字');
const BoolQuery = z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const FenSchema = z.number().int('金额应为整数（分）').min(0, '金额不能为负').max(1_000_000, '挂号费不超过10000元');

// ---- schedules and segments -------------------------------------------------------------------

export const ScheduleStatusSchema = z.enum(['open', 'stopped']);
export type ScheduleStatus = z.infer<typeof ScheduleStatusSchema>;

/** One time segment (分时段) of a schedule and the places left in it. */
export const SlotSchema = z
  .object({
    id: IdSchema,
    startTime: z.string(),
    endTime: z.string(),
    capacity: z.number().int(),
    booked: z.number().int().describe('Places taken by bookings, referral bookings included'),
    held: z.number().int().describe('Places held for a waitlist offer'),
    referralReserved: z.number().int(),
    referralBooked: z.number().int(),
    remaining: z.number().int().describe('Places the public can book now'),
    referralRemaining: z.number().int().describe('Reserved places a referral can still book (0 once released)'),
    state: z.enum(['available', 'full', 'not_open', 'started', 'stopped']).describe('What the resident sees on the segment'),
  })
  .meta({ id: 'Slot' });
export type Slot = z.infer<typeof SlotSchema>;

export const ScheduleSchema = z
  .object({
    id: IdSchema,
    facility: z.object({ id: IdSchema, name: z.string(), shortName: z.string(), township: z.string().nullable(), level: z.string() }),
    department: z.object({ id: IdSchema, name: z.string() }),
    doctor: z.object({
      id: IdSchema,
      name: z.string(),
      title: DoctorTitleSchema,
      titleLabel: z.string(),
      specialty: z.string(),
      isCountyExpert: z.boolean(),
      homeFacilityName: z.string(),
    }),
    date: z.string(),
    weekday: z.number().int().min(1).max(7),
    weekdayLabel: z.string(),
    period: SessionPeriodSchema,
    periodLabel: z.string(),
    startTime: z.string(),
    endTime: z.string(),
    segmentMinutes: z.number().int(),
    feeFen: z.number().int(),
    feeYuan: z.string(),
    feePayableOnline: z.boolean().describe('true: a booking with a fee is paid online (pending_payment) before staff confirm it'),
    isVisiting: z.boolean().describe('A county expert seeing patients at this township (专家下沉坐诊)'),
    status: ScheduleStatusSchema,
    stopReason: z.string().nullable(),
    capacity: z.number().int(),
    remaining: z.number().int().describe('Public places left over all segments'),
    referralRemaining: z.number().int(),
    opensAt: z.number().describe('Epoch ms when booking opens (放号)'),
    bookingOpen: z.boolean(),
    referralReleasesAt: z.number().describe('Epoch ms when unused reserved places go public'),
    waitlist: z.object({
      open: z.boolean().describe('A resident can join the waitlist now (full, open, before the queue closes)'),
      closesAt: z.number(),
      waiting: z.number().int(),
    }),
  })
  .meta({ id: 'Schedule' });
export type Schedule = z.infer<typeof ScheduleSchema>;

export const ScheduleDetailSchema = ScheduleSchema.extend({ slots: z.array(SlotSchema) }).meta({ id: 'ScheduleDetail' });
export type ScheduleDetail = z.infer<typeof ScheduleDetailSchema>;

export const ScheduleSearchQuerySchema = z.object({
  facilityId: IdSchema.optional(),
  departmentId: IdSchema.optional(),
  doctorId: IdSchema.optional(),
  township: z.string().trim().min(1).max(40).optional().describe('Schedules at facilities of this township, e.g. 青石镇'),
  visiting: BoolQuery.optional().describe('Only county experts visiting townships (专家来我乡)'),
  from: LocalDateSchema.optional().describe('First date (default today)'),
  to: LocalDateSchema.optional().describe('Last date (default: the end of the booking window)'),
});
export type ScheduleSearchQuery = z.infer<typeof ScheduleSearchQuerySchema>;

export const DoctorSearchQuerySchema = z.object({ name: z.string().trim().min(1, '请输入医生姓名').max(20) });

export const DoctorSearchResultSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    title: DoctorTitleSchema,
    titleLabel: z.string(),
    specialty: z.string(),
    isCountyExpert: z.boolean(),
    facility: z.object({ id: IdSchema, name: z.string() }),
    department: z.object({ id: IdSchema, name: z.string() }),
    upcoming: z.array(ScheduleSchema).describe('Open schedules in the coming booking window, wherever the doctor sits'),
  })
  .meta({ id: 'DoctorSearchResult' });

const ScheduleTemplateFields = {
  departmentId: IdSchema,
  doctorId: IdSchema,
  period: SessionPeriodSchema,
  startTime: LocalTimeSchema.optional().describe('Default by period: 08:00 / 14:00 / 18:00'),
  endTime: LocalTimeSchema.optional().describe('Default by period: 12:00 / 17:00 / 20:00'),
  segmentMinutes: z.number().int().min(5, '每段至少5分钟').max(240, '每段不超过240分钟').optional().describe('Default 30'),
  capacityPerSegment: z.number().int().min(1, '每段至少1个号').max(200, '每段不超过200个号'),
  referralReservedPerSegment: z.number().int().min(0).max(200).optional().describe('Places per segment held for referrals (default 0)'),
  feeFen: FenSchema,
};

export const CreateScheduleSchema = z.object({ facilityId: IdSchema, date: LocalDateSchema, ...ScheduleTemplateFields });
export type CreateSchedule = z.infer<typeof CreateScheduleSchema>;

export const BulkSchedulesSchema = z.object({
  facilityId: IdSchema,
  from: LocalDateSchema,
  to: LocalDateSchema,
  template: z
    .array(z.object({ weekday: z.number().int().min(1, '周一为1').max(7, '周日为7'), ...ScheduleTemplateFields }))
    .min(1, '至少一条排班模板')
    .max(100),
});
export type BulkSchedules = z.infer<typeof BulkSchedulesSchema>;

export const BulkSchedulesResultSchema = z.object({
  created: z.array(z.object({ id: IdSchema, date: z.string(), period: SessionPeriodSchema, doctorId: IdSchema })),
  skipped: z.array(z.object({ date: z.string(), period: SessionPeriodSchema, doctorId: IdSchema, reason: z.string() })),
});

export const UpdateScheduleSchema = z
  .object({
    feeFen: FenSchema.optional(),
    capacityPerSegment: z.number().int().min(1).max(200).optional(),
    referralReservedPerSegment: z.number().int().min(0).max(200).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: '请至少修改一项', path: ['feeFen'] });

export const StopScheduleSchema = z.object({ reason: ReasonSchema.describe('停诊原因，告知已预约的患者') });

export const StaffSchedulesQuerySchema = z.object({
  facilityId: IdSchema,
  from: LocalDateSchema,
  to: LocalDateSchema.optional().describe('Default: from + 6 days'),
  departmentId: IdSchema.optional(),
});

// ---- booking rules ------------------------------------------------------------------------------

export const BookingRulesSchema = z
  .object({
    facilityId: IdSchema,
    policy: BookingPolicySchema,
    isDefault: z.boolean().describe('true when the facility uses the community defaults'),
    items: z.array(z.object({ key: z.string(), title: z.string(), text: z.string() })),
  })
  .meta({ id: 'BookingRules' });
export type BookingRules = z.infer<typeof BookingRulesSchema>;

export const EligibilityQuerySchema = z.object({
  memberId: IdSchema,
  facilityId: IdSchema,
  date: LocalDateSchema.optional().describe('The session date considered for the weekly limit (default today)'),
});

export const BookingEligibilitySchema = z
  .object({
    memberId: IdSchema,
    facilityId: IdSchema,
    suspended: z.boolean(),
    suspendedUntil: z.string().nullable().describe('Last day online booking is suspended'),
    recentNoShows: z.number().int(),
    openInWeek: z.number().int(),
    maxOpenPerWeek: z.number().int(),
    messages: z.array(z.string()).describe('Why booking would be refused, in words to show'),
  })
  .meta({ id: 'BookingEligibility' });

// ---- bookings -------------------------------------------------------------------------------------

export const CreateBookingSchema = z.object({ slotId: IdSchema.describe('The segment to book'), memberId: IdSchema.describe('就诊人 id from /me/family') });

export const MyBookingsQuerySchema = z.object({
  scope: z.enum(['upcoming', 'past']).default('upcoming'),
  memberId: IdSchema.optional(),
});

export const CancelBookingSchema = z.object({
  reason: z.string().trim().max(200).optional(),
  acceptNoShow: z.boolean().optional().describe('After the cancellation deadline: cancel anyway, counted as a no-show'),
});

export const BookingEventSchema = z.object({
  at: z.number(),
  actorType: z.enum(['resident', 'staff', 'system']),
  actorName: z.string(),
  fromStatus: BookingStatusSchema.nullable(),
  toStatus: BookingStatusSchema,
  reason: z.string().nullable(),
});

const BookingFields = {
  id: IdSchema,
  status: BookingStatusSchema,
  statusLabel: z.string(),
  statusReason: z.string().nullable().describe('Why it was cancelled, rejected...'),
  source: BookingSourceSchema,
  referralId: IdSchema.nullable(),
  scheduleId: IdSchema,
  slotId: IdSchema,
  facility: z.object({ id: IdSchema, name: z.string() }),
  department: z.object({ id: IdSchema, name: z.string() }),
  doctor: z.object({ id: IdSchema, name: z.string(), titleLabel: z.string() }),
  isVisiting: z.boolean(),
  date: z.string(),
  weekdayLabel: z.string(),
  period: SessionPeriodSchema,
  periodLabel: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  feeFen: z.number().int(),
  feePayableOnline: z.boolean(),
  holdExpiresAt: z.number().nullable().describe('pending_payment only: when the unpaid hold lapses'),
  lateCancel: z.boolean().describe('Cancelled after the deadline (counts as a no-show)'),
  cancelDeadline: z.number().describe('Epoch ms of the free-cancellation deadline'),
  canCancel: z.boolean(),
  cancelCountsAsNoShow: z.boolean().describe('Cancelling now would count as a no-show'),
  canCheckIn: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
};

export const BookingSchema = z
  .object({
    ...BookingFields,
    patient: z.object({ personId: IdSchema, memberId: IdSchema.nullable().describe('Your 就诊人 id for this person'), name: z.string().describe('Masked') }),
  })
  .meta({ id: 'Booking' });
export type Booking = z.infer<typeof BookingSchema>;

export const BookingDetailSchema = BookingSchema.extend({ events: z.array(BookingEventSchema) }).meta({ id: 'BookingDetail' });

export const StaffBookingSchema = z
  .object({
    ...BookingFields,
    patient: z.object({
      personId: IdSchema,
      name: z.string(),
      idNumber: z.string().describe('Masked'),
      phone: z.string().nullable().describe('Masked'),
      sex: z.enum(['male', 'female']),
      age: z.number().int(),
    }),
    events: z.array(BookingEventSchema),
  })
  .meta({ id: 'StaffBooking' });
export type StaffBooking = z.infer<typeof StaffBookingSchema>;

export const StaffBookingQueueQuerySchema = z.object({
  facilityId: IdSchema,
  date: LocalDateSchema,
  status: BookingStatusSchema.optional(),
  departmentId: IdSchema.optional(),
});

export const RejectBookingSchema = z.object({ reason: ReasonSchema });

// ---- waitlist (候补) -------------------------------------------------------------------------------

export const JoinWaitlistSchema = z.object({ scheduleId: IdSchema, memberId: IdSchema });

export const WaitlistEntrySchema = z
  .object({
    id: IdSchema,
    status: WaitlistStatusSchema,
    statusLabel: z.string(),
    position: z.number().int().nullable().describe('1 = next in line; null once no longer waiting'),
    patient: z.object({ personId: IdSchema, memberId: IdSchema.nullable(), name: z.string() }),
    schedule: ScheduleSchema,
    offer: z
      .object({ slotId: IdSchema, startTime: z.string(), endTime: z.string(), expiresAt: z.number() })
      .nullable()
      .describe('The place offered: accept before expiresAt'),
    bookingId: IdSchema.nullable(),
    createdAt: z.number(),
  })
  .meta({ id: 'WaitlistEntry' });
export type WaitlistEntry = z.infer<typeof WaitlistEntrySchema>;

export const UpdateBookingPolicySchema = BookingPolicySchema;
