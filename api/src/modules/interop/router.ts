import Router from '@koa/router';
import { parseResidentId, sectionsForSearch } from '@ygt/shared';
import type { Context, Middleware } from 'koa';
import type { AppDeps } from '../../deps';
import { AppError, badRequest } from '../../http/errors';
import { newId } from '../../infra/ids';
import { insertAuditEntry } from '../audit/repo';
import * as identityRepo from '../identity/repo';
import { storeReports } from '../results/ingest';
import * as resultsRepo from '../results/repo';
import * as staffRepo from '../staff/repo';
import { type InteropClient, issueToken, resolveInteropClient } from './clients';
import { parseDateSearch } from './dates';
import { capabilityStatement, FHIR_JSON, LOINC_SYSTEM, readTransactionBundle, RESIDENT_ID_SYSTEM, toFhirDiagnosticReport, toFhirObservation } from './fhir';
import { asRejection, buildAck, HL7_CONTENT_TYPE, type Hl7Rejection, parseEr7, readOru } from './hl7';
import * as repo from './repo';

const BODY_LIMIT = 2 * 1024 * 1024;

/** Reads the raw request body (this mount runs before the JSON body parser), within a size limit. */
async function readBody(ctx: Context): Promise<string> {
  if (Number(ctx.get('content-length') || 0) > BODY_LIMIT) throw new AppError('PAYLOAD_TOO_LARGE', '请求内容过大（上限 2 MB）', 'body');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) throw new AppError('PAYLOAD_TOO_LARGE', '请求内容过大（上限 2 MB）', 'body');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

// ---- FHIR R4 ---------------------------------------------------------------------------------

const ISSUE_CODES: Partial<Record<AppError['code'], string>> = {
  VALIDATION_FAILED: 'invalid',
  UNAUTHENTICATED: 'login',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'not-found',
  CONFLICT: 'conflict',
  UNSUPPORTED_MEDIA_TYPE: 'not-supported',
  PAYLOAD_TOO_LARGE: 'too-long',
  RATE_LIMITED: 'throttled',
  UNAVAILABLE: 'transient',
};

function operationOutcome(severity: 'error' | 'information', code: string, diagnostics: string, expression?: string) {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics, ...(expression ? { expression: [expression] } : {}) }] };
}

function sendFhir(ctx: Context, status: number, body: unknown) {
  ctx.status = status;
  ctx.type = FHIR_JSON;
  ctx.body = body;
}

