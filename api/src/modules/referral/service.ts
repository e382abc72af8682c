import {
  bookingRejected,
  referralAccepted,
  type BookingStatus,
  type CreateReferral,
  formatDateCn,
  isActiveBooking,
  maskName,
  REFERRAL_DIRECTION_LABELS,
  REFERRAL_STATUS_LABELS,
  type Referral,
  type ReferralDirection,
  type ReferralStatus,
} from '@ygt/shared';
import type { Db } from '../../db';
import type { AppDeps } from '../../deps';
import type { ResidentActor, StaffActor } from '../../http/auth';
import { AppError, badRequest, conflict, notFound } from '../../http/errors';
import { newId } from '../../infra/ids';
import { recordStaffAccess } from '../audit/service';
import * as bookingRepo from '../booking/repo';
import { applyBookingAction, bookReferralPlace, inTransaction, residentBookingViews, uniqueViolation } from '../booking/service';
import * as identityRepo from '../identity/repo';
import { requireHealthConsent } from '../identity/service';
import { notify } from '../notifications/outbox';
import { requirePatientInScope } from '../staff/service';
import * as repo from './repo';

const REFERRAL_LINK = (id: string) => `/packages/booking/pages/referral/index?id=${id}`;
const ONE_PER_DAY = '该患者这一天在该科室已有预约';

// ---- views -------------------------------------------------------------------------------------

async function referralViews(deps: AppDeps, rows: repo.ReferralRow[], audience: { memberOf: Map<string, string> } | 'staff'): Promise<Referral[]> {
  const db = deps.database.db;
  const bookingRows = await bookingRepo.bookingViewsByIds(db, rows.map((r) => r.booking_id).filter((id): id is string => id !== null));
  const bookings = new Map((await residentBookingViews(deps, db, bookingRows, audience === 'staff' ? new Map() : audience.memberOf)).map((b) => [b.id, b]));
  const returns = await repo.returnsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    direction: r.direction as ReferralDirection,
    directionLabel: REFERRAL_DIRECTION_LABELS[r.direction as ReferralDirection],
    status: r.status as ReferralStatus,
    statusLabel: REFERRAL_STATUS_LABELS[r.status as ReferralStatus],
    patient: { personId: r.person_id, name: audience === 'staff' ? r.person_name : maskName(r.person_name) },
    from: { facility: { id: r.from_facility_id, name: r.from_facility_name }, staffName: r.from_staff_name ?? '' },
    to: { facility: { id: r.to_facility_id, name: r.to_facility_name }, department: r.to_department_id ? { id: r.to_department_id, name: r.to_department_name ?? '' } : null },
    reason: r.reason,
    summary: r.summary,
    resultIds: JSON.parse(r.result_ids) as string[],
    followUpPlan: r.follow_up_plan,
    declineReason: r.decline_reason,
    decidedBy: r.decided_by_name,
    decidedAt: r.decided_at === null ? null : Number(r.decided_at),
    parentReferralId: r.parent_referral_id,
    returnReferralId: returns.get(r.id) ?? null,
    booking: r.booking_id ? (bookings.get(r.booking_id) ?? null) : null,
    createdAt: Number(r.created_at),
  }));
}

/** Staff see referrals sent from or addressed to their facilities; any other is 404. */
async function requireStaffReferral(deps: AppDeps, staff: StaffActor, referralId: string, side: 'either' | 'receiver' = 'either') {
  const row = await repo.getReferralView(deps.database.db, referralId);
  const receiver = row !== undefined && staff.facilityIds.includes(row.to_facility_id);
  const sender = row !== undefined && staff.facilityIds.includes(row.from_facility_id);
  if (!row || !(receiver || (side === 'either' && sender))) throw notFound('未找到该转诊', 'referralId');
  return row;
}

export async function getStaffReferral(deps: AppDeps, staff: StaffActor, referralId: string, requestId?: string) {
  const row = await requireStaffReferral(deps, staff, referralId);
  const facilityId = staff.facilityIds.includes(row.to_facility_id) ? row.to_facility_id : row.from_facility_id;
  await recordStaffAccess(deps, deps.database.db, { staff, personId: row.person_id, facilityId, action: 'referral.view', requestId });
  return (await referralViews(deps, [row], 'staff'))[0];
}

