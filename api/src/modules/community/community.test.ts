import type { Facility } from '@ygt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '@ygt/test/support/harness';
import { seedCommunity } from './seed';
import { updateFacility } from './service';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

async function facilities(query = ''): Promise<Facility[]> {
  const res = await app.api(`/api/v1/facilities${query}`);
  expect(res.status).toBe(200);
  return res.body.items;
}

describe('the seeded demo community', () => {
  it('has the shape of a real county medical community', async () => {
    const all = await facilities();
    const count = (level: string) => all.filter((f) => f.level === level).length;
    expect(all.map((f) => f.kind)).toEqual(expect.arrayContaining(['general_hospital', 'tcm_hospital', 'maternal_child_hospital', 'central_pharmacy']));
    expect(count('township')).toBeGreaterThanOrEqual(6);
    expect(count('village')).toBeGreaterThanOrEqual(20);
    let doctors = 0;
    for (const f of all) doctors += (await app.api(`/api/v1/facilities/${f.id}/doctors`)).body.items.length;
    expect(doctors).toBeGreaterThanOrEqual(60);
  });

  it('seeds idempotently', async () => {
    const before = await facilities();
    await seedCommunity(app.deps.database.db);
    const rows = await app.deps.database.db.selectFrom('doctor').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(await facilities()).toHaveLength(before.length);
    expect(Number(rows.n)).toBe(83);
  });

  it('links village clinics to their township centre', async () => {
    const villages = await facilities('?level=village&township=青石镇');
    const [centre] = await facilities('?level=township&township=青石镇');
    expect(villages.length).toBeGreaterThanOrEqual(3);
    for (const v of villages) expect(v).toMatchObject({ township: '青石镇', parentId: centre.id });
  });
});

describe('GET /api/v1/facilities', () => {
  it('filters by level', async () => {
    const county = await facilities('?level=county');
    expect(county.map((f) => f.name)).toEqual(['云溪县人民医院', '云溪县中医医院', '云溪县妇幼保健院']);
  });
  it('answers 400 naming the field for an invalid level', async () => {
    const res = await app.api('/api/v1/facilities?level=hospital');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'level' });
    expect(res.body.error.message).toMatch(/level/);
  });
  it('answers an empty list for an unknown township', async () => {
    expect(await facilities('?township=不存在乡')).toEqual([]);
  });
});

describe('a facility, its departments, doctors and visiting experts', () => {
  it('lists departments and doctors with titles', async () => {
    const [hospital] = await facilities('?level=county');
    const depts = (await app.api(`/api/v1/facilities/${hospital.id}/departments`)).body.items;
    const cardio = depts.find((d: { name: string }) => d.name === '心血管内科');
    const docs = (await app.api(`/api/v1/facilities/${hospital.id}/doctors?departmentId=${cardio.id}`)).body.items;
    expect(docs.length).toBeGreaterThanOrEqual(2);
    expect(docs.map((d: { titleLabel: string }) => d.titleLabel)).toContain('主任医师');
    expect(docs.every((d: { departmentId: string }) => d.departmentId === cardio.id)).toBe(true);
  });
  it('shows county experts holding weekly sessions at townships', async () => {
    const townships = await facilities('?level=township');
    const sessions = (await Promise.all(townships.map((t) => app.api(`/api/v1/facilities/${t.id}/expert-sessions`)))).flatMap((r) => r.body.items);
    expect(sessions.length).toBeGreaterThanOrEqual(7);
    expect(sessions[0]).toMatchObject({ homeFacilityName: expect.stringMatching(/云溪县/), weekday: expect.any(Number), period: expect.stringMatching(/am|pm/) });
  });
  it('answers 404 with a code for an unknown facility, on every sub-resource', async () => {
    for (const p of ['', '/departments', '/doctors', '/expert-sessions']) {
      const res = await app.api(`/api/v1/facilities/01UNKNOWN0000000000000000${p}`);
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'facilityId' });
    }
  });
});

describe('read-through cache', () => {
  it('serves cached answers and invalidates them on change', async () => {
    const [township] = await facilities('?level=township');
    await facilities('?level=township');
    // Change the row behind the cache's back: the cached answer still shows the old value...
    await app.deps.database.db.updateTable('facility').set({ phone: '0000-1111111' }).where('id', '=', township.id).execute();
    expect((await facilities('?level=township'))[0].phone).toBe(township.phone);
    // ...and a change through the service invalidates every cached view.
    await updateFacility(app.deps, township.id, { address: '新地址 1 号' });
    const after = (await facilities('?level=township'))[0];
    expect(after).toMatchObject({ address: '新地址 1 号', phone: '0000-1111111' });
    expect((await app.api(`/api/v1/facilities/${township.id}`)).body.address).toBe('新地址 1 号');
  });
});
