export const tableName = 'call_list_item';
/** A message the village clinic passes on by phone or in person; staff tick it off when done. */
export interface CallListItemTable {
  id: string;
  facility_id: string;
  person_id: string;
  type: string;
  title: string;
  body: string;
  /** `<eventKey>:<personId>`: one item per event and person, however many accounts hear it. */
  dedupe_key: string;
  created_at: number;
  done_at: number | null;
  done_by_staff_id: string | null;
  done_by_name: string | null;
  note: string | null;
}
