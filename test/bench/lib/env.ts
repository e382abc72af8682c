import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { Redis } from 'ioredis';

/** Where the benchmark runs: MariaDB/MySQL and Redis on this machine (loopback only). */
export const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The figures compare the API with the machine it runs on, so everything must be on this machine. */
export function assertLoopback(): void {
  for (const url of [MYSQL_URL, REDIS_URL]) {
    const host = new URL(url).hostname;
    if (!LOOPBACK.has(host)) throw new Error(`the benchmark runs on loopback only, not on ${host} (${url.replace(/\/\/[^@]*@/, '//')})`);
  }
}

/** Scale of the results data set: BENCH_SCALE=0.1 gives 10,000 residents and 500,000 observations. */
export function benchScale(): number {
  const scale = Number(process.env.BENCH_SCALE ?? '1');
  if (!(scale > 0 && scale <= 1)) throw new Error(`BENCH_SCALE should be a number in (0, 1], not ${process.env.BENCH_SCALE}`);
  return scale;
}

export function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} should be a positive integer, not ${raw}`);
  return n;
}

export function databaseUrl(name: string): string {
  const url = new URL(MYSQL_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A database of the run's own, dropped at the end unless BENCH_KEEP_DB=1; or, with
 * BENCH_REUSE_DB=<name>, one a previous run kept (its results data already generated), left as it is.
 */
export async function benchDatabase(): Promise<{ name: string; url: string; reused: boolean; drop(): Promise<void> }> {
  const reuse = process.env.BENCH_REUSE_DB;
  if (reuse) {
    if (!/^ygt_bench_[0-9a-f]{8}$/.test(reuse)) throw new Error(`BENCH_REUSE_DB should name a database kept by BENCH_KEEP_DB=1 (ygt_bench_…), not ${reuse}`);
    return { name: reuse, url: databaseUrl(reuse), reused: true, drop: async () => {} };
  }
  const name = `ygt_bench_${randomBytes(4).toString('hex')}`;
  const admin = await createConnection({ uri: MYSQL_URL });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  return {
    name,
    url: databaseUrl(name),
    reused: false,
    async drop() {
      if (process.env.BENCH_KEEP_DB === '1') {
        console.log(`kept database ${name} (BENCH_KEEP_DB=1)`);
        return;
      }
      const c = await createConnection({ uri: MYSQL_URL });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

/** Removes the run's keys (sessions, caches, rate limits) from the shared Redis, in bounded batches. */
export async function dropKvPrefix(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  let removed = 0;
  try {
    let cursor = '0';
    for (let rounds = 0; rounds < 100_000; rounds++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) removed += await redis.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    redis.disconnect();
  }
  return removed;
}
