/**
 * `npm run bench`: the API against the limits of this machine, measured in the same run, so the
 * figures hold on a busy machine. Needs MariaDB/MySQL and Redis on loopback
 * (BENCH_MYSQL_URL / TEST_MYSQL_URL, BENCH_REDIS_URL / TEST_REDIS_URL). Knobs: BENCH_RESIDENTS
 * (default 2000), BENCH_SCALE (results data set, default 1 = 100,000 residents and 5,000,000
 * observations), BENCH_ONLY (booking,read,results,memory,size), BENCH_KEEP_DB=1 and BENCH_REUSE_DB=<name>
 * (measure the results of a kept database again without generating), BENCH_PROFILE_DIR.
 */
import { randomBytes } from 'node:crypto';
import { localDate } from '@ygt/shared';
import { closeDeps, openDeps } from '../../api/src/bootstrap';
import { loadConfig } from '../../api/src/config';
import type { AppDeps } from '../../api/src/deps';
import { bookingContention } from './contention';
import type { BenchContext } from './lib/context';
import { assertLoopback, benchDatabase, dropKvPrefix, intFromEnv, REDIS_URL } from './lib/env';
import { insertResidents, signIn } from './lib/residents';
import { type ChildServer, startChild } from './lib/server';
import { renderTable, type Row } from './lib/table';
import { memoryRows } from './memory';
import { readPath } from './read-path';
import { resultsAtScale } from './results-scale';
import { packageSizes } from './size';

const SECTIONS = ['booking', 'read', 'results', 'memory', 'size'] as const;

async function main() {
  assertLoopback();
  const only = (process.env.BENCH_ONLY ?? SECTIONS.join(',')).split(',');
  const unknown = only.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`BENCH_ONLY: unknown sections ${unknown.join(', ')} (known: ${SECTIONS.join(', ')})`);
  const wants = (s: (typeof SECTIONS)[number]) => only.includes(s);
  const rows: Row[] = [];
  const started = performance.now();
  const log = (msg: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

  if (wants('booking') || wants('read') || wants('results') || wants('memory')) {
    const database = await benchDatabase();
    if (database.reused && only.some((s) => s !== 'results')) throw new Error('BENCH_REUSE_DB goes with BENCH_ONLY=results: the other sections need a fresh database');
    const kvPrefix = `ygt-bench:${randomBytes(4).toString('hex')}:`;
    // Demo mode (migrates and seeds at start) with the production defaults otherwise: info logs, pool of 20.
    const env = { DATABASE_URL: database.url, REDIS_URL, KV_PREFIX: kvPrefix, YGT_MODE: 'demo', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info' };
    let deps: AppDeps | undefined;
    let api: ChildServer | undefined;
    const cleanUp = async () => {
      await api?.stop();
      if (deps) await closeDeps(deps);
      await database.drop();
      await dropKvPrefix(kvPrefix);
    };
    // Ctrl-C or a `timeout`: stop the API child and drop the run's data rather than leave them behind.
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(code)));
    try {
      log(`database ${database.name}, KV prefix ${kvPrefix}`);
      deps = await openDeps(loadConfig({ ...env, LOG_LEVEL: 'silent', DB_POOL_SIZE: '8' }), { migrate: true, seed: !database.reused });
      // BENCH_PROFILE_DIR=dir: a CPU profile of the API (open it in Chrome DevTools) to see where the time goes.
      const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
      // BENCH_NODE_ARGS='--trace-gc ...': more flags for the API's node (its log is kept with BENCH_KEEP_LOG=1).
      const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
      api = await startChild('api/src/main.ts', env, '/api/v1/health', 'api', [...profile, ...nodeArgs]);
      log(`API pid ${api.pid} at ${api.url}`);
      const count = database.reused ? 0 : intFromEnv('BENCH_RESIDENTS', 2000);
      const residents = await insertResidents(deps, 0, count);
      await signIn(deps, residents);
      if (count) log(`${count} residents signed in`);
      const ctx: BenchContext = { deps, api, dbUrl: database.url, residents, today: localDate(Date.now()), concurrency: 64 };
      if (wants('booking') || wants('memory')) {
        rows.push(...(await bookingContention(ctx)));
        log('booking contention done');
      }
      if (wants('read')) {
        rows.push(...(await readPath(ctx)));
        log('read path done');
      }
      if (wants('results')) {
        rows.push(...(await resultsAtScale(ctx, log)));
        log('results at scale done');
      }
      api.phase('done');
      rows.push(...memoryRows(api));
    } finally {
      await cleanUp();
    }
  }
  if (wants('size')) rows.push(...packageSizes());

  console.log(`\n医共通 benchmark, ${new Date().toISOString()}, ${process.env.BENCH_SCALE ? `BENCH_SCALE=${process.env.BENCH_SCALE}, ` : ''}total ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  console.log(renderTable(rows));
  const failed = rows.filter((r) => r.pass === false);
  console.log(failed.length ? `\n${failed.length} figure(s) missed the target: ${failed.map((r) => r.figure).join('; ')}` : '\nall targets met');
  process.exitCode = failed.length ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
