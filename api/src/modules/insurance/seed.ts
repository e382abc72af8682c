import {
  addDays,
  type ClaimInput,
  DEFAULT_RESIDENT_POLICY,
  emptyYearToDate,
  localDate,
  type Policy,
  PolicySchema,
  type ReportedAmounts,
  settleClaim,
  type SettlementSourceType,
} from '@ygt/shared';
import type { AppDeps } from '../../deps';
import { DEMO_ID_NUMBERS } from '../identity/seed';
import * as identityRepo from '../identity/repo';
import * as repo from './repo';
import { activatePolicyVersion, createPolicyVersion, recordReportedSettlement } from './service';

/**
 * The demo region's policies for the current year: the handbook's resident defaults, with the
 * township inpatient ratio of DOMAIN.md's worked example (85%), so the demo's 5,000 元 stay at
 * 青石镇 settles to exactly the handbook's 3,655 / 1,345 元; and an employee (职工) variant with
 * a personal account and higher ratios.
 */
export function demoPolicies(region: string, year: number): Policy[] {
  const resident = structuredClone(DEFAULT_RESIDENT_POLICY);
  Object.assign(resident, { region, year, version: `${year}.1` });
  resident.benefits.inpatient.levels.primary.ratioBp = 8500;

  const employee = structuredClone(resident);
  Object.assign(employee, { scheme: 'employee', personalAccount: true, classBSelfPayBp: 800 });
  employee.benefits.outpatient_pooling.levels = {
    primary: { deductible: 0, ratioBp: 7000 },
    county: { deductible: 10_000, ratioBp: 6000 },
    out_of_county: { deductible: 20_000, ratioBp: 5000 },
  };
  employee.benefits.outpatient_pooling.annualCap = 300_000;
  employee.benefits.inpatient.levels = {
    primary: { deductible: 20_000, ratioBp: 9500 },
    county: { deductible: 50_000, ratioBp: 9000 },
    out_of_county: { deductible: 100_000, ratioBp: 8000 },
  };
  employee.benefits.inpatient.annualCap = 40_000_000;
  return [PolicySchema.parse(resident), PolicySchema.parse(employee)];
}

interface DemoSettlement {
  person: string;
  facilityCode: string;
  externalId: string;
  sourceType: SettlementSourceType;
  daysAgo: number;
  claim: Omit<ClaimInput, 'serviceDate'>;
}

/** The zhang family's year: DOMAIN.md's worked example at 青石镇, hypertension visits at 东岭村, a county outpatient visit. */
const DEMO_SETTLEMENTS: DemoSettlement[] = [
  {
    person: '李桂芳',
    facilityCode: 'YX-T01',
    externalId: 'DEMO-QS-ZY-0001',
    sourceType: 'admission',
    daysAgo: 50,
    claim: {
      benefit: 'inpatient',
      items: [
        { name: '自费营养药（目录外）', catalogueClass: 'C', amount: 30_000 },
        { name: '乙类药品', catalogueClass: 'B', amount: 200_000 },
        { name: '床位费', catalogueClass: 'A', amount: 40_000 },
        { name: '检查化验', catalogueClass: 'A', amount: 120_000 },
        { name: '治疗及护理', catalogueClass: 'A', amount: 110_000 },
      ],
    },
  },
  {
    person: '李桂芳',
    facilityCode: 'YX-T01-V01',
    externalId: 'DEMO-DL-MB-0001',
    sourceType: 'visit',
    daysAgo: 30,
    claim: {
      benefit: 'chronic_outpatient',
      chronicDisease: 'I10',
      items: [
        { name: '苯磺酸氨氯地平片（甲类）', catalogueClass: 'A', amount: 4_800 },
        { name: '缬沙坦胶囊（乙类）', catalogueClass: 'B', amount: 7_200 },
        { name: '血压复测', catalogueClass: 'A', amount: 500 },
      ],
    },
  },
  {
    person: '李桂芳',
    facilityCode: 'YX-T01-V01',
    externalId: 'DEMO-DL-MB-0002',
    sourceType: 'visit',
    daysAgo: 2,
    claim: {
      benefit: 'chronic_outpatient',
      chronicDisease: 'I10',
      items: [
        { name: '苯磺酸氨氯地平片（甲类）', catalogueClass: 'A', amount: 4_800 },
        { name: '缬沙坦胶囊（乙类）', catalogueClass: 'B', amount: 7_200 },
      ],
    },
  },
  {
    person: '张建国',
    facilityCode: 'YX-RMYY',
    externalId: 'DEMO-RMYY-MZ-0001',
    sourceType: 'visit',
    daysAgo: 20,
    claim: {
      benefit: 'outpatient_pooling',
      items: [
        { name: '普通门诊诊查费', catalogueClass: 'A', amount: 1_500 },
        { name: '胃镜检查', catalogueClass: 'A', amount: 28_000 },
        { name: '乙类药品', catalogueClass: 'B', amount: 9_600 },
        { name: '自费药品（目录外）', catalogueClass: 'C', amount: 3_200 },
      ],
    },
  },
];

