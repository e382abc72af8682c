import { NOTIFICATION_TITLES, type NotificationType } from '@ygt/shared';
import type { Db } from '../../db';
import type { AppDeps } from '../../deps';
import { newId } from '../../infra/ids';
import * as repo from './repo';

export interface Notification {
  type: NotificationType;
  /** Stable key of the event, e.g. `booking_confirmed:<bookingId>`: one message per recipient per key. */
  eventKey: string;
  /** The person the message is about; every account caring for them hears it unless `accountIds` is given. */
  personId?: string;
  accountIds?: string[];
  /** Plain Chinese text for the message centre. */
  body: string;
  /** Mini-program page to open. */
  link?: string;
  /** Fields for the WeChat subscribe template (mapped to template keys by configuration). */
  data: Record<string, string>;
}

/**
 * Records a notification inside the caller's transaction: the message-centre entry for each
 * recipient and an outbox row for its WeChat delivery. If the transaction rolls back, nothing
 * is sent; if it commits, the worker delivers it at least once. Calling it twice for the same
 * event changes nothing.
 *
 * Elder fallback: when the person asked for it, the message also goes on their chosen clinic's
 * call list and, by text message, to their phone: once per event and person, whoever hears it.
 */
export async function notify(deps: AppDeps, tx: Db, n: Notification): Promise<void> {
  const recipients = n.accountIds ?? (n.personId ? await repo.accountsCaringFor(tx, n.personId) : []);
  const now = deps.clock.now();
  for (const accountId of recipients) {
    const dedupeKey = `${n.eventKey}:${accountId}`;
    const messageId = newId(now);
    const inserted = await repo.insertMessageOnce(tx, deps.database.dialect, {
      id: messageId,
      account_id: accountId,
      person_id: n.personId ?? null,
      type: n.type,
      title: NOTIFICATION_TITLES[n.type],
      body: n.body,
      link: n.link ?? null,
      data: JSON.stringify(n.data),
      dedupe_key: dedupeKey,
      wechat_status: 'pending',
      created_at: now,
      read_at: null,
    });
    if (!inserted) continue;
    await repo.insertOutboxOnce(tx, deps.database.dialect, {
      id: newId(now),
      kind: 'wechat_message',
      dedupe_key: dedupeKey,
      payload: JSON.stringify({ messageId }),
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      claimed_by: null,
      claimed_until: null,
      last_error: null,
      created_at: now,
      done_at: null,
    });
  }
  if (n.personId) await notifyFallback(deps, tx, n, n.personId);
}

async function notifyFallback(deps: AppDeps, tx: Db, n: Notification, personId: string) {
  const pref = await repo.getNotifyPreference(tx, personId);
  if (!pref) return;
  const now = deps.clock.now();
  const title = NOTIFICATION_TITLES[n.type];
  if (pref.call_facility_id) {
    await repo.insertCallListItemOnce(tx, deps.database.dialect, {
      id: newId(now),
      facility_id: pref.call_facility_id,
      person_id: personId,
      type: n.type,
      title,
      body: n.body,
      dedupe_key: `${n.eventKey}:${personId}`,
      created_at: now,
      done_at: null,
      done_by_staff_id: null,
      done_by_name: null,
      note: null,
    });
  }
  if (pref.sms) {
    await repo.insertOutboxOnce(tx, deps.database.dialect, {
      id: newId(now),
      kind: 'sms',
      dedupe_key: `${n.eventKey}:sms:${personId}`,
      // The phone number is read (and decrypted) at sending time, never copied into the outbox.
      payload: JSON.stringify({ personId, text: `${title}：${n.body}` }),
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      claimed_by: null,
      claimed_until: null,
      last_error: null,
      created_at: now,
      done_at: null,
    });
  }
}
