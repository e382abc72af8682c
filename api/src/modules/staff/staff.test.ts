import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { familyOf, residentHeaders, staffHeaders } from '@ygt/test/support/actors';
import { startTestApp, type TestApp } from '@ygt/test/support/harness';
import { DEMO_ID_NUMBERS } from '../identity/seed';
import { DEMO_STAFF_PASSWORD } from './seed';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

const login = (username: string, password: string, ip?: string) =>
  app.api('/api/v1/auth/staff/login', { body: { username, password }, headers: ip ? { 'x-forwarded-for': ip } : {} });

describe('staff sign-in', () => {
  it('signs in with the right password and returns roles and facilities', async () => {
    const res = await login('qs.nurse', DEMO_STAFF_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.staff).toMatchObject({ username: 'qs.nurse', roles: ['clinic_staff'] });
    expect(res.body.staff.facilities.map((f: { name: string }) => f.name)).toContain('青石镇中心卫生院');
    const me = await app.api('/api/v1/staff/me', { headers: { authorization: `Bearer ${res.body.token}` } });
    expect(me.body.username).toBe('qs.nurse');
  });

  it('names the field on a wrong password and says the same for an unknown user', async () => {
    const wrong = await login('lh.nurse', 'not-the-password1', '10.0.0.1');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ field: 'password', message: expect.stringMatching(/用户名或密码错误/) });
    const unknown = await login('nobody', 'whatever123', '10.0.0.1');
    expect(unknown.body.error).toMatchObject({ field: 'password', message: '用户名或密码错误' });
  });

  it('locks the account after 5 failures, even for the right password, until an admin resets it', async () => {
    for (let i = 0; i < 4; i++) expect((await login('county.nurse', 'wrong-password-1', '10.0.0.2')).status).toBe(400);
    const fifth = await login('county.nurse', 'wrong-password-1', '10.0.0.2');
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe('ACCOUNT_LOCKED');
    expect((await login('county.nurse', DEMO_STAFF_PASSWORD, '10.0.0.2')).status).toBe(423);

    const admin = await staffHeaders(app, 'admin');
    const accounts = (await app.api('/api/v1/staff/accounts', { headers: admin })).body.items;
    const nurse = accounts.find((a: { username: string }) => a.username === 'county.nurse');
    const weak = await app.api(`/api/v1/staff/accounts/${nurse.id}/reset-password`, { headers: admin, body: { password: 'short' } });
    expect(weak.body.error.field).toBe('password');
    const reset = await app.api(`/api/v1/staff/accounts/${nurse.id}/reset-password`, { headers: admin, body: { password: 'NewPassword2026' } });
    expect(reset.status).toBe(200);
    expect((await login('county.nurse', 'NewPassword2026', '10.0.0.2')).status).toBe(200);
  });

  it('unlocks by itself after the lockout period', async () => {
    for (let i = 0; i < 5; i++) await login('dl.doctor', 'wrong-password-1', '10.0.0.3');
    expect((await login('dl.doctor', DEMO_STAFF_PASSWORD, '10.0.0.3')).status).toBe(423);
    app.clock.advance(16 * 60_000);
    expect((await login('dl.doctor', DEMO_STAFF_PASSWORD, '10.0.0.3')).status).toBe(200);
  });

  it('rate-limits sign-in attempts from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await login(`ghost${i}`, 'whatever123', '10.9.9.9')).status);
    expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
    // Another address is not affected.
    expect((await login('pharmacist', DEMO_STAFF_PASSWORD, '10.9.9.10')).status).toBe(200);
  });

  it('ends the session on logout', async () => {
    const headers = await staffHeaders(app, 'pharmacist');
    await app.api('/api/v1/auth/staff/logout', { method: 'POST', headers });
    expect((await app.api('/api/v1/staff/me', { headers })).status).toBe(401);
  });

  it('keeps resident and staff sessions apart', async () => {
    const resident = await residentHeaders(app, 'zhang');
    expect((await app.api('/api/v1/staff/me', { headers: resident })).status).toBe(401);
    const staff = await staffHeaders(app, 'qs.nurse');
    expect((await app.api('/api/v1/me', { headers: staff })).status).toBe(401);
  });
});

