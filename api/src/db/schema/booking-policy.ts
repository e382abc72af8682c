export const tableName = 'booking_policy';
/** A facility's own booking rules; a facility without a row uses DEFAULT_BOOKING_POLICY. */
export interface BookingPolicyTable {
  facility_id: string;
  /** The full BookingPolicy as JSON (validated by BookingPolicySchema on write and read). */
  policy: string;
  updated_by: string | null;
  updated_at: number;
}
