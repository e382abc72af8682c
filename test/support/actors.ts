import { DEMO_STAFF_PASSWORD } from '../../api/src/modules/staff/seed';
import type { TestApp } from './harness';

/** Signs in a seeded demo resident; returns headers for later requests. */
export async function residentHeaders(app: TestApp, key: 'zhang' | 'wang' | 'chen'): Promise<Record<string, string>> {
  const res = await app.api('/api/v1/auth/demo/login', { body: { residentKey: key } });
  if (res.status !== 200) throw new Error(`demo login failed: ${JSON.stringify(res.body)}`);
  return { authorization: `Bearer ${res.body.token}` };
}

/** Signs in seeded demo staff by username. */
export async function staffHeaders(app: TestApp, username: string): Promise<Record<string, string>> {
  const res = await app.api('/api/v1/auth/staff/login', { body: { username, password: DEMO_STAFF_PASSWORD } });
  if (res.status !== 200) throw new Error(`staff login failed: ${JSON.stringify(res.body)}`);
  return { authorization: `Bearer ${res.body.token}` };
}

export async function familyOf(app: TestApp, headers: Record<string, string>) {
  const res = await app.api('/api/v1/me/family', { headers });
  return res.body.items as { id: string; personId: string; name: string; relation: string; healthCardCode: string | null }[];
}
