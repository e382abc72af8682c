import type { Updateable } from 'kysely';
import type { Db } from '../../db';
import type { DrugTable } from '../../db/schema/drug';
import type { MedicineOrderTable } from '../../db/schema/medicine-order';
import type { MedicineOrderEventTable } from '../../db/schema/medicine-order-event';

// ---- formulary ---------------------------------------------------------------------------------

export async function listDrugs(db: Db, q?: string) {
  let query = db.selectFrom('drug').selectAll();
  // LIKE wildcards typed by the user are dropped: the two engines escape them differently.
  const term = q?.replace(/[%_\\]/g, '');
  if (term) query = query.where((eb) => eb.or([eb('generic_name', 'like', `%${term}%`), eb('code', 'like', `%${term}%`)]));
  return query.orderBy('code').execute();
}

export async function getDrug(db: Db, id: string) {
  return db.selectFrom('drug').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function drugsByIds(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('drug').selectAll().where('id', 'in', ids).execute();
}

export async function findDrugByCode(db: Db, code: string) {
  return db.selectFrom('drug').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertDrug(db: Db, row: DrugTable) {
  await db.insertInto('drug').values(row).execute();
}

export async function updateDrug(db: Db, id: string, patch: Updateable<DrugTable>): Promise<boolean> {
  const r = await db.updateTable('drug').set(patch).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- medicine orders ---------------------------------------------------------------------------

function orderQuery(db: Db) {
  return db
    .selectFrom('medicine_order as o')
    .innerJoin('person as pe', 'pe.id', 'o.person_id')
    .innerJoin('facility as ph', 'ph.id', 'o.pharmacy_facility_id')
    .leftJoin('facility as pf', 'pf.id', 'o.pickup_facility_id')
    .leftJoin('long_prescription as p', 'p.id', 'o.prescription_id')
    .selectAll('o')
    .select(['pe.name as person_name', 'ph.name as pharmacy_name', 'pf.name as pickup_facility_name', 'p.health_advice']);
}

export async function getOrder(db: Db, id: string) {
  return orderQuery(db).where('o.id', '=', id).executeTakeFirst();
}
export type OrderRow = NonNullable<Awaited<ReturnType<typeof getOrder>>>;

export async function ordersOfPerson(db: Db, personId: string, limit = 50) {
  return orderQuery(db).where('o.person_id', '=', personId).orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(limit).execute();
}

export async function ordersOfPharmacy(db: Db, pharmacyIds: string[], states: readonly string[], limit = 200) {
  if (!pharmacyIds.length) return [];
  return orderQuery(db)
    .where('o.pharmacy_facility_id', 'in', pharmacyIds)
    .where('o.state', 'in', states)
    .orderBy('o.created_at')
    .orderBy('o.id')
    .limit(limit)
    .execute();
}

export async function ordersAtPickupPoints(db: Db, facilityIds: string[], states: readonly string[], limit = 200) {
  if (!facilityIds.length) return [];
  return orderQuery(db)
    .where('o.pickup_facility_id', 'in', facilityIds)
    .where('o.state', 'in', states)
    .orderBy('o.updated_at')
    .orderBy('o.id')
    .limit(limit)
    .execute();
}

export async function insertOrder(db: Db, row: MedicineOrderTable) {
  await db.insertInto('medicine_order').values(row).execute();
}

/** The guarded move of the state machine: only from the listed states; false when it lost a race. */
export async function moveOrder(db: Db, id: string, from: readonly string[], patch: Updateable<MedicineOrderTable>): Promise<boolean> {
  const r = await db.updateTable('medicine_order').set(patch).where('id', '=', id).where('state', 'in', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function updateOrder(db: Db, id: string, patch: Updateable<MedicineOrderTable>) {
  await db.updateTable('medicine_order').set(patch).where('id', '=', id).execute();
}

export async function insertEvents(db: Db, rows: MedicineOrderEventTable[]) {
  if (rows.length) await db.insertInto('medicine_order_event').values(rows).execute();
}

export async function eventsOf(db: Db, orderIds: string[]) {
  if (!orderIds.length) return [];
  return db
    .selectFrom('medicine_order_event as e')
    .leftJoin('facility as f', 'f.id', 'e.facility_id')
    .selectAll('e')
    .select('f.name as facility_name')
    .where('e.order_id', 'in', orderIds)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
}
