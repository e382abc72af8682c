import { createHash } from 'node:crypto';
import {
  bookingCancelledByFacility,
  bookingConfirmed,
  type BookingFacts,
  bookingRejected,
  waitlistOffer,
  addDays,
  ageOn,
  BOOKING_ACTIONS,
  BOOKING_STATUS_LABELS,
  type Booking,
  type BookingAction,
  type BookingPolicy,
  BookingPolicySchema,
  type BookingSource,
  type BookingStatus,
  type BulkSchedules,
  bookingOpensAt,
  canApply,
  cancelDeadline,
  checkBookingWindow,
  checkCancellation,
  checkWaitlistOpen,
  checkWeeklyLimit,
  type CreateSchedule,
  DEFAULT_BOOKING_POLICY,
  DEFAULT_SEGMENT_MINUTES,
  DEFAULT_SESSION_TIMES,
  DOCTOR_TITLE_LABELS,
  type DoctorTitle,
  explainBookingPolicy,
  FEE_PAYABLE_ONLINE,
  fenToYuan,
  formatDateCn,
  formatDateTimeCn,
  initialBookingStatus,
  isActiveBooking,
  isoWeekday,
  localDate,
  maskName,
  maskPhone,
  maskResidentId,
  noShowSuspension,
  offerExpiresAt,
  ONE_PER_DEPARTMENT_PER_DAY_MESSAGE,
  referralReserveReleasesAt,
  type ScheduleDetail,
  type ScheduleSearchQuery,
  SESSION_PERIOD_LABELS,
  type SessionPeriod,
  type Slot,
  slotAvailability,
  splitSession,
  type StaffBooking,
  toEpochMs,
  WAITLIST_STATUS_LABELS,
  waitlistClosesAt,
  type WaitlistEntry,
  type WaitlistStatus,
  WEEKDAY_LABELS,
  weekOf,
} from '@ygt/shared';
import type { Db } from '../../db';
import type { ScheduleTable } from '../../db/schema/schedule';
import type { SlotTable } from '../../db/schema/slot';
import type { AppDeps } from '../../deps';
import type { ResidentActor, StaffActor } from '../../http/auth';
import { AppError, badRequest, conflict, notFound } from '../../http/errors';
import { newId } from '../../infra/ids';
import { recordStaffAccess } from '../audit/service';
import * as identityRepo from '../identity/repo';
import { requireFamilyMember } from '../identity/service';
import { notify } from '../notifications/outbox';
import { followUpBookingFee, openBookingPayment, settleBookingFee } from '../payments/payables/booking-fee';
import * as repo from './repo';

/** Who changed a booking: recorded on every booking_event. */
export type BookingActor = { type: 'resident'; accountId: string } | { type: 'staff'; staffId: string } | { type: 'system' };

const MAX_RANGE_DAYS = 31;
const MAX_SCHEDULE_AHEAD_DAYS = 92;

// ---- transactions --------------------------------------------------------------------------------

/** Retries a transaction MySQL chose as a deadlock victim; it rolled back, so running it again is safe. */
export async function inTransaction<T>(deps: AppDeps, fn: (tx: Db) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.database.db.transaction().execute(fn);
    } catch (err) {
      const e = err as { errno?: number };
      if (attempt < 4 && e?.errno === 1213) continue;
      throw err;
    }
  }
}

