import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays } from '@ygt/shared';
import { sql } from 'kysely';
import type { BenchContext } from './lib/context';
import { httpLoad, type Measured, percentile, pooled } from './lib/load';
import { insertResidents, signIn } from './lib/residents';
import { startChild } from './lib/server';
import { fmt, type Row } from './lib/table';

const ROUNDS = 6;
const REQUESTS_PER_ROUND = 3000;
const FRESHNESS_TRIES = 3;

const get = (url: string, n: number, c: number) => httpLoad({ url, connections: c, amount: n, maxSeconds: 60, requests: [{ method: 'GET' }] });

/** The department and date with the most open schedules in the booking window: the busiest availability page. */
async function busiestDepartment(ctx: BenchContext) {
  return ctx.deps.database.db
    .selectFrom('schedule')
    .select(['facility_id', 'department_id', 'date', sql<number>`count(*)`.as('n')])
    .where('status', '=', 'open')
    .where('date', '>', addDays(ctx.today, 1))
    .where('date', '<=', addDays(ctx.today, 5))
    .groupBy(['facility_id', 'department_id', 'date'])
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('date')
    .limit(1)
    .executeTakeFirstOrThrow();
}

/**
 * How long after a booking's answer the availability answer shows it: book a place, then ask for
 * the department's availability every 5 ms (bounded at 5 s) until that schedule's remaining drops.
 */
async function freshnessDelays(ctx: BenchContext, listUrl: string): Promise<number[]> {
  const people = await insertResidents(ctx.deps, 150_000, FRESHNESS_TRIES);
  await signIn(ctx.deps, people);
  const delays: number[] = [];
  for (const person of people) {
    const before = (await (await fetch(listUrl)).json()) as { items: { id: string; remaining: number }[] };
    const schedule = before.items.find((s) => s.remaining > 0);
    if (!schedule) throw new Error('no schedule with places left to measure freshness on');
    const detail = (await (await fetch(`${ctx.api.url}/api/v1/schedules/${schedule.id}`)).json()) as { slots: { id: string; state: string }[] };
    const slot = detail.slots.find((s) => s.state === 'available')!;
    const booked = await fetch(`${ctx.api.url}/api/v1/me/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: person.authorization!, 'idempotency-key': randomBytes(12).toString('hex') },
      body: JSON.stringify({ slotId: slot.id, memberId: person.memberId }),
    });
    if (booked.status !== 201) throw new Error(`freshness booking failed: ${booked.status} ${await booked.text()}`);
    const at = performance.now();
    for (;;) {
      const now = (await (await fetch(listUrl)).json()) as { items: { id: string; remaining: number }[] };
      if (now.items.find((s) => s.id === schedule.id)!.remaining < schedule.remaining) break;
      if (performance.now() - at > 5000) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    delays.push(performance.now() - at);
  }
  return delays;
}

/** 2. The availability page of a department for a date, against a bare Koa endpoint answering a body of the same size. */
export async function readPath(ctx: BenchContext): Promise<Row[]> {
  const target = await busiestDepartment(ctx);
  const listUrl = `${ctx.api.url}/api/v1/schedules?facilityId=${target.facility_id}&departmentId=${target.department_id}&from=${target.date}&to=${target.date}`;
  const answer = await fetch(listUrl);
  const body = await answer.text();
  if (answer.status !== 200) throw new Error(`availability answered ${answer.status}: ${body}`);
  const bodyFile = path.join(os.tmpdir(), `ygt-bench-body-${randomBytes(4).toString('hex')}.json`);
  fs.writeFileSync(bodyFile, body);
  const bare = await startChild('test/bench/bare-koa.ts', { BODY_FILE: bodyFile }, '/', 'bare-koa');
  const apiRuns: Measured[] = [];
  const bareRuns: Measured[] = [];
  try {
    ctx.api.phase('read');
    // Warm both (JIT, connections, the cache) before measuring.
    await get(listUrl, 500, ctx.concurrency);
    await get(bare.url, 500, ctx.concurrency);
    for (let round = 0; round < ROUNDS; round++) {
      bareRuns.push(await get(bare.url, REQUESTS_PER_ROUND, ctx.concurrency));
      apiRuns.push(await get(listUrl, REQUESTS_PER_ROUND, ctx.concurrency));
    }
  } finally {
    await bare.stop();
    fs.rmSync(bodyFile, { force: true });
  }
  const delays = await freshnessDelays(ctx, listUrl);
  ctx.api.phase('after-read');
  const api = pooled(apiRuns);
  const base = pooled(bareRuns);
  const ratio = api.perSecond / base.perSecond;
  const p99 = percentile(api.latencies, 99);
  const items = (JSON.parse(body) as { items: unknown[] }).items.length;
  const non200 = api.count - (api.statuses[200] ?? 0);
  const maxDelay = Math.max(...delays);
  return [
    {
      figure: `availability req/s (c=${ctx.concurrency}, ${items} schedules, ${fmt.kb(Buffer.byteLength(body))})`,
      value: `${fmt.rate(api.perSecond)}${non200 ? ` (${non200} not 200)` : ''}`,
      baseline: `${fmt.rate(base.perSecond)} bare Koa`,
      ratio: fmt.ratio(ratio),
      target: 'ratio >= 0.6',
      pass: ratio >= 0.6 && non200 === 0,
    },
    { figure: 'availability p50 / p99 latency', value: `${fmt.ms(percentile(api.latencies, 50))} / ${fmt.ms(p99)}`, baseline: `${fmt.ms(percentile(base.latencies, 50))} / ${fmt.ms(percentile(base.latencies, 99))}`, target: 'p99 < 25 ms', pass: p99 < 25 },
    { figure: `availability shows a booking after (max of ${FRESHNESS_TRIES})`, value: fmt.ms(maxDelay), target: '<= 1000 ms', pass: maxDelay <= 1000 },
  ];
}
