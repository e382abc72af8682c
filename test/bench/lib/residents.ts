import { randomBytes } from 'node:crypto';
import { addDays, HEALTH_DATA_CONSENT_VERSION, residentIdCheckChar } from '@ygt/shared';
import type { AppDeps } from '../../../api/src/deps';
import { createSession } from '../../../api/src/http/auth';
import { newId } from '../../../api/src/infra/ids';

/** A resident made for the benchmark: their own account, their person, the 本人 link and consent. */
export interface BenchResident {
  index: number;
  accountId: string;
  personId: string;
  memberId: string;
  name: string;
  idNumber: string;
  idNumberEnc: string;
  idNumberBidx: string;
  authorization?: string;
}

/**
 * A valid, unique resident ID number of the fictional 云溪县 (area 439901) for the i-th resident
 * (i < 12,500,000); sequence numbers from 500 up, which the demo residents never use.
 */
export function benchIdNumber(i: number): string {
  const birth = addDays('1940-01-01', i % 25_000).replaceAll('-', '');
  const first17 = `439901${birth}${500 + Math.floor(i / 25_000)}`;
  return first17 + residentIdCheckChar(first17);
}

const BATCH = 500;

/**
 * Inserts residents straight into the tables in multi-row batches (what sign-up and adding
 * oneself as 本人 would leave behind), with the health-data consent granted: fast enough for
 * 100,000. Ids are made in order, so the persons' primary keys grow with `index`.
 */
export async function insertResidents(deps: AppDeps, from: number, count: number): Promise<BenchResident[]> {
  const db = deps.database.db;
  const now = deps.clock.now();
  const residents: BenchResident[] = [];
  for (let i = from; i < from + count; i++) {
    const idNumber = benchIdNumber(i);
    residents.push({
      index: i,
      accountId: newId(now),
      personId: newId(now),
      memberId: newId(now),
      name: `居民${i}`,
      idNumber,
      idNumberEnc: deps.crypto.encrypt(idNumber),
      idNumberBidx: deps.crypto.blindIndex(idNumber),
    });
  }
  for (let b = 0; b < residents.length; b += BATCH) {
    const batch = residents.slice(b, b + BATCH);
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('account').values(batch.map((r) => ({ id: r.accountId, openid: `bench:${r.accountId}`, unionid: null, is_demo: 0, created_at: now, deleted_at: null }))).execute();
      await tx
        .insertInto('person')
        .values(
          batch.map((r) => ({
            id: r.personId,
            name: r.name,
            id_number_enc: r.idNumberEnc,
            id_number_bidx: r.idNumberBidx,
            phone_enc: null,
            sex: Number(r.idNumber[16]) % 2 ? 'male' : 'female',
            birth_date: `${r.idNumber.slice(6, 10)}-${r.idNumber.slice(10, 12)}-${r.idNumber.slice(12, 14)}`,
            health_card_code: randomBytes(12).toString('hex'),
            own_account_id: r.accountId,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
      await tx
        .insertInto('family_member')
        .values(batch.map((r) => ({ id: r.memberId, account_id: r.accountId, person_id: r.personId, relation: 'self', is_guardian: 0, status: 'active', active_key: `${r.accountId}:${r.personId}`, created_at: now, removed_at: null })))
        .execute();
      await tx
        .insertInto('consent')
        .values(batch.map((r) => ({ id: newId(now), account_id: r.accountId, kind: 'health_data', version: HEALTH_DATA_CONSENT_VERSION, granted_at: now, withdrawn_at: null })))
        .execute();
    });
  }
  return residents;
}

/** Residents a previous run inserted (BENCH_REUSE_DB), found by the index in their names. */
export async function findResidents(deps: AppDeps, from: number, count: number): Promise<BenchResident[]> {
  const rows = await deps.database.db
    .selectFrom('person as p')
    .innerJoin('family_member as m', 'm.person_id', 'p.id')
    .select(['p.id as personId', 'p.name', 'p.id_number_enc', 'p.id_number_bidx', 'm.id as memberId', 'm.account_id as accountId'])
    .where('p.name', 'like', '居民%')
    .where('m.relation', '=', 'self')
    .orderBy('p.id')
    .execute();
  return rows
    .map((r) => ({ index: Number(r.name.slice(2)), accountId: r.accountId, personId: r.personId, memberId: r.memberId, name: r.name, idNumber: benchIdNumber(Number(r.name.slice(2))), idNumberEnc: r.id_number_enc, idNumberBidx: r.id_number_bidx }))
    .filter((r) => r.index >= from && r.index < from + count);
}

/** A session per resident, stored in KV exactly as a sign-in stores it. */
export async function signIn(deps: AppDeps, residents: BenchResident[]): Promise<void> {
  for (let i = 0; i < residents.length; i += 100) {
    await Promise.all(
      residents.slice(i, i + 100).map(async (r) => {
        r.authorization = `Bearer ${(await createSession(deps, 'resident', r.accountId)).token}`;
      }),
    );
  }
}