/** The column whose unique key a failed insert hit, or null for any other error. */
export function uniqueViolation(err: unknown): string | null {
  const e = err as { code?: string; message?: string };
  if (e?.code === 'ER_DUP_ENTRY') return /for key '(?:\w+\.)?(\w+)'$/.exec(e.message ?? '')?.[1] ?? '';
  if (e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return /UNIQUE constraint failed: \w+\.(\w+)/.exec(e.message ?? '')?.[1] ?? '';
  return null;
}

// ---- policies ------------------------------------------------------------------------------------

export async function policiesFor(db: Db, facilityIds: string[]): Promise<Map<string, { policy: BookingPolicy; isDefault: boolean }>> {
  const rows = await repo.policyRows(db, [...new Set(facilityIds)]);
  const own = new Map(rows.map((r) => [r.facility_id, BookingPolicySchema.parse(JSON.parse(r.policy))]));
  return new Map(facilityIds.map((id) => [id, own.has(id) ? { policy: own.get(id)!, isDefault: false } : { policy: DEFAULT_BOOKING_POLICY, isDefault: true }]));
}

export async function policyFor(db: Db, facilityId: string): Promise<BookingPolicy> {
  return (await policiesFor(db, [facilityId])).get(facilityId)!.policy;
}

async function requireFacility(db: Db, facilityId: string) {
  const facility = await db.selectFrom('facility').select(['id', 'name', 'level']).where('id', '=', facilityId).executeTakeFirst();
  if (!facility) throw notFound('未找到该医疗机构', 'facilityId');
  return facility;
}

export async function bookingRules(deps: AppDeps, facilityId: string) {
  await requireFacility(deps.database.db, facilityId);
  const { policy, isDefault } = (await policiesFor(deps.database.db, [facilityId])).get(facilityId)!;
  return { facilityId, policy, isDefault, items: explainBookingPolicy(policy, { feePayableOnline: FEE_PAYABLE_ONLINE }) };
}

/** Community admins set a facility's rules; they apply to bookings made from now on. */
export async function updatePolicy(deps: AppDeps, staff: StaffActor, facilityId: string, policy: BookingPolicy) {
  await requireFacility(deps.database.db, facilityId);
  await repo.savePolicy(deps.database.db, deps.database.dialect, { facility_id: facilityId, policy: JSON.stringify(policy), updated_by: staff.staffId, updated_at: deps.clock.now() });
  await availabilityChanged(deps, [facilityId]);
  return bookingRules(deps, facilityId);
}

// ---- schedule views -------------------------------------------------------------------------------

function reserveReleased(policy: BookingPolicy, s: { date: string; start_time: string }, now: number): boolean {
  return now >= referralReserveReleasesAt(policy, s.date, s.start_time);
}

function scheduleDetail(row: repo.ScheduleRow, slots: SlotTable[], waiting: number, policy: BookingPolicy, now: number): ScheduleDetail {
  const released = reserveReleased(policy, row, now);
  const opensAt = bookingOpensAt(policy, row.date);
  const stopped = row.status !== 'open';
  let remaining = 0;
  let referralRemaining = 0;
  let capacity = 0;
  let upcoming = false;
  const slotViews: Slot[] = slots.map((s) => {
    const avail = slotAvailability({ capacity: s.capacity, booked: s.booked, held: s.held, referralReserved: s.referral_reserved, referralBooked: s.referral_booked }, released);
    const started = now >= toEpochMs(row.date, s.start_time);
    capacity += s.capacity;
    if (!started) {
      upcoming = true;
      remaining += avail.publicRemaining;
      referralRemaining += avail.referralRemaining;
    }
    const state = stopped ? 'stopped' : started ? 'started' : now < opensAt ? 'not_open' : avail.publicRemaining > 0 ? 'available' : 'full';
    return {
      id: s.id,
      startTime: s.start_time,
      endTime: s.end_time,
      capacity: s.capacity,
      booked: s.booked,
      held: s.held,
      referralReserved: s.referral_reserved,
      referralBooked: s.referral_booked,
      remaining: avail.publicRemaining,
      referralRemaining: avail.referralRemaining,
      state,
    };
  });
  const bookingOpen = !stopped && now >= opensAt && upcoming;
  const closesAt = waitlistClosesAt(policy, row.date);
  const period = row.period as SessionPeriod;
  return {
    id: row.id,
    facility: { id: row.facility_id, name: row.facility_name, shortName: row.facility_short_name, township: row.facility_township, level: row.facility_level },
    department: { id: row.department_id, name: row.department_name },
    doctor: {
      id: row.doctor_id,
      name: row.doctor_name,
      title: row.doctor_title as DoctorTitle,
      titleLabel: DOCTOR_TITLE_LABELS[row.doctor_title as DoctorTitle],
      specialty: row.doctor_specialty,
      isCountyExpert: row.doctor_is_county_expert === 1,
      homeFacilityName: row.home_facility_name,
    },
    date: row.date,
    weekday: isoWeekday(row.date),
    weekdayLabel: WEEKDAY_LABELS[isoWeekday(row.date)],
    period,
    periodLabel: SESSION_PERIOD_LABELS[period],
    startTime: row.start_time,
    endTime: row.end_time,
    segmentMinutes: row.segment_minutes,
    feeFen: row.fee_fen,
    feeYuan: fenToYuan(row.fee_fen),
    feePayableOnline: FEE_PAYABLE_ONLINE,
    isVisiting: row.is_visiting === 1,
    status: row.status as 'open' | 'stopped',
    stopReason: row.stop_reason,
    capacity,
    remaining,
    referralRemaining,
    opensAt,
    bookingOpen,
    referralReleasesAt: referralReserveReleasesAt(policy, row.date, row.start_time),
    waitlist: { open: bookingOpen && remaining === 0 && now < closesAt, closesAt, waiting },
    slots: slotViews,
  };
}

async function scheduleDetails(deps: AppDeps, db: Db, rows: repo.ScheduleRow[]): Promise<ScheduleDetail[]> {
  const ids = rows.map((r) => r.id);
  const slots = new Map<string, SlotTable[]>();
  for (const s of await repo.slotsOf(db, ids)) slots.set(s.schedule_id, [...(slots.get(s.schedule_id) ?? []), s]);
  const waiting = await repo.waitingCounts(db, ids);
  const policies = await policiesFor(db, rows.map((r) => r.facility_id));
  const now = deps.clock.now();
  return rows.map((r) => scheduleDetail(r, slots.get(r.id) ?? [], waiting.get(r.id) ?? 0, policies.get(r.facility_id)!.policy, now));
}

const withoutSlots = ({ slots: _slots, ...schedule }: ScheduleDetail) => schedule;

function dateRange(deps: AppDeps, q: { from?: string; to?: string }, defaultDays: number) {
  const from = q.from ?? localDate(deps.clock.now());
  const to = q.to ?? addDays(from, defaultDays);
  if (to < from) throw badRequest('结束日期不能早于开始日期', 'to');
  if (to > addDays(from, MAX_RANGE_DAYS)) throw badRequest(`一次最多查询${MAX_RANGE_DAYS}天`, 'to');
  return { from, to };
}

// ---- availability cache ---------------------------------------------------------------------------

/**
 * Availability (the schedule search) is read far more often than places change, above all when a
 * popular expert's places open at 08:00, so answers are kept in KV, each for the one second of the
 * clock it was computed for (states depend on the time: a segment starting, a release). A change
 * of places bumps its facility's version after the commit: a reader that loaded the old rows
 * before the commit stored them under the old version, which nobody reads any more. The second
 * bounds everything else: renamed doctors, and changes made in other modules' transactions (a
 * payment timeout freeing a place).
 */
const AVAILABILITY_TTL_MS = 1000;
const VERSION_TTL_MS = 365 * 24 * 3600_000;
const availabilityVersionKey = (facilityId: string | undefined) => `availability:version:${facilityId ?? 'all'}`;
/** Concurrent misses of one key in this process share one load, so an expiry under load costs one query set, not one per request. */
const availabilityLoads = new Map<string, Promise<unknown>>();
/**
 * Under a rush even one KV round trip per answer is most of an answer's cost, so this process also
 * keeps each answer for a quarter of a second (within its clock second): another instance's
 * change shows here within 250 ms, this instance's own changes at once (availabilityChanged).
 */
const NEAR_MS = 250;
const nearAnswers = new Map<string, { value: unknown; second: number; until: number }>();
/** Bumped by every local change, so an answer read before the change is not kept after it. */
let nearGeneration = 0;

/**
 * One round trip per answer: the facility's version and the stored answer come together, and the
 * answer counts only if it was stored under that version for this second.
 */
async function cachedAvailability<T>(deps: AppDeps, facilityId: string | undefined, key: string, load: () => Promise<T>): Promise<T> {
  const entryKey = `availability:${facilityId ?? 'all'}:${key}`;
  const second = Math.floor(deps.clock.now() / AVAILABILITY_TTL_MS);
  const near = nearAnswers.get(entryKey);
  if (near && near.second === second && performance.now() < near.until) return near.value as T;
  const generation = nearGeneration;
  const [version, hit] = await deps.kv.getMany([availabilityVersionKey(facilityId), entryKey]).catch(() => [undefined, null]);
  // The cache is an optimisation: when KV is down, answer from the database.
  if (version === undefined) return load();
  const stamp = `${version ?? 0}:${second}\n`;
  const keep = (value: T) => {
    if (generation !== nearGeneration) return value;
    if (nearAnswers.size >= 1000) for (const [k, e] of nearAnswers) if (performance.now() >= e.until) nearAnswers.delete(k);
    if (nearAnswers.size < 1000) nearAnswers.set(entryKey, { value, second, until: performance.now() + NEAR_MS });
    return value;
  };
  if (hit?.startsWith(stamp)) return keep(JSON.parse(hit.slice(stamp.length)) as T);
  let loading = availabilityLoads.get(stamp + entryKey) as Promise<T> | undefined;
  if (!loading) {
    loading = load().finally(() => availabilityLoads.delete(stamp + entryKey));
    availabilityLoads.set(stamp + entryKey, loading);
    const value = await loading;
    await deps.kv.set(entryKey, stamp + JSON.stringify(value), AVAILABILITY_TTL_MS).catch(() => {});
    return keep(value);
  }
  return loading;
}

/** Call after the commit of any change of places, schedules or rules at these facilities. */
export async function availabilityChanged(deps: AppDeps, facilityIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(facilityIds)];
  if (!ids.length) return;
  nearGeneration += 1;
  const scopes = [...ids, 'all'].map((id) => `availability:${id}:`);
  for (const k of nearAnswers.keys()) if (scopes.some((scope) => k.startsWith(scope))) nearAnswers.delete(k);
  const keys = ids.map(availabilityVersionKey);
  await Promise.all([...keys, availabilityVersionKey(undefined)].map((k) => deps.kv.incr(k, VERSION_TTL_MS))).catch((err) => {
    deps.logger.warn({ err }, 'availability cache not invalidated; answers refresh within a second');
  });
}

async function facilitiesOfSchedules(db: Db, scheduleIds: string[]): Promise<string[]> {
  if (!scheduleIds.length) return [];
  return (await db.selectFrom('schedule').select('facility_id').distinct().where('id', 'in', [...new Set(scheduleIds)]).execute()).map((s) => s.facility_id);
}

// ---- search (mini-program) ---------------------------------------------------------------------------

/** Open schedules by facility, department, doctor, township, or visiting experts (专家来我乡). */
export async function searchSchedules(deps: AppDeps, q: ScheduleSearchQuery) {
  const { from, to } = dateRange(deps, q, DEFAULT_BOOKING_POLICY.windowDays);
  const filter = { facilityId: q.facilityId, departmentId: q.departmentId, doctorId: q.doctorId, township: q.township, visiting: q.visiting, from, to };
  return cachedAvailability(deps, q.facilityId, JSON.stringify(filter), async () => {
    const rows = await repo.listSchedules(deps.database.db, {
      facilityIds: q.facilityId ? [q.facilityId] : undefined,
      departmentId: q.departmentId,
      doctorIds: q.doctorId ? [q.doctorId] : undefined,
      township: q.township,
      visiting: q.visiting,
      from,
      to,
      openOnly: true,
    });
    return (await scheduleDetails(deps, deps.database.db, rows)).map(withoutSlots);
  });
}

export async function getScheduleDetail(deps: AppDeps, scheduleId: string): Promise<ScheduleDetail> {
  const row = await repo.getSchedule(deps.database.db, scheduleId);
  if (!row) throw notFound('未找到该排班', 'scheduleId');
  return (await scheduleDetails(deps, deps.database.db, [row]))[0];
}

/** Doctors by name, with where and when they see patients in the coming week. */
export async function searchDoctors(deps: AppDeps, name: string) {
  const db = deps.database.db;
  // LIKE wildcards cannot be escaped the same way on both engines, and no name contains them.
  const plain = name.replace(/[\\%_]/g, '');
  if (!plain) return [];
  const pattern = `%${plain}%`;
  const doctors = await db
    .selectFrom('doctor as d')
    .innerJoin('facility as f', 'f.id', 'd.facility_id')
    .innerJoin('department as dep', 'dep.id', 'd.department_id')
    .select(['d.id', 'd.name', 'd.title', 'd.specialty', 'd.is_county_expert', 'f.id as facility_id', 'f.name as facility_name', 'dep.id as department_id', 'dep.name as department_name'])
    .where('d.name', 'like', pattern)
    .orderBy('f.sort_order')
    .orderBy('d.code')
    .limit(30)
    .execute();
  const today = localDate(deps.clock.now());
  const rows = await repo.listSchedules(db, { doctorIds: doctors.map((d) => d.id), from: today, to: addDays(today, DEFAULT_BOOKING_POLICY.windowDays), openOnly: true });
  const schedules = (await scheduleDetails(deps, db, rows)).map(withoutSlots);
  return doctors.map((d) => ({
    id: d.id,
    name: d.name,
    title: d.title as DoctorTitle,
    titleLabel: DOCTOR_TITLE_LABELS[d.title as DoctorTitle],
    specialty: d.specialty,
    isCountyExpert: d.is_county_expert === 1,
    facility: { id: d.facility_id, name: d.facility_name },
    department: { id: d.department_id, name: d.department_name },
    upcoming: schedules.filter((s) => s.doctor.id === d.id),
  }));
}