async function readFhirJson(ctx: Context): Promise<unknown> {
  if (!ctx.is('application/fhir+json', 'application/json')) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Content-Type 应为 application/fhir+json，收到 ${ctx.get('content-type') || '空'}`, 'body');
  }
  const text = await readBody(ctx);
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('请求内容不是合法的 JSON', 'Bundle');
  }
}

/** POST /fhir/R4: a transaction Bundle, stored all or nothing; answers a transaction-response. */
async function postTransaction(deps: AppDeps, ctx: Context) {
  const client = await resolveInteropClient(deps, ctx);
  const body = await readFhirJson(ctx);
  const parsed = await readTransactionBundle(deps.database.db, body, client.facilityId);
  const stored = await storeReports(deps, client.facilityId, parsed.reports, { notify: true });
  const entry = parsed.entries.map((e) => {
    const report = e.reportIndex === undefined ? undefined : stored[e.reportIndex];
    switch (e.resourceType) {
      case 'DiagnosticReport':
        return {
          response: {
            status: report!.outcome === 'created' ? '201 Created' : '200 OK',
            location: `DiagnosticReport/${report!.reportId}/_history/${report!.version}`,
            etag: `W/"${report!.version}"`,
          },
        };
      case 'Observation':
        return { response: { status: report!.outcome === 'created' ? '201 Created' : '200 OK', location: `Observation/${report!.observationIds[e.observationIndex!]}` } };
      case 'Patient':
        if (report?.personId) return { response: { status: '200 OK', location: `Patient/${report.personId}` } };
        return {
          response: {
            status: '202 Accepted',
            outcome: operationOutcome('information', 'informational', '该居民尚未在医共通建档：结果已暂存，待其被添加为就诊人后自动匹配'),
          },
        };
      default:
        return { response: { status: '200 OK' } };
    }
  });
  sendFhir(ctx, 200, { resourceType: 'Bundle', type: 'transaction-response', entry });
}

/**
 * Whose results a search is about, and how far the client may see them: all of a patient's
 * results when the patient is registered at the client's facility, otherwise only those the
 * client's facility did, read or sent. The patient is a Patient/<id> or a resident ID.
 */
async function searchTarget(deps: AppDeps, client: InteropClient, query: Context['query']) {
  const db = deps.database.db;
  const byIdentifier = asList(query['patient:identifier'] ?? query['patient.identifier'])[0];
  const byReference = asList(query.patient)[0];
  let bidx: string;
  let person: Awaited<ReturnType<typeof identityRepo.getPerson>>;
  if (byIdentifier) {
    const [system, value] = byIdentifier.includes('|') ? byIdentifier.split('|', 2) : ['', byIdentifier];
    if (system && system !== RESIDENT_ID_SYSTEM) throw badRequest(`患者标识须使用 ${RESIDENT_ID_SYSTEM}（居民身份证号）`, 'patient:identifier');
    const parsed = parseResidentId(value);
    if (!parsed.valid) throw badRequest(`居民身份证号不正确：${parsed.reason}`, 'patient:identifier');
    bidx = deps.crypto.blindIndex(parsed.id);
    person = await identityRepo.findPersonByIdIndex(db, bidx);
  } else if (byReference) {
    person = await identityRepo.getPerson(db, byReference.replace(/^Patient\//, ''));
    if (!person) return null;
    bidx = person.id_number_bidx;
  } else {
    throw badRequest('检索须指定患者：patient=Patient/<id> 或 patient:identifier=<system>|<身份证号>', 'patient');
  }
  const registered = person ? await staffRepo.personAtFacilities(db, person.id, [client.facilityId]) : undefined;
  return { bidx, personId: registered ? person!.id : null, facilityId: client.facilityId };
}

function countParam(query: Context['query']): number {
  const raw = asList(query._count)[0];
  if (raw === undefined) return 50;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 200) throw badRequest('_count 应为 1-200 的整数', '_count');
  return n;
}

/** A facility system reading a resident's results is recorded like a staff read. */
async function auditSystemRead(deps: AppDeps, client: InteropClient, personIds: (string | null)[], requestId: string | undefined) {
  for (const personId of new Set(personIds.filter((p): p is string => p !== null))) {
    await insertAuditEntry(deps.database.db, {
      id: newId(deps.clock.now()),
      at: deps.clock.now(),
      actor_type: 'interop_client',
      actor_id: client.id,
      actor_name: client.name,
      actor_role: '机构信息系统',
      facility_id: client.facilityId,
      person_id: personId,
      action: 'results.view',
      detail: 'FHIR 检索',
      reason: null,
      request_id: requestId ?? null,
    });
  }
}

/** This server's origin as the caller reached it (behind the proxy: X-Forwarded-*); Koa 3's ctx.origin is the request's Origin header. */
const serverOrigin = (ctx: Context) => `${ctx.protocol}://${ctx.host}`;

function searchset(ctx: Context, total: number, entries: { resource: { resourceType: string; id: string }; mode: 'match' | 'include' }[]) {
  const base = `${serverOrigin(ctx)}/fhir/R4`;
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    link: [{ relation: 'self', url: `${serverOrigin(ctx)}${ctx.originalUrl}` }],
    entry: entries.map((e) => ({ fullUrl: `${base}/${e.resource.resourceType}/${e.resource.id}`, resource: e.resource, search: { mode: e.mode } })),
  };
}

async function renderContext(deps: AppDeps, reports: resultsRepo.ReportRow[]) {
  const facilities = await resultsRepo.facilitiesByIds(
    deps.database.db,
    reports.flatMap((r) => [r.performing_facility_id, r.submitting_facility_id, r.interpreting_facility_id].filter((f): f is string => f !== null)),
  );
  const idNumber = (r: resultsRepo.ReportRow) => () => deps.crypto.decrypt(r.patient_id_enc);
  return { facilities, idNumber };
}

/** GET /fhir/R4/DiagnosticReport?patient=&category=&date=&_include=DiagnosticReport:result */
async function searchDiagnosticReports(deps: AppDeps, ctx: Context) {
  const client = await resolveInteropClient(deps, ctx);
  const target = await searchTarget(deps, client, ctx.query);
  const count = countParam(ctx.query);
  const dates = parseDateSearch(asList(ctx.query.date));
  const categories = asList(ctx.query.category).flatMap((v) => v.split(','));
  const sections = categories.length ? categories.flatMap((c) => sectionsForSearch(c.split('|').at(-1)!)) : undefined;
  if (!target) return sendFhir(ctx, 200, searchset(ctx, 0, []));
  const rows = await repo.reportsForSearch(deps.database.db, { ...target, sections, ...dates, limit: 1000 });
  const page = rows.slice(0, count);
  const observations = await resultsRepo.observationsOf(deps.database.db, page.map((r) => r.id));
  const { facilities, idNumber } = await renderContext(deps, page);
  const include = asList(ctx.query._include).includes('DiagnosticReport:result');
  const entries = page.flatMap((r) => {
    const obs = observations.filter((o) => o.report_id === r.id);
    return [
      { resource: toFhirDiagnosticReport(r, obs, facilities, idNumber(r)), mode: 'match' as const },
      ...(include ? obs.map((o) => ({ resource: toFhirObservation(r, o, facilities, idNumber(r)), mode: 'include' as const })) : []),
    ];
  });
  await auditSystemRead(deps, client, page.map((r) => r.person_id), ctx.state.requestId);
  sendFhir(ctx, 200, searchset(ctx, rows.length, entries));
}

