import http from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeWechatApi } from '../fakes/wechat-api';
import { startTestApp, type TestApp } from '../support/harness';
import { changedTables, rowsWritten, tableChecksums } from './db-state';
import { ROUTES, shapeOf, type TableRoute } from './route-table';
import { type Actor, buildWorld, STAFF_X, type World } from './world';

/**
 * Input fuzzing of every route that takes input (params, query or body in the route table, and
 * the FHIR, HL7 v2 and OAuth2 endpoints): random and malformed bodies, queries, path parameters
 * and headers, sent as a caller the route allows (so they reach validation). Properties:
 * never a 5xx, never a stack trace, every error names a code (and a field when it is a
 * validation error), and a refused request writes nothing (no row written, every table's
 * checksum unchanged).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);

let app: TestApp;
let w: World;
let wechat: FakeWechatApi;

beforeAll(async () => {
  // Sign-in fuzzing must not reach the real WeChat.
  wechat = await new FakeWechatApi().start();
  app = await startTestApp({ env: { WECHAT_API_BASE: wechat.url, WECHAT_APPID: wechat.appId, WECHAT_SECRET: wechat.secret } });
  w = await buildWorld(app);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await wechat?.stop();
});

/** Refused requests that rightly leave a trace: a failed staff sign-in counts towards the lockout. */
const WRITES_ON_REFUSAL: Record<string, string[]> = {
  'POST /api/v1/auth/staff/login': ['staff'],
};

// ---- arbitraries ---------------------------------------------------------------------------------

const NASTY = [
  "' OR '1'='1",
  "1; DROP TABLE booking; --",
  "1' UNION SELECT password_hash FROM staff --",
  '" OR ""="',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '..\\..\\..\\windows\\win.ini',
  '/etc/passwd\u0000.png',
  '\u0000',
  '\uFFFD\uFFFE',
  '\uD800',
  '𠜎𠜱𠝹😀',
  '\u202Eevil',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '9'.repeat(400),
  '',
  ' ',
  '2024-02-30',
  '25:61',
  'x'.repeat(5000),
  '01JZZZZZZZZZZZZZZZZZZZZZZZ',
];
const nastyString = fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 12 }));
const nastyNumber = fc.oneof(
  fc.constantFrom(-1, -0, 0, 0.5, -100_000, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 63, -(2 ** 31) - 1),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const { value: nastyValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    nastyString,
    nastyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(nastyString, tie('value'), { maxKeys: 3 }),
  ),
}));

type Body = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'text'; value: string } | { kind: 'bytes'; value: Uint8Array };

function bodyArb(route: TableRoute): fc.Arbitrary<Body> {
  const keys = Object.keys(shapeOf(route.def?.body));
  const shaped = fc.record(Object.fromEntries(keys.map((k) => [k, nastyValue])), { requiredKeys: [] });
  return fc.oneof(
    shaped.map((value) => ({ kind: 'json' as const, value })),
    fc.jsonValue().map((value) => ({ kind: 'json' as const, value })),
    fc
      .constantFrom('{', '{"a":', '[1,2', 'null', '"x"', '{"a":1}garbage', '\u0000', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', '1e309', '{"amount":-1e999}')
      .map((value) => ({ kind: 'text' as const, value })),
    fc.uint8Array({ maxLength: 64 }).map((value) => ({ kind: 'bytes' as const, value })),
    fc.constant({ kind: 'none' as const }),
  );
}

function queryArb(route: TableRoute): fc.Arbitrary<string> {
  const keys = [...Object.keys(shapeOf(route.def?.query)), 'patient', 'patient:identifier', '_count', 'date', 'code', 'x', '__proto__'];
  const value = fc.oneof(nastyString, nastyNumber.map(String));
  return fc.array(fc.tuple(fc.oneof(fc.constantFrom(...keys), nastyString), value), { maxLength: 5 }).map((pairs) => new URLSearchParams(pairs).toString());
}

/**
 * A path segment: an encoded nasty string, or a raw malformed escape. Never a dot segment: the
 * URL parser resolves those before sending, which only calls another route (DELETE .../:memberId
 * with '..' is DELETE /api/v1/me).
 */
const DOT_SEGMENT = /^(\.|%2e){1,2}$/i;
// encodeURIComponent refuses lone surrogates; a client could not send them either.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const paramArb = fc
  .oneof(nastyString.map((s) => encodeURIComponent(s.replace(LONE_SURROGATE, '\uFFFD'))), fc.constantFrom('%E0%A4%A', '%', '%zz', '%00', '%2F..%2F', '..%2F'))
  .filter((s) => s.length > 0 && !DOT_SEGMENT.test(s));

const contentTypeArb = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=iso-8859-1',
  'application/fhir+json',
  'text/plain',
  'x-application/hl7-v2+er7',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  undefined,
);

