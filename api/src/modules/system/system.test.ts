import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, usingMysql, usingRedis, type TestApp } from '@ygt/test/support/harness';
import { allRoutes } from '../../app';
import { REPO_ROOT } from '../../config';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

describe('health', () => {
  it('reports the database and kv in use', async () => {
    const res = await app.api('/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      mode: 'demo',
      database: { status: 'up', kind: usingMysql ? 'mysql' : 'sqlite' },
      kv: { status: 'up', kind: usingRedis ? 'redis' : 'memory' },
    });
  });
  it('carries a request id, echoing a sane one from the caller', async () => {
    const res = await app.api('/api/v1/health', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const other = await app.api('/api/v1/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the backends in use', () => {
  it.runIf(usingMysql)('runs on MySQL/MariaDB when TEST_MYSQL_URL is set', async () => {
    expect(app.deps.database.dialect).toBe('mysql');
    const { rows } = await (await import('kysely')).sql<{ v: string }>`select version() as v`.execute(app.deps.database.db);
    expect(rows[0].v).toMatch(/\d+\.\d+/);
  });
  it.runIf(usingRedis)('round-trips through Redis when TEST_REDIS_URL is set', async () => {
    expect(app.deps.kv.kind).toBe('redis');
    const { Redis } = await import('ioredis');
    const direct = new Redis(process.env.TEST_REDIS_URL!);
    await app.deps.kv.set('roundtrip', 'via-app', 5000);
    expect(await direct.get(`${app.deps.config.kvPrefix}roundtrip`)).toBe('via-app');
    await direct.quit();
  });
  it.runIf(!usingMysql)('runs on the embedded SQLite by default', () => expect(app.deps.database.dialect).toBe('sqlite'));
});

describe('errors', () => {
  it('answers an unknown route with a 404 and a code', async () => {
    const res = await app.api('/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
  it('never leaks a stack trace', async () => {
    const res = await app.api('/api/v1/facilities/%E0%A4%A');
    expect(res.status).toBeLessThan(500);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('OpenAPI', () => {
  it('documents every route of the route table', async () => {
    const res = await app.api('/api/v1/openapi.json');
    expect(res.body.openapi).toBe('3.0.3');
    for (const r of allRoutes) {
      const op = res.body.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      expect(op.responses).toHaveProperty('default');
    }
    expect(res.body.components.schemas).toHaveProperty('Facility');
    expect(res.body.paths['/api/v1/facilities'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['level', 'township']);
  });
  it('serves a readable docs page', async () => {
    const res = await app.api('/api/v1/docs');
    expect(res.status).toBe(200);
    expect(res.body).toContain('医共通 API');
  });
});

describe('start-up failures', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'api/src/main.ts')], {
      env: { PATH: process.env.PATH!, LOG_LEVEL: 'silent', PORT: '0', ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
  it('production mode refuses to start without DATABASE_URL and REDIS_URL, naming them', () => {
    const r = run({ NODE_ENV: 'production' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/DATABASE_URL and REDIS_URL/);
    const r2 = run({ YGT_MODE: 'production', DATABASE_URL: 'mysql://root@127.0.0.1:1/x' });
    expect(r2.stderr).toMatch(/needs REDIS_URL/);
  });
  it('an unreachable database gives a clear message and a non-zero exit', () => {
    const r = run({ DATABASE_URL: 'mysql://root:secret@127.0.0.1:1/ygt' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Cannot reach the database at mysql:\/\/root:\*\*\*@127\.0\.0\.1:1\/ygt/);
    expect(r.stderr).not.toContain('secret');
  });
});
