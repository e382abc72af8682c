export const tableName = 'payment_ledger';
/** Every payment event, append-only: what happened, when, and who told us (notification, query...). */
export interface PaymentLedgerTable {
  id: string;
  order_id: string;
  refund_id: string | null;
  /** e.g. order_created, prepay, notified, queried, paid, closed, refund_requested, refund_succeeded. */
  event: string;
  /** notification | query | api | demo | system */
  source: string;
  amount_fen: number | null;
  /** Set for events that may happen once (`<orderId>:paid`), NULL for repeatable ones. */
  once_key: string | null;
  /** JSON with the provider's facts (transaction id, trade state...). */
  detail: string;
  at: number;
}
