export const tableName = 'booking_event';
/** Every status change of a booking: who, when, from, to, why. Append-only. */
export interface BookingEventTable {
  id: string;
  booking_id: string;
  at: number;
  /** resident | staff | system */
  actor_type: string;
  /** Account id for residents, staff id for staff, NULL for the system. */
  actor_id: string | null;
  from_status: string | null;
  to_status: string;
  reason: string | null;
}