/**
 * Demo insurance data, idempotent: the region's policies (only when the year has none) and the
 * zhang family's settlements, pushed as their facilities' HIS would (their numbers make resends
 * no-ops). Service dates stay inside the current year.
 */
export async function seedInsurance(deps: AppDeps): Promise<void> {
  const db = deps.database.db;
  const region = deps.config.insurance.region;
  const today = localDate(deps.clock.now());
  const year = Number(today.slice(0, 4));

  for (const policy of demoPolicies(region, year)) {
    if ((await repo.listPolicies(db, region, { year, scheme: policy.scheme })).length) continue;
    const created = await createPolicyVersion(deps, null, policy);
    await activatePolicyVersion(deps, null, created.id);
  }

  const facilities = new Map((await db.selectFrom('facility').select(['id', 'code']).execute()).map((f) => [f.code, f.id]));
  const policy = demoPolicies(region, year)[0];
  for (const d of DEMO_SETTLEMENTS) {
    const person = await identityRepo.findPersonByIdIndex(db, deps.crypto.blindIndex(DEMO_ID_NUMBERS[d.person]));
    const facilityId = facilities.get(d.facilityCode);
    if (!person || !facilityId) continue;
    // Seeded once: the dates move with the clock, so seeding again another day would resend a
    // settlement number with different content, which the push rules (rightly) refuse.
    const seeded = await db.selectFrom('insurance_settlement').select('id').where('facility_id', '=', facilityId).where('external_id', '=', d.externalId).executeTakeFirst();
    if (seeded) continue;
    const back = addDays(today, -d.daysAgo);
    const claim: ClaimInput = { ...d.claim, serviceDate: back.startsWith(`${year}-`) ? back : `${year}-01-01` };
    await recordReportedSettlement(deps, {
      personId: person.id,
      facilityId,
      externalId: d.externalId,
      sourceType: d.sourceType,
      sourceId: d.externalId.replace('DEMO-', 'HIS-'),
      scheme: 'resident',
      claim,
      reported: hisFigures(policy, claim, d.facilityCode),
    });
  }
}

/** What the facility's HIS settled: the same as our engine (demo facilities apply the same policy). */
function hisFigures(policy: Policy, claim: ClaimInput, facilityCode: string): ReportedAmounts {
  const level = facilityCode === 'YX-RMYY' ? 'county' : 'primary';
  const s = settleClaim(policy, emptyYearToDate(), { ...claim, id: 'his', level });
  return { fundPaid: s.fundPaid, seriousIllnessPaid: s.seriousIllnessPaid, medicalAid: s.medicalAid, personalAccountPaid: 0, cashPaid: s.cashPaid, policyVersion: policy.version };
}