// ---- schedules (console) --------------------------------------------------------------------------------

/** Staff act only at their own facilities; any other facility is 404. */
export function requireFacilityInScope(staff: StaffActor, facilityId: string, field = 'facilityId') {
  if (!staff.facilityIds.includes(facilityId)) throw notFound('未找到该医疗机构', field);
}

type TemplateEntry = Omit<CreateSchedule, 'facilityId' | 'date'>;

/** A template line checked against the facility, with its segments worked out. */
export interface ValidEntry {
  entry: TemplateEntry;
  isVisiting: boolean;
  startTime: string;
  endTime: string;
  segmentMinutes: number;
  segments: { startTime: string; endTime: string }[];
  reserved: number;
}

async function validateEntry(db: Db, facility: { id: string; level: string }, entry: TemplateEntry, prefix: string): Promise<ValidEntry> {
  const dept = await db.selectFrom('department').select('id').where('id', '=', entry.departmentId).where('facility_id', '=', facility.id).executeTakeFirst();
  if (!dept) throw badRequest('该科室不属于本机构', `${prefix}departmentId`);
  const doctor = await db.selectFrom('doctor').select(['id', 'facility_id', 'is_county_expert']).where('id', '=', entry.doctorId).executeTakeFirst();
  if (!doctor) throw badRequest('未找到该医生', `${prefix}doctorId`);
  const own = doctor.facility_id === facility.id;
  // 专家下沉: a county expert may hold sessions at townships and villages.
  const visiting = !own && doctor.is_county_expert === 1 && (facility.level === 'township' || facility.level === 'village');
  if (!own && !visiting) throw badRequest('该医生不在本机构执业，也不是下沉坐诊的县级专家', `${prefix}doctorId`);
  const startTime = entry.startTime ?? DEFAULT_SESSION_TIMES[entry.period].startTime;
  const endTime = entry.endTime ?? DEFAULT_SESSION_TIMES[entry.period].endTime;
  const segmentMinutes = entry.segmentMinutes ?? DEFAULT_SEGMENT_MINUTES;
  const split = splitSession(startTime, endTime, segmentMinutes);
  if (!split.ok) throw badRequest(split.message, `${prefix}${split.field}`);
  const reserved = entry.referralReservedPerSegment ?? 0;
  if (reserved > entry.capacityPerSegment) throw badRequest('转诊预留数不能超过每段号源数', `${prefix}referralReservedPerSegment`);
  return { entry, isVisiting: visiting, startTime, endTime, segmentMinutes, segments: split.segments, reserved };
}

export function sessionKey(doctorId: string, date: string, period: string) {
  return `${doctorId}:${date}:${period}`;
}

export function buildSchedule(now: number, createdBy: string | null, facilityId: string, date: string, v: ValidEntry): { schedule: ScheduleTable; slots: SlotTable[] } {
  const id = newId(now);
  return {
    schedule: {
      id,
      facility_id: facilityId,
      department_id: v.entry.departmentId,
      doctor_id: v.entry.doctorId,
      date,
      period: v.entry.period,
      start_time: v.startTime,
      end_time: v.endTime,
      segment_minutes: v.segmentMinutes,
      fee_fen: v.entry.feeFen,
      is_visiting: v.isVisiting ? 1 : 0,
      status: 'open',
      stop_reason: null,
      active_key: sessionKey(v.entry.doctorId, date, v.entry.period),
      created_by: createdBy,
      created_at: now,
      updated_at: now,
    },
    slots: v.segments.map((seg, i) => ({
      id: newId(now),
      schedule_id: id,
      seq: i + 1,
      start_time: seg.startTime,
      end_time: seg.endTime,
      capacity: v.entry.capacityPerSegment,
      booked: 0,
      held: 0,
      referral_reserved: v.reserved,
      referral_booked: 0,
      open: 1,
    })),
  };
}

function checkScheduleDate(deps: AppDeps, date: string, field: string) {
  const today = localDate(deps.clock.now());
  if (date < today) throw badRequest('不能为过去的日期排班', field);
  if (date > addDays(today, MAX_SCHEDULE_AHEAD_DAYS)) throw badRequest(`最多提前${MAX_SCHEDULE_AHEAD_DAYS}天排班`, field);
}

export async function createSchedule(deps: AppDeps, staff: StaffActor, input: CreateSchedule): Promise<ScheduleDetail> {
  requireFacilityInScope(staff, input.facilityId);
  const db = deps.database.db;
  const facility = await requireFacility(db, input.facilityId);
  checkScheduleDate(deps, input.date, 'date');
  const valid = await validateEntry(db, facility, input, '');
  const { schedule, slots } = buildSchedule(deps.clock.now(), staff.staffId, facility.id, input.date, valid);
  try {
    await db.transaction().execute((tx) => repo.insertSchedule(tx, schedule, slots));
  } catch (err) {
    if (uniqueViolation(err) === 'active_key') throw conflict('该医生在这个时段已有排班', 'doctorId');
    throw err;
  }
  await availabilityChanged(deps, [facility.id]);
  return getScheduleDetail(deps, schedule.id);
}

/** 按周模板批量排班: every date of the range whose weekday matches a template line; taken sessions are skipped. */
export async function createSchedulesFromTemplate(deps: AppDeps, staff: StaffActor, input: BulkSchedules) {
  requireFacilityInScope(staff, input.facilityId);
  const db = deps.database.db;
  const facility = await requireFacility(db, input.facilityId);
  checkScheduleDate(deps, input.from, 'from');
  checkScheduleDate(deps, input.to, 'to');
  if (input.to < input.from) throw badRequest('结束日期不能早于开始日期', 'to');
  const valid: ValidEntry[] = [];
  for (const [i, entry] of input.template.entries()) valid.push(await validateEntry(db, facility, entry, `template.${i}.`));
  const now = deps.clock.now();
  const planned: { date: string; v: ValidEntry }[] = [];
  for (let date = input.from; date <= input.to; date = addDays(date, 1)) {
    input.template.forEach((entry, i) => {
      if (entry.weekday === isoWeekday(date)) planned.push({ date, v: valid[i] });
    });
  }
  const result = await inTransaction(deps, async (tx) => {
    const taken = await repo.openSessionKeys(tx, planned.map((p) => sessionKey(p.v.entry.doctorId, p.date, p.v.entry.period)));
    const created: { id: string; date: string; period: SessionPeriod; doctorId: string }[] = [];
    const skipped: { date: string; period: SessionPeriod; doctorId: string; reason: string }[] = [];
    for (const p of planned) {
      const key = sessionKey(p.v.entry.doctorId, p.date, p.v.entry.period);
      const ref = { date: p.date, period: p.v.entry.period, doctorId: p.v.entry.doctorId };
      if (taken.has(key)) {
        skipped.push({ ...ref, reason: '该医生这个时段已有排班' });
        continue;
      }
      taken.add(key);
      const { schedule, slots } = buildSchedule(now, staff.staffId, facility.id, p.date, p.v);
      await repo.insertSchedule(tx, schedule, slots);
      created.push({ id: schedule.id, ...ref });
    }
    return { created, skipped };
  });
  await availabilityChanged(deps, [facility.id]);
  return result;
}

async function requireStaffSchedule(deps: AppDeps, staff: StaffActor, scheduleId: string) {
  const row = await repo.getSchedule(deps.database.db, scheduleId);
  if (!row || !staff.facilityIds.includes(row.facility_id)) throw notFound('未找到该排班', 'scheduleId');
  return row;
}

export async function listStaffSchedules(deps: AppDeps, staff: StaffActor, q: { facilityId: string; from: string; to?: string; departmentId?: string }) {
  requireFacilityInScope(staff, q.facilityId);
  const { from, to } = dateRange(deps, q, 6);
  const rows = await repo.listSchedules(deps.database.db, { facilityIds: [q.facilityId], departmentId: q.departmentId, from, to });
  return scheduleDetails(deps, deps.database.db, rows);
}

export async function getStaffSchedule(deps: AppDeps, staff: StaffActor, scheduleId: string) {
  const row = await requireStaffSchedule(deps, staff, scheduleId);
  return (await scheduleDetails(deps, deps.database.db, [row]))[0];
}

