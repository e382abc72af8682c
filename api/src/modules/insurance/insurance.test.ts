import { type Claim, type ClaimItem, DEFAULT_RESIDENT_POLICY, emptyYearToDate, localDate, type Policy, residentIdCheckChar, type Settlement, settleClaim } from '@ygt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { familyOf, residentHeaders, staffHeaders } from '@ygt/test/support/actors';
import { startTestApp, type TestApp } from '@ygt/test/support/harness';
import { hashPassword } from '../../infra/crypto';
import { newId } from '../../infra/ids';
import { DEMO_ID_NUMBERS } from '../identity/seed';
import { insertClient } from '../interop/repo';
import { seedInsurance } from './seed';
import { activePolicy, estimateCoPay, recordSettlement } from './service';

let app: TestApp;
let year: number;
let region: string;
beforeAll(async () => {
  app = await startTestApp();
  year = Number(localDate(app.clock.now()).slice(0, 4));
  region = app.deps.config.insurance.region;
});
afterAll(() => app?.close());

const db = () => app.deps.database.db;
// Staff sign-in runs scrypt: sign each account in once per file.
const signedIn = new Map<string, Promise<Record<string, string>>>();
const staff = (username: string) => signedIn.get(username) ?? signedIn.set(username, staffHeaders(app, username)).get(username)!;
const a = (amount: number, name = '检查治疗'): ClaimItem => ({ name, catalogueClass: 'A', amount });

async function facilityId(code: string) {
  return (await db().selectFrom('facility').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}

/** A facility system's bearer token from POST /oauth2/token (client_credentials), for a client of its own. */
async function facilityHeaders(code: string): Promise<Record<string, string>> {
  const clientId = `his-${code}-${newId()}`;
  const secret = `secret-${newId()}`;
  await insertClient(db(), { id: newId(), client_id: clientId, secret_hash: await hashPassword(secret), facility_id: await facilityId(code), name: `${code} HIS`, disabled: 0, created_at: app.clock.now() });
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret });
  const res = await app.api('/oauth2/token', { method: 'POST', body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  if (res.status !== 200) throw new Error(`token request failed: ${JSON.stringify(res.body)}`);
  return { authorization: `Bearer ${res.body.access_token}` };
}

async function member(key: 'zhang' | 'wang', name: string) {
  const headers = await residentHeaders(app, key);
  const m = (await familyOf(app, headers)).find((f) => f.name.startsWith(name[0]) && f.name.endsWith(name.at(-1)!))!;
  return { headers, memberId: m.id, personId: m.personId };
}

const settlementCount = async () => Number((await db().selectFrom('insurance_settlement').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('demo data', () => {
  it('seeds the region’s active resident and employee policies for this year, and the zhang family’s settlements, once', async () => {
    const admin = await staff('admin');
    const list = await app.api(`/api/v1/staff/insurance/policies?year=${year}`, { headers: admin });
    expect(list.status).toBe(200);
    expect(list.body.region).toBe('云溪县');
    expect(list.body.items.map((p: { scheme: string; status: string }) => `${p.scheme}:${p.status}`).sort()).toEqual(['employee:active', 'resident:active']);
    expect(await db().selectFrom('insurance_settlement').select('external_id').where('mismatch', '=', 1).execute()).toEqual([]);
    const before = await settlementCount();
    await seedInsurance(app.deps);
    expect(await settlementCount()).toBe(before);
    expect((await app.api(`/api/v1/staff/insurance/policies?year=${year}`, { headers: admin })).body.items).toHaveLength(2);
  });

  it('shows 李桂芳’s 青石镇 stay with DOMAIN.md’s worked example: fund 3,655 元, patient 1,345 元, every step explained', async () => {
    const { headers, memberId } = await member('zhang', '李桂芳');
    const list = await app.api(`/api/v1/me/family/${memberId}/insurance/settlements?year=${year}`, { headers });
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: { benefit: string }) => s.benefit).sort()).toEqual(['chronic_outpatient', 'chronic_outpatient', 'inpatient']);
    const stay = list.body.items.find((s: { benefit: string }) => s.benefit === 'inpatient');
    expect(stay).toMatchObject({ facilityName: '青石镇中心卫生院', level: 'primary', total: 500_000, fundPaid: 365_500, patientPaid: 134_500, amountsFrom: 'reported', state: 'settled' });
    expect(list.body.items.find((s: { benefit: string }) => s.benefit === 'chronic_outpatient').benefitLabel).toBe('门诊慢特病（高血压）');

    const detail = await app.api(`/api/v1/me/family/${memberId}/insurance/settlements/${stay.id}`, { headers });
    expect(detail.status).toBe(200);
    expect(detail.body.breakdown).toMatchObject({ outOfCatalogue: 30_000, classBSelfPay: 20_000, inScope: 450_000, deductibleApplied: 20_000, ratioBp: 8500, fundPaid: 365_500, cashPaid: 134_500 });
    expect(detail.body.breakdown.steps).toContain('符合政策范围且超过起付标准的 4,300.00 元按 85% 报销，统筹基金支付 3,655.00 元。');
    expect(detail.body.note).toBeNull();
  });

  it('sums the year: deductible met, fund paid against caps, the hypertension quota and totals by tier', async () => {
    const { headers, memberId } = await member('zhang', '李桂芳');
    const res = await app.api(`/api/v1/me/family/${memberId}/insurance/annual`, { headers });
    expect(res.status).toBe(200);
    const inpatient = res.body.benefits.find((b: { benefit: string }) => b.benefit === 'inpatient');
    expect(inpatient).toMatchObject({ deductibleMet: 20_000, fundPaid: 365_500, annualCap: 20_000_000, capLeft: 20_000_000 - 365_500 });
    expect(res.body.chronic).toEqual([expect.objectContaining({ code: 'I10', name: '高血压', quota: 100_000 })]);
    expect(res.body.chronic[0].used).toBeGreaterThan(0);
    const primary = res.body.byLevel.find((l: { level: string }) => l.level === 'primary');
    expect(primary.count).toBe(3);
    expect(res.body.byLevel.find((l: { level: string }) => l.level === 'county').count).toBe(0);
    expect(res.body.totals.insurancePaid + res.body.totals.patientPaid).toBe(res.body.totals.total);
  });
});

