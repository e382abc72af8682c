import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays, toEpochMs } from '@ygt/shared';
import { Kysely, MysqlDialect, sql } from 'kysely';
import { createPool as createCallbackPool } from 'mysql2';
import { createPool, type Pool } from 'mysql2/promise';
import type { DB } from '../../api/src/db/schema';
import * as resultsRepo from '../../api/src/modules/results/repo';
import type { BenchContext } from './lib/context';
import { benchScale } from './lib/env';
import { httpLoad, type Measured, percentile, pooled, poolLoad } from './lib/load';
import { type BenchResident, findResidents, signIn } from './lib/residents';
import { startChild } from './lib/server';
import { fmt, type Row } from './lib/table';
import { generateResults, isChronic, OBSERVATIONS_PER_RESIDENT, type ResultsDataSet, TREND_CODE } from './results-data';

const FULL_RESIDENTS = 100_000;
const FIRST_INDEX = 200_000;
const SAMPLE = 200;
const CONCURRENCY = 4;
const REQUESTS = 1200;
const ROUNDS = 2;
/** The API's defaults: a page of 30 (one more is read to know there is a next page), a trend of two years. */
const PAGE = 30;
const TREND_DAYS = 730;

interface Statement {
  sql: string;
  params: (string | number | null)[];
}

/**
 * The SQL the API runs for a resident's list (a page of reports, then their observations) and a
 * trend, captured from the results repo itself through a logging Kysely, so the bare run
 * replays exactly the same statements with the same parameters.
 */
async function captureStatements(dbUrl: string, residents: BenchResident[], today: string) {
  const captured: Statement[] = [];
  const kysely = new Kysely<DB>({
    dialect: new MysqlDialect({ pool: createCallbackPool({ uri: dbUrl, connectionLimit: 2, supportBigNumbers: true, bigNumberStrings: false, timezone: 'Z', charset: 'utf8mb4' }) }),
    log: (event) => {
      if (event.level === 'query') captured.push({ sql: event.query.sql, params: [...event.query.parameters] as Statement['params'] });
    },
  });
  const statements = new Map<BenchResident, { list: Statement[]; trend: Statement[] }>();
  try {
    for (const r of residents) {
      captured.length = 0;
      const page = (await resultsRepo.listReportsOfPerson(kysely, r.personId, { limit: PAGE + 1 }, true)).slice(0, PAGE);
      await resultsRepo.observationsOf(kysely, page.map((p) => p.id));
      const list = [...captured];
      captured.length = 0;
      await resultsRepo.trendObservations(kysely, r.personId, [TREND_CODE], toEpochMs(addDays(today, -TREND_DAYS)), toEpochMs(addDays(today, 1)));
      statements.set(r, { list, trend: [...captured] });
    }
  } finally {
    await kysely.destroy();
  }
  return statements;
}

interface ExplainRow {
  table: string;
  type: string | null;
  key: string | null;
  rows: number;
  Extra: string | null;
}

/** EXPLAIN of a statement, and whether every table is read through an index (no full scan). */
async function explain(pool: Pool, s: Statement): Promise<{ rows: ExplainRow[]; indexed: boolean; text: string }> {
  const [rows] = (await pool.query(`EXPLAIN ${s.sql}`, s.params)) as unknown as [ExplainRow[]];
  const indexed = rows.every((r) => r.type !== 'ALL' && r.type !== 'index' && r.key !== null);
  return { rows, indexed, text: rows.map((r) => `${r.table}: ${r.type} on ${r.key ?? 'NO INDEX'} (~${r.rows} rows${r.Extra ? `; ${r.Extra}` : ''})`).join(' / ') };
}

const apiRun = (ctx: BenchContext, sample: BenchResident[], path: (r: BenchResident) => string, amount: number) => {
  let next = 0;
  return httpLoad({
    url: ctx.api.url,
    connections: CONCURRENCY,
    amount,
    maxSeconds: 120,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => {
          const r = sample[next++ % sample.length];
          return { ...req, path: path(r), headers: { authorization: r.authorization! } };
        },
      },
    ],
  });
};

const bareRun = (pool: Pool, statements: Statement[][], amount: number) =>
  poolLoad(amount, CONCURRENCY, 120, async (i) => {
    for (const s of statements[i % statements.length]) await pool.query(s.sql, s.params);
  });