export async function listStaffReferrals(deps: AppDeps, staff: StaffActor, q: { box: 'incoming' | 'outgoing' | 'all'; status?: ReferralStatus }, requestId?: string) {
  const rows = await repo.listReferralsOfFacilities(deps.database.db, staff.facilityIds, q.box, q.status);
  for (const r of rows) {
    const facilityId = staff.facilityIds.includes(r.to_facility_id) ? r.to_facility_id : r.from_facility_id;
    await recordStaffAccess(deps, deps.database.db, { staff, personId: r.person_id, facilityId, action: 'referral.view', detail: '转诊列表', requestId });
  }
  return referralViews(deps, rows, 'staff');
}

// ---- upward ------------------------------------------------------------------------------------

/**
 * 上转: a doctor at a township or village refers a patient of their facility to a county
 * department, optionally booking a reserved place at once (green channel).
 */
export async function createReferral(deps: AppDeps, staff: StaffActor, input: CreateReferral, requestId?: string): Promise<Referral> {
  const db = deps.database.db;
  const { facilityId: fromFacilityId } = await requirePatientInScope(deps, staff, input.personId);
  const from = await db.selectFrom('facility').select(['level']).where('id', '=', fromFacilityId).executeTakeFirstOrThrow();
  if (from.level !== 'township' && from.level !== 'village') throw badRequest('上转需由乡镇卫生院或村卫生室的医生为本机构患者发起', 'personId');
  const dept = await db
    .selectFrom('department as d')
    .innerJoin('facility as f', 'f.id', 'd.facility_id')
    .select(['d.id', 'd.facility_id', 'f.level'])
    .where('d.id', '=', input.toDepartmentId)
    .executeTakeFirst();
  if (!dept || dept.level !== 'county') throw badRequest('请选择县级医院的接收科室', 'toDepartmentId');
  const now = deps.clock.now();
  const id = newId(now);
  try {
    await inTransaction(deps, async (tx) => {
      await repo.insertReferral(tx, {
        id,
        direction: 'up',
        status: 'pending',
        person_id: input.personId,
        from_facility_id: fromFacilityId,
        from_staff_id: staff.staffId,
        to_facility_id: dept.facility_id,
        to_department_id: dept.id,
        reason: input.reason,
        summary: input.summary,
        result_ids: JSON.stringify(input.resultIds ?? []),
        follow_up_plan: null,
        decline_reason: null,
        decided_by_staff_id: null,
        decided_at: null,
        parent_referral_id: null,
        booking_id: null,
        created_at: now,
        updated_at: now,
      });
      if (input.slotId) await attachBooking(deps, tx, staff, { id, person_id: input.personId, to_department_id: dept.id, status: 'pending' }, input.slotId);
      await recordStaffAccess(deps, tx, { staff, personId: input.personId, facilityId: fromFacilityId, action: 'referral.create', detail: '上转', requestId });
    });
  } catch (err) {
    if (uniqueViolation(err) === 'active_key') throw new AppError('LIMIT_REACHED', ONE_PER_DAY, 'slotId');
    throw err;
  }
  return (await referralViews(deps, [(await repo.getReferralView(db, id))!], 'staff'))[0];
}

async function attachBooking(deps: AppDeps, tx: Db, staff: StaffActor, referral: { id: string; person_id: string; to_department_id: string | null; status: string }, slotId: string) {
  const bookingId = await bookReferralPlace(deps, tx, { slotId, personId: referral.person_id, departmentId: referral.to_department_id!, referralId: referral.id, staffId: staff.staffId });
  if (!(await repo.changeReferral(tx, referral.id, referral.status, { booking_id: bookingId, updated_at: deps.clock.now() }))) throw conflict('该转诊刚刚被处理，请刷新后重试', 'referralId');
  // An accepted referral needs no second confirmation of its booking.
  if (referral.status === 'accepted') {
    const booking = (await bookingRepo.getBooking(tx, bookingId))!;
    await applyBookingAction(deps, tx, booking, 'confirm', { type: 'staff', staffId: staff.staffId }, '转诊已接收');
  }
}

