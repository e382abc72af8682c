export const tableName = 'payment_refund';
/** A refund of (part of) a paid order. */
export interface PaymentRefundTable {
  id: string;
  order_id: string;
  /** Derived from the order and `reason_key`, so a retry reuses it (unique). */
  out_refund_no: string;
  reason_key: string;
  /** Shown to the resident in WeChat (at most 80 chars). */
  reason: string;
  amount_fen: number;
  /** requested | processing | succeeded | closed | abnormal */
  state: string;
  /** 微信支付退款单号. */
  refund_id: string | null;
  received_account: string | null;
  attempts: number;
  last_error: string | null;
  /** When the reconciliation job submits or queries this refund next; also its row claim. */
  next_check_at: number | null;
  requested_at: number;
  succeeded_at: number | null;
  updated_at: number;
}