describe('resident access', () => {
  it('answers 404 for another family’s member or settlement, and asks for consent first', async () => {
    const zhang = await member('zhang', '李桂芳');
    const stay = (await app.api(`/api/v1/me/family/${zhang.memberId}/insurance/settlements`, { headers: zhang.headers })).body.items[0];
    const wang = await member('wang', '王秀英');
    const viaZhangMember = await app.api(`/api/v1/me/family/${zhang.memberId}/insurance/settlements/${stay.id}`, { headers: wang.headers });
    expect(viaZhangMember.status).toBe(404);
    const viaOwnMember = await app.api(`/api/v1/me/family/${wang.memberId}/insurance/settlements/${stay.id}`, { headers: wang.headers });
    expect(viaOwnMember.status).toBe(404);
    expect((await app.api(`/api/v1/me/family/${zhang.memberId}/insurance/annual`, { headers: wang.headers })).status).toBe(404);
    expect((await app.api(`/api/v1/me/family/${zhang.memberId}/insurance/forecast`, { headers: wang.headers, body: { sample: 'inpatient-5000' } })).status).toBe(404);
    const chen = await residentHeaders(app, 'chen');
    const noConsent = await app.api(`/api/v1/me/family/${zhang.memberId}/insurance/settlements`, { headers: chen });
    expect(noConsent.body.error.code).toBe('CONSENT_REQUIRED');
  });
});

