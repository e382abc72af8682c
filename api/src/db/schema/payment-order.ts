export const tableName = 'payment_order';
/**
 * One payment for one payable thing (a booking's registration fee, a prescription's co-pay).
 * Money in integer fen; times in epoch ms.
 */
export interface PaymentOrderTable {
  id: string;
  /** Merchant order number sent to WeChat Pay (unique). */
  out_trade_no: string;
  payable_type: string;
  payable_id: string;
  /** `type:id` while the order may still be or is paid; NULL once closed, so a payable has one live order. */
  payable_key: string | null;
  account_id: string;
  /** The person the payment is for (就诊人), for messages and staff scope. */
  person_id: string | null;
  /** The facility that receives the money; its staff see the record. */
  facility_id: string | null;
  payer_openid: string;
  amount_fen: number;
  description: string;
  /** created | paying | paid | refunding | partially_refunded | refunded | closed */
  state: string;
  /** wechat | demo: the provider that took (or would take) the money. */
  provider: string;
  prepay_id: string | null;
  /** 微信支付订单号, once paid. */
  transaction_id: string | null;
  expires_at: number;
  paid_at: number | null;
  closed_at: number | null;
  /** Refunds that succeeded, in fen. */
  refunded_fen: number;
  /** Refunds that succeeded or are still owed: the over-refund guard checks against it. */
  refund_reserved_fen: number;
  /** Refund requests ever made (WeChat Pay allows 50 per order). */
  refund_count: number;
  /** When the reconciliation job looks at this order next; also its row claim. */
  next_check_at: number | null;
  created_at: number;
  updated_at: number;
}
