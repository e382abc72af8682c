import type { Db } from '../../db';
import type { PaymentOrderTable } from '../../db/schema/payment-order';
import type { PaymentRefundTable } from '../../db/schema/payment-refund';
import type { AppDeps } from '../../deps';

/** A full refund the payments module should make because the payable cannot keep the money. */
export interface RefundInstead {
  refund: { reasonKey: string; reason: string };
}

/**
 * What a payable module (booking, prescriptions) does when its payment changes. Each hook runs
 * inside the transaction that changes the order, exactly once per change: the order's state
 * update is conditional, and only the winner calls the hook.
 */
export interface PayableHandlers {
  /** The money arrived. Return `{ refund }` when the payable can no longer take it (e.g. cancelled meanwhile). */
  onPaid(deps: AppDeps, tx: Db, payableId: string, order: PaymentOrderTable): Promise<void | RefundInstead>;
  /** The order closed unpaid (timeout or cancellation): release what the payable holds. */
  onClosed(deps: AppDeps, tx: Db, payableId: string, order: PaymentOrderTable): Promise<void>;
  /** A refund succeeded. */
  onRefunded?(deps: AppDeps, tx: Db, payableId: string, order: PaymentOrderTable, refund: PaymentRefundTable): Promise<void>;
}

const handlers = new Map<string, PayableHandlers>();

export function registerPayable(type: string, h: PayableHandlers): void {
  handlers.set(type, h);
}

export function payableHandlers(type: string): PayableHandlers {
  const h = handlers.get(type);
  if (!h) throw new Error(`No payable registered for type "${type}"`);
  return h;
}
