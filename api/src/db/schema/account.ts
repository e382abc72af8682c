export const tableName = 'account';
/** A resident's sign-in (WeChat openid, or a demo account). */
export interface AccountTable {
  id: string;
  /** WeChat openid, `demo:<key>` for demo accounts; NULL once the account is deleted. */
  openid: string | null;
  unionid: string | null;
  is_demo: number;
  created_at: number;
  deleted_at: number | null;
}
