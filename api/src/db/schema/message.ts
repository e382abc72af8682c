export const tableName = 'message';
/** The in-app message centre (消息): every message, whether or not WeChat delivered it. */
export interface MessageTable {
  id: string;
  account_id: string;
  person_id: string | null;
  type: string;
  title: string;
  body: string;
  link: string | null;
  /** Template data for the WeChat subscribe message, JSON. */
  data: string;
  dedupe_key: string;
  wechat_status: string;
  created_at: number;
  read_at: number | null;
}
