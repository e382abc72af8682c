export const tableName = 'chronic_condition';
/** A chronic condition of a person, certified by a doctor: what long prescriptions may treat. */
export interface ChronicConditionTable {
  id: string;
  person_id: string;
  /** ICD-10 category from the local long-prescription list, e.g. I10. */
  code: string;
  status: string;
  /** `person:code` while active, NULL once ended: one active record per condition without racy reads. */
  active_key: string | null;
  diagnosed_on: string | null;
  note: string | null;
  /** Null when recorded from the facility's HIS rather than in the console. */
  certified_by_staff_id: string | null;
  certified_by_name: string;
  facility_id: string;
  certified_at: number;
  ended_at: number | null;
}
