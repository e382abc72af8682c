import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ACTIVE_BOOKING_STATUSES, addDays } from '@ygt/shared';
import { sql } from 'kysely';
import { createPool } from 'mysql2/promise';
import type { SlotTable } from '../../api/src/db/schema/slot';
import { type BenchContext, freeEvenings, insertSchedule } from './lib/context';
import { httpLoad, type Measured, percentile, pooled, poolLoad } from './lib/load';
import { type BenchResident, insertResidents, signIn } from './lib/residents';
import { startChild } from './lib/server';
import { fmt, type Row } from './lib/table';

/** The statement that takes a public place (booking/repo.ts takePublicPlace, before the referral release). */
const TAKE_PLACE = 'UPDATE slot SET booked = booked + 1 WHERE id = ? AND open = 1 AND booked + held + referral_reserved - referral_booked < capacity';

const RACE_PLACES = { segments: 5, capacity: 10 };
const STEADY_SCHEDULES = 100;
const STEADY_SEGMENTS = 4;
const WARM_UP = 512;
const STEADY_ROUNDS = 4;

/**
 * The baseline of both booking runs: the same number of single-statement conditional UPDATE
 * transactions (autocommit) against the same MariaDB, on twin slots of the same shape, from a
 * mysql2 pool as large as the HTTP concurrency.
 */
async function updateBaseline(ctx: BenchContext, slotIds: string[], count: number): Promise<Measured> {
  const pool = createPool({ uri: ctx.dbUrl, connectionLimit: ctx.concurrency });
  try {
    // Open the connections first, as the API's pool is already warm.
    await Promise.all(Array.from({ length: ctx.concurrency }, () => pool.query('SELECT 1')));
    return await poolLoad(count, ctx.concurrency, 120, (i) => pool.query(TAKE_PLACE, [slotIds[i % slotIds.length]]));
  } finally {
    await pool.end();
  }
}

/**
 * What HTTP alone reaches on this machine: a bare Koa endpoint (a child process, run as the API
 * is) answering the rush's own refusal body to the same POSTs at the same concurrency. No
 * booking can be answered faster than this, so its ratio to the UPDATE baseline is the ceiling
 * of the booking ratios.
 */
