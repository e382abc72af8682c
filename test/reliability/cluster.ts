import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { closeDeps, openDeps } from '../../api/src/bootstrap';
import { loadConfig } from '../../api/src/config';
import type { AppDeps } from '../../api/src/deps';
import { newResidents, type TestResident } from '../../api/src/modules/booking/testing';
import { DEMO_STAFF_PASSWORD } from '../../api/src/modules/staff/seed';
import { type TestApp, TestClock } from '../support/harness';

/**
 * The real server in child processes on MariaDB and Redis, for what an in-process app cannot
 * show: SIGKILL mid-transaction, Redis going away, two instances racing. Loopback only.
 */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ApiProcess {
  url: string;
  /** SIGKILL: no shutdown hook runs, transactions in flight die with the connection. */
  kill(): Promise<void>;
  /** Starts it again on the same port and environment; resolves when /api/v1/health answers. */
  start(): Promise<void>;
  stop(): Promise<void>;
  output(): string;
}

/** One API process (demo mode: migrates and seeds idempotently at start) on the given environment. */
export async function apiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const fullEnv = { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', YGT_MODE: 'demo', ...env };
  let child: ChildProcess | undefined;
  let output = '';
  const proc: ApiProcess = {
    url,
    output: () => output,
    async start() {
      const c = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'api/src/main.ts')], { cwd: REPO_ROOT, env: { ...process.env, ...fullEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
      child = c;
      c.stdout!.on('data', (d) => (output += d));
      c.stderr!.on('data', (d) => (output += d));
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (c.exitCode !== null) throw new Error(`server exited early:\n${output.slice(-3000)}`);
        try {
          if ((await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(2000) })).status < 500) return;
        } catch {
          /* not up yet */
        }
        if (Date.now() > deadline) throw new Error(`server did not start:\n${output.slice(-3000)}`);
        await sleep(100);
      }
    },
    async kill() {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    },
    async stop() {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000).then(() => c.kill('SIGKILL'))]);
      await exited;
    },
  };
  await proc.start();
  return proc;
}

/** The test's own handle on the same database and KV (its clock can run ahead to make holds and leases lapse). */
export async function sideDeps(env: Record<string, string>, clock = new TestClock()): Promise<AppDeps & { clock: TestClock }> {
  const config = loadConfig({ YGT_MODE: 'demo', LOG_LEVEL: 'silent', ...env });
  const deps = await openDeps(config, { clock, migrate: false, seed: false });
  return deps as AppDeps & { clock: TestClock };
}
export const closeSideDeps = closeDeps;

/** Residents made in the database with sessions in KV (real WeChat openids: their messages are sent). */
export function residentsIn(deps: AppDeps, count: number): Promise<TestResident[]> {
  return newResidents({ deps } as TestApp, count);
}

export async function staffSession(url: string, username: string): Promise<Record<string, string>> {
  const res = await fetch(`${url}/api/v1/auth/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_STAFF_PASSWORD }) });
  const body = (await res.json()) as { token?: string };
  if (!body.token) throw new Error(`staff login failed: ${res.status} ${JSON.stringify(body)}`);
  return { authorization: `Bearer ${body.token}` };
}

export interface Answer {
  status: number;
  body: any;
}

/**
 * A JSON call that never throws: a dead server answers status 0 (connection refused or cut),
 * a hung one status -1 after `timeoutMs`.
 */
export async function call(url: string, p: string, init: { method?: string; headers?: Record<string, string>; body?: unknown; timeoutMs?: number } = {}): Promise<Answer> {
  try {
    const res = await fetch(url + p, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init.timeoutMs ?? 15_000),
    });
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body };
  } catch (err) {
    return { status: (err as Error).name === 'TimeoutError' ? -1 : 0, body: String((err as Error).message) };
  }
}

/** A fresh MariaDB database for a file, dropped afterwards. */
export async function freshMysql(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = new URL(process.env.TEST_MYSQL_URL!);
  const name = `ygt_r_${randomBytes(5).toString('hex')}`;
  const { createConnection } = await import('mysql2/promise');
  const admin = await createConnection({ uri: base.toString() });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = await createConnection({ uri: base.toString() });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

/** A Redis of the test's own on another port (the shared one is never touched), stopped and started at will. */
export interface PrivateRedis {
  url: string;
  start(): Promise<void>;
  /** SHUTDOWN NOSAVE: everything in it is gone, as after a crash of a Redis that keeps nothing on disk. */
  stop(): void;
  /** Stops it for good and removes its directory. */
  dispose(): void;
}

export async function privateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ygt-redis-'));
  const redis: PrivateRedis = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      execFileSync('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'yes', '--dir', dir, '--pidfile', path.join(dir, 'redis.pid'), '--logfile', path.join(dir, 'redis.log')]);
      for (let i = 0; i < 100; i++) {
        try {
          if (execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() === 'PONG') return;
        } catch {
          /* starting */
        }
        await sleep(50);
      }
      throw new Error(`redis-server on ${port} did not start`);
    },
    stop() {
      try {
        execFileSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave'], { stdio: 'ignore' });
      } catch {
        /* already down: redis-cli reports the closed connection of a shutdown as an error */
      }
    },
    dispose() {
      redis.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await redis.start();
  return redis;
}

/** Waits until `check` is true (polling), or fails with `what`. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

export { sleep };
