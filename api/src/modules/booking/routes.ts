import {
  BookingDetailSchema,
  BookingEligibilitySchema,
  BookingRulesSchema,
  BookingSchema,
  BulkSchedulesResultSchema,
  BulkSchedulesSchema,
  CancelBookingSchema,
  CreateBookingSchema,
  CreateScheduleSchema,
  DoctorSearchQuerySchema,
  DoctorSearchResultSchema,
  EligibilityQuerySchema,
  FacilityIdParamsSchema,
  JoinWaitlistSchema,
  MyBookingsQuerySchema,
  RejectBookingSchema,
  ScheduleDetailSchema,
  ScheduleSchema,
  ScheduleSearchQuerySchema,
  StaffBookingQueueQuerySchema,
  StaffBookingSchema,
  StaffSchedulesQuerySchema,
  StopScheduleSchema,
  UpdateBookingPolicySchema,
  UpdateScheduleSchema,
  WaitlistEntrySchema,
} from '@ygt/shared';
import { z } from 'zod';
import { asResident, asStaff, rateLimit } from '../../http/auth';
import { badRequest } from '../../http/errors';
import { defineRoute } from '../../http/route';
import * as service from './service';

const tags = ['预约挂号 booking'];
const staffTags = ['预约管理 booking (staff)'];
const Id = z.string().min(1).max(40);
const BookingParams = z.object({ bookingId: Id });
const ScheduleParams = z.object({ scheduleId: Id });
const EntryParams = z.object({ entryId: Id });
const Ok = z.object({ ok: z.literal(true) });
/** Roles that run a facility's booking desk. */
const DESK = ['clinic_staff', 'doctor', 'community_admin'] as const;
/** Roles that manage schedules (排班). */
const SCHEDULERS = ['clinic_staff', 'community_admin'] as const;

const staffAction = (action: 'confirm' | 'check_in' | 'complete' | 'no_show', path: string, summary: string) =>
  defineRoute({
    method: 'post',
    path: `/api/v1/staff/bookings/:bookingId/${path}`,
    summary,
    tags: staffTags,
    auth: 'staff',
    roles: DESK,
    params: BookingParams,
    response: StaffBookingSchema,
    handler: ({ deps, actor, params, ctx }) => service.staffBookingAction(deps, asStaff(actor), params.bookingId, action, null, ctx.state.requestId),
  });