/** Changes the fee (for new bookings) or the places per segment; places already taken must still fit. */
export async function updateSchedule(deps: AppDeps, staff: StaffActor, scheduleId: string, patch: { feeFen?: number; capacityPerSegment?: number; referralReservedPerSegment?: number }) {
  const row = await requireStaffSchedule(deps, staff, scheduleId);
  if (row.status !== 'open') throw conflict('已停诊的排班不能修改', 'scheduleId');
  await inTransaction(deps, async (tx) => {
    if (patch.feeFen !== undefined) await repo.updateScheduleFee(tx, scheduleId, patch.feeFen, deps.clock.now());
    if (patch.capacityPerSegment !== undefined || patch.referralReservedPerSegment !== undefined) {
      for (const slot of await repo.slotsOf(tx, [scheduleId])) {
        const capacity = patch.capacityPerSegment ?? slot.capacity;
        const reserved = patch.referralReservedPerSegment ?? slot.referral_reserved;
        if (reserved > capacity) throw badRequest('转诊预留数不能超过每段号源数', 'referralReservedPerSegment');
        if (!(await repo.resizeSlot(tx, slot.id, capacity, reserved))) {
          throw conflict(`${slot.start_time}-${slot.end_time} 已预约的号数超过新的号源数，不能减少到这个数`, patch.capacityPerSegment !== undefined ? 'capacityPerSegment' : 'referralReservedPerSegment');
        }
      }
      await offerFreedPlaces(deps, tx, scheduleId);
    }
  });
  await availabilityChanged(deps, [row.facility_id]);
  return getStaffSchedule(deps, staff, scheduleId);
}

/**
 * 停诊: cancels every booking of the schedule with the reason, frees each place exactly once (the
 * guarded status change), tells each patient, and closes the waitlist.
 */
export async function stopSchedule(deps: AppDeps, staff: StaffActor, scheduleId: string, reason: string, requestId?: string) {
  const row = await requireStaffSchedule(deps, staff, scheduleId);
  const now = deps.clock.now();
  const cancelled = await inTransaction(deps, async (tx) => {
    if (!(await repo.stopSchedule(tx, scheduleId, reason, now))) throw conflict('该排班已停诊', 'scheduleId');
    const bookings = await repo.activeBookingsOfSchedule(tx, deps.database.dialect, scheduleId, BOOKING_ACTIONS.stop.from);
    let count = 0;
    for (const b of bookings) {
      if (!(await applyBookingAction(deps, tx, b, 'stop', { type: 'staff', staffId: staff.staffId }, reason))) continue;
      count += 1;
      await recordStaffAccess(deps, tx, { staff, personId: b.person_id, facilityId: b.facility_id, action: 'booking.update', detail: '停诊取消预约', reason, requestId });
      const view = (await repo.getBookingView(tx, b.id))!;
      await notify(deps, tx, { ...bookingCancelledByFacility({ ...bookingFacts(view), reason }), eventKey: `booking_cancelled_by_facility:${b.id}`, personId: b.person_id });
    }
    for (const offer of await repo.offeredEntriesOf(tx, scheduleId)) {
      if (await repo.changeWaitlistStatus(tx, offer.id, 'offered', { status: 'closed', active_key: null, updated_at: now })) await repo.releaseHold(tx, offer.offered_slot_id!);
    }
    await repo.closeWaiting(tx, scheduleId, now);
    return count;
  });
  await availabilityChanged(deps, [row.facility_id]);
  return { schedule: await getStaffSchedule(deps, staff, scheduleId), cancelledBookings: cancelled };
}


// ---- the booking state machine ---------------------------------------------------------------------------------

/**
 * Applies one change to a booking, guarded by its current status. Only the caller whose UPDATE
 * matched records the event and frees the place, so a place is freed exactly once however many
 * changes race. Returns false when the booking had already moved on.
 */
export async function applyBookingAction(
  deps: AppDeps,
  tx: Db,
  booking: { id: string; slot_id: string; schedule_id: string; source: string },
  action: BookingAction,
  actor: BookingActor,
  reason: string | null,
  opts: { from?: readonly BookingStatus[]; lateCancel?: boolean } = {},
): Promise<boolean> {
  const { to, freesPlace } = BOOKING_ACTIONS[action];
  const from = opts.from ?? BOOKING_ACTIONS[action].from;
  const now = deps.clock.now();
  const ends = !isActiveBooking(to);
  // The status as it is now, under the row's lock: the event records the true 'from', and the
  // UPDATE below still applies only if nobody changed it meanwhile.
  const current = await repo.currentStatus(tx, deps.database.dialect, booking.id);
  if (!current || !from.includes(current)) return false;
  const changed = await repo.changeStatus(tx, booking.id, [current], {
    status: to,
    ...(ends ? { active_key: null } : {}),
    ...(reason !== null ? { status_reason: reason } : {}),
    ...(opts.lateCancel ? { late_cancel: 1 } : {}),
    updated_at: now,
  });
  if (!changed) return false;
  await repo.insertEvent(tx, {
    id: newId(now),
    booking_id: booking.id,
    at: now,
    actor_type: actor.type,
    actor_id: actor.type === 'resident' ? actor.accountId : actor.type === 'staff' ? actor.staffId : null,
    from_status: current,
    to_status: to,
    reason,
  });
  // The registration fee follows (payments module): refunded when a paid booking ends, the order closed when an unpaid one does.
  await settleBookingFee(deps, tx, booking.id, action, opts.lateCancel ?? false);
  if (freesPlace) {
    await repo.freePlace(tx, booking.slot_id, booking.source === 'referral');
    // A stopped schedule has no places to give; anything else offers the place to the waitlist.
    if (action !== 'stop') await offerFreedPlaces(deps, tx, booking.schedule_id);
  }
  return true;
}

function notAllowed(status: string, what: string) {
  return conflict(`该预约${BOOKING_STATUS_LABELS[status as BookingStatus] ?? status}，不能${what}`, 'bookingId');
}

// ---- booking views ---------------------------------------------------------------------------------------

