import { addDays, type Frequency, localDate, packsNeeded } from '@ygt/shared';
import type { Db } from '../../db';
import type { AppDeps } from '../../deps';
import { newId } from '../../infra/ids';
import { DEMO_ID_NUMBERS } from '../identity/seed';
import * as identityRepo from '../identity/repo';
import * as pharmacyRepo from '../pharmacy/repo';
import * as repo from './repo';

const TEAM = { code: 'YX-T01-A', name: '青石镇家庭医生一团队', facility: 'YX-T01', members: ['qs.doctor', 'dl.doctor'] };

const HEALTH_ADVICE = '低盐低脂饮食，每日食盐不超过5克；每天快走30分钟；戒烟限酒；每周测2次血压、1次空腹血糖并记录，复诊时带上。';

interface DemoPrescription {
  person: string;
  conditions: string[];
  /** Facility code of the issuing doctor; the doctor is the staff account or the facility's first doctor. */
  facility: string;
  prescriber: string | null;
  daysAgo: number;
  items: { drug: string; condition: string; dose: number; frequency: Frequency; days: number; usage: string }[];
  contract: { village: string } | null;
}

/**
 * 李桂芳 (zhang family) is renewable today: 28 days issued 23 days ago leaves 5. 王秀英 (wang
 * family) was issued 5 days ago and is not renewable yet.
 */
const DEMO: DemoPrescription[] = [
  {
    person: '李桂芳',
    conditions: ['I10', 'E11'],
    facility: 'YX-T01',
    prescriber: 'qs.doctor',
    daysAgo: 23,
    items: [
      { drug: 'YP-AMLD-5', condition: 'I10', dose: 1, frequency: 'qd', days: 28, usage: '口服，早晨' },
      { drug: 'YP-EJSG-500', condition: 'E11', dose: 1, frequency: 'bid', days: 28, usage: '口服，餐中或餐后' },
    ],
    contract: { village: 'YX-T01-V01' },
  },
  {
    person: '王秀英',
    conditions: ['I10'],
    facility: 'YX-T02',
    prescriber: null,
    daysAgo: 5,
    items: [{ drug: 'YP-XST-80', condition: 'I10', dose: 1, frequency: 'qd', days: 28, usage: '口服，早晨' }],
    contract: null,
  },
];

async function seedTeam(deps: AppDeps, db: Db, facilities: Map<string, string>) {
  const existing = await db.selectFrom('doctor_team').select('id').where('code', '=', TEAM.code).executeTakeFirst();
  if (existing) return existing.id;
  const doctors = await db.selectFrom('staff').select('doctor_id').where('username', 'in', TEAM.members).execute();
  const id = newId(deps.clock.now());
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('doctor_team').values({ id, code: TEAM.code, name: TEAM.name, facility_id: facilities.get(TEAM.facility)!, created_at: deps.clock.now() }).execute();
    const members = doctors.flatMap((d) => (d.doctor_id ? [{ team_id: id, doctor_id: d.doctor_id }] : []));
    if (members.length) await tx.insertInto('doctor_team_member').values(members).execute();
  });
  return id;
}

/** The 青石镇 family-doctor team and the demo chronic patients; idempotent. */
export async function seedDemoPrescriptions(deps: AppDeps): Promise<void> {
  const db = deps.database.db;
  const now = deps.clock.now();
  const today = localDate(now);
  const facilities = new Map((await db.selectFrom('facility').select(['id', 'code']).execute()).map((f) => [f.code, f.id]));
  const teamId = await seedTeam(deps, db, facilities);

  for (const d of DEMO) {
    const person = await identityRepo.findPersonByIdIndex(db, deps.crypto.blindIndex(DEMO_ID_NUMBERS[d.person]));
    if (!person || (await repo.prescriptionStatuses(db, person.id)).length) continue;
    const facilityId = facilities.get(d.facility)!;
    const staff = d.prescriber ? await db.selectFrom('staff').select(['id', 'name', 'doctor_id']).where('username', '=', d.prescriber).executeTakeFirst() : undefined;
    const doctor = staff?.doctor_id
      ? await db.selectFrom('doctor').select(['id', 'name', 'title']).where('id', '=', staff.doctor_id).executeTakeFirstOrThrow()
      : await db.selectFrom('doctor').select(['id', 'name', 'title']).where('facility_id', '=', facilityId).orderBy('code').executeTakeFirstOrThrow();
    const drugs = new Map((await pharmacyRepo.listDrugs(db)).map((x) => [x.code, x]));
    const issuedOn = addDays(today, -d.daysAgo);
    const issuedAt = now - d.daysAgo * 86_400_000;
    const prescriptionId = newId(issuedAt);
    const items = d.items.map((it, i) => {
      const drug = drugs.get(it.drug)!;
      const packs = packsNeeded({ dose: it.dose, frequency: it.frequency, daysOfSupply: it.days }, drug.pack_size);
      return {
        id: newId(issuedAt),
        prescription_id: prescriptionId,
        line_no: i + 1,
        drug_id: drug.id,
        condition_code: it.condition,
        dose: String(it.dose),
        frequency: it.frequency,
        days_of_supply: it.days,
        usage: it.usage,
        quantity_packs: packs,
        unit_price_fen: drug.price_fen,
        amount_fen: packs * drug.price_fen,
      };
    });
    await db.transaction().execute(async (tx) => {
      for (const code of d.conditions) {
        await repo.insertCondition(tx, {
          id: newId(issuedAt),
          person_id: person.id,
          code,
          status: 'active',
          active_key: `${person.id}:${code}`,
          diagnosed_on: addDays(today, -3 * 365),
          note: null,
          certified_by_staff_id: staff?.id ?? null,
          certified_by_name: doctor.name,
          facility_id: facilityId,
          certified_at: issuedAt,
          ended_at: null,
        });
      }
      if (d.contract && !(await repo.activeContract(tx, person.id, today))) {
        await repo.insertContract(tx, {
          id: newId(issuedAt),
          person_id: person.id,
          team_id: teamId,
          village_facility_id: facilities.get(d.contract.village)!,
          starts_on: addDays(today, -60),
          ends_on: addDays(today, 304),
          status: 'active',
          active_key: person.id,
          signed_by_staff_id: staff?.id ?? null,
          created_at: issuedAt,
          ended_at: null,
        });
      }
      await repo.insertPrescription(
        tx,
        {
          id: prescriptionId,
          person_id: person.id,
          previous_id: null,
          renewal_id: null,
          status: 'active',
          is_first: 1,
          in_person: 1,
          prescriber_staff_id: staff?.id ?? null,
          prescriber_doctor_id: doctor.id,
          prescriber_name: doctor.name,
          prescriber_title: doctor.title,
          facility_id: facilityId,
          assessment: null,
          patient_confirmed_at: null,
          health_advice: HEALTH_ADVICE,
          issued_on: issuedOn,
          issued_at: issuedAt,
          supply_start_on: issuedOn,
          days_of_supply: Math.min(...d.items.map((i) => i.days)),
          items_total_fen: items.reduce((s, i) => s + i.amount_fen, 0),
          review_flag_reason: null,
          flagged_at: null,
          stop_reason: null,
          stopped_at: null,
          updated_at: issuedAt,
        },
        items,
      );
    });
  }
}
