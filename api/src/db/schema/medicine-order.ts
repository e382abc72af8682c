export const tableName = 'medicine_order';
/** Dispensing of an approved renewal by the central pharmacy (县采镇配), pickup or delivery. */
export interface MedicineOrderTable {
  id: string;
  renewal_id: string;
  prescription_id: string;
  person_id: string;
  /** The account that requested the renewal and pays the co-pay. */
  account_id: string;
  pharmacy_facility_id: string;
  state: string;
  fulfilment: string;
  pickup_facility_id: string | null;
  recipient_name: string | null;
  phone_enc: string | null;
  address_enc: string | null;
  items_total_fen: number;
  insurance_fen: number;
  copay_fen: number;
  benefit_label: string;
  /** The reimbursement calculation in plain Chinese, JSON string[]. */
  copay_steps: string;
  /** Insurance settlement keys recorded for this order (one per condition), JSON string[]. */
  settlement_keys: string;
  payment_order_id: string | null;
  paid_at: number | null;
  refunded_at: number | null;
  courier: string | null;
  tracking_no: string | null;
  pickup_code: string | null;
  /** self | proxy */
  picked_up_kind: string | null;
  proxy_name: string | null;
  proxy_id_enc: string | null;
  return_reason: string | null;
  created_at: number;
  updated_at: number;
}
