import type { Db } from '../../db';
import type { MessageTable } from '../../db/schema/message';
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