function bookingFields(row: repo.BookingRow, policy: BookingPolicy, now: number) {
  const status = row.status as BookingStatus;
  const deadline = cancelDeadline(policy, row.date);
  const period = row.period as SessionPeriod;
  return {
    id: row.id,
    status,
    statusLabel: BOOKING_STATUS_LABELS[status],
    statusReason: row.status_reason,
    source: row.source as BookingSource,
    referralId: row.referral_id,
    scheduleId: row.schedule_id,
    slotId: row.slot_id,
    facility: { id: row.facility_id, name: row.facility_name },
    department: { id: row.department_id, name: row.department_name },
    doctor: { id: row.doctor_id, name: row.doctor_name, titleLabel: DOCTOR_TITLE_LABELS[row.doctor_title as DoctorTitle] },
    isVisiting: row.is_visiting === 1,
    date: row.date,
    weekdayLabel: WEEKDAY_LABELS[isoWeekday(row.date)],
    period,
    periodLabel: SESSION_PERIOD_LABELS[period],
    startTime: row.start_time,
    endTime: row.end_time,
    feeFen: row.fee_fen,
    feePayableOnline: FEE_PAYABLE_ONLINE,
    holdExpiresAt: row.hold_expires_at === null ? null : Number(row.hold_expires_at),
    lateCancel: row.late_cancel === 1,
    cancelDeadline: deadline,
    canCancel: canApply('cancel', status) && now < toEpochMs(row.date, row.start_time),
    cancelCountsAsNoShow: now >= deadline,
    canCheckIn: status === 'confirmed' && localDate(now) === row.date && now < toEpochMs(row.date, row.end_time),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

async function eventViews(db: Db, ids: string[]) {
  const byBooking = new Map<string, StaffBooking['events']>();
  for (const e of await repo.eventsOf(db, ids)) {
    const actorType = e.actor_type as 'resident' | 'staff' | 'system';
    const actorName = actorType === 'staff' ? (e.staff_name ?? '工作人员') : actorType === 'resident' ? '居民' : '系统';
    const list = byBooking.get(e.booking_id) ?? [];
    list.push({ at: Number(e.at), actorType, actorName, fromStatus: e.from_status as BookingStatus | null, toStatus: e.to_status as BookingStatus, reason: e.reason });
    byBooking.set(e.booking_id, list);
  }
  return byBooking;
}

/** Bookings as a resident sees them: the patient's name masked, with their 就诊人 id on this account. */
export async function residentBookingViews(deps: AppDeps, db: Db, rows: repo.BookingRow[], memberOf: Map<string, string>): Promise<Booking[]> {
  const policies = await policiesFor(db, rows.map((r) => r.facility_id));
  const now = deps.clock.now();
  return rows.map((r) => residentView(r, policies.get(r.facility_id)!.policy, memberOf.get(r.person_id) ?? null, now));
}

function residentView(r: repo.BookingRow, policy: BookingPolicy, memberId: string | null, now: number): Booking {
  return { ...bookingFields(r, policy, now), patient: { personId: r.person_id, memberId, name: maskName(r.person_name) } };
}

async function staffBookingViews(deps: AppDeps, rows: repo.BookingRow[]): Promise<StaffBooking[]> {
  const db = deps.database.db;
  const policies = await policiesFor(db, rows.map((r) => r.facility_id));
  const events = await eventViews(db, rows.map((r) => r.id));
  const now = deps.clock.now();
  const today = localDate(now);
  return rows.map((r) => ({
    ...bookingFields(r, policies.get(r.facility_id)!.policy, now),
    patient: {
      personId: r.person_id,
      name: r.person_name,
      idNumber: maskResidentId(deps.crypto.decrypt(r.id_number_enc)),
      phone: r.phone_enc ? maskPhone(deps.crypto.decrypt(r.phone_enc)) : null,
      sex: r.sex as 'male' | 'female',
      age: ageOn(r.birth_date, today),
    },
    events: events.get(r.id) ?? [],
  }));
}

// ---- booking (resident) ---------------------------------------------------------------------------------------

async function familyPersons(deps: AppDeps, accountId: string): Promise<Map<string, string>> {
  const family = await identityRepo.listFamily(deps.database.db, accountId);
  return new Map(family.filter((m) => m.status === 'active').map((m) => [m.person_id, m.id]));
}

async function slotContext(db: Db, slotId: string) {
  const slot = await repo.getSlot(db, slotId);
  const schedule = slot && (await repo.getSchedule(db, slot.schedule_id));
  if (!slot || !schedule) throw notFound('未找到该号源', 'slotId');
  return { slot, schedule };
}

/** The per-person rules checked under the person's lock: suspension, one per department and day, the weekly limit. */
async function checkPersonLimits(db: Db, policy: BookingPolicy, personId: string, activeKey: string, date: string, today: string) {
  const { monday, sunday } = weekOf(date);
  const since = addDays(today, -(policy.noShowWithinDays + policy.suspendDays));
  const facts = await repo.personLimitFacts(db, { personId, since, activeKey, from: monday, to: sunday });
  const suspension = noShowSuspension(policy, facts.noShowDates, today);
  if (suspension.suspended) throw new AppError('BOOKING_SUSPENDED', suspension.message!, 'memberId');
  if (facts.holdsActiveKey) throw new AppError('LIMIT_REACHED', ONE_PER_DEPARTMENT_PER_DAY_MESSAGE, 'memberId');
  const weekly = checkWeeklyLimit(policy, facts.openInRange);
  if (!weekly.ok) throw new AppError('LIMIT_REACHED', weekly.message, 'memberId');
}

function bookingActiveKey(personId: string, departmentId: string, date: string) {
  return `${personId}:${departmentId}:${date}`;
}

function newBookingRow(
  now: number,
  slot: SlotTable,
  schedule: repo.ScheduleRow,
  personId: string,
  by: { accountId?: string; staffId?: string },
  source: BookingSource,
  extra: { requestKey?: string; referralId?: string; status?: BookingStatus } = {},
) {
  return {
    id: newId(now),
    slot_id: slot.id,
    schedule_id: schedule.id,
    facility_id: schedule.facility_id,
    department_id: schedule.department_id,
    doctor_id: schedule.doctor_id,
    date: schedule.date,
    start_time: slot.start_time,
    end_time: slot.end_time,
    person_id: personId,
    booked_by_account_id: by.accountId ?? null,
    booked_by_staff_id: by.staffId ?? null,
    source,
    referral_id: extra.referralId ?? null,
    // Referral bookings are made by staff for the patient: their fee is paid at the desk.
    status: extra.status ?? initialBookingStatus(schedule.fee_fen, FEE_PAYABLE_ONLINE && source !== 'referral'),
    active_key: bookingActiveKey(personId, schedule.department_id, schedule.date),
    request_key: extra.requestKey ?? null,
    fee_fen: schedule.fee_fen,
    hold_expires_at: null,
    late_cancel: 0,
    status_reason: null,
    created_at: now,
    updated_at: now,
  };
}

async function insertNewBooking(tx: Db, row: ReturnType<typeof newBookingRow>, actor: BookingActor) {
  await repo.insertBooking(tx, row);
  await repo.insertEvent(tx, {
    id: newId(row.created_at),
    booking_id: row.id,
    at: row.created_at,
    actor_type: actor.type,
    actor_id: actor.type === 'resident' ? actor.accountId : actor.type === 'staff' ? actor.staffId : null,
    from_status: null,
    to_status: row.status,
    reason: null,
  });
}

async function myBooking(deps: AppDeps, actor: ResidentActor, bookingId: string): Promise<Booking> {
  const members = await familyPersons(deps, actor.accountId);
  const row = await repo.getBookingView(deps.database.db, bookingId);
  if (!row || !members.has(row.person_id)) throw notFound('未找到该预约', 'bookingId');
  return (await residentBookingViews(deps, deps.database.db, [row], members))[0];
}

/**
 * Books one public place for a family member. The place is taken by a conditional UPDATE on the
 * slot and the booking carries a unique active key (person, department, day), so neither
 * overselling nor a double booking can happen, whatever the concurrency. `idempotencyKey` also
 * lands in a unique column: a retry finds the first booking even if the KV answer was lost.
 *
 * No health-data consent (单独同意) is asked here, by decision: a registration is the service the
 * resident requests, it records only who, where and when (no clinical content), and it is shown
 * only to the family and to the facility's audited staff. Clinical content (a referral's summary)
 * stays behind the consent, see the referral module.
 */
export async function bookSlot(deps: AppDeps, actor: ResidentActor, input: { slotId: string; memberId: string }, idempotencyKey?: string): Promise<Booking> {
  const db = deps.database.db;
  const requestKey = idempotencyKey ? `${actor.accountId}:${idempotencyKey}` : undefined;
  // One read decides most attempts (in the 08:00 rush, most are refusals): the slot, its rules, the 就诊人 and an earlier answer.
  const found = await repo.slotForBooking(db, input.slotId, { accountId: actor.accountId, memberId: input.memberId, requestKey });
  if (!found) {
    await requireFamilyMember(deps, actor.accountId, input.memberId);
    throw notFound('未找到该号源', 'slotId');
  }
  if (found.memberPersonId === null) throw notFound('未找到该就诊人', 'memberId');
  if (found.earlierBookingId !== null) return myBooking(deps, actor, found.earlierBookingId);
  const personId = found.memberPersonId;
  const { slot, schedule } = found;
  if (schedule.status !== 'open') throw conflict(`该排班已停诊${schedule.stop_reason ? `（${schedule.stop_reason}）` : ''}，请选择其他号源`, 'slotId');
  const policy = found.policy === null ? DEFAULT_BOOKING_POLICY : BookingPolicySchema.parse(JSON.parse(found.policy));
  const now = deps.clock.now();
  const window = checkBookingWindow(policy, schedule.date, slot.start_time, now);
  if (!window.ok) throw new AppError('OUTSIDE_BOOKING_WINDOW', window.message, 'slotId');

  const released = reserveReleased(policy, schedule, now);
  const soldOut = () => new AppError('SOLD_OUT', `${slot.start_time}-${slot.end_time} 的号源已约满，请选择其他时段或登记候补`, 'slotId');
  // Refused without a transaction when the read already shows the segment full (a rush on a
  // popular expert); the conditional UPDATE below is what guarantees the count.
  const seen = { capacity: slot.capacity, booked: slot.booked, held: slot.held, referralReserved: slot.referral_reserved, referralBooked: slot.referral_booked };
  if (slotAvailability(seen, released).publicRemaining === 0) throw soldOut();

  const row = newBookingRow(now, slot, schedule, personId, { accountId: actor.accountId }, 'online', { requestKey });
  try {
    await inTransaction(deps, async (tx) => {
      // First statement: on MySQL the lock comes before any read, so the reads below see the latest rows.
      await repo.lockPerson(tx, deps.database.dialect, personId);
      await checkPersonLimits(tx, policy, personId, row.active_key, schedule.date, localDate(now));
      if (!(await repo.takePublicPlace(tx, slot.id, released))) throw soldOut();
      await insertNewBooking(tx, row, { type: 'resident', accountId: actor.accountId });
      if (row.status === 'pending_payment') await openBookingPayment(deps, tx, row, schedule);
    });
  } catch (err) {
    const key = uniqueViolation(err);
    if (key === 'active_key') throw new AppError('LIMIT_REACHED', ONE_PER_DEPARTMENT_PER_DAY_MESSAGE, 'memberId');
    if (key === 'request_key' && requestKey) return myBooking(deps, actor, (await repo.findByRequestKey(db, requestKey))!.id);
    throw err;
  }
  await availabilityChanged(deps, [schedule.facility_id]);
  // The answer from the rules and the member in hand: the view's one read is the new row with its names.
  const view = (await repo.getBookingView(db, row.id))!;
  return residentView(view, policy, input.memberId, now);
}

export async function listMyBookings(deps: AppDeps, actor: ResidentActor, q: { scope: 'upcoming' | 'past'; memberId?: string }) {
  const members = await familyPersons(deps, actor.accountId);
  let personIds = [...members.keys()];
  if (q.memberId) personIds = [(await requireFamilyMember(deps, actor.accountId, q.memberId)).personId];
  const rows = await repo.listBookingsOfPersons(deps.database.db, personIds, q.scope, localDate(deps.clock.now()));
  return residentBookingViews(deps, deps.database.db, rows, members);
}

export async function getMyBooking(deps: AppDeps, actor: ResidentActor, bookingId: string) {
  const booking = await myBooking(deps, actor, bookingId);
  return { ...booking, events: (await eventViews(deps.database.db, [bookingId])).get(bookingId) ?? [] };
}

/**
 * 退号. Before the deadline it is free; after it the resident must confirm `acceptNoShow`, and the
 * cancellation counts as a no-show. Once the segment has started it is a no-show, not a cancellation.
 */
export async function cancelMyBooking(deps: AppDeps, actor: ResidentActor, bookingId: string, input: { reason?: string; acceptNoShow?: boolean }) {
  const booking = await myBooking(deps, actor, bookingId);
  const row = (await repo.getBooking(deps.database.db, bookingId))!;
  if (!booking.canCancel) throw canApply('cancel', booking.status) ? conflict('就诊时段已开始，不能再取消', 'bookingId') : notAllowed(booking.status, '取消');
  const policy = await policyFor(deps.database.db, row.facility_id);
  const onTime = checkCancellation(policy, row.date, deps.clock.now());
  if (!onTime.ok && !input.acceptNoShow) throw new AppError('CANCEL_DEADLINE_PASSED', onTime.message, 'acceptNoShow');
  const changed = await inTransaction(deps, (tx) =>
    applyBookingAction(deps, tx, row, 'cancel', { type: 'resident', accountId: actor.accountId }, input.reason || (onTime.ok ? '居民退号' : '居民逾期退号'), { lateCancel: !onTime.ok }),
  );
  if (!changed) throw notAllowed((await repo.getBooking(deps.database.db, bookingId))!.status, '取消');
  await availabilityChanged(deps, [row.facility_id]);
  await followUpBookingFee(deps, bookingId);
  return getMyBooking(deps, actor, bookingId);
}

/** 签到 on the day, for a booking the facility confirmed. */
export async function checkInMyBooking(deps: AppDeps, actor: ResidentActor, bookingId: string) {
  const booking = await myBooking(deps, actor, bookingId);
  if (booking.status !== 'confirmed') throw notAllowed(booking.status, '签到');
  if (!booking.canCheckIn) throw conflict('只能在就诊当天、就诊时段结束前签到', 'bookingId');
  const row = (await repo.getBooking(deps.database.db, bookingId))!;
  const changed = await inTransaction(deps, (tx) => applyBookingAction(deps, tx, row, 'check_in', { type: 'resident', accountId: actor.accountId }, null, { from: ['confirmed'] }));
  if (!changed) throw notAllowed((await repo.getBooking(deps.database.db, bookingId))!.status, '签到');
  return getMyBooking(deps, actor, bookingId);
}

/** What stands between a family member and a booking at a facility, before they try. */
export async function eligibility(deps: AppDeps, actor: ResidentActor, q: { memberId: string; facilityId: string; date?: string }) {
  const member = await requireFamilyMember(deps, actor.accountId, q.memberId);
  const db = deps.database.db;
  await requireFacility(db, q.facilityId);
  const policy = await policyFor(db, q.facilityId);
  const today = localDate(deps.clock.now());
  const suspension = noShowSuspension(policy, await repo.noShowDates(db, member.personId, addDays(today, -(policy.noShowWithinDays + policy.suspendDays))), today);
  const { monday, sunday } = weekOf(q.date ?? today);
  const openInWeek = await repo.countActiveInRange(db, member.personId, monday, sunday);
  const weekly = checkWeeklyLimit(policy, openInWeek);
  return {
    memberId: q.memberId,
    facilityId: q.facilityId,
    suspended: suspension.suspended,
    suspendedUntil: suspension.suspendedUntil,
    recentNoShows: suspension.recentNoShows,
    openInWeek,
    maxOpenPerWeek: policy.maxOpenPerWeek,
    messages: [suspension.message, weekly.ok ? null : weekly.message].filter((m): m is string => m !== null),
  };
}

// ---- idempotency ------------------------------------------------------------------------------------------

type StoredAnswer = { state: 'pending'; fingerprint: string } | { state: 'done'; fingerprint: string; body?: unknown; error?: { code: string; message: string; field?: string } };

const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a request once per Idempotency-Key: the first caller claims the key in KV and stores its
 * answer (success or a client error); a retry gets that answer; a concurrent duplicate waits for
 * it. Without KV the request still runs: the booking's unique request key keeps it single.
 */
export async function idempotent<T>(deps: AppDeps, scope: string, key: string | undefined, input: unknown, run: () => Promise<T>): Promise<{ value: T; replayed: boolean }> {
  if (!key) return { value: await run(), replayed: false };
  const kvKey = `idem:${scope}:${key}`;
  const fingerprint = createHash('sha256').update(JSON.stringify(input)).digest('hex');
  let claimed: boolean;
  try {
    claimed = await deps.kv.setIfAbsent(kvKey, JSON.stringify({ state: 'pending', fingerprint } satisfies StoredAnswer), IDEMPOTENCY_TTL_MS);
  } catch {
    return { value: await run(), replayed: false };
  }
  if (!claimed) return { value: (await awaitStoredAnswer<T>(deps, kvKey, fingerprint)) as T, replayed: true };
  try {
    const value = await run();
    await deps.kv.set(kvKey, JSON.stringify({ state: 'done', fingerprint, body: value } satisfies StoredAnswer), IDEMPOTENCY_TTL_MS).catch(() => {});
    return { value, replayed: false };
  } catch (err) {
    if (err instanceof AppError && err.status < 500) {
      const error = { code: err.code, message: err.message, field: err.field };
      await deps.kv.set(kvKey, JSON.stringify({ state: 'done', fingerprint, error } satisfies StoredAnswer), IDEMPOTENCY_TTL_MS).catch(() => {});
    } else {
      // A server fault is not an answer: let the retry run again.
      await deps.kv.del(kvKey).catch(() => {});
    }
    throw err;
  }
}

async function awaitStoredAnswer<T>(deps: AppDeps, kvKey: string, fingerprint: string): Promise<T> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const raw = await deps.kv.get(kvKey).catch(() => null);
    const stored = raw ? (JSON.parse(raw) as StoredAnswer) : null;
    if (stored && stored.fingerprint !== fingerprint) throw conflict('该 Idempotency-Key 已用于另一个请求，请为新的预约生成新的 Key', 'Idempotency-Key');
    if (stored?.state === 'done') {
      if (stored.error) throw new AppError(stored.error.code as AppError['code'], stored.error.message, stored.error.field);
      return stored.body as T;
    }
    if (!stored) break;
    await sleep(50);
  }
  throw conflict('相同的预约请求正在处理中，请稍后查看“我的预约”', 'Idempotency-Key');
}