/** GET /fhir/R4/Observation?patient=&code=&date= (code: LOINC or local, optionally system|code). */
async function searchObservations(deps: AppDeps, ctx: Context) {
  const client = await resolveInteropClient(deps, ctx);
  const target = await searchTarget(deps, client, ctx.query);
  const count = countParam(ctx.query);
  const dates = parseDateSearch(asList(ctx.query.date));
  const codes = asList(ctx.query.code)
    .flatMap((v) => v.split(','))
    .map((t) => (t.includes('|') ? { system: t.split('|')[0], code: t.split('|')[1] } : { system: null, code: t }));
  if (!target) return sendFhir(ctx, 200, searchset(ctx, 0, []));
  const reports = await repo.reportsForSearch(deps.database.db, { ...target, limit: 1000 });
  const byId = new Map(reports.map((r) => [r.id, r]));
  const matches = (await resultsRepo.observationsOf(deps.database.db, reports.map((r) => r.id)))
    .filter((o) => dates.fromMs === undefined || Number(o.effective_at) >= dates.fromMs)
    .filter((o) => dates.toMs === undefined || Number(o.effective_at) < dates.toMs)
    .filter(
      (o) =>
        !codes.length ||
        codes.some((c) => (c.system === LOINC_SYSTEM ? o.loinc === c.code || o.code === c.code : c.system ? o.local_code === c.code : [o.code, o.loinc, o.local_code].includes(c.code))),
    )
    .sort((a, b) => Number(b.effective_at) - Number(a.effective_at) || (a.id < b.id ? 1 : -1));
  const page = matches.slice(0, count);
  const { facilities, idNumber } = await renderContext(deps, reports);
  await auditSystemRead(deps, client, page.map((o) => byId.get(o.report_id)!.person_id), ctx.state.requestId);
  sendFhir(
    ctx,
    200,
    searchset(
      ctx,
      matches.length,
      page.map((o) => ({ resource: toFhirObservation(byId.get(o.report_id)!, o, facilities, idNumber(byId.get(o.report_id)!)), mode: 'match' as const })),
    ),
  );
}

// ---- HL7 v2 ----------------------------------------------------------------------------------

function sendAck(ctx: Context, status: number, ack: string) {
  ctx.status = status;
  ctx.type = HL7_CONTENT_TYPE;
  ctx.body = ack;
}

/** An error from storing (or from the sender check) as an ACK: the sender is wrong -> AR, the content -> AE. */
function rejectionOf(err: AppError): Hl7Rejection {
  if (err.code === 'FORBIDDEN') return { ack: 'AR', code: 207, reason: err.message, location: { segment: 'MSH', sequence: 1, field: 4 } };
  if (err.code === 'CONFLICT') return { ack: 'AE', code: 205, reason: err.message, location: { segment: 'OBR', sequence: 1, field: 25 } };
  return { ack: 'AE', code: 102, reason: err.message };
}

