import { randomBytes } from 'node:crypto';
import { addDays, type CreateSchedule, localDate, type ScheduleDetail, toEpochMs } from '@ygt/shared';
import { expect } from 'vitest';
import type { TestApp } from '@ygt/test/support/harness';
import { createSession } from '../../http/auth';
import { newId } from '../../infra/ids';

/** Test helpers shared by the booking and referral tests. */

/**
 * Puts the clock at 10:00 tomorrow (Asia/Shanghai) and returns that date: every test then sees
 * the same time of day, whenever the suite runs. Tomorrow, so time never moves backwards.
 */
export function startOfTestDay(app: TestApp): { today: string; at10: number } {
  const today = addDays(localDate(Date.now()), 1);
  app.clock.ms = toEpochMs(today, '10:00');
  return { today, at10: app.clock.ms };
}

export async function facilityByCode(app: TestApp, code: string): Promise<{ id: string; name: string }> {
  const all = (await app.api('/api/v1/facilities')).body.items as { id: string; code: string; name: string }[];
  return all.find((f) => f.code === code)!;
}

export async function doctorsAt(app: TestApp, facilityId: string): Promise<{ id: string; departmentId: string; name: string; isCountyExpert: boolean }[]> {
  return (await app.api(`/api/v1/facilities/${facilityId}/doctors`)).body.items;
}

export async function departmentsAt(app: TestApp, facilityId: string): Promise<{ id: string; name: string }[]> {
  return (await app.api(`/api/v1/facilities/${facilityId}/departments`)).body.items;
}

/**
 * Creates a schedule through the console API: evening by default (the demo seed has none, so no
 * clashes) and free by default, so bookings go straight to staff confirmation without a payment.
 */
export async function createSchedule(app: TestApp, staff: Record<string, string>, body: Partial<CreateSchedule> & Pick<CreateSchedule, 'facilityId' | 'departmentId' | 'doctorId' | 'date'>): Promise<ScheduleDetail> {
  const res = await app.api('/api/v1/staff/schedules', { headers: staff, body: { period: 'evening', startTime: '18:00', endTime: '18:30', capacityPerSegment: 1, feeFen: 0, ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export interface TestResident {
  accountId: string;
  personId: string;
  memberId: string;
  headers: Record<string, string>;
}

/**
 * Residents made directly in the database (an account, a person and the 本人 link) with a
 * session each: fast enough for hundreds, and each a separate person for the per-person rules.
 */
export async function newResidents(app: TestApp, count: number): Promise<TestResident[]> {
  const { deps } = app;
  const db = deps.database.db;
  const now = deps.clock.now();
  const residents: TestResident[] = [];
  for (let i = 0; i < count; i++) residents.push({ accountId: newId(now), personId: newId(now), memberId: newId(now), headers: {} });
  for (let i = 0; i < residents.length; i += 100) {
    const batch = residents.slice(i, i + 100);
    await db.insertInto('account').values(batch.map((r) => ({ id: r.accountId, openid: `test:${r.accountId}`, unionid: null, is_demo: 0, created_at: now, deleted_at: null }))).execute();
    await db
      .insertInto('person')
      .values(
        batch.map((r, j) => {
          const idNumber = `43990119800101${String(i + j).padStart(4, '0')}`;
          return {
            id: r.personId,
            name: `测试居民${i + j}`,
            id_number_enc: deps.crypto.encrypt(idNumber),
            id_number_bidx: deps.crypto.blindIndex(`${idNumber}:${r.personId}`),
            phone_enc: null,
            sex: 'male',
            birth_date: '1980-01-01',
            health_card_code: randomBytes(12).toString('hex'),
            own_account_id: r.accountId,
            created_at: now,
            updated_at: now,
          };
        }),
      )
      .execute();
    await db
      .insertInto('family_member')
      .values(batch.map((r) => ({ id: r.memberId, account_id: r.accountId, person_id: r.personId, relation: 'self', is_guardian: 0, status: 'active', active_key: `${r.accountId}:${r.personId}`, created_at: now, removed_at: null })))
      .execute();
  }
  for (const r of residents) r.headers = { authorization: `Bearer ${(await createSession(deps, 'resident', r.accountId)).token}` };
  return residents;
}

export async function book(app: TestApp, who: { headers: Record<string, string>; memberId: string }, slotId: string, headers: Record<string, string> = {}) {
  return app.api('/api/v1/me/bookings', { headers: { ...who.headers, ...headers }, body: { slotId, memberId: who.memberId } });
}

export async function scheduleOf(app: TestApp, scheduleId: string): Promise<ScheduleDetail> {
  return (await app.api(`/api/v1/schedules/${scheduleId}`)).body;
}

export async function bookingRow(app: TestApp, id: string) {
  return app.deps.database.db.selectFrom('booking').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}
