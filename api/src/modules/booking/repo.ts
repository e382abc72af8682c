import { ACTIVE_BOOKING_STATUSES, type BookingStatus } from '@ygt/shared';
import { sql } from 'kysely';
import type { Db, Dialect } from '../../db';
import type { BookingTable } from '../../db/schema/booking';
import type { BookingEventTable } from '../../db/schema/booking-event';
import type { ScheduleTable } from '../../db/schema/schedule';
import type { SlotTable } from '../../db/schema/slot';
import type { WaitlistEntryTable } from '../../db/schema/waitlist-entry';
import * as identityRepo from '../identity/repo';

// ---- policies ---------------------------------------------------------------------------------

export async function policyRows(db: Db, facilityIds: string[]) {
  if (!facilityIds.length) return [];
  return db.selectFrom('booking_policy').selectAll().where('facility_id', 'in', facilityIds).execute();
}

export async function savePolicy(db: Db, dialect: Dialect, row: { facility_id: string; policy: string; updated_by: string; updated_at: number }) {
  const q = db.insertInto('booking_policy').values(row);
  if (dialect === 'mysql') await q.onDuplicateKeyUpdate({ policy: row.policy, updated_by: row.updated_by, updated_at: row.updated_at }).execute();
  else await q.onConflict((oc) => oc.column('facility_id').doUpdateSet({ policy: row.policy, updated_by: row.updated_by, updated_at: row.updated_at })).execute();
}

// ---- schedules and slots -------------------------------------------------------------------------

export async function insertSchedule(db: Db, schedule: ScheduleTable, slots: SlotTable[]) {
  await db.insertInto('schedule').values(schedule).execute();
  await db.insertInto('slot').values(slots).execute();
}

/** Schedules with the names a list shows. */
function scheduleView(db: Db) {
  return db
    .selectFrom('schedule as s')
    .innerJoin('facility as f', 'f.id', 's.facility_id')
    .innerJoin('department as dep', 'dep.id', 's.department_id')
    .innerJoin('doctor as d', 'd.id', 's.doctor_id')
    .innerJoin('facility as home', 'home.id', 'd.facility_id')
    .selectAll('s')
    .select([
      'f.name as facility_name',
      'f.short_name as facility_short_name',
      'f.township as facility_township',
      'f.level as facility_level',
      'dep.name as department_name',
      'd.name as doctor_name',
      'd.title as doctor_title',
      'd.specialty as doctor_specialty',
      'd.is_county_expert as doctor_is_county_expert',
      'home.name as home_facility_name',
    ]);
}
export type ScheduleRow = Awaited<ReturnType<ReturnType<typeof scheduleView>['executeTakeFirstOrThrow']>>;

export interface ScheduleFilter {
  ids?: string[];
  facilityIds?: string[];
  departmentId?: string;
  doctorIds?: string[];
  township?: string;
  visiting?: boolean;
  from?: string;
  to?: string;
  openOnly?: boolean;
}

export async function listSchedules(db: Db, f: ScheduleFilter, limit = 500): Promise<ScheduleRow[]> {
  let q = scheduleView(db);
  if (f.ids) q = q.where('s.id', 'in', f.ids.length ? f.ids : ['']);
  if (f.facilityIds) q = q.where('s.facility_id', 'in', f.facilityIds.length ? f.facilityIds : ['']);
  if (f.departmentId) q = q.where('s.department_id', '=', f.departmentId);
  if (f.doctorIds) q = q.where('s.doctor_id', 'in', f.doctorIds.length ? f.doctorIds : ['']);
  if (f.township) q = q.where('f.township', '=', f.township);
  if (f.visiting !== undefined) q = q.where('s.is_visiting', '=', f.visiting ? 1 : 0);
  if (f.from) q = q.where('s.date', '>=', f.from);
  if (f.to) q = q.where('s.date', '<=', f.to);
  if (f.openOnly) q = q.where('s.status', '=', 'open');
  return q.orderBy('s.date').orderBy('s.start_time').orderBy('f.sort_order').orderBy('dep.sort_order').orderBy('d.code').limit(limit).execute();
}

export async function getSchedule(db: Db, id: string): Promise<ScheduleRow | undefined> {
  return scheduleView(db).where('s.id', '=', id).executeTakeFirst();
}

export async function slotsOf(db: Db, scheduleIds: string[]) {
  if (!scheduleIds.length) return [];
  return db.selectFrom('slot').selectAll().where('schedule_id', 'in', scheduleIds).orderBy('schedule_id').orderBy('seq').execute();
}

