export const tableName = 'doctor_team';
/** A family-doctor team (家庭医生团队): doctors of a township centre and its village clinics. */
export interface DoctorTeamTable {
  id: string;
  /** Stable key for seeding and display, e.g. YX-T01-A. */
  code: string;
  name: string;
  /** The township health centre the team belongs to. */
  facility_id: string;
  created_at: number;
}