async function httpCeiling(ctx: BenchContext, slotId: string, count: number): Promise<Measured> {
  const r = ctx.residents[0];
  const refusal = await fetch(`${ctx.api.url}/api/v1/me/bookings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: r.authorization! },
    body: JSON.stringify({ slotId, memberId: r.memberId }),
  });
  const bodyFile = path.join(os.tmpdir(), `ygt-bench-refusal-${randomBytes(4).toString('hex')}.json`);
  fs.writeFileSync(bodyFile, await refusal.text());
  const bare = await startChild('test/bench/bare-koa.ts', { BODY_FILE: bodyFile }, '/', 'bare-koa');
  try {
    const post = (n: number) =>
      httpLoad({
        url: bare.url,
        connections: ctx.concurrency,
        amount: n,
        maxSeconds: 120,
        requests: [{ method: 'POST', path: '/api/v1/me/bookings', headers: { 'content-type': 'application/json', authorization: r.authorization! }, body: JSON.stringify({ slotId, memberId: r.memberId }) }],
      });
    await post(500);
    return await post(count);
  } finally {
    await bare.stop();
    fs.rmSync(bodyFile, { force: true });
  }
}

/** Every resident in turn books `slotFor(i)` through POST /api/v1/me/bookings, with an Idempotency-Key as the mini-program sends. */
function bookingRun(ctx: BenchContext, residents: BenchResident[], slotFor: (i: number) => string): Promise<Measured> {
  let next = 0;
  return httpLoad({
    url: ctx.api.url,
    connections: ctx.concurrency,
    amount: residents.length,
    maxSeconds: 300,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/me/bookings',
        setupRequest: (req) => {
          // One call per request sent; a request re-sent after a timeout takes the next index, so wrap rather than run past the list.
          const i = next++ % residents.length;
          const r = residents[i];
          return {
            ...req,
            headers: { 'content-type': 'application/json', authorization: r.authorization!, 'idempotency-key': randomBytes(12).toString('hex') },
            body: JSON.stringify({ slotId: slotFor(i), memberId: r.memberId }),
          };
        },
      },
    ],
  });
}

/** Places taken beyond capacity, on the counters and in the booking rows, over the whole database. */
async function oversold(ctx: BenchContext): Promise<number> {
  const db = ctx.deps.database.db;
  const counters = await db.selectFrom('slot').select(sql<number>`coalesce(sum(greatest(booked + held - capacity, 0)), 0)`.as('n')).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom(
      db
        .selectFrom('booking as b')
        .innerJoin('slot as s', 's.id', 'b.slot_id')
        .select(['b.slot_id', 's.capacity', (eb) => eb.fn.countAll<number>().as('n')])
        .where('b.status', 'in', [...ACTIVE_BOOKING_STATUSES])
        .groupBy(['b.slot_id', 's.capacity'])
        .as('per_slot'),
    )
    .select(sql<number>`coalesce(sum(greatest(n - capacity, 0)), 0)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(counters.n) + Number(rows.n);
}

/** Active bookings beyond one per person, department and day (the unique active key's promise). */
async function duplicates(ctx: BenchContext): Promise<number> {
  const db = ctx.deps.database.db;
  const r = await db
    .selectFrom(
      db
        .selectFrom('booking')
        .select(['person_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', 'in', [...ACTIVE_BOOKING_STATUSES])
        .groupBy(['person_id', 'department_id', 'date'])
        .having((eb) => eb.fn.countAll(), '>', 1)
        .as('dup'),
    )
    .select(sql<number>`coalesce(sum(n - 1), 0)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Whether each slot's counter equals its active booking rows (no place lost or double-counted). */
async function countersMatchRows(ctx: BenchContext, slots: SlotTable[]): Promise<boolean> {
  const db = ctx.deps.database.db;
  const ids = slots.map((s) => s.id);
  const counters = new Map((await db.selectFrom('slot').select(['id', 'booked']).where('id', 'in', ids).execute()).map((s) => [s.id, Number(s.booked)]));
  const rows = await db.selectFrom('booking').select(['slot_id', (eb) => eb.fn.countAll<number>().as('n')]).where('slot_id', 'in', ids).where('status', 'in', [...ACTIVE_BOOKING_STATUSES]).groupBy('slot_id').execute();
  const booked = new Map(rows.map((r) => [r.slot_id, Number(r.n)]));
  return ids.every((id) => counters.get(id) === (booked.get(id) ?? 0));
}

const ratioRow = (figure: string, perSecond: number, base: Measured): Row => {
  const ratio = perSecond / base.perSecond;
  return { figure, value: fmt.rate(perSecond), baseline: `${fmt.rate(base.perSecond)} UPDATE`, ratio: fmt.ratio(ratio), target: 'ratio >= 0.5', pass: ratio >= 0.5 };
};
const latencyRow = (figure: string, m: Measured): Row => ({
  figure,
  value: `${fmt.ms(percentile(m.latencies, 50))} / ${fmt.ms(percentile(m.latencies, 99))}`,
  target: '',
  pass: null,
});

/**
 * 1. The 08:00 rush: every resident taps 预约 on one free expert session of 50 places at once,
 * then a steady load of bookings spread over many schedules (free and paid, county and township).
 */
export async function bookingContention(ctx: BenchContext): Promise<Row[]> {
  const residents = ctx.residents;
  const evenings = await freeEvenings(ctx.deps, [addDays(ctx.today, 2), addDays(ctx.today, 3), addDays(ctx.today, 4), addDays(ctx.today, 5)], 3 + 2 * STEADY_SCHEDULES + 20);
  // The popular session: a county expert's, and its twin for the baseline.
  const experts = evenings.filter((e) => e.doctor.is_county_expert === 1);
  const [race, raceTwin] = await Promise.all([experts[0], experts[1]].map((e) => insertSchedule(ctx.deps, { ...e, ...RACE_PLACES, feeFen: 0 })));
  // Nobody in the rush is refused a steady booking for having one in the same department that day.
  const rest = evenings.filter((e) => e !== experts[0] && e !== experts[1] && !(e.doctor.department_id === experts[0].doctor.department_id && e.date === experts[0].date));
  const warmUp = await insertSchedule(ctx.deps, { ...rest.pop()!, segments: 4, capacity: WARM_UP / 8, feeFen: 0 });
  const perSegment = Math.ceil(residents.length / STEADY_SCHEDULES / STEADY_SEGMENTS) + 1;
  const steady: Awaited<ReturnType<typeof insertSchedule>>[] = [];
  const steadyTwin: typeof steady = [];
  for (let i = 0; i < STEADY_SCHEDULES; i++) {
    // One in four is a paid session (pending payment with an order), as at the county hospital.
    const feeFen = i % 4 === 0 ? 500 : 0;
    steady.push(await insertSchedule(ctx.deps, { ...rest[2 * i], segments: STEADY_SEGMENTS, capacity: perSegment, feeFen }));
    steadyTwin.push(await insertSchedule(ctx.deps, { ...rest[2 * i + 1], segments: STEADY_SEGMENTS, capacity: perSegment, feeFen }));
  }

  // A warm API (JIT, pools) as at 08:00 on any working day: half the warm-up books, half hears sold out.
  const warmers = await insertResidents(ctx.deps, 100_000, WARM_UP);
  await signIn(ctx.deps, warmers);
  ctx.api.phase('booking');
  await bookingRun(ctx, warmers, (i) => warmUp.slots[i % warmUp.slots.length].id);
  // The rush happens once; half its baseline runs just before it, half just after (a busy machine changes by the minute).
  const raceTwinSlots = raceTwin.slots.map((s) => s.id);
  const half = Math.floor(residents.length / 2);
  const raceBaseBefore = await updateBaseline(ctx, raceTwinSlots, half);
  const raceRun = await bookingRun(ctx, residents, (i) => race.slots[i % race.slots.length].id);
  const raceBase = pooled([raceBaseBefore, await updateBaseline(ctx, raceTwinSlots, residents.length - half)]);
  const raceBooked = raceRun.statuses[201] ?? 0;
  const ceiling = await httpCeiling(ctx, race.slots[0].id, residents.length);

  // The steady load in rounds, alternating with its baseline's rounds.
  const slotOf = (set: typeof steady, i: number) => set[i % STEADY_SCHEDULES].slots[Math.floor(i / STEADY_SCHEDULES) % STEADY_SEGMENTS].id;
  const steadyRuns: Measured[] = [];
  const steadyBases: Measured[] = [];
  const perRound = Math.ceil(residents.length / STEADY_ROUNDS);
  for (let from = 0; from < residents.length; from += perRound) {
    const round = residents.slice(from, from + perRound);
    steadyBases.push(await updateBaseline(ctx, round.map((_, i) => slotOf(steadyTwin, from + i)), round.length));
    steadyRuns.push(await bookingRun(ctx, round, (i) => slotOf(steady, from + i)));
  }
  const steadyRun = pooled(steadyRuns);
  const steadyBase = pooled(steadyBases);
  const steadyBooked = steadyRun.statuses[201] ?? 0;
  ctx.api.phase('after-booking');

  const over = await oversold(ctx);
  const dup = await duplicates(ctx);
  const consistent = await countersMatchRows(ctx, [...race.slots, ...steady.flatMap((s) => s.slots)]);
  const places = RACE_PLACES.segments * RACE_PLACES.capacity;
  const otherAnswers = (m: Measured, ok: number) =>
    Object.entries(m.statuses)
      .filter(([s]) => Number(s) !== ok)
      .map(([s, n]) => `${n}×${s}`)
      .join(' ');
  return [
    { figure: 'booking: oversold places (all runs)', value: String(over), target: '= 0', pass: over === 0 },
    { figure: 'booking: duplicate bookings (all runs)', value: String(dup), target: '= 0', pass: dup === 0 },
    { figure: 'booking: slot counters = booking rows', value: consistent ? 'yes' : 'no', target: 'yes', pass: consistent },
    {
      figure: `rush: ${residents.length} residents, ${places} places`,
      value: `${raceBooked} booked, ${otherAnswers(raceRun, 201) || 'no other answers'}`,
      target: `${places} booked, rest 409`,
      pass: raceBooked === places && (raceRun.statuses[409] ?? 0) === residents.length - places,
    },
    ratioRow(`rush: booking attempts/s (c=${ctx.concurrency})`, raceRun.perSecond, raceBase),
    {
      figure: '  (HTTP alone here: bare Koa, no work)',
      value: fmt.rate(ceiling.perSecond),
      baseline: `${fmt.rate(raceBase.perSecond)} UPDATE`,
      ratio: fmt.ratio(ceiling.perSecond / raceBase.perSecond),
      target: 'the ceiling of any ratio',
      pass: null,
    },
    latencyRow('rush: p50 / p99 latency', raceRun),
    {
      figure: `steady: ${residents.length} bookings over ${STEADY_SCHEDULES} schedules`,
      value: `${steadyBooked} booked${otherAnswers(steadyRun, 201) ? `, ${otherAnswers(steadyRun, 201)}` : ''}`,
      target: 'all booked',
      pass: steadyBooked === residents.length,
    },
    ratioRow(`steady: bookings/s (c=${ctx.concurrency})`, steadyBooked / steadyRun.seconds, steadyBase),
    latencyRow('steady: p50 / p99 latency', steadyRun),
  ];
}
