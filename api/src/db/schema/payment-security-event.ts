export const tableName = 'payment_security_event';
/** A refused payment notification (bad signature, stale, tampered, unknown order...), for review. */
export interface PaymentSecurityEventTable {
  id: string;
  at: number;
  kind: string;
  /** Wechatpay-Serial of the refused request. */
  serial: string | null;
  out_trade_no: string | null;
  detail: string;
  remote_ip: string | null;
  request_id: string | null;
}
