export const tableName = 'link_request';
/** Another account asks to add a person who has an own account; that account must confirm. */
export interface LinkRequestTable {
  id: string;
  family_member_id: string;
  requester_account_id: string;
  owner_account_id: string;
  status: string;
  created_at: number;
  decided_at: number | null;
}
