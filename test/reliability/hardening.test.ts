import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import Koa from 'koa';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../api/src/app';
import { ConfigError, loadConfig } from '../../api/src/config';
import type { AppDeps } from '../../api/src/deps';
import { errorMapper, logAnswerErrors, requestId, securityHeaders } from '../../api/src/http/middleware';
import { serveSpa } from '../../api/src/http/static';
import { INTEROP_CALLS_PER_MINUTE } from '../../api/src/modules/interop/clients';
import { DEMO_INTEROP_CLIENTS } from '../../api/src/modules/interop/seed';
import { FakeWechatApi } from '../fakes/wechat-api';
import { residentHeaders } from '../support/actors';
import { getInteropToken } from '../support/fhir';
import { startTestApp, type TestApp } from '../support/harness';
import { newResidents } from '../../api/src/modules/booking/testing';

/**
 * Hardening: security headers, a strict CORS policy, rate limits on sign-in, booking and FHIR,
 * and no stack traces (the size limits are proven in fuzz.test.ts).
 */
let app: TestApp;
let wechat: FakeWechatApi;

beforeAll(async () => {
  wechat = await new FakeWechatApi().start();
  app = await startTestApp({ env: { WECHAT_API_BASE: wechat.url, WECHAT_APPID: wechat.appId, WECHAT_SECRET: wechat.secret } });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await wechat?.stop();
});

