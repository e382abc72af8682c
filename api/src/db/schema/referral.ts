export const tableName = 'referral';
/** A two-way referral (双向转诊): up to a county department, or back down with a follow-up plan. */
export interface ReferralTable {
  id: string;
  /** up | down */
  direction: string;
  /** pending | accepted | declined | completed */
  status: string;
  person_id: string;
  from_facility_id: string;
  from_staff_id: string;
  to_facility_id: string;
  /** The receiving department (upward); NULL for a return to the family doctor. */
  to_department_id: string | null;
  reason: string;
  summary: string;
  /** JSON array of result ids sent along. */
  result_ids: string;
  follow_up_plan: string | null;
  decline_reason: string | null;
  decided_by_staff_id: string | null;
  decided_at: number | null;
  /** Downward: the upward referral it answers. */
  parent_referral_id: string | null;
  booking_id: string | null;
  created_at: number;
  updated_at: number;
}