interface FuzzRequest {
  params: string[];
  query: string;
  body: Body;
  contentType: string | undefined;
  headers: Record<string, string>;
}

const extraHeadersArb = fc.record(
  {
    'x-request-id': nastyString.map((s) => s.replace(/[^\x20-\x7e]/g, '?')),
    'idempotency-key': nastyString.map((s) => s.replace(/[^\x20-\x7e]/g, '?')),
    accept: fc.constantFrom('application/fhir+json', 'text/html', '*/*', 'application/xml'),
  },
  { requiredKeys: [] },
);

function requestArb(route: TableRoute): fc.Arbitrary<FuzzRequest> {
  return fc.record({
    params: fc.array(paramArb, { minLength: route.params.length, maxLength: route.params.length }),
    query: queryArb(route),
    body: route.method === 'GET' ? fc.constant<Body>({ kind: 'none' }) : bodyArb(route),
    contentType: contentTypeArb,
    headers: extraHeadersArb,
  });
}

// ---- sending and judging -----------------------------------------------------------------------------

/** A caller the route lets in, so the fuzzed input reaches validation. */
function callerOf(route: TableRoute): Actor {
  switch (route.access) {
    case 'resident':
      return w.actors.residentA;
    case 'client':
      return w.actors.clientX;
    case 'staff':
      return [...STAFF_X, 'admin' as const].map((n) => w.actors[n]).find((a) => !route.roles || route.roles.some((r) => a.roles.includes(r)))!;
    default:
      return w.actors.anonymous;
  }
}

function payload(body: Body): BodyInit | undefined {
  if (body.kind === 'none') return undefined;
  if (body.kind === 'json') return JSON.stringify(body.value);
  if (body.kind === 'text') return body.value;
  return Buffer.from(body.value);
}

async function send(route: TableRoute, req: FuzzRequest, caller: Actor) {
  let i = 0;
  const path = route.path.replace(/:(\w+)/g, () => req.params[i++]) + (req.query ? `?${req.query}` : '');
  const body = route.method === 'GET' ? undefined : payload(req.body);
  const res = await fetch(app.url + path, {
    method: route.method,
    headers: { ...req.headers, ...(req.contentType && body !== undefined ? { 'content-type': req.contentType } : {}), ...caller.headers },
    body,
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

type Sent = Awaited<ReturnType<typeof send>>;

/** HL7 v2 answers refusals with 200 and an AE/AR acknowledgement. */
const hl7Ack = (res: Sent) => /(^|\r)MSA\|(\w\w)/.exec(res.text)?.[2];
const refused = (route: TableRoute, res: Sent) => res.status >= 400 || (route.path === '/interop/hl7v2' && hl7Ack(res) !== 'AA');

/** Every error names a code in its protocol's form; a validation error also names the field. */
function errorProblems(route: TableRoute, res: Sent): string | null {
  if (/\n\s+at [\w.<>]+ \(|node_modules|\.ts:\d+:\d+/.test(res.text)) return `stack trace in the answer: ${res.text.slice(0, 200)}`;
  if (!refused(route, res)) return null;
  if (route.path.startsWith('/fhir')) {
    const issue = res.json?.issue?.[0];
    return res.json?.resourceType === 'OperationOutcome' && typeof issue?.code === 'string' && issue.diagnostics ? null : `not an OperationOutcome: ${res.text.slice(0, 200)}`;
  }
  if (route.path === '/interop/hl7v2') return /^MSH\|/.test(res.text) && hl7Ack(res) ? null : `not an HL7 ACK: ${res.text.slice(0, 200)}`;
  if (route.path === '/oauth2/token') return typeof res.json?.error === 'string' && res.json.error_description ? null : `not an RFC 6749 error: ${res.text.slice(0, 200)}`;
  const error = res.json?.error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string') return `no error code: ${res.text.slice(0, 200)}`;
  if (error.code === 'VALIDATION_FAILED' && !error.field) return `a validation error without its field: ${res.text.slice(0, 200)}`;
  return null;
}

const FUZZED = ROUTES.filter((r) => r.params.length || r.def?.query || r.def?.body || !r.def);

describe('fuzzed input never breaks the API or changes data', () => {
  it('covers every route that takes input', () => {
    expect(FUZZED.length).toBeGreaterThan(120);
  });

  for (const route of FUZZED) {
    it(route.key, async () => {
      const caller = callerOf(route);
      const allowed = WRITES_ON_REFUSAL[route.key] ?? [];
      const before = await tableChecksums(app.deps);
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(requestArb(route), async (req) => {
          const written = await rowsWritten(app.deps);
          const res = await send(route, req, caller);
          expect(res.status, res.text.slice(0, 300)).toBeLessThan(500);
          expect(errorProblems(route, res)).toBeNull();
          if (!refused(route, res)) {
            accepted++;
            return;
          }
          if (!allowed.length) expect(await rowsWritten(app.deps), `a refused ${res.status} wrote rows: ${res.text.slice(0, 200)}`).toBe(written);
        }),
        { numRuns: RUNS },
      );
      // Nothing was accepted: every table reads as before.
      if (!accepted) expect(changedTables(before, await tableChecksums(app.deps)).filter((t) => !allowed.includes(t))).toEqual([]);
    });
  }
});

/**
 * One request on a connection of its own (no keep-alive pool), taking the answer as soon as it
 * comes: a server may refuse an oversized upload before reading it all, and the client still
 * sending then sees the connection close. Chunks are sent without a Content-Length.
 */
function raw(method: string, path: string, headers: Record<string, string>, body: string | Buffer | string[]): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const length = Array.isArray(body) ? {} : { 'content-length': Buffer.byteLength(body) };
    const req = http.request(app.url + path, { method, agent: false, headers: { ...headers, ...length } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
      res.on('error', reject);
    });
    // A write cut short by the server's early answer is expected; the answer above settles the promise.
    req.on('error', (err) => (['EPIPE', 'ECONNRESET'].includes((err as NodeJS.ErrnoException).code ?? '') ? undefined : reject(err)));
    if (Array.isArray(body)) for (const chunk of body) req.write(chunk);
    req.end(Array.isArray(body) ? undefined : body);
  });
}