/** The app over the same database and KV, with a changed configuration or dependency. */
async function serveWith(deps: AppDeps): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createApp(deps).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('security headers', () => {
  it('every API, FHIR, HL7 and OAuth2 answer: nosniff, no framing, no referrer, a CSP that loads nothing, never cached; no HSTS in demo', async () => {
    const answers = await Promise.all([
      fetch(`${app.url}/api/v1/health`),
      fetch(`${app.url}/api/v1/me`),
      fetch(`${app.url}/api/v1/nothing-here`),
      fetch(`${app.url}/fhir/R4/metadata`),
      fetch(`${app.url}/interop/hl7v2`, { method: 'POST', body: 'MSH|' }),
      fetch(`${app.url}/oauth2/token`, { method: 'POST' }),
    ]);
    for (const res of answers) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('strict-transport-security')).toBeNull();
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('HSTS in production', async () => {
    const prod = await serveWith({ ...app.deps, config: { ...app.deps.config, mode: 'production' } });
    try {
      const res = await fetch(`${prod.url}/api/v1/health`);
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await prod.close();
    }
  });

  it('the API docs page allows exactly its own inline script', async () => {
    const res = await fetch(`${app.url}/api/v1/docs`);
    const html = await res.text();
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain(`script-src 'self' 'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
  });
});

/** A debug-level JSON logger whose lines the test reads. */
function captureLog() {
  const lines: Record<string, any>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('front-end builds (/admin, /h5)', () => {
  const captured = captureLog();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ygt-spa-'));
  const inline = '!function(n){n.document.documentElement.style.fontSize="20px"}(window);';
  let url: string;
  let server: Server;

  beforeAll(async () => {
    // A build of our own, with an inline script like Taro's, and a secret next to it.
    fs.mkdirSync(path.join(root, 'dist', 'assets'), { recursive: true });
    fs.writeFileSync(path.join(root, 'dist', 'index.html'), `<!doctype html><html><head><script>${inline}</script><script src="/h5/assets/app.js"></script></head><body></body></html>`);
    fs.writeFileSync(path.join(root, 'dist', 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(root, 'secret.txt'), 'TOP-SECRET-OUTSIDE-THE-BUILD');
    fs.writeFileSync(path.join(root, 'dist', 'assets', 'big.bin'), Buffer.alloc(32 * 1024 * 1024, 7));
    const koa = new Koa();
    koa.on('error', logAnswerErrors(captured.logger));
    koa.use(requestId()).use(securityHeaders({ hsts: false })).use(errorMapper()).use(serveSpa('/h5/', path.join(root, 'dist'), 'H5'));
    server = koa.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('pages carry a Content-Security-Policy: own origin only, the inline script by its hash, no unsafe-inline or eval for scripts', async () => {
    for (const p of ['/h5/', '/h5/pages/index/index', '/h5/assets/app.js']) {
      const csp = (await fetch(url + p)).headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain(`'sha256-${createHash('sha256').update(inline).digest('base64')}'`);
      expect(csp).not.toMatch(/script-src[^;]*('unsafe-inline'|'unsafe-eval')/);
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      // No third party learns who opens a page: images, fonts and calls stay on this origin.
      expect(csp).toMatch(/img-src 'self' data: blob:(;|$)/);
      expect(csp).toMatch(/connect-src 'self'(;|$)/);
    }
  });

  it('the real console and H5 builds, when built, are served with a policy', async () => {
    for (const p of ['/admin/', '/h5/']) {
      const res = await fetch(app.url + p);
      if (res.status === 503) continue;
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
  });

  it('a resident who closes the page mid-download is a debug line in the JSON log, not a stack trace on stderr', async () => {
    const stderr = vi.spyOn(console, 'error');
    const aborter = new AbortController();
    const res = await fetch(`${url}/h5/assets/big.bin`, { signal: aborter.signal });
    const reader = res.body!.getReader();
    await reader.read();
    aborter.abort();
    await vi.waitFor(() => expect(captured.lines.some((l) => l.code === 'ERR_STREAM_PREMATURE_CLOSE')).toBe(true), { timeout: 5000 });
    const line = captured.lines.find((l) => l.code === 'ERR_STREAM_PREMATURE_CLOSE')!;
    expect(line).toMatchObject({ level: 20, path: '/h5/assets/big.bin', msg: 'client went away before the answer was written' });
    expect(captured.lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(stderr).not.toHaveBeenCalled();
    stderr.mockRestore();
  });

  it('the API logs a failure while writing an answer as an error in its own log, with no stack on stderr', async () => {
    const stderr = vi.spyOn(console, 'error');
    const log = captureLog();
    const api = createApp({ ...app.deps, logger: log.logger });
    api.emit('error', Object.assign(new Error('disk gone'), { code: 'EIO' }), { method: 'GET', path: '/h5/index.html', state: {} });
    api.emit('error', Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }), { method: 'GET', path: '/h5/', state: {} });
    expect(log.lines.map((l) => [l.level, l.code, l.msg])).toEqual([
      [50, 'EIO', 'error while writing the answer'],
      [20, 'ERR_STREAM_PREMATURE_CLOSE', 'client went away before the answer was written'],
    ]);
    expect(stderr).not.toHaveBeenCalled();
    stderr.mockRestore();
  });

  it('never serves a file outside the build, and a malformed path is a 400, not a crash', async () => {
    for (const p of ['/h5/..%2fsecret.txt', '/h5/%2e%2e/secret.txt', '/h5/..%2f..%2f' + encodeURIComponent(root.slice(1)) + '%2fsecret.txt', '/h5/..%5csecret.txt', '/h5/%00', '/h5/%']) {
      const res = await fetch(url + p);
      expect(res.status, p).toBeLessThan(500);
      expect(await res.text(), p).not.toContain('TOP-SECRET');
    }
    const malformed = await fetch(`${url}/h5/%E0%A4%A`);
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'path' });
  });
});

describe('CORS: the console is same-origin', () => {
  it('an unknown origin gets no Access-Control-Allow-Origin; its preflight and its state-changing requests are refused', async () => {
    const evil = 'https://evil.example.com';
    const get = await fetch(`${app.url}/api/v1/facilities`, { headers: { origin: evil } });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    expect(get.headers.get('vary')).toContain('Origin');

    const preflight = await fetch(`${app.url}/api/v1/me`, { method: 'OPTIONS', headers: { origin: evil, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();

    // A form posted from another site needs no preflight: it is refused before it signs anyone in.
    const login = await fetch(`${app.url}/api/v1/auth/demo/login`, { method: 'POST', headers: { origin: evil, 'content-type': 'text/plain' }, body: JSON.stringify({ residentKey: 'zhang' }) });
    expect(login.status).toBe(403);
    expect(await login.json()).toMatchObject({ error: { code: 'FORBIDDEN', field: 'Origin' } });
    const nullOrigin = await fetch(`${app.url}/api/v1/auth/demo/login`, { method: 'POST', headers: { origin: 'null', 'content-type': 'application/json' }, body: JSON.stringify({ residentKey: 'zhang' }) });
    expect(nullOrigin.status).toBe(403);
  });

  it('same-origin pages and callers without an Origin (mini-program, WeChat Pay, facility systems) are unaffected', async () => {
    const same = await fetch(`${app.url}/api/v1/auth/demo/login`, { method: 'POST', headers: { origin: app.url, 'content-type': 'application/json' }, body: JSON.stringify({ residentKey: 'zhang' }) });
    expect(same.status).toBe(200);
    expect(same.headers.get('access-control-allow-origin')).toBeNull();
    expect((await fetch(`${app.url}/api/v1/auth/demo/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ residentKey: 'zhang' }) })).status).toBe(200);
    // Behind a proxy that rewrites Host, the browser's own word for same-origin still lets the console in.
    const proxied = await fetch(`${app.url}/api/v1/auth/demo/login`, { method: 'POST', headers: { origin: 'https://ygt.example.cn', 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }, body: JSON.stringify({ residentKey: 'zhang' }) });
    expect(proxied.status).toBe(200);
    const crossSite = await fetch(`${app.url}/api/v1/auth/demo/login`, { method: 'POST', headers: { origin: 'https://evil.example.com', 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }, body: JSON.stringify({ residentKey: 'zhang' }) });
    expect(crossSite.status).toBe(403);
  });

  it('an origin in CORS_ORIGINS is allowed, without credentials mode', async () => {
    const console = 'https://console.yixi.example.cn';
    const allowed = await serveWith({ ...app.deps, config: { ...app.deps.config, corsOrigins: [console] } });
    try {
      const preflight = await fetch(`${allowed.url}/api/v1/me`, { method: 'OPTIONS', headers: { origin: console, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(console);
      expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
      expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
      const me = await fetch(`${allowed.url}/api/v1/me`, { headers: { origin: console, ...(await residentHeaders(app, 'zhang')) } });
      expect(me.status).toBe(200);
      expect(me.headers.get('access-control-allow-origin')).toBe(console);
      const other = await fetch(`${allowed.url}/api/v1/me`, { method: 'OPTIONS', headers: { origin: 'https://console.yixi.example.cn.evil.com', 'access-control-request-method': 'GET' } });
      expect(other.status).toBe(403);
    } finally {
      await allowed.close();
    }
  });

  it('CORS_ORIGINS takes exact origins only: no wildcard, no paths', () => {
    for (const bad of ['*', 'https://a.cn/path', 'evil.com', 'https://a.cn,*']) {
      expect(() => loadConfig({ YGT_MODE: 'demo', CORS_ORIGINS: bad }), bad).toThrow(ConfigError);
    }
    expect(loadConfig({ YGT_MODE: 'demo' }).corsOrigins).toEqual([]);
    expect(loadConfig({ YGT_MODE: 'demo', CORS_ORIGINS: 'https://a.cn,http://localhost:5173' }).corsOrigins).toEqual(['https://a.cn', 'http://localhost:5173']);
  });
});

describe('rate limits', () => {
  it('staff sign-in: 30 attempts per address in 10 minutes, then 429 with a Chinese message', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await app.api('/api/v1/auth/staff/login', { body: { username: `nobody${i}`, password: 'guess-it' } })).status);
    expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
    const last = await app.api('/api/v1/auth/staff/login', { body: { username: 'admin', password: 'guess-it' } });
    expect(last.status).toBe(429);
    expect(last.body.error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/[\u4e00-\u9fa5]/) });
  });

  it('WeChat sign-in: 30 per address a minute, then 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await app.api('/api/v1/auth/wechat/login', { body: { code: `invalid-code-${i}-0123456789` } })).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    expect(statuses.at(-1)).toBe(429);
  });

  it('booking: 60 attempts per account a minute, then 429; another account is unaffected', async () => {
    const [greedy, other] = await newResidents(app, 2);
    const attempt = (who: typeof greedy) => app.api('/api/v1/me/bookings', { headers: who.headers, body: { slotId: '01JZZZZZZZZZZZZZZZZZZZZZZZ', memberId: who.memberId } });
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await attempt(greedy)).status);
    expect(statuses.slice(0, 60).every((s) => s === 404)).toBe(true);
    expect(statuses[60]).toBe(429);
    expect((await attempt(other)).status).toBe(404);
    app.clock.advance(61_000);
  });

  it(`FHIR: ${INTEROP_CALLS_PER_MINUTE} calls per facility system a minute, then 429 as an OperationOutcome; other systems are unaffected`, async () => {
    const secret = (id: string) => DEMO_INTEROP_CLIENTS.find((c) => c.clientId === id)!.secret;
    const busy = await getInteropToken(app, 'yx-t01', secret('yx-t01'));
    const calm = await getInteropToken(app, 'yx-rmyy', secret('yx-rmyy'));
    const search = (token: string) => fetch(`${app.url}/fhir/R4/DiagnosticReport?_count=0`, { headers: { authorization: `Bearer ${token}` } });
    const statuses: number[] = [];
    for (let i = 0; i < INTEROP_CALLS_PER_MINUTE; i += 50) {
      statuses.push(...(await Promise.all(Array.from({ length: 50 }, () => search(busy).then(async (r) => (await r.text(), r.status))))));
    }
    expect(statuses.every((s) => s === 400)).toBe(true);
    const over = await search(busy);
    expect(over.status).toBe(429);
    expect(await over.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'throttled' }] });
    const hl7 = await fetch(`${app.url}/interop/hl7v2`, { method: 'POST', headers: { authorization: `Bearer ${busy}`, 'content-type': 'x-application/hl7-v2+er7' }, body: 'MSH|^~\\&|' });
    expect(hl7.status).toBe(429);
    expect((await search(calm)).status).toBe(400);
  });
});

