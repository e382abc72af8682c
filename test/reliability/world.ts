import { addDays, HEALTH_DATA_CONSENT_VERSION } from '@ygt/shared';
import { createSession } from '../../api/src/http/auth';
import { book, createSchedule, departmentsAt, doctorsAt, facilityByCode, newResidents, startOfTestDay } from '../../api/src/modules/booking/testing';
import { DEMO_ID_NUMBERS } from '../../api/src/modules/identity/seed';
import { DEMO_INTEROP_CLIENTS } from '../../api/src/modules/interop/seed';
import { familyOf, residentHeaders, staffHeaders } from '../support/actors';
import { getInteropToken } from '../support/fhir';
import type { TestApp } from '../support/harness';

/**
 * The world the authorization matrix and the fuzzer attack: every kind of actor, and one
 * resource of every kind owned by family A (zhang) and facility X (青石镇 YX-T01), made
 * through the API the way residents and staff make them.
 *
 * Facility X: qs.nurse (clinic_staff), qs.doctor (doctor); the central pharmacy's pharmacist.
 * Facility Y (柳河镇 YX-T02): lh.nurse (clinic_staff), lh.doctor and lh.pharmacist (created here).
 */
export const STAFF_X = ['qs.nurse', 'qs.doctor', 'pharmacist'] as const;
export const STAFF_Y = ['lh.nurse', 'lh.doctor', 'lh.pharmacist'] as const;
export type StaffName = (typeof STAFF_X)[number] | (typeof STAFF_Y)[number] | 'admin';
export type ActorName = 'anonymous' | 'residentA' | 'residentB' | StaffName | 'clientX' | 'clientY';

export interface Actor {
  name: ActorName;
  kind: 'anonymous' | 'resident' | 'staff' | 'client';
  roles: string[];
  headers: Record<string, string>;
}

const CREATED_STAFF_PASSWORD = 'Liuhe2026reliability';

export interface World {
  actors: Record<ActorName, Actor>;
  today: string;
  facility: { x: string; xVillage: string; y: string };
  /** Ids owned by family A / facility X, keyed by the resource kind. */
  a: Record<string, string>;
  /** Ids owned by family B (wang), for mixed-ownership requests. */
  b: Record<string, string>;
  /** Throwaway residents for requests that end a session or an account. */
  spareResident(): Promise<Record<string, string>>;
  spareStaffSession(username: StaffName): Promise<Record<string, string>>;
}

