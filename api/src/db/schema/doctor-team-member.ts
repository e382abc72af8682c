export const tableName = 'doctor_team_member';
export interface DoctorTeamMemberTable {
  team_id: string;
  doctor_id: string;
}