describe('forecast', () => {
  it('shows the same 5,000 元 stay cheaper at the township than at the county, and the county cheaper than out of county', async () => {
    const { headers, memberId } = await member('zhang', '张小雨');
    const res = await app.api(`/api/v1/me/family/${memberId}/insurance/forecast`, { headers, body: { sample: 'inpatient-5000' } });
    expect(res.status).toBe(200);
    const [primary, county, outside] = res.body.levels;
    expect([primary.level, county.level, outside.level]).toEqual(['primary', 'county', 'out_of_county']);
    expect(primary).toMatchObject({ fundPaid: 365_500, patientPaid: 134_500 });
    expect(primary.patientPaid).toBeLessThan(county.patientPaid);
    expect(county.patientPaid).toBeLessThan(outside.patientPaid);
    expect(res.body.cheapest).toBe('primary');
    expect(county.settlement.steps.join('')).toContain('按 80% 报销');
    expect(res.body.summary).toContain('乡镇卫生院/村卫生室 1345.00 元');
  });

  it('takes a bare amount or items, names the field of a bad request, and saves nothing', async () => {
    const { headers, memberId } = await member('zhang', '张建国');
    const before = await settlementCount();
    const byAmount = await app.api(`/api/v1/me/family/${memberId}/insurance/forecast`, { headers, body: { benefit: 'outpatient_pooling', amount: 20_000 } });
    expect(byAmount.status).toBe(200);
    expect(byAmount.body.levels[0].fundPaid).toBe(11_000);
    const noBenefit = await app.api(`/api/v1/me/family/${memberId}/insurance/forecast`, { headers, body: { amount: 20_000 } });
    expect(noBenefit.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'benefit' });
    const unknownDisease = await app.api(`/api/v1/me/family/${memberId}/insurance/forecast`, { headers, body: { benefit: 'chronic_outpatient', chronicDisease: 'J45', items: [a(10_000)] } });
    expect(unknownDisease.body.error).toMatchObject({ field: 'chronicDisease', message: '该病种不在本统筹区门诊慢特病范围内' });
    expect(await settlementCount()).toBe(before);
  });
});

