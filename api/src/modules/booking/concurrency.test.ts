import { addDays } from '@ygt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffHeaders } from '@ygt/test/support/actors';
import { startTestApp, type TestApp } from '@ygt/test/support/harness';
import { book, createSchedule, doctorsAt, facilityByCode, newResidents, scheduleOf, startOfTestDay } from './testing';

/** No overselling, no double booking, one booking per retried request: on SQLite and on MySQL. */

let app: TestApp;
let today: string;
let nurse: Record<string, string>;
let township: { id: string };
let doctors: Awaited<ReturnType<typeof doctorsAt>>;

beforeAll(async () => {
  app = await startTestApp();
  ({ today } = startOfTestDay(app));
  nurse = await staffHeaders(app, 'qs.nurse');
  township = await facilityByCode(app, 'YX-T01');
  doctors = await doctorsAt(app, township.id);
});
afterAll(() => app?.close());

const countBookings = async (slotIds: string[]) =>
  Number(
    (
      await app.deps.database.db
        .selectFrom('booking')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('slot_id', 'in', slotIds)
        .where('status', '=', 'pending_confirmation')
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('concurrent booking', () => {
  it('200 people racing for a segment with 10 places: exactly 10 book, the rest hear it is sold out', async () => {
    const [doctor] = doctors;
    const schedule = await createSchedule(app, nurse, { facilityId: township.id, departmentId: doctor.departmentId, doctorId: doctor.id, date: addDays(today, 2), capacityPerSegment: 10 });
    const slotId = schedule.slots[0].id;
    const people = await newResidents(app, 200);

    const answers = await Promise.all(people.map((p) => book(app, p, slotId)));

    const booked = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status !== 201);
    expect(booked).toHaveLength(10);
    expect(new Set(booked.map((a) => a.body.patient.personId)).size).toBe(10);
    expect(refused).toHaveLength(190);
    for (const a of refused) {
      expect(a.status).toBe(409);
      expect(a.body.error).toMatchObject({ code: 'SOLD_OUT', field: 'slotId', message: expect.stringMatching(/已约满/) });
    }
    const after = await scheduleOf(app, schedule.id);
    expect(after.slots[0]).toMatchObject({ capacity: 10, booked: 10, remaining: 0, state: 'full' });
    expect(after.remaining).toBe(0);
    expect(await countBookings([slotId])).toBe(10);
  });

  it('20 requests at once from one person, across the segments of one session: exactly one books', async () => {
    const doctor = doctors[1];
    const schedule = await createSchedule(app, nurse, {
      facilityId: township.id,
      departmentId: doctor.departmentId,
      doctorId: doctor.id,
      date: addDays(today, 3),
      startTime: '18:00',
      endTime: '20:00',
      segmentMinutes: 10,
      capacityPerSegment: 5,
    });
    const [person] = await newResidents(app, 1);
    const slotIds = schedule.slots.map((s) => s.id);

    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => book(app, person, slotIds[i % slotIds.length])));

    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 201)) {
      expect(a.body.error).toMatchObject({ code: 'LIMIT_REACHED', field: 'memberId', message: expect.stringMatching(/同一天同一科室只能预约1个号/) });
    }
    const after = await scheduleOf(app, schedule.id);
    expect(after.slots.reduce((n, s) => n + s.booked, 0)).toBe(1);
    expect(await countBookings(slotIds)).toBe(1);
  });
});

describe('Idempotency-Key', () => {
  it('a retried request returns the first answer and books once, also when retries race', async () => {
    const doctor = doctors[2];
    const schedule = await createSchedule(app, nurse, { facilityId: township.id, departmentId: doctor.departmentId, doctorId: doctor.id, date: addDays(today, 4), capacityPerSegment: 5 });
    const slotId = schedule.slots[0].id;
    const [person] = await newResidents(app, 1);
    const key = { 'idempotency-key': `retry-${person.accountId}` };

    const first = await book(app, person, slotId, key);
    expect(first.status).toBe(201);
    const retry = await book(app, person, slotId, key);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');

    const raceKey = { 'idempotency-key': `race-${person.accountId}` };
    const [other] = await newResidents(app, 1);
    const raced = await Promise.all(Array.from({ length: 5 }, () => book(app, other, slotId, raceKey)));
    expect(raced.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(raced.map((r) => r.body.id)).size).toBe(1);
    expect(await countBookings([slotId])).toBe(2);
    expect((await scheduleOf(app, schedule.id)).slots[0].booked).toBe(2);
  });

  it('without the KV answer (Redis lost) the database still finds the first booking', async () => {
    const doctor = doctors[2];
    const schedule = await createSchedule(app, nurse, { facilityId: township.id, departmentId: doctor.departmentId, doctorId: doctor.id, date: addDays(today, 5), capacityPerSegment: 5 });
    const slotId = schedule.slots[0].id;
    const [person] = await newResidents(app, 1);
    const keyValue = `lost-${person.accountId}`;
    const first = await book(app, person, slotId, { 'idempotency-key': keyValue });
    await app.deps.kv.del(`idem:booking:${person.accountId}:${keyValue}`);
    const retry = await book(app, person, slotId, { 'idempotency-key': keyValue });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(await countBookings([slotId])).toBe(1);
  });

  it('replays a refusal too, refuses a reused key for another request, and names a malformed key', async () => {
    const doctor = doctors[0];
    const schedule = await createSchedule(app, nurse, { facilityId: township.id, departmentId: doctor.departmentId, doctorId: doctor.id, date: addDays(today, 6), capacityPerSegment: 1 });
    const slotId = schedule.slots[0].id;
    const [taker, late] = await newResidents(app, 2);
    expect((await book(app, taker, slotId)).status).toBe(201);
    const key = { 'idempotency-key': `late-${late.accountId}` };
    expect((await book(app, late, slotId, key)).body.error.code).toBe('SOLD_OUT');
    expect((await book(app, late, slotId, key)).body.error.code).toBe('SOLD_OUT');

    const reused = await app.api('/api/v1/me/bookings', { headers: { ...late.headers, ...key }, body: { slotId: schedule.slots[0].id, memberId: taker.memberId } });
    expect(reused.status).toBe(409);
    expect(reused.body.error.field).toBe('Idempotency-Key');

    const malformed = await book(app, late, slotId, { 'idempotency-key': 'short' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.field).toBe('Idempotency-Key');
    expect(await countBookings([slotId])).toBe(1);
  });
});
