import type { Db } from '../../db';
import type { FamilyMemberTable } from '../../db/schema/family-member';
import type { PersonTable } from '../../db/schema/person';

export async function findAccountByOpenid(db: Db, openid: string) {
  return db.selectFrom('account').selectAll().where('openid', '=', openid).executeTakeFirst();
}

export async function insertAccount(db: Db, row: { id: string; openid: string; unionid: string | null; is_demo: number; created_at: number }) {
  await db.insertInto('account').values({ ...row, deleted_at: null }).execute();
}

export async function getAccount(db: Db, id: string) {
  return db.selectFrom('account').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPersonByIdIndex(db: Db, bidx: string) {
  return db.selectFrom('person').selectAll().where('id_number_bidx', '=', bidx).executeTakeFirst();
}

export async function findPersonByHealthCard(db: Db, code: string) {
  return db.selectFrom('person').selectAll().where('health_card_code', '=', code).executeTakeFirst();
}

export async function getPerson(db: Db, id: string) {
  return db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertPerson(db: Db, row: PersonTable) {
  await db.insertInto('person').values(row).execute();
}

export async function setPersonOwner(db: Db, personId: string, accountId: string | null, now: number) {
  await db.updateTable('person').set({ own_account_id: accountId, updated_at: now }).where('id', '=', personId).execute();
}

export async function updatePersonPhone(db: Db, personId: string, phoneEnc: string | null, now: number) {
  await db.updateTable('person').set({ phone_enc: phoneEnc, updated_at: now }).where('id', '=', personId).execute();
}

/** Active and pending family links of an account, with their persons. */
export async function listFamily(db: Db, accountId: string) {
  return db
    .selectFrom('family_member as m')
    .innerJoin('person as p', 'p.id', 'm.person_id')
    .select([
      'm.id', 'm.person_id', 'm.relation', 'm.is_guardian', 'm.status', 'm.created_at',
      'p.name', 'p.id_number_enc', 'p.phone_enc', 'p.sex', 'p.birth_date', 'p.health_card_code', 'p.own_account_id',
    ])
    .where('m.account_id', '=', accountId)
    .where('m.removed_at', 'is', null)
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
}
export type FamilyRow = Awaited<ReturnType<typeof listFamily>>[number];

export async function getFamilyMember(db: Db, accountId: string, memberId: string) {
  return (await listFamily(db, accountId)).find((m) => m.id === memberId);
}

export async function countFamily(db: Db, accountId: string): Promise<number> {
  const r = await db
    .selectFrom('family_member')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('removed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertFamilyMember(db: Db, row: FamilyMemberTable) {
  await db.insertInto('family_member').values(row).execute();
}

export async function updateFamilyMember(db: Db, memberId: string, patch: Partial<Pick<FamilyMemberTable, 'relation' | 'status'>>) {
  await db.updateTable('family_member').set(patch).where('id', '=', memberId).execute();
}

export async function removeFamilyMember(db: Db, memberId: string, now: number) {
  await db.updateTable('family_member').set({ removed_at: now, active_key: null }).where('id', '=', memberId).where('removed_at', 'is', null).execute();
}

/** The account's consents of `kind` that are not withdrawn, the latest first. */
function liveConsents(db: Db, accountId: string, kind: string) {
  return db.selectFrom('consent').where('account_id', '=', accountId).where('kind', '=', kind).where('withdrawn_at', 'is', null).orderBy('granted_at', 'desc').orderBy('id', 'desc');
}

export async function latestConsent(db: Db, accountId: string, kind: string) {
  return liveConsents(db, accountId, kind).selectAll().executeTakeFirst();
}

/**
 * The person behind one of the account's active 就诊人, as a subquery (no row when the member is
 * not one): the object check other reads fold into their own statement.
 */
export function activeMemberPerson(db: Db, accountId: string, memberId: string) {
  return db.selectFrom('family_member').select('person_id').where('id', '=', memberId).where('account_id', '=', accountId).where('removed_at', 'is', null).where('status', '=', 'active');
}

/**
 * The version of the account's live consent of `kind` and the person behind one of its active
 * 就诊人 (null when the member is not one), in one read: what every health-data page checks first.
 */
export async function consentAndMember(db: Db, accountId: string, kind: string, memberId: string) {
  const r = await db
    .selectNoFrom([liveConsents(db, accountId, kind).select('version').limit(1).as('consent_version'), activeMemberPerson(db, accountId, memberId).as('person_id')])
    .executeTakeFirstOrThrow();
  return { consentVersion: r.consent_version ?? null, personId: r.person_id ?? null };
}

export async function insertConsent(db: Db, row: { id: string; account_id: string; kind: string; version: string; granted_at: number }) {
  await db.insertInto('consent').values({ ...row, withdrawn_at: null }).execute();
}

export async function listLinkRequestsFor(db: Db, ownerAccountId: string) {
  return db
    .selectFrom('link_request as r')
    .innerJoin('family_member as m', 'm.id', 'r.family_member_id')
    .leftJoin('person as requester', 'requester.own_account_id', 'r.requester_account_id')
    .select(['r.id', 'r.created_at', 'r.family_member_id', 'm.relation', 'requester.name as requester_name'])
    .where('r.owner_account_id', '=', ownerAccountId)
    .where('r.status', '=', 'pending')
    .orderBy('r.created_at')
    .execute();
}

export async function getPendingLinkRequest(db: Db, ownerAccountId: string, id: string) {
  return db
    .selectFrom('link_request')
    .selectAll()
    .where('id', '=', id)
    .where('owner_account_id', '=', ownerAccountId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

/** Decides a request only if it is still pending; false when someone else decided first. */
export async function decideLinkRequest(db: Db, id: string, status: 'approved' | 'rejected', now: number): Promise<boolean> {
  const r = await db.updateTable('link_request').set({ status, decided_at: now }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertLinkRequest(db: Db, row: { id: string; family_member_id: string; requester_account_id: string; owner_account_id: string; created_at: number }) {
  await db.insertInto('link_request').values({ ...row, status: 'pending', decided_at: null }).execute();
}

export async function registerPatientAt(db: Db, personId: string, facilityId: string, source: string, now: number, dialect: 'mysql' | 'sqlite') {
  const q = db.insertInto('patient_facility').values({ person_id: personId, facility_id: facilityId, source, created_at: now });
  if (dialect === 'mysql') await q.ignore().execute();
  else await q.onConflict((oc) => oc.doNothing()).execute();
}

export async function patientFacilities(db: Db, personId: string): Promise<string[]> {
  return (await db.selectFrom('patient_facility').select('facility_id').where('person_id', '=', personId).execute()).map((r) => r.facility_id);
}