describe('malformed transport', () => {
  const json = (path: string, body: string | Buffer | string[]) => raw('POST', path, { 'content-type': 'application/json', ...w.actors.residentA.headers }, body);
  const unchanged = async (fn: () => Promise<void>) => {
    const written = await rowsWritten(app.deps);
    await fn();
    expect(await rowsWritten(app.deps)).toBe(written);
  };

  it('refuses a JSON body over 1 MB with 413, by Content-Length or streamed without one', async () => {
    await unchanged(async () => {
      const big = JSON.stringify({ name: '张'.repeat(400_000), relation: 'child' });
      const res = await json('/api/v1/me/family', big);
      expect(res.status).toBe(413);
      expect(JSON.parse(res.text).error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', field: 'body' });
      const streamed = await json('/api/v1/me/family', ['{"name":[', ...Array.from({ length: 12 }, () => `"${'x'.repeat(100_000)}",`), '"x"]}']);
      expect(streamed.status).toBe(413);
    });
    // Under the limit it is read and validated.
    const fine = await json('/api/v1/me/family', JSON.stringify({ name: 'x'.repeat(900_000) }));
    expect(fine.status).toBe(400);
  });

  it('refuses FHIR and HL7 v2 bodies over 2 MB with 413 in their own forms', async () => {
    await unchanged(async () => {
      const fhir = await raw('POST', '/fhir/R4', { ...w.actors.clientX.headers, 'content-type': 'application/fhir+json' }, JSON.stringify({ resourceType: 'Bundle', pad: 'x'.repeat(2_200_000) }));
      expect(fhir.status).toBe(413);
      expect(JSON.parse(fhir.text)).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'too-long' }] });
      const hl7 = await raw('POST', '/interop/hl7v2', { ...w.actors.clientX.headers, 'content-type': 'x-application/hl7-v2+er7' }, `MSH|^~\\&|${'x'.repeat(2_200_000)}`);
      expect(hl7.status).toBe(413);
      expect(hl7.text).toMatch(/MSA\|AR/);
    });
  });

  it('answers deeply nested JSON with 400, not a crash', async () => {
    await unchanged(async () => {
      for (const body of ['['.repeat(100_000) + ']'.repeat(100_000), '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000), JSON.stringify({ name: '张三', relation: 'child', extra: JSON.parse('{"a":'.repeat(2000) + '1' + '}'.repeat(2000)) })]) {
        const res = await json('/api/v1/me/family', body);
        expect(res.status).toBe(400);
        expect(JSON.parse(res.text).error.field).toBeTruthy();
      }
      const fhir = await raw('POST', '/fhir/R4', { ...w.actors.clientX.headers, 'content-type': 'application/fhir+json' }, '{"resourceType":"Bundle","entry":' + '['.repeat(50_000) + ']'.repeat(50_000) + '}');
      expect(fhir.status).toBe(400);
    });
  });

  it('reads invalid UTF-8 as replacement characters and validates it', async () => {
    await unchanged(async () => {
      const bytes = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]), Buffer.from('","relation":"child"}')]);
      const res = await json('/api/v1/me/family', bytes);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text).error.field).toBeTruthy();
      const param = await fetch(`${app.url}/api/v1/me/bookings/%FF%FE%C3%28`, { headers: w.actors.residentA.headers });
      expect(param.status).toBe(404);
    });
  });

  it.each([
    { name: 'a negative registration fee', method: 'PATCH', path: (): string => `/api/v1/staff/schedules/${w.a.schedule}`, who: 'qs.nurse', body: { feeFen: -1 }, field: 'feeFen' },
    { name: 'a capacity of 1e308', method: 'PATCH', path: (): string => `/api/v1/staff/schedules/${w.a.schedule}`, who: 'qs.nurse', body: { capacityPerSegment: 1e308 }, field: 'capacityPerSegment' },
    { name: 'a fee of 2^63 fen', method: 'PATCH', path: (): string => `/api/v1/staff/schedules/${w.a.schedule}`, who: 'qs.nurse', body: { feeFen: 2 ** 63 }, field: 'feeFen' },
    { name: 'a negative forecast amount', method: 'POST', path: (): string => `/api/v1/me/family/${w.a.member}/insurance/forecast`, who: 'residentA', body: { benefit: 'outpatient_pooling', amount: -100 }, field: 'amount' },
    { name: 'a negative claim item', method: 'POST', path: (): string => `/api/v1/me/family/${w.a.member}/insurance/forecast`, who: 'residentA', body: { benefit: 'outpatient_pooling', items: [{ name: '药', catalogueClass: 'A', amount: -5 }] }, field: 'items.0.amount' },
    {
      name: 'a negative drug price',
      method: 'POST',
      path: (): string => '/api/v1/staff/formulary',
      who: 'pharmacist',
      body: { code: 'YP-NEG', genericName: '测试', strength: '1mg', form: '片', unit: '片', packSize: 10, packUnit: '盒', priceFen: -1, insuranceClass: 'A', flags: [] },
      field: 'priceFen',
    },
  ] as const)('refuses $name naming the field $field, and changes nothing', async ({ method, path, who, body, field }) => {
    await unchanged(async () => {
      const res = await fetch(app.url + path(), { method, headers: { 'content-type': 'application/json', ...w.actors[who].headers }, body: JSON.stringify(body) });
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    });
  });

  it('random Authorization and other headers on every route: 401 where a session is needed, never a 5xx', async () => {
    const authArb = fc.oneof(
      nastyString.map((s) => `Bearer ${s.replace(/[^\x20-\x7e]/g, '')}`),
      fc.constantFrom('Bearer ', 'Basic', 'Basic !!!', `Basic ${Buffer.from(':').toString('base64')}`, `Basic ${Buffer.from('yx-t01:').toString('base64')}`, 'Bearer ' + 'a'.repeat(100), 'Bearer ' + 'a'.repeat(10_000), 'bearer x', 'Token x', 'Bearer a b'),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), authArb, extraHeadersArb, async (route, authorization, headers) => {
        const path = route.path.replace(/:(\w+)/g, '01JZZZZZZZZZZZZZZZZZZZZZZZ');
        const res = await fetch(app.url + path, { method: route.method, headers: { ...headers, authorization } });
        const text = await res.text();
        expect(res.status, text.slice(0, 200)).toBeLessThan(500);
        // The caller is checked before the input: no route needing credentials answers 400 to a stranger.
        if (route.access === 'resident' || route.access === 'staff' || route.access === 'client') expect(res.status).toBe(401);
      }),
      { numRuns: 300 },
    );
  });
});
