export const tableName = 'family_member';
/** A person on an account's list of patients (就诊人). */
export interface FamilyMemberTable {
  id: string;
  account_id: string;
  person_id: string;
  relation: string;
  /** 0/1: the account holder declared legal guardianship (required for under-14s). */
  is_guardian: number;
  status: string;
  /** `account:person` while the link exists, NULL once removed: uniqueness without racy reads. */
  active_key: string | null;
  created_at: number;
  removed_at: number | null;
}