// ---- staff: the booking queue -----------------------------------------------------------------------------------

export async function facilityQueue(deps: AppDeps, staff: StaffActor, q: { facilityId: string; date: string; status?: BookingStatus; departmentId?: string }, requestId?: string) {
  requireFacilityInScope(staff, q.facilityId);
  const rows = await repo.listFacilityBookings(deps.database.db, q);
  for (const personId of new Set(rows.map((r) => r.person_id))) {
    await recordStaffAccess(deps, deps.database.db, { staff, personId, facilityId: q.facilityId, action: 'booking.view', detail: `预约队列 ${q.date}`, requestId });
  }
  return staffBookingViews(deps, rows);
}

async function requireStaffBooking(deps: AppDeps, staff: StaffActor, bookingId: string) {
  const row = await repo.getBookingView(deps.database.db, bookingId);
  if (!row || !staff.facilityIds.includes(row.facility_id)) throw notFound('未找到该预约', 'bookingId');
  return row;
}

export async function getStaffBooking(deps: AppDeps, staff: StaffActor, bookingId: string, requestId?: string) {
  const row = await requireStaffBooking(deps, staff, bookingId);
  await recordStaffAccess(deps, deps.database.db, { staff, personId: row.person_id, facilityId: row.facility_id, action: 'booking.view', detail: '预约详情', requestId });
  return (await staffBookingViews(deps, [row]))[0];
}

