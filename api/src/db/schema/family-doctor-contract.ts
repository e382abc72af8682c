export const tableName = 'family_doctor_contract';
/** 家庭医生签约: a person under a doctor team for a term (usually a year). */
export interface FamilyDoctorContractTable {
  id: string;
  person_id: string;
  team_id: string;
  /** The village clinic that follows the person up, if any. */
  village_facility_id: string | null;
  starts_on: string;
  ends_on: string;
  status: string;
  /** The person id while the contract is active, NULL once ended: one active contract per person. */
  active_key: string | null;
  signed_by_staff_id: string | null;
  created_at: number;
  ended_at: number | null;
}
