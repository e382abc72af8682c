import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../api/src/app';
import { closeDeps, openDeps } from '../../api/src/bootstrap';
import { loadConfig } from '../../api/src/config';
import type { AppDeps, Clock } from '../../api/src/deps';

export const usingMysql = Boolean(process.env.TEST_MYSQL_URL);
export const usingRedis = Boolean(process.env.TEST_REDIS_URL);

/** A clock tests can move. */
export class TestClock implements Clock {
  constructor(public ms = Date.now()) {}
  now() {
    return this.ms;
  }
  advance(ms: number) {
    this.ms += ms;
  }
}

/** A database of its own for one test file: a fresh MySQL schema, or a fresh SQLite file. */
export async function freshDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const suffix = randomBytes(5).toString('hex');
  if (usingMysql) {
    const base = new URL(process.env.TEST_MYSQL_URL!);
    const name = `ygt_t_${suffix}`;
    const { createConnection } = await import('mysql2/promise');
    const admin = await createConnection({ uri: base.toString() });
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    return {
      env: { DATABASE_URL: url.toString() },
      drop: async () => {
        const c = await createConnection({ uri: base.toString() });
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await c.end();
      },
    };
  }
  const file = path.join(os.tmpdir(), `ygt-test-${suffix}.sqlite`);
  return {
    env: { SQLITE_PATH: file },
    drop: async () => {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    },
  };
}

export interface TestApp {
  url: string;
  deps: AppDeps;
  clock: TestClock;
  /** fetch relative to the app, JSON in and out. */
  api<T = any>(p: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: T; headers: Headers }>;
  close(): Promise<void>;
}

/**
 * Boots the real app in-process on a random port, with its own database and KV prefix, so test
 * files never collide (also when CI runs them against one shared MariaDB and Redis).
 */
export async function startTestApp(opts: { env?: Record<string, string> } = {}): Promise<TestApp> {
  const database = await freshDatabase();
  const clock = new TestClock();
  const config = loadConfig({
    YGT_MODE: 'demo',
    LOG_LEVEL: 'silent',
    KV_PREFIX: `ygt-test:${randomBytes(5).toString('hex')}:`,
    ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
    ...database.env,
    ...opts.env,
  });
  const deps = await openDeps(config, { clock, migrate: true, seed: true });
  const server: Server = createApp(deps).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    deps,
    clock,
    async api(p, init = {}) {
      const res = await fetch(url + p, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
        body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
      });
      const text = await res.text();
      let body: any = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.status, body, headers: res.headers };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await closeDeps(deps);
      await database.drop();
    },
  };
}
