import { addDays } from '@ygt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/src/app';
import { DEMO_ID_NUMBERS } from '../../api/src/modules/identity/seed';
import { startTestApp, type TestApp } from '../support/harness';
import { fillPath, ROUTES, shapeOf, type TableRoute } from './route-table';
import { type Actor, type ActorName, buildWorld, STAFF_X, STAFF_Y, type World } from './world';

/**
 * The authorization matrix, generated from the router's own tables: every route x every actor
 * (anonymous, resident A and B, each staff role at facility X and at facility Y, the community
 * admin, facility systems of X and Y). Then object-level: one resource of every kind owned by
 * family A / facility X, requested by family B / facility Y, answers 404. A route that falls in
 * no category (and is not exempted with a reason) fails the test.
 */

let app: TestApp;
let w: World;
let teamId: string;
let drugId: string;

beforeAll(async () => {
  app = await startTestApp();
  w = await buildWorld(app);
  const doctor = w.actors['qs.doctor'].headers;
  teamId = (await app.api('/api/v1/staff/doctor-teams', { headers: doctor })).body.items[0].id;
  drugId = (await app.api('/api/v1/staff/formulary', { headers: doctor })).body.items[0].id;
}, 120_000);
afterAll(() => app?.close());

const ACTORS: ActorName[] = ['anonymous', 'residentA', 'residentB', ...STAFF_X, ...STAFF_Y, 'admin', 'clientX', 'clientY'];
const JUNK_ID = '01JZZZZZZZZZZZZZZZZZZZZZZZ';

type Outcome = 'unauthenticated' | 'forbidden' | 'passes' | 'refused';

/** What the route's declared access says this actor gets before any object is looked at. */
function expectedOutcome(route: TableRoute, actor: Actor): Outcome {
  switch (route.access) {
    case 'public':
      return 'passes';
    case 'resident':
      return actor.kind === 'resident' ? 'passes' : 'unauthenticated';
    case 'staff':
      if (actor.kind !== 'staff') return 'unauthenticated';
      return route.roles && !route.roles.some((r) => actor.roles.includes(r)) ? 'forbidden' : 'passes';
    case 'client':
      return actor.kind === 'client' ? 'passes' : 'unauthenticated';
    // Nobody's session stands in for WeChat Pay's signature or a client's secret.
    case 'signature':
    case 'client_credentials':
      return 'refused';
  }
}

/** Requests that end the caller's session or account run on a spare one, so the world survives. */
const ENDS_SESSION = new Set(['POST /api/v1/auth/logout', 'DELETE /api/v1/me', 'POST /api/v1/auth/staff/logout']);

async function call(route: TableRoute, headers: Record<string, string>, opts: { ids?: Record<string, string>; query?: string; body?: unknown } = {}) {
  const path = fillPath(route.path, opts.ids ?? {}) + (opts.query ? `?${opts.query}` : '');
  const isJsonApi = route.path.startsWith('/api/');
  const hasBody = opts.body !== undefined && route.method !== 'GET';
  const res = await fetch(app.url + path, {
    method: route.method,
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : route.path === '/interop/hl7v2' ? { 'content-type': 'x-application/hl7-v2+er7' } : {}), ...headers },
    body: hasBody ? JSON.stringify(opts.body) : route.method === 'GET' ? undefined : isJsonApi ? undefined : '',
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* an HL7 ACK */
  }
  return { status: res.status, body };
}

/** A valid settlement push, so a facility's own token gets past validation to the handler. */
const settlementPush = () => ({
  externalId: 'MATRIX-PUSH-1',
  sourceType: 'visit',
  sourceId: 'MZ-MATRIX-1',
  patient: { idNumber: DEMO_ID_NUMBERS['刘德胜'], name: '刘德胜' },
  scheme: 'resident',
  claim: { serviceDate: w.today, benefit: 'outpatient_pooling', items: [{ name: '检查治疗', catalogueClass: 'A', amount: 1000 }] },
});

