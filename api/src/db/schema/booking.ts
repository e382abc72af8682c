export const tableName = 'booking';
/** An appointment (预约) of a person for one slot. */
export interface BookingTable {
  id: string;
  slot_id: string;
  schedule_id: string;
  facility_id: string;
  department_id: string;
  doctor_id: string;
  date: string;
  start_time: string;
  end_time: string;
  person_id: string;
  booked_by_account_id: string | null;
  booked_by_staff_id: string | null;
  /** online | waitlist | referral */
  source: string;
  referral_id: string | null;
  status: string;
  /** `person:department:date` while active, NULL once ended: one booking per person, department and day. */
  active_key: string | null;
  /** `account:Idempotency-Key` of the request that made it: a retry finds it even without KV. */
  request_key: string | null;
  fee_fen: number;
  /** pending_payment only: when the unpaid hold lapses (payments issue). */
  hold_expires_at: number | null;
  /** 0/1: cancelled after the deadline, which counts as a no-show. */
  late_cancel: number;
  status_reason: string | null;
  created_at: number;
  updated_at: number;
}