const STAFF_ACTION_WORDS: Partial<Record<BookingAction, string>> = { confirm: '确认', reject: '拒绝', check_in: '签到', complete: '完成就诊', no_show: '标记爽约' };

/** Confirm, reject, check in, complete or mark a no-show, with the rule each one has on time. */
export async function staffBookingAction(
  deps: AppDeps,
  staff: StaffActor,
  bookingId: string,
  action: 'confirm' | 'reject' | 'check_in' | 'complete' | 'no_show',
  reason: string | null,
  requestId?: string,
) {
  const row = await requireStaffBooking(deps, staff, bookingId);
  const words = STAFF_ACTION_WORDS[action]!;
  if (!canApply(action, row.status as BookingStatus)) throw notAllowed(row.status, words);
  const now = deps.clock.now();
  if (action === 'check_in' && localDate(now) !== row.date) throw conflict('只能在就诊当天签到', 'bookingId');
  if (action === 'no_show' && now < toEpochMs(row.date, row.start_time)) throw conflict('就诊时段尚未开始，不能标记爽约', 'bookingId');
  const changed = await inTransaction(deps, async (tx) => {
    if (!(await applyBookingAction(deps, tx, row, action, { type: 'staff', staffId: staff.staffId }, reason))) return false;
    await recordStaffAccess(deps, tx, { staff, personId: row.person_id, facilityId: row.facility_id, action: 'booking.update', detail: `${words}预约`, reason: reason ?? undefined, requestId });
    // The patient is at the desk: register them at this facility (建档), as a scanned health card does.
    if (action === 'check_in') await identityRepo.registerPatientAt(tx, row.person_id, row.facility_id, 'booking', now, deps.database.dialect);
    if (action === 'confirm' || action === 'reject') {
      const content = action === 'confirm' ? bookingConfirmed(bookingFacts(row)) : bookingRejected({ ...bookingFacts(row), reason: reason ?? '' });
      await notify(deps, tx, { ...content, eventKey: `${content.type}:${row.id}`, personId: row.person_id });
    }
    return true;
  });
  if (!changed) throw notAllowed((await repo.getBooking(deps.database.db, bookingId))!.status, words);
  await availabilityChanged(deps, [row.facility_id]);
  if (action === 'reject') await followUpBookingFee(deps, bookingId);
  return getStaffBooking(deps, staff, bookingId, requestId);
}

// ---- waitlist (候补) ---------------------------------------------------------------------------------------

/**
 * Offers the free public places of a schedule to the people waiting, first come first served.
 * Each offer holds its place (slot.held) until it is accepted or expires. Called wherever places
 * may have appeared: a cancellation, a rejection, more capacity, a released referral reserve.
 */
export async function offerFreedPlaces(deps: AppDeps, tx: Db, scheduleId: string): Promise<number> {
  const schedule = await repo.getSchedule(tx, scheduleId);
  if (!schedule || schedule.status !== 'open') return 0;
  const policy = await policyFor(tx, schedule.facility_id);
  const now = deps.clock.now();
  if (!checkWaitlistOpen(policy, schedule.date, now).ok) return 0;
  const released = reserveReleased(policy, schedule, now);
  let offered = 0;
  for (let attempts = 0; attempts < 50; attempts++) {
    const entry = await repo.firstWaiting(tx, deps.database.dialect, scheduleId);
    if (!entry) break;
    let slot: SlotTable | undefined;
    for (const s of await repo.slotsOf(tx, [scheduleId])) {
      if (now >= toEpochMs(schedule.date, s.start_time)) continue;
      if (await repo.holdPlace(tx, s.id, released)) {
        slot = s;
        break;
      }
    }
    if (!slot) break;
    const expiresAt = offerExpiresAt(policy, now, toEpochMs(schedule.date, slot.start_time));
    if (!(await repo.changeWaitlistStatus(tx, entry.id, 'waiting', { status: 'offered', offered_slot_id: slot.id, offer_expires_at: expiresAt, updated_at: now }))) {
      await repo.releaseHold(tx, slot.id);
      continue;
    }
    offered += 1;
    const person = await tx.selectFrom('person').select('name').where('id', '=', entry.person_id).executeTakeFirstOrThrow();
    const offer = waitlistOffer({
      waitlistId: entry.id,
      patientName: person.name,
      facilityName: schedule.facility_name,
      departmentName: schedule.department_name,
      doctorName: schedule.doctor_name,
      date: schedule.date,
      time: slot.start_time,
      expiresAt,
    });
    await notify(deps, tx, { ...offer, eventKey: `waitlist_offer:${entry.id}`, personId: entry.person_id });
  }
  return offered;
}

async function waitlistViews(deps: AppDeps, entries: Awaited<ReturnType<typeof repo.waitlistOfPersons>>, memberOf: Map<string, string>): Promise<WaitlistEntry[]> {
  const db = deps.database.db;
  const schedules = new Map((await scheduleDetails(deps, db, await repo.listSchedules(db, { ids: [...new Set(entries.map((e) => e.schedule_id))] }))).map((s) => [s.id, s]));
  const names = new Map((await db.selectFrom('person').select(['id', 'name']).where('id', 'in', entries.length ? entries.map((e) => e.person_id) : ['']).execute()).map((p) => [p.id, p.name]));
  const views: WaitlistEntry[] = [];
  for (const e of entries) {
    const schedule = schedules.get(e.schedule_id)!;
    const slot = e.status === 'offered' ? schedule.slots.find((s) => s.id === e.offered_slot_id) : undefined;
    views.push({
      id: e.id,
      status: e.status as WaitlistStatus,
      statusLabel: WAITLIST_STATUS_LABELS[e.status as WaitlistStatus],
      position: e.status === 'waiting' ? await repo.positionInLine(db, e.schedule_id, Number(e.created_at), e.id) : null,
      patient: { personId: e.person_id, memberId: memberOf.get(e.person_id) ?? null, name: maskName(names.get(e.person_id) ?? '') },
      schedule: withoutSlots(schedule),
      offer: slot ? { slotId: slot.id, startTime: slot.startTime, endTime: slot.endTime, expiresAt: Number(e.offer_expires_at) } : null,
      bookingId: e.booking_id,
      createdAt: Number(e.created_at),
    });
  }
  return views;
}

async function myWaitlistEntry(deps: AppDeps, actor: ResidentActor, entryId: string) {
  const members = await familyPersons(deps, actor.accountId);
  const entry = await repo.getWaitlistEntry(deps.database.db, entryId);
  if (!entry || !members.has(entry.person_id)) throw notFound('未找到该候补', 'entryId');
  return { entry, members };
}

export async function listMyWaitlist(deps: AppDeps, actor: ResidentActor) {
  const members = await familyPersons(deps, actor.accountId);
  return waitlistViews(deps, await repo.waitlistOfPersons(deps.database.db, [...members.keys()]), members);
}

/** 候补登记: only for a full schedule whose queue is open, by someone who could book it. */
export async function joinWaitlist(deps: AppDeps, actor: ResidentActor, input: { scheduleId: string; memberId: string }) {
  const member = await requireFamilyMember(deps, actor.accountId, input.memberId);
  const schedule = await getScheduleDetail(deps, input.scheduleId);
  const db = deps.database.db;
  const policy = await policyFor(db, schedule.facility.id);
  const now = deps.clock.now();
  if (schedule.status !== 'open') throw conflict('该排班已停诊', 'scheduleId');
  const closed = checkWaitlistOpen(policy, schedule.date, now);
  if (!closed.ok) throw conflict(closed.message, 'scheduleId');
  if (!schedule.bookingOpen) throw new AppError('OUTSIDE_BOOKING_WINDOW', `${formatDateCn(schedule.date)}的号源将于${formatDateTimeCn(schedule.opensAt)}开放，开放后约满才能候补`, 'scheduleId');
  if (schedule.remaining > 0) throw conflict('该排班还有号源，请直接预约', 'scheduleId');
  const today = localDate(now);
  const since = addDays(today, -(policy.noShowWithinDays + policy.suspendDays));
  const suspension = noShowSuspension(policy, await repo.noShowDates(db, member.personId, since), today);
  if (suspension.suspended) throw new AppError('BOOKING_SUSPENDED', suspension.message!, 'memberId');
  if (await repo.findByActiveKey(db, bookingActiveKey(member.personId, schedule.department.id, schedule.date))) throw new AppError('LIMIT_REACHED', ONE_PER_DEPARTMENT_PER_DAY_MESSAGE, 'memberId');
  const id = newId(now);
  try {
    await repo.insertWaitlistEntry(db, {
      id,
      schedule_id: schedule.id,
      person_id: member.personId,
      account_id: actor.accountId,
      status: 'waiting',
      active_key: `${schedule.id}:${member.personId}`,
      offered_slot_id: null,
      offer_expires_at: null,
      booking_id: null,
      created_at: now,
      updated_at: now,
    });
  } catch (err) {
    if (uniqueViolation(err) === 'active_key') throw conflict('该就诊人已在这个排班的候补队列中', 'memberId');
    throw err;
  }
  // A place may have freed between reading the schedule and joining.
  await inTransaction(deps, (tx) => offerFreedPlaces(deps, tx, schedule.id));
  await availabilityChanged(deps, [schedule.facility.id]);
  return (await waitlistViews(deps, [(await repo.getWaitlistEntry(db, id))!], await familyPersons(deps, actor.accountId)))[0];
}