/** POST /interop/hl7v2: one ORU^R01 in ER7; always answers an ACK (AA, or AE/AR with the reason). */
async function postHl7(deps: AppDeps, ctx: Context) {
  const client = await resolveInteropClient(deps, ctx);
  if (!ctx.is('text/plain', 'x-application/hl7-v2+er7', 'application/hl7-v2', 'application/edi-hl7')) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Content-Type 应为 x-application/hl7-v2+er7 或 text/plain，收到 ${ctx.get('content-type') || '空'}`, 'body');
  }
  const message = parseEr7(await readBody(ctx));
  const controlId = newId(deps.clock.now());
  if (!('segments' in message)) return sendAck(ctx, 200, buildAck(null, message, deps.clock.now(), controlId));
  try {
    const reports = await readOru(deps.database.db, message, client);
    await storeReports(deps, client.facilityId, reports, { notify: true });
    sendAck(ctx, 200, buildAck(message, null, deps.clock.now(), controlId));
  } catch (err) {
    const rejection = asRejection(err) ?? (err instanceof AppError && err.status < 500 ? rejectionOf(err) : null);
    if (!rejection) throw err;
    sendAck(ctx, err instanceof AppError && err.code === 'FORBIDDEN' ? 403 : 200, buildAck(message, rejection, deps.clock.now(), controlId));
  }
}

// ---- OAuth2 ----------------------------------------------------------------------------------

async function postToken(deps: AppDeps, ctx: Context) {
  if (!ctx.is('application/x-www-form-urlencoded')) throw badRequest('请求应为 application/x-www-form-urlencoded', 'body');
  const form = new URLSearchParams(await readBody(ctx));
  ctx.set('Cache-Control', 'no-store');
  ctx.body = await issueToken(deps, form, ctx);
}

function oauthError(ctx: Context, err: AppError) {
  // RFC 6749 5.2 error codes.
  const error =
    err.code === 'UNAUTHENTICATED' ? 'invalid_client' : err.field === 'grant_type' ? 'unsupported_grant_type' : err.code === 'UNAVAILABLE' ? 'temporarily_unavailable' : 'invalid_request';
  ctx.status = err.status;
  ctx.set('Cache-Control', 'no-store');
  if (err.code === 'UNAUTHENTICATED') ctx.set('WWW-Authenticate', 'Basic realm="ygt-interop"');
  ctx.body = { error, error_description: err.message };
}

// ---- the mount -------------------------------------------------------------------------------

export interface InteropRoute {
  method: 'get' | 'post';
  path: string;
  /** public: anyone; client_credentials: the token endpoint itself; client: a facility system's bearer token. */
  auth: 'public' | 'client_credentials' | 'client';
  handle(deps: AppDeps, ctx: Context): unknown;
}

/** The routes of this mount, in one table: the mount is built from it and the route-table tests read it. */
export const interopRoutes: InteropRoute[] = [
  { method: 'get', path: '/fhir/R4/metadata', auth: 'public', handle: (deps, ctx) => sendFhir(ctx, 200, capabilityStatement(deps.config.version, deps.clock.now(), serverOrigin(ctx))) },
  { method: 'post', path: '/fhir/R4', auth: 'client', handle: postTransaction },
  { method: 'post', path: '/fhir/R4/', auth: 'client', handle: postTransaction },
  { method: 'get', path: '/fhir/R4/DiagnosticReport', auth: 'client', handle: searchDiagnosticReports },
  { method: 'get', path: '/fhir/R4/Observation', auth: 'client', handle: searchObservations },
  { method: 'post', path: '/interop/hl7v2', auth: 'client', handle: postHl7 },
  { method: 'post', path: '/oauth2/token', auth: 'client_credentials', handle: postToken },
];

/**
 * FHIR R4, HL7 v2 and the OAuth2 token endpoint: their own router, mounted before the JSON API
 * (and its body parser), answering errors in each protocol's own form: OperationOutcome for
 * /fhir, an ACK for /interop/hl7v2, RFC 6749 errors for /oauth2/token.
 */
export function interopMount(deps: AppDeps): Middleware {
  const router = new Router();
  for (const route of interopRoutes) router[route.method](route.path, (ctx) => route.handle(deps, ctx));
  // Typed as plain Koa middleware: the router adds params/router to the context itself.
  const dispatch = router.routes() as unknown as Middleware;

  return async (ctx, next) => {
    const kind = /^\/fhir(\/|$)/.test(ctx.path) ? 'fhir' : ctx.path === '/oauth2/token' ? 'oauth' : /^\/interop(\/|$)/.test(ctx.path) ? 'hl7' : null;
    if (!kind) return next();
    try {
      await dispatch(ctx, async () => {});
      if (ctx.body === undefined) throw new AppError('NOT_FOUND', `不支持的交互：${ctx.method} ${ctx.path}`);
    } catch (err) {
      const appError = err instanceof AppError ? err : new AppError('INTERNAL', '服务器开小差了，请稍后再试');
      if (appError.status >= 500) ctx.state.log?.error({ err }, 'interop error');
      if (kind === 'fhir') {
        sendFhir(ctx, appError.status, operationOutcome('error', ISSUE_CODES[appError.code] ?? 'exception', appError.message, appError.field));
      } else if (kind === 'oauth') {
        oauthError(ctx, appError);
      } else {
        sendAck(ctx, appError.status, buildAck(null, { ack: 'AR', code: 207, reason: appError.message }, deps.clock.now(), newId(deps.clock.now())));
      }
    }
  };
}