async function ok<T = any>(res: Promise<{ status: number; body: T }>, expected: number[] = [200, 201]): Promise<T> {
  const r = await res;
  if (!expected.includes(r.status)) throw new Error(`fixture request failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function createStaff(app: TestApp, admin: Record<string, string>, body: Record<string, unknown>): Promise<Record<string, string>> {
  await ok(app.api('/api/v1/staff/accounts', { headers: admin, body: { password: CREATED_STAFF_PASSWORD, ...body } }), [201]);
  const login = await ok(app.api('/api/v1/auth/staff/login', { body: { username: body.username, password: CREATED_STAFF_PASSWORD } }));
  return { authorization: `Bearer ${login.token}` };
}

export async function buildWorld(app: TestApp): Promise<World> {
  const { today } = startOfTestDay(app);
  const db = app.deps.database.db;
  const x = await facilityByCode(app, 'YX-T01');
  const xVillage = await facilityByCode(app, 'YX-T01-V01');
  const y = await facilityByCode(app, 'YX-T02');
  const county = await facilityByCode(app, 'YX-RMYY');

  const staff: Record<string, Record<string, string>> = {};
  for (const u of ['admin', 'qs.nurse', 'qs.doctor', 'pharmacist', 'lh.nurse']) staff[u] = await staffHeaders(app, u);
  const yDoctor = (await doctorsAt(app, y.id))[0];
  staff['lh.doctor'] = await createStaff(app, staff.admin, { username: 'lh.doctor', name: yDoctor.name, roles: ['doctor'], facilityIds: [y.id], doctorId: yDoctor.id });
  staff['lh.pharmacist'] = await createStaff(app, staff.admin, { username: 'lh.pharmacist', name: '郭慧敏', roles: ['pharmacist'], facilityIds: [y.id] });

  const zhang = await residentHeaders(app, 'zhang');
  const wang = await residentHeaders(app, 'wang');
  const family = await familyOf(app, zhang);
  const self = family.find((m) => m.relation === 'self')!;
  const mother = family.find((m) => m.relation === 'parent')!;
  const child = family.find((m) => m.relation === 'child')!;
  const wangSelf = (await familyOf(app, wang))[0];

  // A facility system of X (the demo client) and one of Y, registered by the admin.
  const clientX = await getInteropToken(app, 'yx-t01', DEMO_INTEROP_CLIENTS.find((c) => c.clientId === 'yx-t01')!.secret);
  const yClient = await ok(app.api('/api/v1/staff/interop/clients', { headers: staff.admin, body: { clientId: 'yx-t02-lis', facilityId: y.id, name: '柳河镇中心卫生院检验系统' } }), [201]);
  const clientY = await getInteropToken(app, 'yx-t02-lis', yClient.clientSecret);

  // Bookings at X: a paid one (A's self) on a schedule with a fee, and one paid then cancelled (a refund).
  const [xDoctor] = await doctorsAt(app, x.id);
  const feeSchedule = await createSchedule(app, staff['qs.nurse'], { facilityId: x.id, departmentId: xDoctor.departmentId, doctorId: xDoctor.id, date: addDays(today, 2), capacityPerSegment: 3, feeFen: 500 });
  const payBooking = async (memberId: string) => {
    const booking = await ok(book(app, { headers: zhang, memberId }, feeSchedule.slots[0].id), [201]);
    const orders = await ok(app.api(`/api/v1/payments/orders?payableType=booking&payableId=${booking.id}`, { headers: zhang }));
    const orderId = orders.items[0].id as string;
    await ok(app.api(`/api/v1/payments/orders/${orderId}/prepay`, { method: 'POST', headers: zhang }));
    await ok(app.api(`/api/v1/payments/orders/${orderId}/demo-confirm`, { method: 'POST', headers: zhang }));
    return { bookingId: booking.id as string, orderId };
  };
  const paid = await payBooking(self.id);
  const refunded = await payBooking(mother.id);
  await ok(app.api(`/api/v1/me/bookings/${refunded.bookingId}/cancel`, { headers: zhang, body: {} }));
  const refundId = (await db.selectFrom('payment_refund').select('id').where('order_id', '=', refunded.orderId).executeTakeFirstOrThrow()).id;

  // A waitlist entry: a one-place free schedule someone else filled, A's child waits.
  const fullSchedule = await createSchedule(app, staff['qs.nurse'], { facilityId: x.id, departmentId: xDoctor.departmentId, doctorId: xDoctor.id, date: addDays(today, 3) });
  const [stranger] = await newResidents(app, 1);
  await ok(book(app, stranger, fullSchedule.slots[0].id), [201]);
  const entry = await ok(app.api('/api/v1/me/waitlist', { headers: zhang, body: { scheduleId: fullSchedule.id, memberId: child.id } }), [201]);

  // An upward referral of A's mother from X to the county cardiology department.
  const cardiology = (await departmentsAt(app, county.id)).find((d) => d.name === '心血管内科')!.id;
  const referral = await ok(
    app.api('/api/v1/staff/referrals', { headers: staff['qs.doctor'], body: { personId: mother.personId, toDepartmentId: cardiology, reason: '血压控制不佳', summary: '高血压3年，近两周血压偏高。' } }),
    [201],
  );

  // Results, settlements and the long prescription of A's mother come from the demo seed.
  const reports = await ok(app.api(`/api/v1/results/members/${mother.id}/reports`, { headers: zhang }));
  const settlements = await ok(app.api(`/api/v1/me/family/${mother.id}/insurance/settlements`, { headers: zhang }));
  const settlementAtX = settlements.items.find((s: { facilityId: string }) => s.facilityId === x.id) ?? settlements.items[0];
  const prescriptions = await ok(app.api(`/api/v1/me/family/${mother.id}/long-prescriptions`, { headers: zhang }));
  const prescription = prescriptions.items.find((p: { status: string }) => p.status === 'active');
  const conditions = await ok(app.api(`/api/v1/staff/patients/${mother.personId}/chronic-conditions`, { headers: staff['qs.doctor'] }));
  const wangPrescription = (await ok(app.api(`/api/v1/me/family/${wangSelf.id}/long-prescriptions`, { headers: wang }))).items[0];

  // A renewal the family doctor approved: a medicine order for the central pharmacy, picked up at X's village clinic.
  const stable = { bloodPressure: { systolic: 128, diastolic: 82 }, fastingGlucose: 6.5, sideEffects: 'none', hospitalisedSinceLastPrescription: false, newDiagnosis: false };
  const renewal = await ok(
    app.api(`/api/v1/me/family/${mother.id}/long-prescriptions/${prescription.id}/renewals`, { headers: zhang, body: { stabilityCheck: stable, fulfilment: 'pickup', pickupFacilityId: xVillage.id } }),
    [201],
  );
  const approved = await ok(app.api(`/api/v1/staff/renewals/${renewal.id}/approve`, { headers: staff['qs.doctor'], body: {} }));

  // Someone else asks to add A's self to their family: a link request for A to decide.
  const [asker] = await newResidents(app, 1);
  await ok(app.api('/api/v1/me/consents', { headers: asker.headers, body: { kind: 'health_data', version: HEALTH_DATA_CONSENT_VERSION } }), [200, 201]);
  await ok(app.api('/api/v1/me/family', { headers: asker.headers, body: { name: '张建国', idNumber: DEMO_ID_NUMBERS['张建国'], relation: 'child' } }), [201]);
  const linkRequest = (await ok(app.api('/api/v1/me/link-requests', { headers: zhang }))).items[0];

  // A call-list item at X's village clinic about A's mother (the demo seed asked for calls there).
  const callList = await ok(app.api('/api/v1/staff/call-list', { headers: staff['qs.nurse'] }));
  const callItem = callList.items.find((i: { personName: string }) => i.personName === '李桂芳');

  // A result waiting in a release queue, about A's self.
  const pending = await db
    .selectFrom('result_report')
    .select('id')
    .where('person_id', '=', self.personId)
    .where('release_state', '=', 'held')
    .executeTakeFirst();

  const clientXRow = await db.selectFrom('interop_client').select('facility_id').where('client_id', '=', 'yx-t01').executeTakeFirstOrThrow();
  const settlementRow = await db.selectFrom('insurance_settlement').select(['external_id', 'facility_id']).where('id', '=', settlementAtX.id).executeTakeFirstOrThrow();

  const a: Record<string, string> = {
    selfMember: self.id,
    member: mother.id,
    childMember: child.id,
    person: mother.personId,
    selfPerson: self.personId,
    booking: paid.bookingId,
    paymentOrder: paid.orderId,
    refund: refundId,
    waitlistEntry: entry.id,
    schedule: feeSchedule.id,
    slot: feeSchedule.slots[0].id,
    referral: referral.id,
    report: reports.items[0].id,
    pendingReport: pending?.id ?? '',
    settlement: settlementAtX.id,
    settlementExternalId: settlementRow.external_id,
    settlementFacility: settlementRow.facility_id,
    clientFacility: clientXRow.facility_id,
    prescription: prescription.id,
    condition: conditions.items[0].id,
    renewal: renewal.id,
    medicineOrder: approved.renewal.orderId,
    linkRequest: linkRequest?.id ?? '',
    callItem: callItem?.id ?? '',
  };
  for (const [k, v] of Object.entries(a)) if (!v) throw new Error(`world: no ${k} for family A`);
  const b = { member: wangSelf.id, person: wangSelf.personId, prescription: wangPrescription.id };

  const actor = (name: ActorName, kind: Actor['kind'], roles: string[], headers: Record<string, string>): Actor => ({ name, kind, roles, headers });
  const roleOf: Record<string, string[]> = {
    admin: ['community_admin'],
    'qs.nurse': ['clinic_staff'],
    'qs.doctor': ['doctor'],
    pharmacist: ['pharmacist'],
    'lh.nurse': ['clinic_staff'],
    'lh.doctor': ['doctor'],
    'lh.pharmacist': ['pharmacist'],
  };
  const actors = {
    anonymous: actor('anonymous', 'anonymous', [], {}),
    residentA: actor('residentA', 'resident', [], zhang),
    residentB: actor('residentB', 'resident', [], wang),
    clientX: actor('clientX', 'client', [], { authorization: `Bearer ${clientX}` }),
    clientY: actor('clientY', 'client', [], { authorization: `Bearer ${clientY}` }),
  } as Record<ActorName, Actor>;
  for (const [name, roles] of Object.entries(roleOf)) actors[name as StaffName] = actor(name as StaffName, 'staff', roles, staff[name]);

  return {
    actors,
    today,
    facility: { x: x.id, xVillage: xVillage.id, y: y.id },
    a,
    b,
    async spareResident() {
      return (await newResidents(app, 1))[0].headers;
    },
    async spareStaffSession(username) {
      const row = await db.selectFrom('staff').select('id').where('username', '=', username).executeTakeFirstOrThrow();
      return { authorization: `Bearer ${(await createSession(app.deps, 'staff', row.id)).token}` };
    },
  };
}