describe('settlements pushed by facility systems', () => {
  // 刘德胜 (wang family), outpatient pooling: at the township 55% with no deductible; at the county
  // 50% after a 100 元 per-year deductible; 500 元 a year at most. Every claim depends on the earlier ones.
  const march = { externalId: 'LH-0301', date: '03-01', facility: 'YX-T02', amount: 60_000 };
  const june = { externalId: 'RM-0601', date: '06-01', facility: 'YX-RMYY', amount: 30_000 };
  const sept = { externalId: 'RM-0901', date: '09-01', facility: 'YX-RMYY', amount: 80_000 };
  const push = (c: typeof march, reported?: object) => ({
    externalId: c.externalId,
    sourceType: 'visit',
    sourceId: `MZ-${c.externalId}`,
    patient: { idNumber: DEMO_ID_NUMBERS['刘德胜'], name: '刘德胜' },
    scheme: 'resident',
    claim: { serviceDate: `${year}-${c.date}`, benefit: 'outpatient_pooling', items: [a(c.amount)] },
    ...(reported ? { reported } : {}),
  });
  const claimOf = (c: typeof march): Claim => ({
    id: c.externalId,
    serviceDate: `${year}-${c.date}`,
    benefit: 'outpatient_pooling',
    level: c.facility === 'YX-RMYY' ? 'county' : 'primary',
    items: [a(c.amount)],
  });
  let township: Record<string, string>;
  let county: Record<string, string>;
  let policy: Policy;

  beforeAll(async () => {
    township = await facilityHeaders('YX-T02');
    county = await facilityHeaders('YX-RMYY');
    policy = (await activePolicy(db(), region, year, 'resident'))!;
  });

  it('keeps the running totals of in-order arrival when claims arrive shuffled and one is reversed (冲正)', async () => {
    // September arrives first; its HIS settles it on what it knew then and says so.
    const septAlone = settleClaim(policy, emptyYearToDate(), claimOf(sept));
    const first = await app.api('/api/v1/interop/insurance/settlements', { headers: county, body: push(sept, { fundPaid: septAlone.fundPaid, cashPaid: septAlone.cashPaid }) });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ kind: 'settlement', state: 'settled', mismatch: false, computed: { fundPaid: 35_000 } });
    expect((await app.api('/api/v1/interop/insurance/settlements', { headers: township, body: push(march) })).status).toBe(201);
    expect((await app.api('/api/v1/interop/insurance/settlements', { headers: county, body: push(june) })).status).toBe(201);
    const reversal = await app.api(`/api/v1/interop/insurance/settlements/${june.externalId}/reversal`, { headers: county, body: { reversalId: 'RM-0601-CZ', reason: '患者退费' } });
    expect(reversal.status).toBe(201);
    expect(reversal.body).toMatchObject({ kind: 'reversal', computed: null });

    // In order, without June: March 330 元; September pays the county deductible, then meets the cap.
    const inOrder = [claimOf(march), claimOf(sept)].reduce<{ ytd: ReturnType<typeof emptyYearToDate>; fund: number[] }>(
      (acc, claim) => {
        const s = settleClaim(policy, acc.ytd, claim);
        return { ytd: s.ytd, fund: [...acc.fund, s.fundPaid] };
      },
      { ytd: emptyYearToDate(), fund: [] },
    );
    expect(inOrder.fund).toEqual([33_000, 17_000]);
    const { personId, headers, memberId } = await member('wang', '刘德胜');
    const stored = await db().selectFrom('insurance_ytd').select('totals').where('person_id', '=', personId).where('year', '=', year).where('scheme', '=', 'resident').executeTakeFirstOrThrow();
    expect(JSON.parse(stored.totals)).toEqual(inOrder.ytd);

    const annual = (await app.api(`/api/v1/me/family/${memberId}/insurance/annual?year=${year}`, { headers })).body;
    expect(annual.benefits.find((b: { benefit: string }) => b.benefit === 'outpatient_pooling')).toMatchObject({ deductibleMet: 10_000, fundPaid: 50_000, capLeft: 0 });
    expect(annual.byLevel.map((l: { count: number }) => l.count)).toEqual([1, 1, 0]);

    const list = (await app.api(`/api/v1/me/family/${memberId}/insurance/settlements?year=${year}`, { headers })).body.items;
    expect(list.map((s: { serviceDate: string; state: string }) => `${s.serviceDate.slice(5)}:${s.state}`)).toEqual(['09-01:settled', '06-01:reversed', '03-01:settled']);
    // September: the HIS's figures are shown; ours differ now that March is known, and the resident is told.
    const septDetail = (await app.api(`/api/v1/me/family/${memberId}/insurance/settlements/${list[0].id}`, { headers })).body;
    expect(septDetail).toMatchObject({ fundPaid: 35_000, amountsFrom: 'reported', breakdown: { fundPaid: 17_000 } });
    expect(septDetail.note).toMatch(/以医院结算单为准/);
  });

  it('flags the HIS/computed mismatch for the facility’s staff', async () => {
    const nurse = await staff('county.nurse');
    const rmyy = await facilityId('YX-RMYY');
    const flagged = await app.api(`/api/v1/staff/insurance/settlements?facilityId=${rmyy}&mismatch=1`, { headers: nurse });
    expect(flagged.status).toBe(200);
    expect(flagged.body.items.map((r: { externalId: string }) => r.externalId)).toEqual([sept.externalId]);
    expect(flagged.body.items[0]).toMatchObject({ personName: '刘德胜', reported: { fundPaid: 35_000 }, computed: { fundPaid: 17_000 }, mismatch: true });
    const all = await app.api(`/api/v1/staff/insurance/settlements?facilityId=${rmyy}`, { headers: nurse });
    const reversal = all.body.items.find((r: { kind: string }) => r.kind === 'reversal');
    expect(reversal).toMatchObject({ externalId: 'RM-0601-CZ', reason: '患者退费', computed: null });
    expect(all.body.items.find((r: { id: string }) => r.id === reversal.reversalOf)).toMatchObject({ externalId: june.externalId, state: 'reversed' });
  });

  it('takes a resend as a no-op, and refuses different content under the same number', async () => {
    const before = await settlementCount();
    const again = await app.api('/api/v1/interop/insurance/settlements', { headers: township, body: push(march) });
    expect(again.status).toBe(200);
    const changed = await app.api('/api/v1/interop/insurance/settlements', { headers: township, body: push({ ...march, amount: 61_000 }) });
    expect(changed.status).toBe(409);
    expect(changed.body.error.field).toBe('externalId');
    const otherVisit = await app.api('/api/v1/interop/insurance/settlements', { headers: township, body: { ...push(march), sourceId: 'MZ-OTHER' } });
    expect(otherVisit.status).toBe(409);
    const reversalAgain = await app.api(`/api/v1/interop/insurance/settlements/${june.externalId}/reversal`, { headers: county, body: { reversalId: 'RM-0601-CZ' } });
    expect(reversalAgain.status).toBe(200);
    const secondReversal = await app.api(`/api/v1/interop/insurance/settlements/${june.externalId}/reversal`, { headers: county, body: { reversalId: 'RM-0601-CZ2' } });
    expect(secondReversal.body.error).toMatchObject({ code: 'CONFLICT', field: 'externalId' });
    expect(await settlementCount()).toBe(before);
  });

  it('lets a facility push and reverse only as itself', async () => {
    const before = await settlementCount();
    expect((await app.api('/api/v1/interop/insurance/settlements', { body: push({ ...march, externalId: 'NO-TOKEN' }) })).status).toBe(401);
    // The token is checked before the body: a stranger learns nothing of what a push must contain.
    for (const body of [{}, { externalId: 42 }]) {
      const stranger = await app.api('/api/v1/interop/insurance/settlements', { body });
      expect(stranger.status).toBe(401);
      expect(stranger.body.error.code).toBe('UNAUTHENTICATED');
      expect((await app.api(`/api/v1/interop/insurance/settlements/${sept.externalId}/reversal`, { body })).status).toBe(401);
    }
    const nurse = await staff('lh.nurse');
    expect((await app.api('/api/v1/interop/insurance/settlements', { headers: nurse, body: push({ ...march, externalId: 'STAFF' }) })).status).toBe(401);
    // The township's token cannot reach the county hospital's settlement.
    const foreign = await app.api(`/api/v1/interop/insurance/settlements/${sept.externalId}/reversal`, { headers: township, body: { reversalId: 'LH-FAKE' } });
    expect(foreign.status).toBe(404);
    expect(await settlementCount()).toBe(before);
    const septRow = await db().selectFrom('insurance_settlement').select(['state', 'facility_id']).where('external_id', '=', sept.externalId).executeTakeFirstOrThrow();
    expect(septRow).toEqual({ state: 'settled', facility_id: await facilityId('YX-RMYY') });
    const marchRow = await db().selectFrom('insurance_settlement').select('facility_id').where('external_id', '=', march.externalId).executeTakeFirstOrThrow();
    expect(marchRow.facility_id).toBe(await facilityId('YX-T02'));
  });

  it.each([
    [{ claim: { serviceDate: `2001-01-01`, benefit: 'outpatient_pooling', items: [a(100)] } }, 'claim.serviceDate'],
    [{ claim: { serviceDate: '05-01', benefit: 'chronic_outpatient', items: [a(100)] } }, 'claim.serviceDate'],
    [{ claim: { serviceDate: 'THIS-05-01', benefit: 'chronic_outpatient', items: [a(100)] } }, 'claim.chronicDisease'],
    [{ claim: { serviceDate: 'THIS-05-01', benefit: 'outpatient_pooling', items: [{ ...a(100), amount: -1 }] } }, 'claim.items.0.amount'],
    [{ reported: { fundPaid: 1, cashPaid: 1 } }, 'reported'],
    [{ patient: { idNumber: DEMO_ID_NUMBERS['刘德胜'], name: '刘德顺' } }, 'patient.name'],
    [{ patient: { idNumber: '110105194912310021', name: '赵四' } }, 'patient.idNumber'],
  ])('refuses a bad push %j naming %s, and stores nothing', async (patch, field) => {
    const before = await settlementCount();
    const persons = Number((await db().selectFrom('person').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const body = { ...push({ ...march, externalId: `BAD-${field}` }), ...patch };
    if (body.claim.serviceDate.startsWith('THIS')) body.claim.serviceDate = body.claim.serviceDate.replace('THIS', String(year));
    const res = await app.api('/api/v1/interop/insurance/settlements', { headers: township, body });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
    expect(await settlementCount()).toBe(before);
    expect(Number((await db().selectFrom('person').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(persons);
  });

  it('serialises concurrent pushes for one person: totals as in order, a resend stored once', async () => {
    const first17 = '11010519800101123';
    const patient = { idNumber: first17 + residentIdCheckChar(first17), name: '孙立平' };
    const visits = [
      { externalId: 'RM-C-0201', date: '02-01', facility: 'YX-RMYY', amount: 40_000 },
      { externalId: 'RM-C-0401', date: '04-01', facility: 'YX-RMYY', amount: 30_000 },
      { externalId: 'RM-C-0701', date: '07-01', facility: 'YX-RMYY', amount: 60_000 },
    ];
    const bodies = visits.map((v) => ({ ...push(v), patient }));
    const results = await Promise.all([...bodies, bodies[2]].map((body) => app.api('/api/v1/interop/insurance/settlements', { headers: county, body })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 201, 201, 201]);

    const person = await db().selectFrom('person').select('id').where('name', '=', '孙立平').execute();
    expect(person).toHaveLength(1);
    const rows = await db().selectFrom('insurance_settlement').select('settlement').where('person_id', '=', person[0].id).orderBy('service_date').execute();
    const inOrder = visits.map(claimOf).reduce<Settlement[]>((acc, c) => [...acc, settleClaim(policy, acc.at(-1)?.ytd ?? emptyYearToDate(), c)], []);
    expect(inOrder.map((s) => s.fundPaid)).toEqual([15_000, 15_000, 20_000]);
    expect(rows.map((r) => JSON.parse(r.settlement!).fundPaid)).toEqual([15_000, 15_000, 20_000]);
    const ytd = await db().selectFrom('insurance_ytd').select('totals').where('person_id', '=', person[0].id).executeTakeFirstOrThrow();
    expect(JSON.parse(ytd.totals)).toEqual(inOrder.at(-1)!.ytd);
  });

  it('keeps a person the facility settled before they signed up, ready for their family', async () => {
    const idNumber = '11010519491231002X';
    const res = await app.api('/api/v1/interop/insurance/settlements', {
      headers: township,
      body: { ...push({ ...march, externalId: 'LH-NEW-1' }), patient: { idNumber, name: '赵秀兰' } },
    });
    expect(res.status).toBe(201);
    const person = await db().selectFrom('person').select(['id', 'name', 'birth_date']).where('name', '=', '赵秀兰').executeTakeFirstOrThrow();
    expect(person.birth_date).toBe('1949-12-31');
    const registered = await db().selectFrom('patient_facility').select('facility_id').where('person_id', '=', person.id).execute();
    expect(registered.map((r) => r.facility_id)).toEqual([await facilityId('YX-T02')]);
  });
});

describe('console: settlement records per facility', () => {
  it('shows a facility’s records to its staff, audited where the resident sees it; other facilities get 404', async () => {
    const nurse = await staff('qs.nurse');
    const qingshi = await facilityId('YX-T01');
    const res = await app.api(`/api/v1/staff/insurance/settlements?facilityId=${qingshi}&year=${year}`, { headers: nurse });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([expect.objectContaining({ personName: '李桂芳', benefit: 'inpatient', mismatch: false })]);
    const detail = await app.api(`/api/v1/staff/insurance/settlements/${res.body.items[0].id}`, { headers: nurse });
    expect(detail.body.computed.fundPaid).toBe(365_500);

    const zhang = await residentHeaders(app, 'zhang');
    const log = (await app.api('/api/v1/me/access-log', { headers: zhang })).body.items;
    expect(log[0]).toMatchObject({ actorName: '周春梅', action: 'insurance.view', actionLabel: '查看了医保结算记录', personName: '李*芳' });

    const liuhe = await staff('lh.nurse');
    expect((await app.api(`/api/v1/staff/insurance/settlements?facilityId=${qingshi}`, { headers: liuhe })).status).toBe(404);
    expect((await app.api(`/api/v1/staff/insurance/settlements/${res.body.items[0].id}`, { headers: liuhe })).status).toBe(404);
  });
});

describe('console: policy editor', () => {
  const draft = (version: string, edit: (p: Policy) => void = () => {}) => {
    const p = structuredClone(DEFAULT_RESIDENT_POLICY);
    Object.assign(p, { region: '云溪县', year, version });
    edit(p);
    return p;
  };
  const policies = async (admin: Record<string, string>) =>
    (await app.api(`/api/v1/staff/insurance/policies?year=${year}&scheme=resident`, { headers: admin })).body.items as { id: string; version: string; status: string }[];

  it('is for community admins only', async () => {
    const nurse = await staff('qs.nurse');
    expect((await app.api('/api/v1/staff/insurance/policies', { headers: nurse })).status).toBe(403);
    expect((await app.api('/api/v1/staff/insurance/policies', { headers: nurse, body: draft('x') })).status).toBe(403);
  });

  it.each([
    [(p: Policy) => (p.benefits.inpatient.levels.primary.ratioBp = 12_000), 'benefits.inpatient.levels.primary.ratioBp', /10000/],
    [(p: Policy) => (p.benefits.outpatient_pooling.annualCap = -5), 'benefits.outpatient_pooling.annualCap', /负/],
    [(p: Policy) => (p.personalAccount = true), 'personalAccount', /个人账户/],
    [(p: Policy) => p.seriousIllness!.bands.push({ upTo: 1, ratioBp: 9000 }), 'seriousIllness.bands.2.upTo', /分段/],
    [(p: Policy) => (p.region = '外县'), 'region', /云溪县/],
  ])('names the field of an invalid version (%#) and stores nothing', async (edit, field, message) => {
    const admin = await staff('admin');
    const before = await policies(admin);
    const res = await app.api('/api/v1/staff/insurance/policies', { headers: admin, body: draft('bad', edit) });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message).toMatch(message);
    expect(await policies(admin)).toEqual(before);
  });

  it('previews a draft against the active version without saving, then activates it, keeping exactly one active', async () => {
    const admin = await staff('admin');
    const generous = draft(`${year}.2`, (p) => (p.benefits.inpatient.levels.county.ratioBp = 8800));
    const preview = await app.api('/api/v1/staff/insurance/policies/preview', {
      headers: admin,
      body: { policy: generous, claim: { benefit: 'inpatient', items: [a(1_000_000)] } },
    });
    expect(preview.status).toBe(200);
    expect(preview.body.activeVersion).toBe(`${year}.1`);
    expect(preview.body.draft.county.fundPaid).toBe(836_000);
    expect(preview.body.active.county.fundPaid).toBe(760_000);
    const badPreview = await app.api('/api/v1/staff/insurance/policies/preview', { headers: admin, body: { policy: generous, claim: { benefit: 'chronic_outpatient', items: [] } } });
    expect(badPreview.body.error.field).toBe('claim.chronicDisease');
    expect((await policies(admin)).map((p) => p.version)).toEqual([`${year}.1`]);

    const created = await app.api('/api/v1/staff/insurance/policies', { headers: admin, body: generous });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', version: `${year}.2`, createdBy: '赵立新' });
    const dup = await app.api('/api/v1/staff/insurance/policies', { headers: admin, body: generous });
    expect(dup.body.error).toMatchObject({ code: 'CONFLICT', field: 'version' });

    const activated = await app.api(`/api/v1/staff/insurance/policies/${created.body.id}/activate`, { headers: admin, method: 'POST' });
    expect(activated.body.status).toBe('active');
    expect((await policies(admin)).map((p) => `${p.version}:${p.status}`).sort()).toEqual([`${year}.1:superseded`, `${year}.2:active`]);
    expect((await activePolicy(db(), region, year, 'resident'))!.version).toBe(`${year}.2`);

    // Two admins activating two versions at once: one of them is active afterwards, never both.
    const v3 = (await app.api('/api/v1/staff/insurance/policies', { headers: admin, body: draft(`${year}.3`) })).body.id;
    const v1 = (await policies(admin)).find((p) => p.version === `${year}.1`)!.id;
    await Promise.all([v3, v1].map((id) => app.api(`/api/v1/staff/insurance/policies/${id}/activate`, { headers: admin, method: 'POST' })));
    const active = (await policies(admin)).filter((p) => p.status === 'active');
    expect(active).toHaveLength(1);
    expect([`${year}.1`, `${year}.3`]).toContain(active[0].version);
    expect(await db().selectFrom('insurance_policy').select('id').where('active_key', '=', `${region}:${year}:resident`).execute()).toHaveLength(1);
  });

  it('refuses to activate a version that drops a chronic disease this year’s claims were settled under', async () => {
    const admin = await staff('admin');
    const created = await app.api('/api/v1/staff/insurance/policies', { headers: admin, body: draft(`${year}.no-i10`, (p) => delete p.benefits.chronic_outpatient.diseases.I10) });
    expect(created.status).toBe(201);
    const res = await app.api(`/api/v1/staff/insurance/policies/${created.body.id}/activate`, { headers: admin, method: 'POST' });
    expect(res.body.error).toMatchObject({ field: 'benefits.chronic_outpatient.diseases', message: expect.stringMatching(/I10/) });
    expect((await policies(admin)).find((p) => p.id === created.body.id)!.status).toBe('draft');
  });
});

describe('for other modules', () => {
  it('records our own prescription’s settlement idempotently, and estimates a co-pay without saving', async () => {
    const { personId } = await member('wang', '王秀英');
    const liuhe = await facilityId('YX-T02');
    const claim = { serviceDate: localDate(app.clock.now()), benefit: 'outpatient_pooling' as const, items: [a(10_000, '降压药')] };
    const estimate = await estimateCoPay(app.deps, personId, { ...claim, level: 'primary' });
    const before = await settlementCount();
    expect(estimate).toMatchObject({ total: 10_000 });
    expect(await settlementCount()).toBe(before);

    const input = { personId, facilityId: liuhe, sourceType: 'prescription' as const, sourceId: 'RX-1', claim };
    const first = await db().transaction().execute((tx) => recordSettlement(app.deps, tx, input));
    expect(first.created).toBe(true);
    expect(first.settlement.patientPaid).toBe(estimate.patientPaid);
    const again = await db().transaction().execute((tx) => recordSettlement(app.deps, tx, input));
    expect(again).toMatchObject({ created: false, settlementId: first.settlementId });
    const row = await db().selectFrom('insurance_settlement').select(['reported', 'mismatch']).where('id', '=', first.settlementId).executeTakeFirstOrThrow();
    expect(JSON.parse(row.reported!)).toMatchObject({ fundPaid: first.settlement.fundPaid, cashPaid: first.settlement.cashPaid });
    expect(row.mismatch).toBe(0);
    // Two bills of one person in one transaction (a prescription's co-pay and its delivery, say).
    const both = await db().transaction().execute(async (tx) => [
      await recordSettlement(app.deps, tx, { ...input, sourceId: 'RX-3' }),
      await recordSettlement(app.deps, tx, { ...input, sourceId: 'RX-4' }),
    ]);
    expect(both.map((r) => r.created)).toEqual([true, true]);
    await expect(db().transaction().execute((tx) => recordSettlement(app.deps, tx, { ...input, sourceId: 'RX-2', claim: { ...claim, benefit: 'chronic_outpatient' } }))).rejects.toMatchObject({
      status: 400,
      field: 'claim.chronicDisease',
    });
  });
});

describe('demo seed', () => {
  it('can run again on a later day without refusing its own settlements', async () => {
    const { seedInsurance } = await import('./seed');
    const before = await app.deps.database.db.selectFrom('insurance_settlement').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const start = app.clock.ms;
    try {
      app.clock.advance(24 * 3600_000);
      await seedInsurance(app.deps);
    } finally {
      app.clock.ms = start;
    }
    const after = await app.deps.database.db.selectFrom('insurance_settlement').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