/** Books (or re-books) a reserved place for a pending or accepted upward referral that has no active booking. */
export async function bookForReferral(deps: AppDeps, staff: StaffActor, referralId: string, slotId: string, requestId?: string) {
  const row = await requireStaffReferral(deps, staff, referralId);
  if (row.direction !== 'up' || (row.status !== 'pending' && row.status !== 'accepted')) throw conflict(`该转诊${REFERRAL_STATUS_LABELS[row.status as ReferralStatus]}，不能预约`, 'referralId');
  const current = row.booking_id ? await bookingRepo.getBooking(deps.database.db, row.booking_id) : undefined;
  if (current && isActiveBooking(current.status as BookingStatus)) throw conflict('该转诊已有有效预约，如需改约请先取消原预约', 'slotId');
  try {
    await inTransaction(deps, async (tx) => {
      await attachBooking(deps, tx, staff, row, slotId);
      await recordStaffAccess(deps, tx, { staff, personId: row.person_id, facilityId: row.to_facility_id, action: 'referral.update', detail: '转诊预约', requestId });
    });
  } catch (err) {
    if (uniqueViolation(err) === 'active_key') throw new AppError('LIMIT_REACHED', ONE_PER_DAY, 'slotId');
    throw err;
  }
  return getStaffReferral(deps, staff, referralId, requestId);
}

/** The receiving facility accepts: its booking is confirmed, the patient is registered there and told. */
export async function acceptReferral(deps: AppDeps, staff: StaffActor, referralId: string, requestId?: string) {
  const row = await requireStaffReferral(deps, staff, referralId, 'receiver');
  const now = deps.clock.now();
  const accepted = await inTransaction(deps, async (tx) => {
    if (!(await repo.changeReferral(tx, row.id, 'pending', { status: 'accepted', decided_by_staff_id: staff.staffId, decided_at: now, updated_at: now }))) return false;
    const booking = row.booking_id ? await bookingRepo.getBooking(tx, row.booking_id) : undefined;
    if (booking) await applyBookingAction(deps, tx, booking, 'confirm', { type: 'staff', staffId: staff.staffId }, '转诊已接收');
    await identityRepo.registerPatientAt(tx, row.person_id, row.to_facility_id, 'referral', now, deps.database.dialect);
    await recordStaffAccess(deps, tx, { staff, personId: row.person_id, facilityId: row.to_facility_id, action: 'referral.update', detail: '接收转诊', requestId });
    const where = `${row.to_facility_name}${row.to_department_name ?? ''}`;
    const time = booking && isActiveBooking(booking.status as BookingStatus) ? `${formatDateCn(booking.date)} ${booking.start_time}-${booking.end_time}` : null;
    const content = referralAccepted({ referralId: row.id, patientName: row.person_name, toFacilityName: row.to_facility_name, departmentName: row.to_department_name ?? '', acceptedAt: now });
    // The shared template fills WeChat's fields; the message-centre text says what happens next for this direction.
    await notify(deps, tx, {
      ...content,
      body:
        row.direction === 'up'
          ? `${where}已接收${maskName(row.person_name)}的转诊${time ? `，就诊时间：${time}` : '，请留意医院的就诊安排'}。`
          : `${where}已接收${maskName(row.person_name)}的下转，家庭医生将按随访计划联系您。`,
      eventKey: `referral_accepted:${row.id}`,
      personId: row.person_id,
    });
    return true;
  });
  if (!accepted) throw conflict(`该转诊${REFERRAL_STATUS_LABELS[row.status as ReferralStatus]}，不能再接收`, 'referralId');
  return getStaffReferral(deps, staff, referralId, requestId);
}

/** The receiving facility declines with a reason; a booking made for it is rejected and its place freed. */
export async function declineReferral(deps: AppDeps, staff: StaffActor, referralId: string, reason: string, requestId?: string) {
  const row = await requireStaffReferral(deps, staff, referralId, 'receiver');
  const now = deps.clock.now();
  const declined = await inTransaction(deps, async (tx) => {
    if (!(await repo.changeReferral(tx, row.id, 'pending', { status: 'declined', decline_reason: reason, decided_by_staff_id: staff.staffId, decided_at: now, updated_at: now }))) return false;
    const booking = row.booking_id ? await bookingRepo.getBooking(tx, row.booking_id) : undefined;
    if (booking && (await applyBookingAction(deps, tx, booking, 'reject', { type: 'staff', staffId: staff.staffId }, `转诊未接收：${reason}`))) {
      const view = (await bookingRepo.getBookingView(tx, booking.id))!;
      const content = bookingRejected({
        bookingId: booking.id,
        patientName: view.person_name,
        facilityName: view.facility_name,
        departmentName: view.department_name,
        doctorName: view.doctor_name,
        date: view.date,
        time: view.start_time,
        reason: `转诊未接收：${reason}`,
      });
      await notify(deps, tx, {
        ...content,
        body: `${row.to_facility_name}${row.to_department_name ?? ''}未接收${maskName(row.person_name)}的转诊：${reason}。转诊预约已取消，请联系转诊医生。`,
        link: REFERRAL_LINK(row.id),
        eventKey: `booking_rejected:${booking.id}`,
        personId: row.person_id,
      });
    }
    await recordStaffAccess(deps, tx, { staff, personId: row.person_id, facilityId: row.to_facility_id, action: 'referral.update', detail: '拒收转诊', reason, requestId });
    return true;
  });
  if (!declined) throw conflict(`该转诊${REFERRAL_STATUS_LABELS[row.status as ReferralStatus]}，不能再拒收`, 'referralId');
  return getStaffReferral(deps, staff, referralId, requestId);
}

