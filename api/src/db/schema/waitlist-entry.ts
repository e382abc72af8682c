export const tableName = 'waitlist_entry';
/** A person queueing (候补) for a full schedule; an offer holds one place until it expires. */
export interface WaitlistEntryTable {
  id: string;
  schedule_id: string;
  person_id: string;
  account_id: string;
  /** waiting | offered | booked | expired | left | closed */
  status: string;
  /** `schedule:person` while waiting or offered, NULL after: one place in line per person. */
  active_key: string | null;
  offered_slot_id: string | null;
  offer_expires_at: number | null;
  booking_id: string | null;
  created_at: number;
  updated_at: number;
}
