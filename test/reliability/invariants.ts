import { ACTIVE_BOOKING_STATUSES, PAID_STATES } from '@ygt/shared';
import type { AppDeps } from '../../api/src/deps';

/**
 * The invariants the booking and payment modules keep by constraint, read straight from the
 * database (see booking/repo.ts: every change of a slot's counters is one conditional UPDATE).
 * Each function returns what is violated, as readable lines; [] means it holds.
 */

/**
 * For every slot: booked == its active bookings (pending_payment, pending_confirmation,
 * confirmed, checked_in); referral_booked == the active referral ones among them; held == the
 * waitlist offers holding a place in it; and booked + held <= capacity (no oversell).
 */
export async function slotInvariantViolations(deps: AppDeps, slotIds?: string[]): Promise<string[]> {
  const db = deps.database.db;
  let slots = db.selectFrom('slot').select(['id', 'capacity', 'booked', 'held', 'referral_booked']);
  if (slotIds) slots = slots.where('id', 'in', slotIds.length ? slotIds : ['']);
  const active = await db
    .selectFrom('booking')
    .select(['slot_id', 'source', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', [...ACTIVE_BOOKING_STATUSES])
    .groupBy(['slot_id', 'source'])
    .execute();
  const offers = await db
    .selectFrom('waitlist_entry')
    .select(['offered_slot_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'offered')
    .groupBy('offered_slot_id')
    .execute();
  const bookedBy = new Map<string, { all: number; referral: number }>();
  for (const r of active) {
    const b = bookedBy.get(r.slot_id) ?? { all: 0, referral: 0 };
    b.all += Number(r.n);
    if (r.source === 'referral') b.referral += Number(r.n);
    bookedBy.set(r.slot_id, b);
  }
  const heldBy = new Map(offers.map((o) => [o.offered_slot_id, Number(o.n)]));
  const problems: string[] = [];
  for (const s of await slots.execute()) {
    const b = bookedBy.get(s.id) ?? { all: 0, referral: 0 };
    const held = heldBy.get(s.id) ?? 0;
    if (s.booked !== b.all) problems.push(`slot ${s.id}: booked ${s.booked}, active bookings ${b.all}`);
    if (s.referral_booked !== b.referral) problems.push(`slot ${s.id}: referral_booked ${s.referral_booked}, active referral bookings ${b.referral}`);
    if (s.held !== held) problems.push(`slot ${s.id}: held ${s.held}, offers ${held}`);
    if (s.booked + s.held > s.capacity) problems.push(`slot ${s.id}: oversold, ${s.booked} booked + ${s.held} held > ${s.capacity}`);
  }
  return problems;
}

/**
 * Every paid order (paid, refunding, partly or fully refunded) has exactly one `paid` ledger
 * entry; an order never paid has none. A booking waiting for confirmation or later has a paid
 * order when it had a fee to pay online.
 */
export async function paymentInvariantViolations(deps: AppDeps): Promise<string[]> {
  const db = deps.database.db;
  const orders = await db.selectFrom('payment_order').select(['id', 'state', 'payable_type', 'payable_id']).execute();
  const paidLines = await db.selectFrom('payment_ledger').select(['order_id', (eb) => eb.fn.countAll<number>().as('n')]).where('event', '=', 'paid').groupBy('order_id').execute();
  const paidCount = new Map(paidLines.map((l) => [l.order_id, Number(l.n)]));
  const problems: string[] = [];
  for (const o of orders) {
    const n = paidCount.get(o.id) ?? 0;
    const paid = (PAID_STATES as readonly string[]).includes(o.state);
    if (paid && n !== 1) problems.push(`order ${o.id} (${o.state}): ${n} paid ledger entries`);
    if (!paid && n !== 0) problems.push(`order ${o.id} (${o.state}): ${n} paid ledger entries but not paid`);
  }
  const paidBookings = new Set(orders.filter((o) => o.payable_type === 'booking' && (PAID_STATES as readonly string[]).includes(o.state)).map((o) => o.payable_id));
  const awaitingStaff = await db
    .selectFrom('booking')
    .select(['id', 'status', 'fee_fen', 'source'])
    .where('status', 'in', ['pending_confirmation', 'confirmed', 'checked_in'])
    .where('fee_fen', '>', 0)
    .where('source', '!=', 'referral')
    .execute();
  for (const b of awaitingStaff) if (!paidBookings.has(b.id)) problems.push(`booking ${b.id} is ${b.status} with a fee but no paid order`);
  return problems;
}
