export const tableName = 'medicine_order_event';
/** Append-only timeline of an order: who moved it, where and when. */
export interface MedicineOrderEventTable {
  id: string;
  order_id: string;
  action: string;
  /** The state after the action. */
  state: string;
  /** staff | resident | system */
  actor_type: string;
  actor_id: string | null;
  actor_name: string;
  facility_id: string | null;
  note: string | null;
  at: number;
}