function latencyRow(figure: string, api: Measured, bare: Measured): Row {
  const ratio = percentile(api.latencies, 95) / percentile(bare.latencies, 95);
  const non200 = api.count - (api.statuses[200] ?? 0);
  return {
    figure,
    value: `${fmt.ms(percentile(api.latencies, 50))} / ${fmt.ms(percentile(api.latencies, 95))}${non200 ? ` (${non200} not 200)` : ''}`,
    baseline: `${fmt.ms(percentile(bare.latencies, 50))} / ${fmt.ms(percentile(bare.latencies, 95))} bare SQL`,
    ratio: fmt.ratio(ratio),
    target: 'p95 ratio <= 2',
    pass: ratio <= 2 && non200 === 0,
  };
}

/**
 * What HTTP alone costs here against the same bare SQL: the part of the 2x budget left for the
 * session, the account and consent checks and the query is what this row leaves over.
 */
function floorRow(http: Measured, bare: Measured): Row {
  return {
    figure: '  (HTTP alone here: bare Koa, the same body)',
    value: `${fmt.ms(percentile(http.latencies, 50))} / ${fmt.ms(percentile(http.latencies, 95))}`,
    baseline: `${fmt.ms(percentile(bare.latencies, 50))} / ${fmt.ms(percentile(bare.latencies, 95))} bare SQL`,
    ratio: fmt.ratio(percentile(http.latencies, 95) / percentile(bare.latencies, 95)),
    target: 'no session, no query',
    pass: null,
  };
}

async function generate(ctx: BenchContext, count: number, scale: number, log: (m: string) => void) {
  log(`generating results at scale ${scale}: ${count.toLocaleString('en')} residents, ~${(count * OBSERVATIONS_PER_RESIDENT).toLocaleString('en')} observations`);
  return generateResults(ctx.deps, ctx.dbUrl, count, FIRST_INDEX, log);
}

/** The data set a previous run kept (BENCH_KEEP_DB=1), measured again without generating it. */
async function keptData(ctx: BenchContext, count: number): Promise<ResultsDataSet> {
  const db = ctx.deps.database.db;
  const rows = async (table: 'result_report' | 'result_observation') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { residents: await findResidents(ctx.deps, FIRST_INDEX, count), reports: await rows('result_report'), observations: await rows('result_observation'), seconds: 0, method: 'kept from an earlier run' };
}

