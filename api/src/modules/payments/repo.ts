import type { Updateable } from 'kysely';
import type { Db, Dialect } from '../../db';
import type { PaymentLedgerTable } from '../../db/schema/payment-ledger';
import type { PaymentOrderTable } from '../../db/schema/payment-order';
import type { PaymentRefundTable } from '../../db/schema/payment-refund';
import type { PaymentSecurityEventTable } from '../../db/schema/payment-security-event';

/** Inserts an order unless the payable already has a live one (unique payable_key); true when inserted. */
export async function insertOrderOnce(db: Db, dialect: Dialect, row: PaymentOrderTable): Promise<boolean> {
  const q = db.insertInto('payment_order').values(row);
  const r = dialect === 'mysql' ? await q.ignore().executeTakeFirst() : await q.onConflict((oc) => oc.column('payable_key').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function getOrder(db: Db, id: string) {
  return db.selectFrom('payment_order').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reads an order and, on MySQL, locks it for the rest of the transaction (SQLite transactions are serial). */
export async function lockOrder(db: Db, dialect: Dialect, by: { id: string } | { outTradeNo: string }) {
  let q = db.selectFrom('payment_order').selectAll();
  q = 'id' in by ? q.where('id', '=', by.id) : q.where('out_trade_no', '=', by.outTradeNo);
  if (dialect === 'mysql') q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function liveOrderForPayable(db: Db, payableKey: string) {
  return db.selectFrom('payment_order').selectAll().where('payable_key', '=', payableKey).executeTakeFirst();
}

export async function ordersForPayable(db: Db, payableType: string, payableId: string) {
  return db.selectFrom('payment_order').selectAll().where('payable_type', '=', payableType).where('payable_id', '=', payableId).orderBy('created_at', 'desc').execute();
}

export async function ordersOfAccount(db: Db, accountId: string, f: { payableType?: string; payableId?: string }, limit: number) {
  return db
    .selectFrom('payment_order')
    .selectAll()
    .where('account_id', '=', accountId)
    .$if(f.payableType !== undefined, (q) => q.where('payable_type', '=', f.payableType!))
    .$if(f.payableId !== undefined, (q) => q.where('payable_id', '=', f.payableId!))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Moves an order from one of `from` to a new state in one conditional UPDATE: of concurrent
 * callers exactly one sees 1 row and goes on to its side effects; the others see 0.
 */
export async function moveOrder(db: Db, id: string, from: readonly string[], patch: Updateable<PaymentOrderTable>): Promise<boolean> {
  const r = await db.updateTable('payment_order').set(patch).where('id', '=', id).where('state', 'in', [...from]).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Reserves a refund against the order: at most `maxCount` refunds and never more than was paid,
 * checked by the UPDATE itself.
 */
export async function reserveRefund(db: Db, orderId: string, amountFen: number, maxCount: number, now: number): Promise<boolean> {
  const r = await db
    .updateTable('payment_order')
    .set((eb) => ({
      refund_count: eb('refund_count', '+', 1),
      refund_reserved_fen: eb('refund_reserved_fen', '+', amountFen),
      state: 'refunding',
      updated_at: now,
    }))
    .where('id', '=', orderId)
    .where('state', 'in', ['paid', 'partially_refunded', 'refunding'])
    .where('refund_count', '<', maxCount)
    .where((eb) => eb(eb('refund_reserved_fen', '+', amountFen), '<=', eb.ref('amount_fen')))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertRefund(db: Db, row: PaymentRefundTable): Promise<void> {
  await db.insertInto('payment_refund').values(row).execute();
}

export async function getRefund(db: Db, id: string) {
  return db.selectFrom('payment_refund').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function refundByOutRefundNo(db: Db, outRefundNo: string) {
  return db.selectFrom('payment_refund').selectAll().where('out_refund_no', '=', outRefundNo).executeTakeFirst();
}

export async function refundsOfOrders(db: Db, orderIds: string[]) {
  if (!orderIds.length) return [];
  return db.selectFrom('payment_refund').selectAll().where('order_id', 'in', orderIds).orderBy('requested_at').orderBy('id').execute();
}

export async function moveRefund(db: Db, id: string, from: readonly string[], patch: Updateable<PaymentRefundTable>): Promise<boolean> {
  const r = await db.updateTable('payment_refund').set(patch).where('id', '=', id).where('state', 'in', [...from]).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countOpenRefunds(db: Db, orderId: string): Promise<number> {
  const r = await db
    .selectFrom('payment_refund')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('order_id', '=', orderId)
    .where('state', 'in', ['requested', 'processing', 'abnormal'])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertLedger(db: Db, row: PaymentLedgerTable): Promise<void> {
  await db.insertInto('payment_ledger').values(row).execute();
}

export async function ledgerOfOrders(db: Db, orderIds: string[]) {
  if (!orderIds.length) return [];
  return db.selectFrom('payment_ledger').selectAll().where('order_id', 'in', orderIds).orderBy('at').orderBy('id').execute();
}

export async function insertSecurityEvent(db: Db, row: PaymentSecurityEventTable): Promise<void> {
  await db.insertInto('payment_security_event').values(row).execute();
}

/** Unpaid orders whose check is due (an order that heard nothing, or whose time ran out). */
export async function dueOrders(db: Db, now: number, limit: number) {
  return db
    .selectFrom('payment_order')
    .select(['id', 'next_check_at'])
    .where('state', 'in', ['created', 'paying'])
    .where('next_check_at', '<=', now)
    .orderBy('next_check_at')
    .limit(limit)
    .execute();
}

/**
 * Claims a due row for one reconciler: moves its next check forward only if nobody else moved it
 * since we read it. Several API instances can run the job at once; each row goes to one of them.
 */
export async function claimOrder(db: Db, id: string, seen: number, until: number): Promise<boolean> {
  const r = await db.updateTable('payment_order').set({ next_check_at: until }).where('id', '=', id).where('next_check_at', '=', seen).where('state', 'in', ['created', 'paying']).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function dueRefunds(db: Db, now: number, limit: number) {
  return db
    .selectFrom('payment_refund')
    .select(['id', 'next_check_at'])
    .where('state', 'in', ['requested', 'processing'])
    .where('next_check_at', '<=', now)
    .orderBy('next_check_at')
    .limit(limit)
    .execute();
}

export async function claimRefund(db: Db, id: string, seen: number, until: number): Promise<boolean> {
  const r = await db.updateTable('payment_refund').set({ next_check_at: until }).where('id', '=', id).where('next_check_at', '=', seen).where('state', 'in', ['requested', 'processing']).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setRefundCheck(db: Db, id: string, patch: Updateable<PaymentRefundTable>): Promise<void> {
  await db.updateTable('payment_refund').set(patch).where('id', '=', id).execute();
}

/** Money events of one local day (ledger `paid` and `refund_succeeded`), by payable type. */
export async function ledgerTotals(db: Db, from: number, to: number) {
  return db
    .selectFrom('payment_ledger as l')
    .innerJoin('payment_order as o', 'o.id', 'l.order_id')
    .select((eb) => ['l.event', 'o.payable_type', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('l.amount_fen').as('fen')])
    .where('l.event', 'in', ['paid', 'closed', 'refund_succeeded'])
    .where('l.at', '>=', from)
    .where('l.at', '<', to)
    .groupBy(['l.event', 'o.payable_type'])
    .execute();
}

export async function countOrdersCreated(db: Db, from: number, to: number): Promise<number> {
  const r = await db.selectFrom('payment_order').select((eb) => eb.fn.countAll<number>().as('n')).where('created_at', '>=', from).where('created_at', '<', to).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countOverdueUnpaid(db: Db, now: number): Promise<number> {
  const r = await db
    .selectFrom('payment_order')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', 'in', ['created', 'paying'])
    .where('expires_at', '<', now)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countRefundsIn(db: Db, states: string[]): Promise<number> {
  const r = await db.selectFrom('payment_refund').select((eb) => eb.fn.countAll<number>().as('n')).where('state', 'in', states).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countSecurityEvents(db: Db, from: number, to: number): Promise<number> {
  const r = await db.selectFrom('payment_security_event').select((eb) => eb.fn.countAll<number>().as('n')).where('at', '>=', from).where('at', '<', to).executeTakeFirstOrThrow();
  return Number(r.n);
}
