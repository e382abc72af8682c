import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../../db';
import type { DB } from '../../db/schema';
import type { CallListItemTable } from '../../db/schema/call-list-item';
import type { MessageTable } from '../../db/schema/message';
import type { NotifyPreferenceTable } from '../../db/schema/notify-preference';
import type { OutboxTable } from '../../db/schema/outbox';

/** Insert that does nothing when the unique dedupe_key already exists (both dialects). */
export async function insertMessageOnce(db: Db, dialect: 'mysql' | 'sqlite', row: MessageTable): Promise<boolean> {
  const q = db.insertInto('message').values(row);
  const r = dialect === 'mysql' ? await q.ignore().executeTakeFirst() : await q.onConflict((oc) => oc.column('dedupe_key').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function insertOutboxOnce(db: Db, dialect: 'mysql' | 'sqlite', row: OutboxTable): Promise<boolean> {
  const q = db.insertInto('outbox').values(row);
  const r = dialect === 'mysql' ? await q.ignore().executeTakeFirst() : await q.onConflict((oc) => oc.column('dedupe_key').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Accounts that hold an active family link to a person: who hears about that person. */
export async function accountsCaringFor(db: Db, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('family_member as m')
    .innerJoin('account as a', 'a.id', 'm.account_id')
    .select('m.account_id')
    .where('m.person_id', '=', personId)
    .where('m.status', '=', 'active')
    .where('m.removed_at', 'is', null)
    .where('a.deleted_at', 'is', null)
    .execute();
  return [...new Set(rows.map((r) => r.account_id))];
}

export async function listMessages(db: Db, accountId: string, limit: number) {
  return db.selectFrom('message').selectAll().where('account_id', '=', accountId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function countUnread(db: Db, accountId: string): Promise<number> {
  const r = await db
    .selectFrom('message')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function markRead(db: Db, accountId: string, ids: string[] | 'all', now: number): Promise<number> {
  let q = db.updateTable('message').set({ read_at: now }).where('account_id', '=', accountId).where('read_at', 'is', null);
  if (ids !== 'all') {
    if (!ids.length) return 0;
    q = q.where('id', 'in', ids);
  }
  return Number((await q.executeTakeFirst()).numUpdatedRows);
}

// ---- the outbox worker ----------------------------------------------------------------------

/** Kinds this worker delivers; rows of other kinds belong to other workers and are left alone. */
const DELIVERED_KINDS = ['wechat_message', 'sms'];

const pendingDue = (now: number) => (eb: ExpressionBuilder<DB, 'outbox'>) =>
  eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now), eb('kind', 'in', DELIVERED_KINDS)]);
// A claim whose lease ran out: its worker died or hung; the row is due again.
const leaseExpired = (now: number) => (eb: ExpressionBuilder<DB, 'outbox'>) =>
  eb.and([eb('status', '=', 'claimed'), eb('claimed_until', '<=', now), eb('kind', 'in', DELIVERED_KINDS)]);
const due = (now: number) => (eb: ExpressionBuilder<DB, 'outbox'>) => eb.or([pendingDue(now)(eb), leaseExpired(now)(eb)]);

/**
 * Claims up to `limit` due rows for one worker, counting the attempt. MySQL: SELECT ... FOR
 * UPDATE SKIP LOCKED in a short transaction, so concurrent instances take disjoint rows without
 * waiting on each other. SQLite (one process): a single conditional UPDATE is already atomic.
 */
export async function claimDueOutbox(db: Db, dialect: 'mysql' | 'sqlite', workerId: string, now: number, leaseUntil: number, limit: number) {
  const claim = { status: 'claimed', claimed_by: workerId, claimed_until: leaseUntil };
  if (dialect === 'mysql') {
    // READ COMMITTED: no gap locks, so claimers skipping each other's rows cannot deadlock. Two
    // plain range scans on outbox_due (an OR would scan and lock every due row) stop at `limit`.
    const ids = await db.transaction().setIsolationLevel('read committed').execute(async (tx) => {
      const pick = (cond: typeof due, n: number) => tx.selectFrom('outbox').select('id').where(cond(now)).orderBy('next_attempt_at').limit(n).forUpdate().skipLocked().execute();
      const rows = await pick(pendingDue, limit);
      if (rows.length < limit) rows.push(...(await pick(leaseExpired, limit - rows.length)));
      if (!rows.length) return [];
      const picked = rows.map((r) => r.id);
      await tx.updateTable('outbox').set((eb) => ({ ...claim, attempts: eb('attempts', '+', 1) })).where('id', 'in', picked).execute();
      return picked;
    });
    if (!ids.length) return [];
    return db.selectFrom('outbox').selectAll().where('id', 'in', ids).orderBy('next_attempt_at').execute();
  }
  await db
    .updateTable('outbox')
    .set((eb) => ({ ...claim, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', (eb) => eb.selectFrom('outbox').select('id').where(due(now)).orderBy('next_attempt_at').limit(limit))
    .where(due(now))
    .execute();
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('status', '=', 'claimed')
    .where('claimed_by', '=', workerId)
    .where('claimed_until', '=', leaseUntil)
    .orderBy('next_attempt_at')
    .execute();
}

/**
 * Ends or reschedules a claimed row, only while this worker still holds it: a worker whose lease
 * ran out and whose row was claimed again cannot overwrite the newer claim's outcome.
 */
export async function settleOutbox(
  db: Db,
  id: string,
  workerId: string,
  patch: { status: 'done' | 'failed' | 'skipped'; done_at: number; last_error: string | null } | { status: 'pending'; next_attempt_at: number; last_error: string },
): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    .set({ ...patch, claimed_by: null, claimed_until: null })
    .where('id', '=', id)
    .where('status', '=', 'claimed')
    .where('claimed_by', '=', workerId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The message an outbox row delivers, with what WeChat needs to know about its recipient. */
export async function messageForDelivery(db: Db, messageId: string) {
  return db
    .selectFrom('message as m')
    .innerJoin('account as a', 'a.id', 'm.account_id')
    .leftJoin('person as p', 'p.id', 'm.person_id')
    .select(['m.id', 'm.type', 'm.link', 'm.data', 'm.wechat_status', 'a.openid', 'a.is_demo', 'a.deleted_at', 'p.name as person_name'])
    .where('m.id', '=', messageId)
    .executeTakeFirst();
}

/**
 * Records WeChat's answer once: only a message still pending changes, so a message marked sent
 * stays sent, whichever worker comes back to it.
 */
export async function settleWechatStatus(db: Db, messageId: string, status: 'sent' | 'not_subscribed' | 'failed' | 'not_applicable'): Promise<boolean> {
  const r = await db.updateTable('message').set({ wechat_status: status }).where('id', '=', messageId).where('wechat_status', '=', 'pending').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- elder fallback -------------------------------------------------------------------------

export async function getNotifyPreference(db: Db, personId: string) {
  return db.selectFrom('notify_preference').selectAll().where('person_id', '=', personId).executeTakeFirst();
}

export async function saveNotifyPreference(db: Db, dialect: 'mysql' | 'sqlite', row: NotifyPreferenceTable) {
  const { person_id: _, ...update } = row;
  const q = db.insertInto('notify_preference').values(row);
  if (dialect === 'mysql') await q.onDuplicateKeyUpdate(update).execute();
  else await q.onConflict((oc) => oc.column('person_id').doUpdateSet(update)).execute();
}

export async function insertCallListItemOnce(db: Db, dialect: 'mysql' | 'sqlite', row: CallListItemTable): Promise<boolean> {
  const q = db.insertInto('call_list_item').values(row);
  const r = dialect === 'mysql' ? await q.ignore().executeTakeFirst() : await q.onConflict((oc) => oc.column('dedupe_key').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

const callList = (db: Db, facilityIds: string[]) =>
  db
    .selectFrom('call_list_item as c')
    .innerJoin('person as p', 'p.id', 'c.person_id')
    .innerJoin('facility as f', 'f.id', 'c.facility_id')
    .select(['c.id', 'c.facility_id', 'c.person_id', 'c.type', 'c.title', 'c.body', 'c.created_at', 'c.done_at', 'c.done_by_name', 'c.note', 'p.name as person_name', 'p.phone_enc', 'f.name as facility_name'])
    .where('c.facility_id', 'in', facilityIds);

export async function listCallList(db: Db, facilityIds: string[], status: 'open' | 'done', limit: number) {
  if (!facilityIds.length) return [];
  const q = callList(db, facilityIds).limit(limit);
  if (status === 'open') return q.where('c.done_at', 'is', null).orderBy('c.created_at').orderBy('c.id').execute();
  return q.where('c.done_at', 'is not', null).orderBy('c.done_at', 'desc').orderBy('c.id', 'desc').execute();
}
export type CallListRow = Awaited<ReturnType<typeof listCallList>>[number];

/** An item of one of the given facilities, or undefined (another facility's item is not found). */
export async function getCallListItem(db: Db, id: string, facilityIds: string[]) {
  if (!facilityIds.length) return undefined;
  return callList(db, facilityIds).where('c.id', '=', id).executeTakeFirst();
}

/** Ticks an item off once; false when someone already did. */
export async function markCallListItemDone(db: Db, id: string, by: { staffId: string; name: string }, note: string | null, now: number): Promise<boolean> {
  const r = await db
    .updateTable('call_list_item')
    .set({ done_at: now, done_by_staff_id: by.staffId, done_by_name: by.name, note })
    .where('id', '=', id)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- day-before reminders -------------------------------------------------------------------

/** Confirmed bookings on a date, with what the reminder says. */
export async function confirmedBookingsOn(db: Db, date: string) {
  return db
    .selectFrom('booking as b')
    .innerJoin('person as p', 'p.id', 'b.person_id')
    .innerJoin('facility as f', 'f.id', 'b.facility_id')
    .innerJoin('department as d', 'd.id', 'b.department_id')
    .innerJoin('doctor as doc', 'doc.id', 'b.doctor_id')
    .select(['b.id', 'b.person_id', 'b.date', 'b.start_time', 'p.name as patient_name', 'f.name as facility_name', 'd.name as department_name', 'doc.name as doctor_name'])
    .where('b.date', '=', date)
    .where('b.status', '=', 'confirmed')
    .orderBy('b.id')
    .execute();
}