export const routes = [
  // ---- public: what can be booked, and the rules ----
  defineRoute({
    method: 'get',
    path: '/api/v1/facilities/:facilityId/booking-rules',
    summary: '机构的预约规则（放号、限约、退号、爽约、候补、转诊预留），含中文说明',
    tags,
    auth: 'public',
    params: FacilityIdParamsSchema,
    response: BookingRulesSchema,
    handler: ({ deps, params }) => service.bookingRules(deps, params.facilityId),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/schedules',
    summary: '查找出诊排班：按机构、科室、医生、乡镇，或“专家来我乡”（visiting=1&township=青石镇）',
    description: 'Open schedules from `from` (default today) to `to` (default today + 7), with places left. Fee-carrying schedules are paid online (feePayableOnline=true): the booking waits in pending_payment until paid.',
    tags,
    auth: 'public',
    query: ScheduleSearchQuerySchema,
    response: z.object({ items: z.array(ScheduleSchema) }),
    handler: async ({ deps, query }) => ({ items: await service.searchSchedules(deps, query) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/schedules/:scheduleId',
    summary: '排班详情：各时段剩余号源',
    tags,
    auth: 'public',
    params: ScheduleParams,
    response: ScheduleDetailSchema,
    handler: ({ deps, params }) => service.getScheduleDetail(deps, params.scheduleId),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/doctors',
    summary: '按姓名搜索医生，附近期出诊安排（含下乡坐诊）',
    tags,
    auth: 'public',
    query: DoctorSearchQuerySchema,
    response: z.object({ items: z.array(DoctorSearchResultSchema) }),
    handler: async ({ deps, query }) => ({ items: await service.searchDoctors(deps, query.name) }),
  }),

  // ---- residents: my bookings ----
  defineRoute({
    method: 'post',
    path: '/api/v1/me/bookings',
    summary: '预约一个时段（为本人或家人）',
    description:
      'Send an `Idempotency-Key` header (8-64 of [A-Za-z0-9_-]) and retry with the same key: the first answer comes back (header Idempotent-Replayed: true) and only one booking is made. ' +
      'Errors: SOLD_OUT (slotId), OUTSIDE_BOOKING_WINDOW (slotId), LIMIT_REACHED (memberId: one per department and day, weekly limit), BOOKING_SUSPENDED (memberId, message names the end date), NOT_FOUND (memberId not in your family).',
    tags,
    auth: 'resident',
    body: CreateBookingSchema,
    response: BookingSchema,
    status: 201,
    handler: async ({ deps, actor, body, ctx }) => {
      const resident = asResident(actor);
      const key = ctx.get('idempotency-key') || undefined;
      if (key !== undefined && !/^[\w-]{8,64}$/.test(key)) throw badRequest('Idempotency-Key 应为8-64位字母、数字、_ 或 -', 'Idempotency-Key');
      await rateLimit(deps, `booking:${resident.accountId}`, 60, 60_000, '预约操作过于频繁，请稍后再试');
      const { value, replayed } = await service.idempotent(deps, `booking:${resident.accountId}`, key, body, () => service.bookSlot(deps, resident, body, key));
      if (replayed) ctx.set('Idempotent-Replayed', 'true');
      return value;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/me/bookings',
    summary: '我的预约（upcoming 待就诊 / past 历史），含退号截止时间',
    tags,
    auth: 'resident',
    query: MyBookingsQuerySchema,
    response: z.object({ items: z.array(BookingSchema) }),
    handler: async ({ deps, actor, query }) => ({ items: await service.listMyBookings(deps, asResident(actor), query) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/me/bookings/:bookingId',
    summary: '预约详情与状态记录',
    tags,
    auth: 'resident',
    params: BookingParams,
    response: BookingDetailSchema,
    handler: ({ deps, actor, params }) => service.getMyBooking(deps, asResident(actor), params.bookingId),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/me/bookings/:bookingId/cancel',
    summary: '取消预约（退号）',
    description: 'After the deadline the answer is CANCEL_DEADLINE_PASSED (field acceptNoShow); send acceptNoShow=true to cancel anyway, counted as a no-show.',
    tags,
    auth: 'resident',
    params: BookingParams,
    body: CancelBookingSchema,
    response: BookingDetailSchema,
    handler: ({ deps, actor, params, body }) => service.cancelMyBooking(deps, asResident(actor), params.bookingId, body),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/me/bookings/:bookingId/check-in',
    summary: '就诊当天签到（预约需已确认）',
    tags,
    auth: 'resident',
    params: BookingParams,
    response: BookingDetailSchema,
    handler: ({ deps, actor, params }) => service.checkInMyBooking(deps, asResident(actor), params.bookingId),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/me/booking-eligibility',
    summary: '就诊人在某机构能否预约：爽约暂停（含截止日期）、本周已约数',
    tags,
    auth: 'resident',
    query: EligibilityQuerySchema,
    response: BookingEligibilitySchema,
    handler: ({ deps, actor, query }) => service.eligibility(deps, asResident(actor), query),
  }),

  // ---- residents: waitlist ----
  defineRoute({
    method: 'get',
    path: '/api/v1/me/waitlist',
    summary: '我的候补（排队位置、待确认的号源）',
    tags,
    auth: 'resident',
    response: z.object({ items: z.array(WaitlistEntrySchema) }),
    handler: async ({ deps, actor }) => ({ items: await service.listMyWaitlist(deps, asResident(actor)) }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/me/waitlist',
    summary: '登记候补（排班约满时）',
    tags,
    auth: 'resident',
    body: JoinWaitlistSchema,
    response: WaitlistEntrySchema,
    status: 201,
    handler: ({ deps, actor, body }) => service.joinWaitlist(deps, asResident(actor), body),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/me/waitlist/:entryId',
    summary: '退出候补（有号待确认时即放弃该号源）',
    tags,
    auth: 'resident',
    params: EntryParams,
    response: Ok,
    handler: async ({ deps, actor, params }) => {
      await service.leaveWaitlist(deps, asResident(actor), params.entryId);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/me/waitlist/:entryId/accept',
    summary: '确认候补号源，生成预约',
    tags,
    auth: 'resident',
    params: EntryParams,
    response: BookingSchema,
    status: 201,
    handler: ({ deps, actor, params }) => service.acceptWaitlistOffer(deps, asResident(actor), params.entryId),
  }),

  // ---- staff: the booking desk ----
  defineRoute({
    method: 'get',
    path: '/api/v1/staff/bookings',
    summary: '本机构某日的预约队列（记录访问日志）',
    tags: staffTags,
    auth: 'staff',
    roles: DESK,
    query: StaffBookingQueueQuerySchema,
    response: z.object({ items: z.array(StaffBookingSchema) }),
    handler: async ({ deps, actor, query, ctx }) => ({ items: await service.facilityQueue(deps, asStaff(actor), query, ctx.state.requestId) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/staff/bookings/:bookingId',
    summary: '预约详情（限本机构，记录访问日志）',
    tags: staffTags,
    auth: 'staff',
    roles: DESK,
    params: BookingParams,
    response: StaffBookingSchema,
    handler: ({ deps, actor, params, ctx }) => service.getStaffBooking(deps, asStaff(actor), params.bookingId, ctx.state.requestId),
  }),
  staffAction('confirm', 'confirm', '确认预约（通知患者）'),
  defineRoute({
    method: 'post',
    path: '/api/v1/staff/bookings/:bookingId/reject',
    summary: '拒绝预约并说明原因（释放号源，通知患者）',
    tags: staffTags,
    auth: 'staff',
    roles: DESK,
    params: BookingParams,
    body: RejectBookingSchema,
    response: StaffBookingSchema,
    handler: ({ deps, actor, params, body, ctx }) => service.staffBookingAction(deps, asStaff(actor), params.bookingId, 'reject', body.reason, ctx.state.requestId),
  }),
  staffAction('check_in', 'check-in', '患者到院签到（就诊当天）'),
  staffAction('complete', 'complete', '标记就诊完成'),
  staffAction('no_show', 'no-show', '标记爽约（就诊时段开始后）'),

  // ---- staff: schedules (排班) ----
  defineRoute({
    method: 'get',
    path: '/api/v1/staff/schedules',
    summary: '本机构排班（含各时段已约、预留、候补人数）',
    tags: staffTags,
    auth: 'staff',
    roles: DESK,
    query: StaffSchedulesQuerySchema,
    response: z.object({ items: z.array(ScheduleDetailSchema) }),
    handler: async ({ deps, actor, query }) => ({ items: await service.listStaffSchedules(deps, asStaff(actor), query) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/staff/schedules/:scheduleId',
    summary: '排班详情（限本机构）',
    tags: staffTags,
    auth: 'staff',
    roles: DESK,
    params: ScheduleParams,
    response: ScheduleDetailSchema,
    handler: ({ deps, actor, params }) => service.getStaffSchedule(deps, asStaff(actor), params.scheduleId),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/staff/schedules',
    summary: '新建排班（按分段生成号源）',
    tags: staffTags,
    auth: 'staff',
    roles: SCHEDULERS,
    body: CreateScheduleSchema,
    response: ScheduleDetailSchema,
    status: 201,
    handler: ({ deps, actor, body }) => service.createSchedule(deps, asStaff(actor), body),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/staff/schedules/bulk',
    summary: '按周模板批量排班（已有排班的时段跳过）',
    tags: staffTags,
    auth: 'staff',
    roles: SCHEDULERS,
    body: BulkSchedulesSchema,
    response: BulkSchedulesResultSchema,
    status: 201,
    handler: ({ deps, actor, body }) => service.createSchedulesFromTemplate(deps, asStaff(actor), body),
  }),
  defineRoute({
    method: 'patch',
    path: '/api/v1/staff/schedules/:scheduleId',
    summary: '修改挂号费或每段号源数、转诊预留数',
    tags: staffTags,
    auth: 'staff',
    roles: SCHEDULERS,
    params: ScheduleParams,
    body: UpdateScheduleSchema,
    response: ScheduleDetailSchema,
    handler: ({ deps, actor, params, body }) => service.updateSchedule(deps, asStaff(actor), params.scheduleId, body),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/staff/schedules/:scheduleId/stop',
    summary: '停诊：取消该排班的全部预约并通知患者',
    tags: staffTags,
    auth: 'staff',
    roles: SCHEDULERS,
    params: ScheduleParams,
    body: StopScheduleSchema,
    response: z.object({ schedule: ScheduleDetailSchema, cancelledBookings: z.number().int() }),
    handler: ({ deps, actor, params, body, ctx }) => service.stopSchedule(deps, asStaff(actor), params.scheduleId, body.reason, ctx.state.requestId),
  }),
  defineRoute({
    method: 'put',
    path: '/api/v1/staff/facilities/:facilityId/booking-policy',
    summary: '设置机构的预约规则（医共体管理员）',
    tags: staffTags,
    auth: 'staff',
    roles: ['community_admin'],
    params: FacilityIdParamsSchema,
    body: UpdateBookingPolicySchema,
    response: BookingRulesSchema,
    handler: ({ deps, actor, params, body }) => service.updatePolicy(deps, asStaff(actor), params.facilityId, body),
  }),
];