// ---- downward -------------------------------------------------------------------------------------

/**
 * 下转: after treatment the county sends the patient back to the township or village (by default
 * the one that referred them) with a follow-up plan; the upward referral is then completed.
 */
export async function returnReferral(deps: AppDeps, staff: StaffActor, referralId: string, input: { summary: string; followUpPlan: string; toFacilityId?: string }, requestId?: string) {
  const up = await requireStaffReferral(deps, staff, referralId, 'receiver');
  if (up.direction !== 'up' || up.status !== 'accepted') throw conflict('只有已接收的上转才能下转回基层', 'referralId');
  const db = deps.database.db;
  const toFacilityId = input.toFacilityId ?? up.from_facility_id;
  const to = await db.selectFrom('facility').select(['id', 'level']).where('id', '=', toFacilityId).executeTakeFirst();
  if (!to || (to.level !== 'township' && to.level !== 'village')) throw badRequest('下转需转回乡镇卫生院或村卫生室', 'toFacilityId');
  const now = deps.clock.now();
  const id = newId(now);
  const returned = await inTransaction(deps, async (tx) => {
    if (!(await repo.changeReferral(tx, up.id, 'accepted', { status: 'completed', updated_at: now }))) return false;
    await repo.insertReferral(tx, {
      id,
      direction: 'down',
      status: 'pending',
      person_id: up.person_id,
      from_facility_id: up.to_facility_id,
      from_staff_id: staff.staffId,
      to_facility_id: toFacilityId,
      to_department_id: null,
      reason: `${up.to_department_name ?? ''}诊治后转回基层随访`.slice(0, 200),
      summary: input.summary,
      result_ids: '[]',
      follow_up_plan: input.followUpPlan,
      decline_reason: null,
      decided_by_staff_id: null,
      decided_at: null,
      parent_referral_id: up.id,
      booking_id: null,
      created_at: now,
      updated_at: now,
    });
    await identityRepo.registerPatientAt(tx, up.person_id, toFacilityId, 'referral', now, deps.database.dialect);
    await recordStaffAccess(deps, tx, { staff, personId: up.person_id, facilityId: up.to_facility_id, action: 'referral.create', detail: '下转', requestId });
    return true;
  });
  if (!returned) throw conflict('该转诊刚刚被处理，请刷新后重试', 'referralId');
  return getStaffReferral(deps, staff, id, requestId);
}

// ---- residents --------------------------------------------------------------------------------------

async function familyPersons(deps: AppDeps, accountId: string): Promise<Map<string, string>> {
  const family = await identityRepo.listFamily(deps.database.db, accountId);
  return new Map(family.filter((m) => m.status === 'active').map((m) => [m.person_id, m.id]));
}

/** A referral carries a clinical summary, so residents see it only after the separate health-data consent. */
export async function listMyReferrals(deps: AppDeps, actor: ResidentActor) {
  await requireHealthConsent(deps, actor.accountId);
  const memberOf = await familyPersons(deps, actor.accountId);
  return referralViews(deps, await repo.listReferralsOfPersons(deps.database.db, [...memberOf.keys()]), { memberOf });
}

export async function getMyReferral(deps: AppDeps, actor: ResidentActor, referralId: string) {
  await requireHealthConsent(deps, actor.accountId);
  const memberOf = await familyPersons(deps, actor.accountId);
  const row = await repo.getReferralView(deps.database.db, referralId);
  if (!row || !memberOf.has(row.person_id)) throw notFound('未找到该转诊', 'referralId');
  return (await referralViews(deps, [row], { memberOf }))[0];
}
