import { buildTemplateData, type NotificationType, OUTBOX_MAX_ATTEMPTS, retryDelayMs } from '@ygt/shared';
import type { OutboxTable } from '../../db/schema/outbox';
import type { AppDeps } from '../../deps';
import { createSmsProvider, type SmsProvider } from '../../infra/sms';
import { sendSubscribeMessage } from '../../infra/wechat';
import * as repo from './repo';

/**
 * The outbox worker. State of an outbox row:
 *
 *   pending --claim--> claimed --delivered / final answer--> done
 *      ^                  |  \--error, attempts left--> pending (next_attempt_at = now + backoff)
 *      |                  |   \-error, attempts used up--> failed
 *      +-- lease expired -+   (a dead worker's claim is claimed again; the attempt counts)
 *   sms rows with no SMS provider configured: skipped.
 *
 * A message's wechat_status goes pending -> sent | not_subscribed | not_applicable | failed,
 * once (a conditional UPDATE from pending). Delivery is at least once; the message row is the
 * idempotency record of its send key (the outbox dedupe_key): a worker that finds it no longer
 * pending does not send again, so a send whose done-mark was lost is not repeated.
 */

/** How long a claim holds; a worker that dies leaves its rows to others after this. */
export const OUTBOX_LEASE_MS = 120_000;
const BATCH = 10;
/** A batch stops when its lease is this close to running out; the rest is claimed again later. */
const LEASE_SAFETY_MS = 30_000;

export interface OutboxRunOptions {
  /** Defaults to the provider SMS_PROVIDER configures. */
  sms?: SmsProvider | null;
  limit?: number;
}

export interface OutboxRunSummary {
  claimed: number;
  done: number;
  retried: number;
  failed: number;
}

type Outcome = { done: string | null } | { skipped: string } | { retry: string } | { failed: string };

/** Claims one batch of due rows for `workerId` and delivers them. Tests drive this directly. */
export async function runOutboxOnce(deps: AppDeps, workerId: string, opts: OutboxRunOptions = {}): Promise<OutboxRunSummary> {
  const now = deps.clock.now();
  const leaseUntil = now + OUTBOX_LEASE_MS;
  const rows = await repo.claimDueOutbox(deps.database.db, deps.database.dialect, workerId, now, leaseUntil, opts.limit ?? BATCH);
  const sms = opts.sms === undefined ? createSmsProvider(deps.config.notifications, deps.logger) : opts.sms;
  const summary: OutboxRunSummary = { claimed: rows.length, done: 0, retried: 0, failed: 0 };
  for (const row of rows) {
    if (deps.clock.now() > leaseUntil - LEASE_SAFETY_MS) break;
    const outcome = await deliverRow(deps, row, sms);
    const counted = await settle(deps, workerId, row, outcome);
    if (counted) summary[counted]++;
  }
  return summary;
}

/** Runs batches until the queue has nothing due (bounded, so one tick never runs forever). */
export async function drainOutbox(deps: AppDeps, workerId: string, maxBatches = 10): Promise<void> {
  for (let i = 0; i < maxBatches; i++) {
    const r = await runOutboxOnce(deps, workerId);
    if (r.claimed < BATCH) return;
  }
}

async function deliverRow(deps: AppDeps, row: OutboxTable, sms: SmsProvider | null): Promise<Outcome> {
  try {
    const payload = JSON.parse(row.payload);
    if (row.kind === 'wechat_message') return await deliverWechat(deps, payload.messageId);
    return await deliverSms(deps, payload, sms);
  } catch (err) {
    // Anything unexpected (database or KV hiccup) is worth another attempt; attempts are bounded.
    return { retry: (err as Error).message };
  }
}

async function deliverWechat(deps: AppDeps, messageId: string): Promise<Outcome> {
  const db = deps.database.db;
  const m = await repo.messageForDelivery(db, messageId);
  if (!m) return { done: 'message no longer exists' };
  if (m.wechat_status !== 'pending') return { done: `already ${m.wechat_status}` };
  const final = async (status: 'sent' | 'not_subscribed' | 'not_applicable' | 'failed', note: string | null): Promise<Outcome> => {
    await repo.settleWechatStatus(db, messageId, status);
    return status === 'failed' ? { failed: note ?? 'failed' } : { done: note };
  };
  // Demo accounts have no real openid; deleted accounts have none at all.
  if (!m.openid || m.is_demo === 1 || m.deleted_at !== null) return final('not_applicable', 'no WeChat user');
  const template = deps.config.notifications.templates[m.type as NotificationType];
  if (!template) return final('not_applicable', `no template configured for ${m.type}`);
  // Features that fill their own data may leave out the patient; the message knows who it is about.
  const data = { ...(m.person_name ? { patient: m.person_name } : {}), ...(JSON.parse(m.data) as Record<string, string>) };
  const built = buildTemplateData(template, data);
  if ('missing' in built) return final('failed', `template field ${built.missing} missing in the message data`);

  const r = await sendSubscribeMessage(deps, { touser: m.openid, templateId: template.templateId, page: m.link?.replace(/^\//, ''), data: built.data });
  switch (r.outcome) {
    case 'sent':
      return final('sent', null);
    case 'not_subscribed':
      return final('not_subscribed', 'errcode 43101: the user has not subscribed');
    case 'failed':
      return final('failed', r.error);
    case 'retry':
      return { retry: r.error };
  }
}

async function deliverSms(deps: AppDeps, payload: { personId: string; text: string }, sms: SmsProvider | null): Promise<Outcome> {
  if (!sms) return { skipped: 'no SMS provider configured (SMS_PROVIDER=none)' };
  const person = await deps.database.db.selectFrom('person').select('phone_enc').where('id', '=', payload.personId).executeTakeFirst();
  if (!person?.phone_enc) return { skipped: 'no phone on file' };
  const r = await sms.send(deps.crypto.decrypt(person.phone_enc), payload.text);
  if (r.ok) return { done: null };
  return r.retry ? { retry: r.error } : { failed: r.error };
}

async function settle(deps: AppDeps, workerId: string, row: OutboxTable, outcome: Outcome): Promise<keyof OutboxRunSummary | null> {
  const db = deps.database.db;
  const now = deps.clock.now();
  let ok: boolean;
  let counted: keyof OutboxRunSummary;
  if ('retry' in outcome && row.attempts < OUTBOX_MAX_ATTEMPTS) {
    ok = await repo.settleOutbox(db, row.id, workerId, { status: 'pending', next_attempt_at: now + retryDelayMs(row.attempts), last_error: outcome.retry.slice(0, 500) });
    counted = 'retried';
  } else if ('retry' in outcome || 'failed' in outcome) {
    const error = 'retry' in outcome ? `gave up after ${row.attempts} attempts: ${outcome.retry}` : outcome.failed;
    if (row.kind === 'wechat_message') await repo.settleWechatStatus(db, JSON.parse(row.payload).messageId, 'failed');
    ok = await repo.settleOutbox(db, row.id, workerId, { status: 'failed', done_at: now, last_error: error.slice(0, 500) });
    counted = 'failed';
    deps.logger.warn({ outboxId: row.id, kind: row.kind, error }, 'notification not delivered');
  } else {
    const note = 'skipped' in outcome ? outcome.skipped : outcome.done;
    ok = await repo.settleOutbox(db, row.id, workerId, { status: 'skipped' in outcome ? 'skipped' : 'done', done_at: now, last_error: note });
    counted = 'done';
  }
  // Lost the claim (lease ran out, another worker took the row): its outcome is that worker's to record.
  return ok ? counted : null;
}