/** 3. Results at scale: 100,000 residents and 5,000,000 observations (BENCH_SCALE shrinks both). */
export async function resultsAtScale(ctx: BenchContext, log: (m: string) => void): Promise<Row[]> {
  const scale = benchScale();
  const count = Math.round(FULL_RESIDENTS * scale);
  const data = process.env.BENCH_REUSE_DB ? await keptData(ctx, count) : await generate(ctx, count, scale, log);
  log(`${process.env.BENCH_REUSE_DB ? 'kept' : 'generated'} ${data.reports.toLocaleString('en')} reports, ${data.observations.toLocaleString('en')} observations in ${data.seconds.toFixed(0)} s (${data.method})`);
  await sql`ANALYZE TABLE result_report, result_observation`.execute(ctx.deps.database.db);

  // Half chronic patients (long lists, monthly blood pressure), half with a yearly check-up, spread over the whole id range.
  const chronic = data.residents.filter((r) => isChronic(r.index));
  const others = data.residents.filter((r) => !isChronic(r.index));
  const spread = (list: BenchResident[], n: number) => Array.from({ length: Math.min(n, list.length) }, (_, i) => list[Math.floor((i * list.length) / Math.min(n, list.length))]);
  const listSample = [...spread(chronic, SAMPLE / 2), ...spread(others, SAMPLE / 2)];
  const trendSample = spread(chronic, SAMPLE);
  const measured = [...new Set([...listSample, ...trendSample])];
  await signIn(ctx.deps, measured);
  const statements = await captureStatements(ctx.dbUrl, measured, ctx.today);
  const listStatements = listSample.map((r) => statements.get(r)!.list);
  const trendStatements = trendSample.map((r) => statements.get(r)!.trend);

  const pool = createPool({ uri: ctx.dbUrl, connectionLimit: CONCURRENCY, supportBigNumbers: true, bigNumberStrings: false, timezone: 'Z', charset: 'utf8mb4' });
  const listPath = (r: BenchResident) => `/api/v1/results/members/${r.memberId}/reports`;
  const trendPath = (r: BenchResident) => `/api/v1/results/members/${r.memberId}/trend?codes=${TREND_CODE}`;
  const runs = { listApi: [] as Measured[], listBare: [] as Measured[], trendApi: [] as Measured[], trendBare: [] as Measured[], trendHttp: [] as Measured[] };
  // HTTP alone: a bare Koa child answering a trend's body, no session, no query; the floor any API answer stands on.
  const trendBody = await fetch(ctx.api.url + trendPath(trendSample[0]), { headers: { authorization: trendSample[0].authorization! } });
  if (trendBody.status !== 200) throw new Error(`trend answered ${trendBody.status}`);
  const bodyFile = path.join(os.tmpdir(), `ygt-bench-trend-${randomBytes(4).toString('hex')}.json`);
  fs.writeFileSync(bodyFile, await trendBody.text());
  const bareKoa = await startChild('test/bench/bare-koa.ts', { BODY_FILE: bodyFile }, '/', 'bare-koa');
  const koaRun = (amount: number) => httpLoad({ url: bareKoa.url, connections: CONCURRENCY, amount, maxSeconds: 120, requests: [{ method: 'GET' }] });
  let explains;
  try {
    explains = {
      reports: await explain(pool, listStatements[0][0]),
      observations: await explain(pool, listStatements[0][1]),
      trend: await explain(pool, trendStatements[0][0]),
    };
    ctx.api.phase('results');
    // Warm both sides (the API's code, both pools, the pages of the sampled residents) before measuring.
    await apiRun(ctx, listSample, listPath, SAMPLE);
    await apiRun(ctx, trendSample, trendPath, SAMPLE);
    await bareRun(pool, listStatements, SAMPLE);
    await bareRun(pool, trendStatements, SAMPLE);
    await koaRun(SAMPLE);
    for (let round = 0; round < ROUNDS; round++) {
      runs.listBare.push(await bareRun(pool, listStatements, REQUESTS / ROUNDS));
      runs.listApi.push(await apiRun(ctx, listSample, listPath, REQUESTS / ROUNDS));
      runs.trendBare.push(await bareRun(pool, trendStatements, REQUESTS / ROUNDS));
      runs.trendApi.push(await apiRun(ctx, trendSample, trendPath, REQUESTS / ROUNDS));
      runs.trendHttp.push(await koaRun(REQUESTS / ROUNDS));
    }
    ctx.api.phase('after-results');
  } finally {
    await pool.end();
    await bareKoa.stop();
    fs.rmSync(bodyFile, { force: true });
  }
  console.log('\nEXPLAIN (results at scale)');
  console.log(`  results list, reports:      ${explains.reports.text}`);
  console.log(`  results list, observations: ${explains.observations.text}`);
  console.log(`  trend of ${TREND_CODE}:          ${explains.trend.text}`);
  const indexName = (e: { rows: ExplainRow[] }) => e.rows.map((r) => `${r.table} ${r.key ?? 'FULL SCAN'}`).join(', ');
  return [
    {
      figure: `results data (BENCH_SCALE=${scale})`,
      value: `${data.residents.length.toLocaleString('en')} residents, ${data.reports.toLocaleString('en')} reports, ${data.observations.toLocaleString('en')} observations`,
      target: `generated in ${data.seconds.toFixed(0)} s (${data.method})`,
      pass: null,
    },
    latencyRow(`results list p50 / p95 (c=${CONCURRENCY}, page of ${PAGE})`, pooled(runs.listApi), pooled(runs.listBare)),
    latencyRow(`trend of ${TREND_CODE}, 2 years, p50 / p95 (c=${CONCURRENCY})`, pooled(runs.trendApi), pooled(runs.trendBare)),
    floorRow(pooled(runs.trendHttp), pooled(runs.trendBare)),
    {
      figure: 'EXPLAIN results list (reports, observations)',
      value: `${indexName(explains.reports)}; ${indexName(explains.observations)}`,
      target: 'indexes, no full scan',
      pass: explains.reports.indexed && explains.observations.indexed,
    },
    { figure: 'EXPLAIN trend', value: indexName(explains.trend), target: 'indexes, no full scan', pass: explains.trend.indexed },
  ];
}
