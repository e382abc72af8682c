import { staffHeaders } from '@ygt/test/support/actors';
import type { TestApp } from '@ygt/test/support/harness';

const PASSWORD = 'Baisha2026doctor';

/** Signs in a doctor of a township centre, created on first use with the centre's first doctor record. */
export async function doctorAt(app: TestApp, username: string, facilityName: string): Promise<Record<string, string>> {
  const login = await app.api('/api/v1/auth/staff/login', { body: { username, password: PASSWORD } });
  if (login.status === 200) return { authorization: `Bearer ${login.body.token}` };
  const facility = (await app.api('/api/v1/facilities?level=township')).body.items.find((f: { name: string }) => f.name === facilityName);
  const doctor = (await app.api(`/api/v1/facilities/${facility.id}/doctors`)).body.items[0];
  const admin = await staffHeaders(app, 'admin');
  const created = await app.api('/api/v1/staff/accounts', {
    headers: admin,
    body: { username, name: doctor.name, password: PASSWORD, roles: ['doctor'], facilityIds: [facility.id], doctorId: doctor.id },
  });
  if (created.status !== 201) throw new Error(`cannot create ${username}: ${JSON.stringify(created.body)}`);
  const again = await app.api('/api/v1/auth/staff/login', { body: { username, password: PASSWORD } });
  return { authorization: `Bearer ${again.body.token}` };
}

/** A doctor of 白沙乡: outside the demo families' facilities and teams. */
export const doctorElsewhere = (app: TestApp) => doctorAt(app, 'bs.doctor', '白沙乡中心卫生院');

/** Signs in a pharmacist of another pharmacy (柳河镇卫生院), created on first use. */
export async function pharmacistElsewhere(app: TestApp): Promise<Record<string, string>> {
  const login = await app.api('/api/v1/auth/staff/login', { body: { username: 'lh.pharmacist', password: PASSWORD } });
  if (login.status === 200) return { authorization: `Bearer ${login.body.token}` };
  const liuhe = (await app.api('/api/v1/facilities?level=township')).body.items.find((f: { name: string }) => f.name === '柳河镇中心卫生院');
  const admin = await staffHeaders(app, 'admin');
  const created = await app.api('/api/v1/staff/accounts', {
    headers: admin,
    body: { username: 'lh.pharmacist', name: '郭慧敏', password: PASSWORD, roles: ['pharmacist'], facilityIds: [liuhe.id] },
  });
  if (created.status !== 201) throw new Error(`cannot create lh.pharmacist: ${JSON.stringify(created.body)}`);
  const again = await app.api('/api/v1/auth/staff/login', { body: { username: 'lh.pharmacist', password: PASSWORD } });
  return { authorization: `Bearer ${again.body.token}` };
}
