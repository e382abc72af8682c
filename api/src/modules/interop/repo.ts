import type { Db } from '../../db';
import type { InteropClientTable } from '../../db/schema/interop-client';

export async function findClient(db: Db, clientId: string) {
  return db
    .selectFrom('interop_client as c')
    .innerJoin('facility as f', 'f.id', 'c.facility_id')
    .select(['c.id', 'c.client_id', 'c.secret_hash', 'c.facility_id', 'c.name', 'c.disabled', 'f.code as facility_code', 'f.name as facility_name'])
    .where('c.client_id', '=', clientId)
    .executeTakeFirst();
}

export async function insertClient(db: Db, row: InteropClientTable) {
  await db.insertInto('interop_client').values(row).execute();
}

export async function listClients(db: Db) {
  return db
    .selectFrom('interop_client as c')
    .innerJoin('facility as f', 'f.id', 'c.facility_id')
    .select(['c.client_id', 'c.name', 'c.disabled', 'c.created_at', 'f.id as facility_id', 'f.name as facility_name', 'f.short_name as facility_short_name'])
    .orderBy('f.sort_order')
    .orderBy('c.client_id')
    .execute();
}

export async function updateClient(db: Db, clientId: string, patch: Partial<Pick<InteropClientTable, 'secret_hash' | 'disabled'>>): Promise<boolean> {
  const r = await db.updateTable('interop_client').set(patch).where('client_id', '=', clientId).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Reports of one resident ID (matched or not), optionally only those a facility did, read or sent. */
export async function reportsForSearch(
  db: Db,
  q: { bidx: string; personId: string | null; facilityId: string; sections?: string[]; fromMs?: number; toMs?: number; limit: number },
) {
  let query = db
    .selectFrom('result_report')
    .selectAll()
    .where('patient_id_bidx', '=', q.bidx)
    .where((eb) => {
      const ours = [eb('performing_facility_id', '=', q.facilityId), eb('interpreting_facility_id', '=', q.facilityId), eb('submitting_facility_id', '=', q.facilityId)];
      return eb.or(q.personId ? [...ours, eb('person_id', '=', q.personId)] : ours);
    });
  if (q.sections) query = query.where('section', 'in', q.sections.length ? q.sections : ['-']);
  if (q.fromMs !== undefined) query = query.where('effective_at', '>=', q.fromMs);
  if (q.toMs !== undefined) query = query.where('effective_at', '<', q.toMs);
  return query.orderBy('effective_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
}