export async function leaveWaitlist(deps: AppDeps, actor: ResidentActor, entryId: string) {
  const { entry } = await myWaitlistEntry(deps, actor, entryId);
  const now = deps.clock.now();
  const left = await inTransaction(deps, async (tx) => {
    if (await repo.changeWaitlistStatus(tx, entry.id, 'waiting', { status: 'left', active_key: null, updated_at: now })) return true;
    // Declining an offer passes its place on at once.
    if (!(await repo.changeWaitlistStatus(tx, entry.id, 'offered', { status: 'left', active_key: null, updated_at: now }))) return false;
    await repo.releaseHold(tx, entry.offered_slot_id!);
    await offerFreedPlaces(deps, tx, entry.schedule_id);
    return true;
  });
  if (!left) throw conflict(`该候补${WAITLIST_STATUS_LABELS[entry.status as WaitlistStatus]}，无需退出`, 'entryId');
  await availabilityChanged(deps, await facilitiesOfSchedules(deps.database.db, [entry.schedule_id]));
}

/** Accepting an offer turns its held place into a booking, under the same per-person rules. */
export async function acceptWaitlistOffer(deps: AppDeps, actor: ResidentActor, entryId: string): Promise<Booking> {
  const { entry } = await myWaitlistEntry(deps, actor, entryId);
  const now = deps.clock.now();
  if (entry.status !== 'offered' || Number(entry.offer_expires_at) <= now) {
    throw conflict(entry.status === 'offered' || entry.status === 'expired' ? '候补邀请已过期，号源已顺延给下一位' : `该候补${WAITLIST_STATUS_LABELS[entry.status as WaitlistStatus]}`, 'entryId');
  }
  const db = deps.database.db;
  const { slot, schedule } = await slotContext(db, entry.offered_slot_id!);
  const policy = await policyFor(db, schedule.facility_id);
  const row = newBookingRow(now, slot, schedule, entry.person_id, { accountId: actor.accountId }, 'waitlist');
  try {
    await inTransaction(deps, async (tx) => {
      await repo.lockPerson(tx, deps.database.dialect, entry.person_id);
      await checkPersonLimits(tx, policy, entry.person_id, row.active_key, schedule.date, localDate(now));
      if (!(await repo.changeWaitlistStatus(tx, entry.id, 'offered', { status: 'booked', active_key: null, booking_id: row.id, updated_at: now }, { offerLiveAt: now }))) {
        throw conflict('候补邀请已过期，号源已顺延给下一位', 'entryId');
      }
      if (!(await repo.convertHold(tx, slot.id))) throw conflict('候补邀请已失效', 'entryId');
      await insertNewBooking(tx, row, { type: 'resident', accountId: actor.accountId });
      if (row.status === 'pending_payment') await openBookingPayment(deps, tx, row, schedule);
    });
  } catch (err) {
    if (uniqueViolation(err) === 'active_key') throw new AppError('LIMIT_REACHED', ONE_PER_DEPARTMENT_PER_DAY_MESSAGE, 'memberId');
    throw err;
  }
  await availabilityChanged(deps, [schedule.facility_id]);
  return myBooking(deps, actor, row.id);
}

/**
 * The periodic waitlist job (every minute is plenty): expired offers pass to the next in line,
 * queues close the evening before, and places that appeared without a cancellation (a released
 * referral reserve) are offered. Safe to run on several instances at once: every change is a
 * guarded UPDATE.
 */
export async function processWaitlistExpiries(deps: AppDeps): Promise<{ expired: number; offered: number; closed: number }> {
  const db = deps.database.db;
  const now = deps.clock.now();
  let expired = 0;
  let offered = 0;
  let closed = 0;
  const passedOn: string[] = [];
  const changedAt = new Set<string>();
  for (const e of await repo.expiredOffers(db, now, 200)) {
    const passed = await inTransaction(deps, async (tx) => {
      if (!(await repo.changeWaitlistStatus(tx, e.id, 'offered', { status: 'expired', active_key: null, updated_at: now }))) return null;
      await repo.releaseHold(tx, e.offered_slot_id!);
      return offerFreedPlaces(deps, tx, e.schedule_id);
    });
    if (passed === null) continue;
    passedOn.push(e.schedule_id);
    expired += 1;
    offered += passed;
  }
  const waiting = await repo.schedulesWithWaiting(db);
  const policies = await policiesFor(db, waiting.map((s) => s.facility_id));
  for (const s of waiting) {
    if (s.status !== 'open' || !checkWaitlistOpen(policies.get(s.facility_id)!.policy, s.date, now).ok) {
      const n = await repo.closeWaiting(db, s.id, now);
      if (n) changedAt.add(s.facility_id);
      closed += n;
      continue;
    }
    const n = await inTransaction(deps, (tx) => offerFreedPlaces(deps, tx, s.id));
    if (n) changedAt.add(s.facility_id);
    offered += n;
  }
  await availabilityChanged(deps, [...changedAt, ...(await facilitiesOfSchedules(db, passedOn))]);
  return { expired, offered, closed };
}

// ---- referral bookings ------------------------------------------------------------------------------------

/**
 * Books a reserved place for a referral inside the caller's transaction: only from the reserve,
 * only before it is released, never a public place (so no resident is displaced). The one
 * booking per person, department and day still holds.
 */
export async function bookReferralPlace(
  deps: AppDeps,
  tx: Db,
  input: { slotId: string; personId: string; departmentId: string; referralId: string; staffId: string },
): Promise<string> {
  const { slot, schedule } = await slotContext(tx, input.slotId);
  if (schedule.department_id !== input.departmentId) throw badRequest('该号源不属于转诊的接收科室', 'slotId');
  if (schedule.status !== 'open') throw conflict('该排班已停诊，请选择其他号源', 'slotId');
  const now = deps.clock.now();
  if (now >= toEpochMs(schedule.date, slot.start_time)) throw new AppError('OUTSIDE_BOOKING_WINDOW', '该时段已开始，请选择其他号源', 'slotId');
  const policy = await policyFor(tx, schedule.facility_id);
  if (reserveReleased(policy, schedule, now)) {
    throw new AppError('SOLD_OUT', `转诊预留号源已于${formatDateTimeCn(referralReserveReleasesAt(policy, schedule.date, schedule.start_time))}开放给公众，请为患者选择其他日期`, 'slotId');
  }
  await repo.lockPerson(tx, deps.database.dialect, input.personId);
  const row = newBookingRow(now, slot, schedule, input.personId, { staffId: input.staffId }, 'referral', { referralId: input.referralId });
  if (await repo.findByActiveKey(tx, row.active_key)) throw new AppError('LIMIT_REACHED', ONE_PER_DEPARTMENT_PER_DAY_MESSAGE, 'slotId');
  if (!(await repo.takeReferralPlace(tx, slot.id))) throw new AppError('SOLD_OUT', `${slot.start_time}-${slot.end_time} 的转诊预留号源已用完，请选择其他时段`, 'slotId');
  await insertNewBooking(tx, row, { type: 'staff', staffId: input.staffId });
  return row.id;
}

/** What messages say about a booking: the shared templates keep WeChat, the message centre and call lists alike. */
function bookingFacts(b: repo.BookingRow): BookingFacts {
  return {
    bookingId: b.id,
    patientName: b.person_name,
    facilityName: b.facility_name,
    departmentName: b.department_name,
    doctorName: b.doctor_name,
    date: b.date,
    time: b.start_time,
  };
}