describe('staff management (community admins)', () => {
  it('creates staff bound to facilities; other roles may not', async () => {
    const admin = await staffHeaders(app, 'admin');
    const facilities = (await app.api('/api/v1/facilities?level=township')).body.items;
    const body = { username: 'bs.nurse', name: '何美玲', password: 'Baisha2026pass', roles: ['clinic_staff'], facilityIds: [facilities[2].id] };
    const nurse = await staffHeaders(app, 'qs.nurse');
    const denied = await app.api('/api/v1/staff/accounts', { headers: nurse, body });
    expect(denied.status).toBe(403);
    const created = await app.api('/api/v1/staff/accounts', { headers: admin, body });
    expect(created.status).toBe(201);
    expect(created.body.facilityIds).toEqual([facilities[2].id]);
    expect((await login('bs.nurse', 'Baisha2026pass')).status).toBe(200);
    const dup = await app.api('/api/v1/staff/accounts', { headers: admin, body });
    expect(dup.body.error).toMatchObject({ code: 'CONFLICT', field: 'username' });
    const badFacility = await app.api('/api/v1/staff/accounts', { headers: admin, body: { ...body, username: 'x.nurse', facilityIds: ['nope'] } });
    expect(badFacility.body.error.field).toBe('facilityIds');
    const count = (await app.api('/api/v1/staff/accounts', { headers: admin })).body.items.length;
    expect(count).toBe(9);
  });
});

describe('patient lookup and facility scope', () => {
  it("finds a patient of the nurse's township by ID number, masked, and audits it where the resident sees it", async () => {
    const nurse = await staffHeaders(app, 'qs.nurse');
    const res = await app.api(`/api/v1/staff/patients/lookup?idNumber=${DEMO_ID_NUMBERS['李桂芳']}&reason=${encodeURIComponent('门诊挂号核对')}`, { headers: nurse });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '李桂芳', phone: '138****1002', idNumber: expect.stringMatching(/^4399\*{10}\w{4}$/) });

    const zhang = await residentHeaders(app, 'zhang');
    const log = (await app.api('/api/v1/me/access-log', { headers: zhang })).body.items;
    expect(log[0]).toMatchObject({ actorName: '周春梅', facilityName: '青石镇中心卫生院', personName: '李*芳', action: 'patient.lookup', reason: '门诊挂号核对' });
  });

  it("hides another township's patients (404), by ID number and by id", async () => {
    const liuhe = await staffHeaders(app, 'lh.nurse');
    const byId = await app.api(`/api/v1/staff/patients/lookup?idNumber=${DEMO_ID_NUMBERS['张建国']}`, { headers: liuhe });
    expect(byId.status).toBe(404);
    const zhang = await residentHeaders(app, 'zhang');
    const self = (await familyOf(app, zhang)).find((m) => m.relation === 'self')!;
    expect((await app.api(`/api/v1/staff/patients/${self.personId}`, { headers: liuhe })).status).toBe(404);
    const qs = await staffHeaders(app, 'qs.nurse');
    expect((await app.api(`/api/v1/staff/patients/${self.personId}`, { headers: qs })).status).toBe(200);
  });

  it('a scanned health card finds the person and registers them at the facility; every read is in the log', async () => {
    const wang = await residentHeaders(app, 'wang');
    const self = (await familyOf(app, wang)).find((m) => m.relation === 'self')!;
    const card = (await app.api(`/api/v1/me/family/${self.id}/health-card`, { headers: wang })).body;
    const qs = await staffHeaders(app, 'qs.nurse');
    expect((await app.api(`/api/v1/staff/patients/${self.personId}`, { headers: qs })).status).toBe(404);
    const scanned = await app.api(`/api/v1/staff/patients/lookup?healthCard=${card.code}`, { headers: qs });
    expect(scanned.body.name).toBe('王秀英');
    expect((await app.api(`/api/v1/staff/patients/${self.personId}`, { headers: qs })).status).toBe(200);
    expect(scanned.body.facilityIds).toContain((await app.api('/api/v1/staff/me', { headers: qs })).body.facilities.find((f: { name: string }) => f.name === '青石镇中心卫生院').id);
    const log = (await app.api('/api/v1/me/access-log', { headers: wang })).body.items;
    expect(log[0].facilityName).toBe('青石镇中心卫生院');
    expect(log.map((e: { action: string }) => e.action)).toEqual(['patient.view', 'patient.lookup']);
    const zhang = await residentHeaders(app, 'zhang');
    expect((await app.api('/api/v1/me/access-log', { headers: zhang })).body.items.every((e: { personName: string }) => e.personName !== '王*英')).toBe(true);
  });

  it('asks for exactly one of health card or ID number', async () => {
    const qs = await staffHeaders(app, 'qs.nurse');
    const none = await app.api('/api/v1/staff/patients/lookup', { headers: qs });
    expect(none.body.error.field).toBe('healthCard');
    const bad = await app.api('/api/v1/staff/patients/lookup?idNumber=123', { headers: qs });
    expect(bad.body.error.field).toBe('idNumber');
    const liuhe = (await app.api('/api/v1/facilities?township=柳河镇&level=township')).body.items[0];
    const elsewhere = await app.api(`/api/v1/staff/patients/lookup?idNumber=${DEMO_ID_NUMBERS['张建国']}&facilityId=${liuhe.id}`, { headers: qs });
    expect(elsewhere.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'facilityId' });
  });
});