export async function getSlot(db: Db, id: string) {
  return db.selectFrom('slot').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Who is booking, for the booking attempt's read: the account, its 就诊人 and the request's key. */
export interface Booker {
  accountId: string;
  memberId: string;
  requestKey?: string;
}

/**
 * A slot with its schedule and the facility's own booking rules (null: the defaults), in one
 * read: everything a booking attempt checks before it takes the place. The same read also answers whether the 就诊人 is an active member of the account (their person id, else
 * null) and which booking an earlier request with the same key made (else null), so a refusal in
 * the 08:00 rush costs one round trip to the database.
 */
export async function slotForBooking(
  db: Db,
  slotId: string,
  booker: Booker,
): Promise<{ slot: SlotTable; schedule: ScheduleRow; policy: string | null; memberPersonId: string | null; earlierBookingId: string | null } | undefined> {
  const row = await scheduleView(db)
    .innerJoin('slot as sl', 'sl.schedule_id', 's.id')
    .leftJoin('booking_policy as bp', 'bp.facility_id', 's.facility_id')
    .select([
      'sl.id as slot_id',
      'sl.seq as slot_seq',
      'sl.start_time as slot_start_time',
      'sl.end_time as slot_end_time',
      'sl.capacity as slot_capacity',
      'sl.booked as slot_booked',
      'sl.held as slot_held',
      'sl.referral_reserved as slot_referral_reserved',
      'sl.referral_booked as slot_referral_booked',
      'sl.open as slot_open',
      'bp.policy as facility_policy',
    ])
    .select((eb) => [
      identityRepo.activeMemberPerson(db, booker.accountId, booker.memberId).as('member_person_id'),
      (booker.requestKey ? byRequestKey(db, booker.requestKey) : eb.val(null)).as('earlier_booking_id'),
    ])
    .where('sl.id', '=', slotId)
    .executeTakeFirst();
  if (!row) return undefined;
  const {
    slot_id,
    slot_seq,
    slot_start_time,
    slot_end_time,
    slot_capacity,
    slot_booked,
    slot_held,
    slot_referral_reserved,
    slot_referral_booked,
    slot_open,
    facility_policy,
    member_person_id,
    earlier_booking_id,
    ...schedule
  } = row;
  return {
    slot: {
      id: slot_id,
      schedule_id: schedule.id,
      seq: slot_seq,
      start_time: slot_start_time,
      end_time: slot_end_time,
      capacity: slot_capacity,
      booked: slot_booked,
      held: slot_held,
      referral_reserved: slot_referral_reserved,
      referral_booked: slot_referral_booked,
      open: slot_open,
    },
    schedule,
    policy: facility_policy,
    memberPersonId: member_person_id ?? null,
    earlierBookingId: (earlier_booking_id as string | null) ?? null,
  };
}

export async function waitingCounts(db: Db, scheduleIds: string[]): Promise<Map<string, number>> {
  if (!scheduleIds.length) return new Map();
  const rows = await db
    .selectFrom('waitlist_entry')
    .select(['schedule_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('schedule_id', 'in', scheduleIds)
    .where('status', 'in', ['waiting', 'offered'])
    .groupBy('schedule_id')
    .execute();
  return new Map(rows.map((r) => [r.schedule_id, Number(r.n)]));
}

/** Keys of the open sessions among the given ones, for seeding and bulk creation without duplicates. */
export async function openSessionKeys(db: Db, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db.selectFrom('schedule').select('active_key').where('active_key', 'in', keys.slice(i, i + 500)).execute();
    for (const r of rows) found.add(r.active_key!);
  }
  return found;
}

export async function stopSchedule(db: Db, id: string, reason: string, now: number): Promise<boolean> {
  const r = await db.updateTable('schedule').set({ status: 'stopped', stop_reason: reason, active_key: null, updated_at: now }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await db.updateTable('slot').set({ open: 0 }).where('schedule_id', '=', id).execute();
  return true;
}

export async function updateScheduleFee(db: Db, id: string, feeFen: number, now: number) {
  await db.updateTable('schedule').set({ fee_fen: feeFen, updated_at: now }).where('id', '=', id).execute();
}

/** Changes a slot's places only if what is already taken still fits. */
export async function resizeSlot(db: Db, slotId: string, capacity: number, referralReserved: number): Promise<boolean> {
  const r = await db
    .updateTable('slot')
    .set({ capacity, referral_reserved: referralReserved })
    .where('id', '=', slotId)
    .where(sql<boolean>`booked + held <= ${capacity}`)
    .where('referral_booked', '<=', referralReserved)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- places: every change of the counters is one conditional UPDATE ----------------------------------

/**
 * Takes a public place. Before the release the unused referral reserve is off limits; the
 * condition is evaluated on the row under its lock, so concurrent bookings cannot oversell.
 */
export async function takePublicPlace(db: Db, slotId: string, reserveReleased: boolean): Promise<boolean> {
  const free = reserveReleased ? sql<boolean>`booked + held < capacity` : sql<boolean>`booked + held + referral_reserved - referral_booked < capacity`;
  const r = await db.updateTable('slot').set((eb) => ({ booked: eb('booked', '+', 1) })).where('id', '=', slotId).where('open', '=', 1).where(free).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Takes a reserved place for a referral; never a public one, so no resident is displaced. */
export async function takeReferralPlace(db: Db, slotId: string): Promise<boolean> {
  const r = await db
    .updateTable('slot')
    .set((eb) => ({ booked: eb('booked', '+', 1), referral_booked: eb('referral_booked', '+', 1) }))
    .where('id', '=', slotId)
    .where('open', '=', 1)
    .where(sql<boolean>`referral_booked < referral_reserved`)
    .where(sql<boolean>`booked + held < capacity`)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Holds a public place for a waitlist offer. */
export async function holdPlace(db: Db, slotId: string, reserveReleased: boolean): Promise<boolean> {
  const free = reserveReleased ? sql<boolean>`booked + held < capacity` : sql<boolean>`booked + held + referral_reserved - referral_booked < capacity`;
  const r = await db.updateTable('slot').set((eb) => ({ held: eb('held', '+', 1) })).where('id', '=', slotId).where('open', '=', 1).where(free).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function releaseHold(db: Db, slotId: string) {
  await db.updateTable('slot').set((eb) => ({ held: eb('held', '-', 1) })).where('id', '=', slotId).where('held', '>', 0).execute();
}

/** An accepted offer turns its held place into a booked one. */
export async function convertHold(db: Db, slotId: string): Promise<boolean> {
  const r = await db
    .updateTable('slot')
    .set((eb) => ({ held: eb('held', '-', 1), booked: eb('booked', '+', 1) }))
    .where('id', '=', slotId)
    .where('held', '>', 0)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function freePlace(db: Db, slotId: string, referral: boolean) {
  await db
    .updateTable('slot')
    .set((eb) => (referral ? { booked: eb('booked', '-', 1), referral_booked: eb('referral_booked', '-', 1) } : { booked: eb('booked', '-', 1) }))
    .where('id', '=', slotId)
    .where('booked', '>', 0)
    .execute();
}

// ---- persons ------------------------------------------------------------------------------------

/** Serialises one person's bookings on MySQL (the weekly limit); SQLite transactions are already serial. */
export async function lockPerson(db: Db, dialect: Dialect, personId: string) {
  if (dialect === 'mysql') await db.selectFrom('person').select('id').where('id', '=', personId).forUpdate().execute();
}

export async function countActiveInRange(db: Db, personId: string, from: string, to: string): Promise<number> {
  const r = await activeInRange(db, personId, from, to)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Session dates of no-shows and late cancellations since a date (community-wide: one real name). */
/** A person's bookings since `since` that count towards a suspension: no-shows and late cancellations. */
function noShows(db: Db, personId: string, since: string) {
  return db
    .selectFrom('booking')
    .where('person_id', '=', personId)
    .where('date', '>=', since)
    .where((eb) => eb.or([eb('status', '=', 'no_show'), eb('late_cancel', '=', 1)]));
}

/** A person's active bookings from `from` to `to` (the weekly limit counts them). */
function activeInRange(db: Db, personId: string, from: string, to: string) {
  return db.selectFrom('booking').where('person_id', '=', personId).where('status', 'in', [...ACTIVE_BOOKING_STATUSES]).where('date', '>=', from).where('date', '<=', to);
}

function byActiveKey(db: Db, activeKey: string) {
  return db.selectFrom('booking').select('id').where('active_key', '=', activeKey);
}

function byRequestKey(db: Db, requestKey: string) {
  return db.selectFrom('booking').select('id').where('request_key', '=', requestKey);
}

export async function noShowDates(db: Db, personId: string, since: string): Promise<string[]> {
  return (await noShows(db, personId, since).select('date').execute()).map((r) => r.date);
}

/**
 * What the per-person rules of a new booking read, in one round trip: the no-show dates since
 * `since`, whether the person already holds `activeKey` (one per department and day), and their
 * active bookings between `from` and `to` (the weekly limit).
 */
export async function personLimitFacts(db: Db, q: { personId: string; since: string; activeKey: string; from: string; to: string }) {
  const r = await db
    .selectNoFrom([
      noShows(db, q.personId, q.since).select(sql<string | null>`group_concat(date)`.as('d')).as('no_show_dates'),
      byActiveKey(db, q.activeKey).as('active_booking_id'),
      activeInRange(db, q.personId, q.from, q.to).select((c) => c.fn.countAll<number>().as('n')).as('open_in_range'),
    ])
    .executeTakeFirstOrThrow();
  return {
    noShowDates: r.no_show_dates ? String(r.no_show_dates).split(',') : [],
    holdsActiveKey: r.active_booking_id !== null,
    openInRange: Number(r.open_in_range ?? 0),
  };
}

// ---- bookings -------------------------------------------------------------------------------------

export async function insertBooking(db: Db, row: BookingTable) {
  await db.insertInto('booking').values(row).execute();
}

export async function insertEvent(db: Db, row: BookingEventTable) {
  await db.insertInto('booking_event').values(row).execute();
}

export async function findByActiveKey(db: Db, activeKey: string) {
  return byActiveKey(db, activeKey).executeTakeFirst();
}

export async function findByRequestKey(db: Db, requestKey: string) {
  return byRequestKey(db, requestKey).executeTakeFirst();
}

export async function getBooking(db: Db, id: string) {
  return db.selectFrom('booking').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A booking's status, read with a row lock on MySQL (SQLite transactions are serial). */
export async function currentStatus(db: Db, dialect: Dialect, id: string): Promise<BookingStatus | undefined> {
  let q = db.selectFrom('booking').select('status').where('id', '=', id);
  if (dialect === 'mysql') q = q.forUpdate();
  return (await q.executeTakeFirst())?.status as BookingStatus | undefined;
}

/**
 * The guarded status change: applies only while the booking is still in one of `from`, so of two
 * racing changes exactly one wins (and only the winner frees the place).
 */
export async function changeStatus(
  db: Db,
  id: string,
  from: readonly BookingStatus[],
  patch: { status: BookingStatus; active_key?: null; status_reason?: string | null; late_cancel?: number; updated_at: number },
): Promise<boolean> {
  const r = await db.updateTable('booking').set(patch).where('id', '=', id).where('status', 'in', [...from]).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function activeBookingsOfSchedule(db: Db, dialect: Dialect, scheduleId: string, statuses: readonly BookingStatus[]) {
  let q = db.selectFrom('booking').selectAll().where('schedule_id', '=', scheduleId).where('status', 'in', [...statuses]);
  // A locking read sees bookings committed while this transaction waited for the slots.
  if (dialect === 'mysql') q = q.forUpdate();
  return q.execute();
}

function bookingView(db: Db) {
  return db
    .selectFrom('booking as b')
    .innerJoin('schedule as s', 's.id', 'b.schedule_id')
    .innerJoin('facility as f', 'f.id', 'b.facility_id')
    .innerJoin('department as dep', 'dep.id', 'b.department_id')
    .innerJoin('doctor as d', 'd.id', 'b.doctor_id')
    .innerJoin('person as p', 'p.id', 'b.person_id')
    .selectAll('b')
    .select([
      's.period',
      's.is_visiting',
      'f.name as facility_name',
      'dep.name as department_name',
      'd.name as doctor_name',
      'd.title as doctor_title',
      'p.name as person_name',
      'p.id_number_enc',
      'p.phone_enc',
      'p.sex',
      'p.birth_date',
    ]);
}
export type BookingRow = Awaited<ReturnType<ReturnType<typeof bookingView>['executeTakeFirstOrThrow']>>;

export async function getBookingView(db: Db, id: string): Promise<BookingRow | undefined> {
  return bookingView(db).where('b.id', '=', id).executeTakeFirst();
}

export async function bookingViewsByIds(db: Db, ids: string[]): Promise<BookingRow[]> {
  if (!ids.length) return [];
  return bookingView(db).where('b.id', 'in', ids).execute();
}

export async function listBookingsOfPersons(db: Db, personIds: string[], scope: 'upcoming' | 'past', today: string): Promise<BookingRow[]> {
  if (!personIds.length) return [];
  const q = bookingView(db).where('b.person_id', 'in', personIds);
  if (scope === 'upcoming') {
    return q.where('b.date', '>=', today).where('b.status', 'in', [...ACTIVE_BOOKING_STATUSES]).orderBy('b.date').orderBy('b.start_time').execute();
  }
  return q
    .where((eb) => eb.or([eb('b.date', '<', today), eb('b.status', 'not in', [...ACTIVE_BOOKING_STATUSES])]))
    .orderBy('b.date', 'desc')
    .orderBy('b.start_time', 'desc')
    .limit(200)
    .execute();
}

export async function listFacilityBookings(db: Db, f: { facilityId: string; date: string; status?: BookingStatus; departmentId?: string }): Promise<BookingRow[]> {
  let q = bookingView(db).where('b.facility_id', '=', f.facilityId).where('b.date', '=', f.date);
  if (f.status) q = q.where('b.status', '=', f.status);
  if (f.departmentId) q = q.where('b.department_id', '=', f.departmentId);
  return q.orderBy('b.start_time').orderBy('b.created_at').execute();
}

export async function eventsOf(db: Db, bookingIds: string[]) {
  if (!bookingIds.length) return [];
  return db
    .selectFrom('booking_event as e')
    .leftJoin('staff as st', (j) => j.onRef('st.id', '=', 'e.actor_id').on('e.actor_type', '=', 'staff'))
    .select(['e.booking_id', 'e.at', 'e.actor_type', 'e.actor_id', 'e.from_status', 'e.to_status', 'e.reason', 'st.name as staff_name'])
    .where('e.booking_id', 'in', bookingIds)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
}

// ---- waitlist ---------------------------------------------------------------------------------------

export async function insertWaitlistEntry(db: Db, row: WaitlistEntryTable) {
  await db.insertInto('waitlist_entry').values(row).execute();
}

export async function getWaitlistEntry(db: Db, id: string) {
  return db.selectFrom('waitlist_entry').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The first in line, read with a lock on MySQL so two offers never pick the same person from a stale snapshot. */
export async function firstWaiting(db: Db, dialect: Dialect, scheduleId: string) {
  let q = db.selectFrom('waitlist_entry').selectAll().where('schedule_id', '=', scheduleId).where('status', '=', 'waiting').orderBy('created_at').orderBy('id').limit(1);
  if (dialect === 'mysql') q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function changeWaitlistStatus(
  db: Db,
  id: string,
  from: string,
  patch: Partial<Pick<WaitlistEntryTable, 'status' | 'active_key' | 'offered_slot_id' | 'offer_expires_at' | 'booking_id'>> & { updated_at: number },
  opts: { offerLiveAt?: number } = {},
): Promise<boolean> {
  let q = db.updateTable('waitlist_entry').set(patch).where('id', '=', id).where('status', '=', from);
  if (opts.offerLiveAt !== undefined) q = q.where('offer_expires_at', '>', opts.offerLiveAt);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function expiredOffers(db: Db, now: number, limit: number) {
  return db.selectFrom('waitlist_entry').select(['id', 'schedule_id', 'offered_slot_id']).where('status', '=', 'offered').where('offer_expires_at', '<=', now).limit(limit).execute();
}

/** Schedules that have people waiting, with what decides whether their queue is still open. */
export async function schedulesWithWaiting(db: Db) {
  return db
    .selectFrom('waitlist_entry as w')
    .innerJoin('schedule as s', 's.id', 'w.schedule_id')
    .select(['s.id', 's.facility_id', 's.date', 's.status'])
    .where('w.status', '=', 'waiting')
    .groupBy(['s.id', 's.facility_id', 's.date', 's.status'])
    .execute();
}

/** Ends every waiting entry of a schedule (queue closed or schedule stopped). */
export async function closeWaiting(db: Db, scheduleId: string, now: number): Promise<number> {
  const r = await db
    .updateTable('waitlist_entry')
    .set({ status: 'closed', active_key: null, updated_at: now })
    .where('schedule_id', '=', scheduleId)
    .where('status', '=', 'waiting')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function offeredEntriesOf(db: Db, scheduleId: string) {
  return db.selectFrom('waitlist_entry').selectAll().where('schedule_id', '=', scheduleId).where('status', '=', 'offered').execute();
}

export async function waitlistOfPersons(db: Db, personIds: string[]) {
  if (!personIds.length) return [];
  return db.selectFrom('waitlist_entry').selectAll().where('person_id', 'in', personIds).orderBy('created_at', 'desc').limit(100).execute();
}

/** How many are ahead of an entry in its queue. */
export async function positionInLine(db: Db, scheduleId: string, createdAt: number, id: string): Promise<number> {
  const r = await db
    .selectFrom('waitlist_entry')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('schedule_id', '=', scheduleId)
    .where('status', '=', 'waiting')
    .where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]))
    .executeTakeFirstOrThrow();
  return Number(r.n) + 1;
}
