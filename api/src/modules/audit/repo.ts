import type { Db } from '../../db';
import type { AuditLogTable } from '../../db/schema/audit-log';

/** Append-only: this module has inserts and reads, never updates or deletes. */
export async function insertAuditEntry(db: Db, entry: AuditLogTable): Promise<void> {
  await db.insertInto('audit_log').values(entry).execute();
}

export async function listAuditForPersons(db: Db, personIds: string[], limit: number) {
  if (!personIds.length) return [];
  return db
    .selectFrom('audit_log as a')
    .leftJoin('facility as f', 'f.id', 'a.facility_id')
    .innerJoin('person as p', 'p.id', 'a.person_id')
    .select(['a.id', 'a.at', 'a.actor_name', 'a.actor_role', 'a.action', 'a.reason', 'f.name as facility_name', 'p.name as person_name'])
    .where('a.person_id', 'in', personIds)
    .where('a.actor_type', '=', 'staff')
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
}
