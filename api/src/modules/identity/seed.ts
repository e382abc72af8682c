import { HEALTH_DATA_CONSENT_VERSION, residentIdCheckChar } from '@ygt/shared';
import type { AppDeps } from '../../deps';
import { newToken } from '../../infra/crypto';
import { newId } from '../../infra/ids';
import * as repo from './repo';

/** Area code of the fictional 云溪县 (not a real county). */
const AREA = '439901';
const idNumber = (birth: string, seq: string) => {
  const first17 = AREA + birth.replaceAll('-', '') + seq;
  return first17 + residentIdCheckChar(first17);
};

interface DemoPerson {
  name: string;
  birth: string;
  seq: string;
  phone: string | null;
  relation: 'self' | 'spouse' | 'parent' | 'child';
  guardian?: boolean;
}

const FAMILIES: { key: string; consent: boolean; facilities: string[]; people: DemoPerson[] }[] = [
  {
    key: 'zhang',
    consent: true,
    facilities: ['YX-T01', 'YX-T01-V01'],
    people: [
      { name: '张建国', birth: '1981-03-15', seq: '011', phone: '13800001001', relation: 'self' },
      { name: '李桂芳', birth: '1951-08-02', seq: '022', phone: '13800001002', relation: 'parent' },
      { name: '张小雨', birth: '2016-05-20', seq: '042', phone: null, relation: 'child', guardian: true },
    ],
  },
  {
    key: 'wang',
    consent: true,
    facilities: ['YX-T02'],
    people: [
      { name: '王秀英', birth: '1958-02-11', seq: '064', phone: '13900002001', relation: 'self' },
      { name: '刘德胜', birth: '1956-09-30', seq: '071', phone: '13900002002', relation: 'spouse' },
    ],
  },
  { key: 'chen', consent: false, facilities: [], people: [] },
];

/** Demo residents and their families; idempotent (keyed by demo openid and ID number). */
export async function seedDemoResidents(deps: AppDeps): Promise<void> {
  const db = deps.database.db;
  const now = deps.clock.now();
  const facilityIds = new Map((await db.selectFrom('facility').select(['id', 'code']).execute()).map((f) => [f.code, f.id]));
  for (const family of FAMILIES) {
    if (await repo.findAccountByOpenid(db, `demo:${family.key}`)) continue;
    await db.transaction().execute(async (tx) => {
      const accountId = newId(now);
      await repo.insertAccount(tx, { id: accountId, openid: `demo:${family.key}`, unionid: null, is_demo: 1, created_at: now });
      if (family.consent) await repo.insertConsent(tx, { id: newId(now), account_id: accountId, kind: 'health_data', version: HEALTH_DATA_CONSENT_VERSION, granted_at: now });
      for (const [i, p] of family.people.entries()) {
        const id = idNumber(p.birth, p.seq);
        const bidx = deps.crypto.blindIndex(id);
        let person = await repo.findPersonByIdIndex(tx, bidx);
        if (!person) {
          person = {
            id: newId(now), name: p.name, id_number_enc: deps.crypto.encrypt(id), id_number_bidx: bidx,
            phone_enc: p.phone ? deps.crypto.encrypt(p.phone) : null, sex: Number(p.seq[2]) % 2 ? 'male' : 'female',
            birth_date: p.birth, health_card_code: newToken(18), own_account_id: p.relation === 'self' ? accountId : null,
            created_at: now, updated_at: now,
          };
          await repo.insertPerson(tx, person);
        }
        await repo.insertFamilyMember(tx, {
          id: newId(now), account_id: accountId, person_id: person.id, relation: p.relation, is_guardian: p.guardian ? 1 : 0,
          status: 'active', active_key: `${accountId}:${person.id}`, created_at: now + i, removed_at: null,
        });
        for (const code of family.facilities) await repo.registerPatientAt(tx, person.id, facilityIds.get(code)!, 'seed', now, deps.database.dialect);
      }
    });
  }
}

/** ID numbers of the demo people, for tests and the README. */
export const DEMO_ID_NUMBERS = Object.fromEntries(FAMILIES.flatMap((f) => f.people.map((p) => [p.name, idNumber(p.birth, p.seq)])));
