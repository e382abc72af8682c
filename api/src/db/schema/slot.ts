export const tableName = 'slot';
/**
 * One time segment of a schedule. Places are taken only by conditional UPDATEs on these
 * counters (never read-then-write), so concurrent bookings cannot oversell.
 */
export interface SlotTable {
  id: string;
  schedule_id: string;
  seq: number;
  start_time: string;
  end_time: string;
  capacity: number;
  /** Places taken by bookings, referral bookings included. */
  booked: number;
  /** Places held for waitlist offers awaiting an answer. */
  held: number;
  /** Places kept for referrals until the release time. */
  referral_reserved: number;
  referral_booked: number;
  /** 0 once the schedule is stopped: a booking racing the stop finds no place. */
  open: number;
}
