import type { Updateable } from 'kysely';
import type { Db } from '../../db';
import type { ChronicConditionTable } from '../../db/schema/chronic-condition';
import type { FamilyDoctorContractTable } from '../../db/schema/family-doctor-contract';
import type { LongPrescriptionTable } from '../../db/schema/long-prescription';
import type { LongPrescriptionItemTable } from '../../db/schema/long-prescription-item';
import type { RenewalRequestTable } from '../../db/schema/renewal-request';

// ---- chronic conditions ------------------------------------------------------------------------

export async function conditionsOf(db: Db, personId: string, onlyActive = false) {
  let q = db
    .selectFrom('chronic_condition as c')
    .innerJoin('facility as f', 'f.id', 'c.facility_id')
    .selectAll('c')
    .select('f.name as facility_name')
    .where('c.person_id', '=', personId);
  if (onlyActive) q = q.where('c.status', '=', 'active');
  return q.orderBy('c.certified_at').orderBy('c.id').execute();
}
export type ConditionRow = Awaited<ReturnType<typeof conditionsOf>>[number];

export async function insertCondition(db: Db, row: ChronicConditionTable) {
  await db.insertInto('chronic_condition').values(row).execute();
}

export async function endCondition(db: Db, personId: string, id: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('chronic_condition')
    .set({ status: 'ended', active_key: null, ended_at: now })
    .where('id', '=', id)
    .where('person_id', '=', personId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- teams and contracts -----------------------------------------------------------------------

export async function teamsAt(db: Db, facilityIds: string[]) {
  if (!facilityIds.length) return [];
  return db
    .selectFrom('doctor_team as t')
    .innerJoin('facility as f', 'f.id', 't.facility_id')
    .select(['t.id', 't.code', 't.name', 't.facility_id', 'f.name as facility_name'])
    .where('t.facility_id', 'in', facilityIds)
    .orderBy('t.code')
    .execute();
}

export async function getTeam(db: Db, id: string) {
  return db
    .selectFrom('doctor_team as t')
    .innerJoin('facility as f', 'f.id', 't.facility_id')
    .select(['t.id', 't.code', 't.name', 't.facility_id', 'f.name as facility_name', 'f.township'])
    .where('t.id', '=', id)
    .executeTakeFirst();
}

export async function teamMembers(db: Db, teamIds: string[]) {
  if (!teamIds.length) return [];
  return db
    .selectFrom('doctor_team_member as m')
    .innerJoin('doctor as d', 'd.id', 'm.doctor_id')
    .select(['m.team_id', 'd.id as doctor_id', 'd.name', 'd.title', 'd.facility_id'])
    .where('m.team_id', 'in', teamIds)
    .orderBy('d.code')
    .execute();
}

/** The person's active contract, if any (a lapsed term counts as ended). */
export async function activeContract(db: Db, personId: string, today: string) {
  return db
    .selectFrom('family_doctor_contract')
    .selectAll()
    .where('person_id', '=', personId)
    .where('status', '=', 'active')
    .where('ends_on', '>=', today)
    .executeTakeFirst();
}

/** Frees the active slot of a contract whose term has passed, so a new one can be signed. */
export async function endLapsedContracts(db: Db, personId: string, today: string, now: number) {
  await db
    .updateTable('family_doctor_contract')
    .set({ status: 'ended', active_key: null, ended_at: now })
    .where('person_id', '=', personId)
    .where('status', '=', 'active')
    .where('ends_on', '<', today)
    .execute();
}

export async function insertContract(db: Db, row: FamilyDoctorContractTable) {
  await db.insertInto('family_doctor_contract').values(row).execute();
}

/** The team of each person's active contract. */
export async function contractTeamsOf(db: Db, personIds: string[], today: string) {
  if (!personIds.length) return new Map<string, { teamId: string; teamName: string }>();
  const rows = await db
    .selectFrom('family_doctor_contract as c')
    .innerJoin('doctor_team as t', 't.id', 'c.team_id')
    .select(['c.person_id', 't.id as team_id', 't.name as team_name'])
    .where('c.person_id', 'in', personIds)
    .where('c.status', '=', 'active')
    .where('c.ends_on', '>=', today)
    .execute();
  return new Map(rows.map((r) => [r.person_id, { teamId: r.team_id, teamName: r.team_name }]));
}

/** Whether the doctor belongs to the team of the person's active contract. */
export async function isContractedWith(db: Db, personId: string, doctorId: string | null, today: string): Promise<boolean> {
  if (!doctorId) return false;
  const row = await db
    .selectFrom('family_doctor_contract as c')
    .innerJoin('doctor_team_member as m', 'm.team_id', 'c.team_id')
    .select('c.id')
    .where('c.person_id', '=', personId)
    .where('c.status', '=', 'active')
    .where('c.ends_on', '>=', today)
    .where('m.doctor_id', '=', doctorId)
    .executeTakeFirst();
  return Boolean(row);
}

// ---- long prescriptions ------------------------------------------------------------------------

export async function getPrescription(db: Db, id: string) {
  return db
    .selectFrom('long_prescription as p')
    .innerJoin('facility as f', 'f.id', 'p.facility_id')
    .innerJoin('person as pe', 'pe.id', 'p.person_id')
    .selectAll('p')
    .select(['f.name as facility_name', 'pe.name as person_name'])
    .where('p.id', '=', id)
    .executeTakeFirst();
}
export type PrescriptionRow = NonNullable<Awaited<ReturnType<typeof getPrescription>>>;

export async function prescriptionsOf(db: Db, personId: string, statuses?: readonly string[]) {
  let q = db
    .selectFrom('long_prescription as p')
    .innerJoin('facility as f', 'f.id', 'p.facility_id')
    .innerJoin('person as pe', 'pe.id', 'p.person_id')
    .selectAll('p')
    .select(['f.name as facility_name', 'pe.name as person_name'])
    .where('p.person_id', '=', personId);
  if (statuses) q = q.where('p.status', 'in', statuses);
  return q.orderBy('p.issued_at', 'desc').orderBy('p.id', 'desc').execute();
}

export async function prescriptionStatuses(db: Db, personId: string) {
  return db.selectFrom('long_prescription').select('status').where('person_id', '=', personId).execute();
}

export async function insertPrescription(db: Db, row: LongPrescriptionTable, items: LongPrescriptionItemTable[]) {
  await db.insertInto('long_prescription').values(row).execute();
  await db.insertInto('long_prescription_item').values(items).execute();
}

export async function itemsOf(db: Db, prescriptionIds: string[]) {
  if (!prescriptionIds.length) return [];
  return db
    .selectFrom('long_prescription_item as i')
    .innerJoin('drug as d', 'd.id', 'i.drug_id')
    .selectAll('i')
    .select(['d.generic_name', 'd.strength', 'd.form', 'd.unit', 'd.pack_unit', 'd.insurance_class', 'd.pack_size'])
    .where('i.prescription_id', 'in', prescriptionIds)
    .orderBy('i.prescription_id')
    .orderBy('i.line_no')
    .execute();
}
export type ItemRow = Awaited<ReturnType<typeof itemsOf>>[number];

/** Moves a prescription between statuses only from the expected one; false when someone moved it first. */
export async function movePrescription(db: Db, id: string, from: string, patch: Updateable<LongPrescriptionTable>): Promise<boolean> {
  const r = await db.updateTable('long_prescription').set(patch).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function flagForReview(db: Db, id: string, reason: string, now: number) {
  await db
    .updateTable('long_prescription')
    .set({ review_flag_reason: reason, flagged_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .where('review_flag_reason', 'is', null)
    .execute();
}

export async function clearReviewFlag(db: Db, id: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('long_prescription')
    .set({ review_flag_reason: null, flagged_at: null, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .where('review_flag_reason', 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setSupplyStart(db: Db, id: string, date: string, now: number) {
  await db.updateTable('long_prescription').set({ supply_start_on: date, updated_at: now }).where('id', '=', id).execute();
}

// ---- renewals ----------------------------------------------------------------------------------

const renewalColumns = [
  'r.id',
  'r.prescription_id',
  'r.person_id',
  'r.account_id',
  'r.status',
  'r.answers',
  'r.stop_reasons',
  'r.fulfilment',
  'r.pickup_facility_id',
  'r.recipient_name',
  'r.phone_enc',
  'r.address_enc',
  'r.patient_confirmed_at',
  'r.requested_at',
  'r.reviewed_at',
  'r.reviewer_name',
  'r.reject_reason',
  'r.pharmacist_note',
  'r.new_prescription_id',
  'r.order_id',
] as const;

function renewalQuery(db: Db) {
  return db
    .selectFrom('renewal_request as r')
    .innerJoin('person as pe', 'pe.id', 'r.person_id')
    .leftJoin('facility as pf', 'pf.id', 'r.pickup_facility_id')
    .select(renewalColumns)
    .select(['pe.name as person_name', 'pf.name as pickup_facility_name']);
}

export async function getRenewal(db: Db, id: string) {
  return renewalQuery(db).where('r.id', '=', id).executeTakeFirst();
}
export type RenewalRow = NonNullable<Awaited<ReturnType<typeof getRenewal>>>;

export async function renewalsOfPerson(db: Db, personId: string, limit = 50) {
  return renewalQuery(db).where('r.person_id', '=', personId).orderBy('r.requested_at', 'desc').orderBy('r.id', 'desc').limit(limit).execute();
}

export async function openRenewalsOf(db: Db, prescriptionIds: string[]) {
  if (!prescriptionIds.length) return [];
  return db.selectFrom('renewal_request').select(['id', 'prescription_id']).where('open_key', 'in', prescriptionIds).execute();
}

/**
 * Renewals a doctor may review: patients registered at the doctor's facilities, and patients
 * contracted with a team the doctor belongs to.
 */
export async function renewalQueue(db: Db, status: string, facilityIds: string[], doctorId: string | null, today: string, limit = 200) {
  return renewalQuery(db)
    .where('r.status', '=', status)
    .where((eb) => {
      const inScope = [];
      if (facilityIds.length) {
        inScope.push(eb('r.person_id', 'in', eb.selectFrom('patient_facility').select('person_id').where('facility_id', 'in', facilityIds)));
      }
      if (doctorId) {
        inScope.push(
          eb(
            'r.person_id',
            'in',
            eb
              .selectFrom('family_doctor_contract as c')
              .innerJoin('doctor_team_member as m', 'm.team_id', 'c.team_id')
              .select('c.person_id')
              .where('m.doctor_id', '=', doctorId)
              .where('c.status', '=', 'active')
              .where('c.ends_on', '>=', today),
          ),
        );
      }
      return eb.or(inScope);
    })
    .orderBy('r.requested_at')
    .orderBy('r.id')
    .limit(limit)
    .execute();
}

export async function insertRenewal(db: Db, row: RenewalRequestTable) {
  await db.insertInto('renewal_request').values(row).execute();
}

/** Conditional move of a renewal: false when it is no longer in `from` (decided by someone else). */
export async function moveRenewal(db: Db, id: string, from: string, patch: Updateable<RenewalRequestTable>): Promise<boolean> {
  const r = await db.updateTable('renewal_request').set(patch).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The teams a doctor belongs to. */
export async function teamIdsOfDoctor(db: Db, doctorId: string | null): Promise<string[]> {
  if (!doctorId) return [];
  return (await db.selectFrom('doctor_team_member').select('team_id').where('doctor_id', '=', doctorId).execute()).map((r) => r.team_id);
}
