export const tableName = 'staff';
export interface StaffTable {
  id: string;
  username: string;
  name: string;
  password_hash: string;
  /** JSON array of roles. */
  roles: string;
  /** The doctor record of a staff member who is a doctor. */
  doctor_id: string | null;
  failed_logins: number;
  locked_until: number | null;
  disabled: number;
  created_at: number;
  updated_at: number;
}
