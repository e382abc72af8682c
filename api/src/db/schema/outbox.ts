export const tableName = 'outbox';
/**
 * Side effects to deliver, written in the same transaction as the change that causes them.
 * A worker claims due rows and delivers them at least once; `dedupe_key` makes enqueueing
 * idempotent and is the send key downstream.
 */
export interface OutboxTable {
  id: string;
  /** 'wechat_message' (one message-centre entry to WeChat) or 'sms' (a text to a person's phone). */
  kind: string;
  dedupe_key: string;
  payload: string;
  /** pending | claimed | done | failed | skipped (see modules/notifications/worker.ts). */
  status: string;
  attempts: number;
  next_attempt_at: number;
  claimed_by: string | null;
  claimed_until: number | null;
  last_error: string | null;
  created_at: number;
  done_at: number | null;
}