describe('no stack traces', () => {
  it('an unexpected failure answers 500 with a code and a Chinese message, in each protocol, and nothing of the error itself', async () => {
    const broken = new Proxy(
      {},
      {
        get() {
          throw new TypeError('boom in /srv/ygt/api/src/db/secret-query.ts:42:7');
        },
      },
    );
    const down = await serveWith({ ...app.deps, database: { ...app.deps.database, db: broken as AppDeps['database']['db'] } });
    try {
      const token = (await app.api('/api/v1/auth/demo/login', { body: { residentKey: 'zhang' } })).body.token;
      const answers = await Promise.all([
        fetch(`${down.url}/api/v1/schedules`),
        fetch(`${down.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } }),
        fetch(`${down.url}/fhir/R4/DiagnosticReport?patient=x`, { headers: { authorization: `Bearer ${await getInteropToken(app, 'yx-t01', DEMO_INTEROP_CLIENTS.find((c) => c.clientId === 'yx-t01')!.secret)}` } }),
      ]);
      for (const res of answers) {
        const text = await res.text();
        expect(res.status).toBe(500);
        expect(text).not.toMatch(/boom|secret-query|\.ts:\d+|\n\s+at /);
        expect(text).toMatch(/服务器开小差了/);
      }
      const health = await fetch(`${down.url}/api/v1/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'down', database: { status: 'down' } });
    } finally {
      await down.close();
    }
  });
});
