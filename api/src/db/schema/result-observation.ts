export const tableName = 'result_observation';
/** One value of a report's current version (FHIR Observation / HL7 v2 OBX). */
export interface ResultObservationTable {
  id: string;
  report_id: string;
  /** Copied from the report, so a person's trend of one item is one index range. */
  person_id: string | null;
  seq: number;
  /** Catalogue code where known, else LOINC, else the local code: what trends group by. */
  code: string;
  loinc: string | null;
  /** The sender's own code, always kept. */
  local_code: string;
  local_system: string | null;
  name: string;
  /** The value as sent ("6.8", "阴性"). */
  value_text: string;
  value_num: number | null;
  unit: string | null;
  ref_low: number | null;
  ref_high: number | null;
  ref_text: string | null;
  /** N H L A HH LL AA, or NULL when neither the sender nor a range says. */
  flag: string | null;
  effective_at: number;
}
