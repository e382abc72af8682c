export const tableName = 'patient_facility';
/** A person registered as a patient at a member facility (建档): the scope of staff access. */
export interface PatientFacilityTable {
  person_id: string;
  facility_id: string;
  source: string;
  created_at: number;
}
