export const tableName = 'renewal_request';
/** 续方申请 by a resident for a family member, reviewed by a doctor. */
export interface RenewalRequestTable {
  id: string;
  prescription_id: string;
  person_id: string;
  account_id: string;
  /** pending_review | approved | rejected | needs_visit */
  status: string;
  /** The prescription id while pending review, NULL once decided: one open renewal per prescription. */
  open_key: string | null;
  /** Stability check answers, JSON. */
  answers: string;
  /** StopReason[] JSON when the check met a stop condition. */
  stop_reasons: string | null;
  fulfilment: string;
  pickup_facility_id: string | null;
  recipient_name: string | null;
  phone_enc: string | null;
  address_enc: string | null;
  patient_confirmed_at: number | null;
  requested_at: number;
  reviewed_at: number | null;
  reviewer_staff_id: string | null;
  reviewer_name: string | null;
  reject_reason: string | null;
  pharmacist_note: string | null;
  new_prescription_id: string | null;
  order_id: string | null;
}