describe('every route x every actor, from the route table', () => {
  it('lists every route the router serves (nothing registered outside the tables but the docs and the root redirect)', () => {
    const router = createApp(app.deps).middleware.map((m) => (m as unknown as { router?: { stack: { path: string; methods: string[] }[] } }).router).find(Boolean)!;
    const served = router.stack.flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${layer.path}`));
    const known = new Set([...ROUTES.map((r) => r.key), 'GET /api/v1/docs', 'GET /']);
    expect(served.filter((k) => !known.has(k))).toEqual([]);
    expect(ROUTES.length).toBeGreaterThan(160);
  });

  it('anonymous -> 401 off public routes; resident <-> staff tokens -> 401; staff without the role -> 403; facility tokens only on facility routes', async () => {
    const failures: string[] = [];
    const cases = ROUTES.flatMap((route) => ACTORS.map((name) => ({ route, actor: w.actors[name] })));
    for (let i = 0; i < cases.length; i += 8) {
      await Promise.all(
        cases.slice(i, i + 8).map(async ({ route, actor }) => {
          const expected = expectedOutcome(route, actor);
          let headers = actor.headers;
          if (ENDS_SESSION.has(route.key) && expected === 'passes') {
            headers = actor.kind === 'resident' ? await w.spareResident() : await w.spareStaffSession(actor.name as Parameters<World['spareStaffSession']>[0]);
          }
          const ids = Object.fromEntries(route.params.map((p) => [p, JUNK_ID]));
          const body = route.access === 'client' && route.params.length === 0 ? settlementPush() : route.access === 'client' ? { reversalId: 'MATRIX-REV-1' } : undefined;
          const res = await call(route, headers, { ids, body });
          const ok =
            res.status < 500 &&
            (expected === 'unauthenticated'
              ? res.status === 401
              : expected === 'forbidden'
                ? res.status === 403
                : expected === 'refused'
                  ? res.status >= 400
                  : res.status !== 401 && res.status !== 403);
          if (!ok) failures.push(`${route.key} as ${actor.name}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
        }),
      );
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

// ---- object level ------------------------------------------------------------------------------

/** Which of A's resources a path parameter names (the same name means different things in places). */
function ownedKind(route: TableRoute, param: string): string | undefined {
  const p = route.path;
  switch (param) {
    case 'memberId':
      return 'member';
    case 'orderId':
      return p.includes('/payments/') ? 'paymentOrder' : 'medicineOrder';
    case 'reportId':
      return p.endsWith('/release') ? 'pendingReport' : 'report';
    case 'scheduleId':
      return route.access === 'staff' ? 'schedule' : undefined;
    case 'externalId':
      return 'settlementExternalId';
    default:
      return (
        {
          bookingId: 'booking',
          entryId: 'waitlistEntry',
          refundId: 'refund',
          settlementId: 'settlement',
          referralId: 'referral',
          prescriptionId: 'prescription',
          renewalId: 'renewal',
          conditionId: 'condition',
          personId: 'person',
          itemId: 'callItem',
          requestId: 'linkRequest',
        } as Record<string, string>
      )[param];
  }
}

/** Parameters that name things of the whole community, not of a family or a facility. */
const COMMUNITY_WIDE_PARAMS: Record<string, string> = {
  staffId: 'staff accounts are managed by community admins for the whole community',
  policyId: 'insurance policies are the pooling region’s, managed by community admins',
  clientId: 'facility systems are registered by community admins for the whole community',
  code: 'the result catalogue is the community’s one list',
  drugId: 'the formulary is the community’s one list (县采镇配: bought centrally)',
  facilityId: 'facilities are public; booking policies are set by community admins for any facility',
  scheduleId: 'published schedules are public',
};

/** Routes with an id parameter that this suite does not attack, and why. */
const EXEMPT_ROUTES: Record<string, string> = {};

/** Bodies that pass validation, so an intruder meets the ownership check rather than the validator. */
function validBody(route: TableRoute): unknown {
  const stable = { bloodPressure: { systolic: 128, diastolic: 82 }, fastingGlucose: 6.5, sideEffects: 'none', hospitalisedSinceLastPrescription: false, newDiagnosis: false };
  const bodies: Record<string, unknown> = {
    'PUT /api/v1/me/family/:memberId': { phone: '13800009999' },
    'PUT /api/v1/me/family/:memberId/notify-preferences': { callFacilityId: null, sms: false },
    'POST /api/v1/staff/call-list/:itemId/done': {},
    'POST /api/v1/me/family/:memberId/insurance/forecast': { benefit: 'outpatient_pooling', amount: 10_000 },
    'POST /api/v1/interop/insurance/settlements/:externalId/reversal': { reversalId: 'Y-FORGED-1' },
    'POST /api/v1/me/bookings/:bookingId/cancel': {},
    'POST /api/v1/staff/bookings/:bookingId/reject': { reason: '号源调整' },
    'PATCH /api/v1/staff/schedules/:scheduleId': { feeFen: 100 },
    'POST /api/v1/staff/schedules/:scheduleId/stop': { reason: '医生外出培训' },
    'POST /api/v1/staff/referrals/:referralId/booking': { slotId: w.a.slot },
    'POST /api/v1/staff/referrals/:referralId/decline': { reason: '本院无床位' },
    'POST /api/v1/staff/referrals/:referralId/return': { summary: '诊疗已完成', followUpPlan: '社区随访' },
    'POST /api/v1/staff/results/reports/:reportId/release': { comment: '已电话告知患者复查', version: 1 },
    'POST /api/v1/me/family/:memberId/long-prescriptions/:prescriptionId/renewals': { stabilityCheck: stable, fulfilment: 'pickup', pickupFacilityId: w.facility.xVillage },
    'POST /api/v1/staff/patients/:personId/chronic-conditions': { code: 'I10', diagnosedOn: '2020-01-01' },
    'POST /api/v1/staff/patients/:personId/family-doctor-contract': { teamId },
    'POST /api/v1/staff/patients/:personId/long-prescriptions': { items: [{ drugId, conditionCode: 'I10', dose: 1, frequency: 'qd', daysOfSupply: 28 }], inPerson: true },
    'POST /api/v1/staff/long-prescriptions/:prescriptionId/stop': { reason: '血压控制不佳' },
    'POST /api/v1/staff/renewals/:renewalId/approve': {},
    'POST /api/v1/staff/renewals/:renewalId/reject': { reason: '需要面诊' },
    'POST /api/v1/staff/pharmacy/orders/:orderId/return': { reason: '剂量需医生确认' },
    'POST /api/v1/staff/pharmacy/orders/:orderId/ship': { courier: '中国邮政', trackingNo: 'YZ12345678' },
    'POST /api/v1/staff/clinic/medicine-orders/:orderId/pick-up': { pickupCode: '123456' },
  };
  if (route.key in bodies) return bodies[route.key];
  return route.def?.body ? {} : undefined;
}

/** Queries some reads need before they look at the object. */
const QUERIES: Record<string, string> = {
  'GET /api/v1/results/members/:memberId/trend': 'codes=HBA1C',
};

/** The intruders of a route: family B, or each staff member of facility Y whose role the route allows, or Y's system. */
function intrudersOf(route: TableRoute): Actor[] {
  if (route.access === 'resident') return [w.actors.residentB];
  if (route.access === 'client') return [w.actors.clientY];
  return STAFF_Y.map((n) => w.actors[n]).filter((a) => !route.roles || route.roles.some((r) => a.roles.includes(r)));
}

/** Someone of family A / facility X the route allows, for the positive control on reads. */
function ownerOf(route: TableRoute): Actor | undefined {
  if (route.access === 'resident') return w.actors.residentA;
  if (route.access === 'client') return w.actors.clientX;
  return STAFF_X.map((n) => w.actors[n]).find((a) => !route.roles || route.roles.some((r) => a.roles.includes(r)));
}

type Category = { kind: 'owned'; ids: Record<string, string> } | { kind: 'public' | 'community' | 'exempt'; reason: string } | { kind: 'none' };

function categorise(route: TableRoute): Category {
  if (route.key in EXEMPT_ROUTES) return { kind: 'exempt', reason: EXEMPT_ROUTES[route.key] };
  if (route.access === 'public') return { kind: 'public', reason: 'public objects' };
  const ids: Record<string, string> = {};
  for (const p of route.params) {
    const kind = ownedKind(route, p);
    if (kind) ids[p] = w.a[kind];
    else if (p in COMMUNITY_WIDE_PARAMS) return { kind: 'community', reason: COMMUNITY_WIDE_PARAMS[p] };
    else return { kind: 'none' };
  }
  return { kind: 'owned', ids };
}

describe('object level: A’s and X’s resources are 404 to B and to Y', () => {
  it('every route with an id parameter has a category (owned, public, community-wide or exempted with a reason)', () => {
    const uncategorised = ROUTES.filter((r) => r.params.length && categorise(r).kind === 'none').map((r) => r.key);
    expect(uncategorised).toEqual([]);
  });

  it('B (another family) and facility Y’s staff and system get 404 for every owned resource; A and X see their own', async () => {
    const failures: string[] = [];
    const owned = ROUTES.filter((r) => r.params.length).map((r) => ({ route: r, cat: categorise(r) }));
    let attacked = 0;
    for (const { route, cat } of owned) {
      if (cat.kind !== 'owned') continue;
      const body = validBody(route);
      if (route.method === 'GET') {
        const owner = ownerOf(route)!;
        const mine = await call(route, owner.headers, { ids: cat.ids, query: QUERIES[route.key] });
        if (mine.status !== 200) failures.push(`${route.key}: the owner ${owner.name} got ${mine.status} ${JSON.stringify(mine.body).slice(0, 160)}`);
      }
      for (const intruder of intrudersOf(route)) {
        attacked++;
        const res = await call(route, intruder.headers, { ids: cat.ids, body, query: QUERIES[route.key] });
        if (res.status !== 404) failures.push(`${route.key} as ${intruder.name}: expected 404, got ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(attacked).toBeGreaterThan(60);
  }, 120_000);

  it('A’s own member with another family’s object is 404 too', async () => {
    const rx = `/api/v1/me/family/${w.a.member}/long-prescriptions/${w.b.prescription}`;
    expect((await app.api(rx, { headers: w.actors.residentA.headers })).status).toBe(404);
    const renewal = await app.api(`${rx}/renewals`, { headers: w.actors.residentA.headers, body: validBody(ROUTES.find((r) => r.key.endsWith('/renewals') && r.method === 'POST')!) });
    expect(renewal.status).toBe(404);
  });
});

// ---- ids in queries and bodies --------------------------------------------------------------------

const ID_KEY = /(Id|Ids)$|^ids$/;

/** Every case that puts one of A's or X's ids in a query or a body of a request by B or Y. */
function fieldCases(): { route: string; actor: ActorName; query?: string; body?: unknown; expect: number; check?: () => Promise<void> }[] {
  const date = addDays(w.today, 2);
  return [
    { route: 'GET /api/v1/me/bookings', actor: 'residentB', query: `memberId=${w.a.member}`, expect: 404 },
    { route: 'GET /api/v1/me/booking-eligibility', actor: 'residentB', query: `memberId=${w.a.member}&facilityId=${w.facility.x}`, expect: 404 },
    { route: 'POST /api/v1/me/bookings', actor: 'residentB', body: { slotId: w.a.slot, memberId: w.a.member }, expect: 404 },
    { route: 'POST /api/v1/me/waitlist', actor: 'residentB', body: { scheduleId: w.a.schedule, memberId: w.a.member }, expect: 404 },
    { route: 'GET /api/v1/payments/orders', actor: 'residentB', query: `payableType=booking&payableId=${w.a.booking}`, expect: 200 },
    { route: 'GET /api/v1/staff/payments', actor: 'lh.nurse', query: `payableType=booking&payableId=${w.a.booking}`, expect: 404 },
    { route: 'GET /api/v1/staff/bookings', actor: 'lh.nurse', query: `facilityId=${w.facility.x}&date=${date}`, expect: 404 },
    { route: 'GET /api/v1/staff/schedules', actor: 'lh.nurse', query: `facilityId=${w.facility.x}&from=${w.today}`, expect: 404 },
    {
      route: 'POST /api/v1/staff/schedules',
      actor: 'lh.nurse',
      body: { facilityId: w.facility.x, date: addDays(w.today, 4), departmentId: JUNK_ID, doctorId: JUNK_ID, period: 'evening', startTime: '18:00', endTime: '18:30', capacityPerSegment: 1, feeFen: 0 },
      expect: 404,
    },
    {
      route: 'POST /api/v1/staff/schedules/bulk',
      actor: 'lh.nurse',
      body: { facilityId: w.facility.x, from: addDays(w.today, 4), to: addDays(w.today, 5), template: [{ weekday: 1, departmentId: JUNK_ID, doctorId: JUNK_ID, period: 'evening', startTime: '18:00', endTime: '18:30', capacityPerSegment: 1, feeFen: 0 }] },
      expect: 404,
    },
    { route: 'GET /api/v1/staff/call-list', actor: 'lh.nurse', query: `facilityId=${w.facility.xVillage}`, expect: 404 },
    { route: 'GET /api/v1/staff/insurance/settlements', actor: 'lh.nurse', query: `facilityId=${w.facility.x}`, expect: 404 },
    // A lookup by ID number is the desk's job anywhere (the patient is present, and it is audited); working as X's desk is not.
    { route: 'GET /api/v1/staff/patients/lookup', actor: 'lh.nurse', query: `idNumber=${DEMO_ID_NUMBERS['李桂芳']}&facilityId=${w.facility.x}`, expect: 400 },
    { route: 'POST /api/v1/staff/referrals', actor: 'lh.doctor', body: { personId: w.a.person, toDepartmentId: JUNK_ID, reason: '血压控制不佳', summary: '高血压3年。' }, expect: 404 },
    {
      route: 'POST /api/v1/staff/results/manual',
      actor: 'lh.doctor',
      body: { personId: w.a.person, facilityId: w.facility.y, effectiveAt: app.clock.now() - 3600_000, items: [{ code: 'systolic', value: 130 }] },
      expect: 404,
    },
    {
      route: 'POST /api/v1/me/messages/read',
      actor: 'residentB',
      body: { ids: [] as string[] },
      expect: 200,
    },
  ];
}

/** Routes with ids in their query or body that need no case here, and why. */
const FIELD_EXEMPT: Record<string, string> = {
  'POST /api/v1/interop/insurance/settlements': 'a facility pushes as itself: the facility is the token’s, never a field; the patient is named by ID number',
};

function needsFieldCase(route: TableRoute): boolean {
  const keys = [...Object.keys(shapeOf(route.def?.query)), ...Object.keys(shapeOf(route.def?.body))];
  if (!keys.some((k) => ID_KEY.test(k))) return false;
  if (route.access === 'public' || route.params.length) return false;
  // Community admins act for the whole community.
  return !(route.roles && route.roles.every((r) => r === 'community_admin'));
}

describe('ids in queries and bodies', () => {
  it('every route taking an id in its query or body has a case or an exemption', () => {
    const covered = new Set([...fieldCases().map((c) => c.route), ...Object.keys(FIELD_EXEMPT)]);
    expect(ROUTES.filter(needsFieldCase).map((r) => r.key).filter((k) => !covered.has(k))).toEqual([]);
  });

  it('A’s and X’s ids in a query or body by B or Y: 404, or nothing of A’s', async () => {
    const a = w.actors.residentA.headers;
    const message = await app.deps.database.db
      .selectFrom('message')
      .innerJoin('account', 'account.id', 'message.account_id')
      .select('message.id')
      .where('account.openid', '=', 'demo:zhang')
      .where('message.read_at', 'is', null)
      .executeTakeFirst();
    const failures: string[] = [];
    for (const c of fieldCases()) {
      const route = ROUTES.find((r) => r.key === c.route)!;
      const body = c.route === 'POST /api/v1/me/messages/read' && message ? { ids: [message.id] } : c.body;
      const res = await call(route, w.actors[c.actor].headers, { query: c.query, body });
      if (res.status !== c.expect) failures.push(`${c.route} as ${c.actor}: expected ${c.expect}, got ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      if (c.route === 'GET /api/v1/payments/orders' && res.body.items?.length) failures.push('B sees A’s payment orders');
    }
    expect(failures).toEqual([]);
    if (message) {
      const row = await app.deps.database.db.selectFrom('message').select('read_at').where('id', '=', message.id).executeTakeFirstOrThrow();
      expect(row.read_at, 'B marked A’s message read').toBeNull();
    }
    // A still sees all of A's own (positive control for the list above).
    expect((await app.api(`/api/v1/me/bookings?memberId=${w.a.selfMember}`, { headers: a })).status).toBe(200);
  });
});

describe('facility systems over FHIR', () => {
  it('a system of facility Y finds none of X’s results about A; X’s own system does', async () => {
    const ident = encodeURIComponent(`urn:oid:2.16.156.10011.1.1|${DEMO_ID_NUMBERS['李桂芳']}`);
    const search = (actor: ActorName) => fetch(`${app.url}/fhir/R4/DiagnosticReport?patient:identifier=${ident}`, { headers: w.actors[actor].headers }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const y = await search('clientY');
    expect(y.status).toBe(200);
    expect(y.body.total).toBe(0);
    const x = await search('clientX');
    expect(x.body.total).toBeGreaterThan(0);
    // Links name this server (not the caller's Origin header, which a system does not send).
    expect(x.body.link[0].url.startsWith(`${app.url}/fhir/R4/DiagnosticReport?`)).toBe(true);
    expect(x.body.entry[0].fullUrl.startsWith(`${app.url}/fhir/R4/DiagnosticReport/`)).toBe(true);
  });
});
