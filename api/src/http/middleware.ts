import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from '../infra/logger';
import { AppError } from './errors';

/** Request id from the caller (when sane) or a new one; echoed back and put on every log line. */
export function requestId(): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    ctx.state.requestId = /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    ctx.set('X-Request-Id', ctx.state.requestId);
    await next();
  };
}

export function accessLog(logger: Logger): Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    ctx.state.log = logger.child({ reqId: ctx.state.requestId });
    try {
      await next();
    } finally {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      ctx.state.log.info({ method: ctx.method, path: ctx.path, status: ctx.status, ms }, 'request');
    }
  };
}

// A client that hangs up mid-answer (a resident closing the page while a file streams) is not a fault of ours.
const CLIENT_GONE = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * Koa's 'error' event: what fails after errorMapper is done, i.e. while the answer is being
 * written. Without a listener Koa prints the stack to stderr, outside the JSON log operators read.
 */
export function logAnswerErrors(logger: Logger) {
  return (err: Error & { code?: string }, ctx?: { state?: { log?: Logger }; method?: string; path?: string }) => {
    const log = ctx?.state?.log ?? logger;
    const where = { method: ctx?.method, path: ctx?.path, code: err.code };
    if (err.code && CLIENT_GONE.has(err.code)) log.debug(where, 'client went away before the answer was written');
    else log.error({ ...where, err }, 'error while writing the answer');
  };
}

/** Maps every error to `{ error: { code, message, field } }`; never leaks a stack trace. */
export function errorMapper(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new AppError('NOT_FOUND', `没有这个接口：${ctx.method} ${ctx.path}`);
      }
      // The router's answer to a known path with another method (405) or an unknown method (501) has no body of ours.
      if ((ctx.status === 405 || ctx.status === 501) && ctx.body == null) {
        throw new AppError('METHOD_NOT_ALLOWED', `该接口不支持 ${ctx.method} 请求：${ctx.path}`);
      }
    } catch (err) {
      const appError = toAppError(err);
      if (appError.status >= 500) ctx.state.log?.error({ err }, 'unhandled error');
      ctx.status = appError.status;
      ctx.body = {
        error: {
          code: appError.code,
          message: appError.message,
          ...(appError.field ? { field: appError.field } : {}),
          requestId: ctx.state.requestId,
        },
      };
    }
  };
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { status?: number; type?: string; message?: string };
  // Body parser and koa errors carry a status; keep the client errors, hide the rest.
  if (e?.status === 413 || e?.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', '请求内容过大', 'body');
  if (e?.status === 400 || e?.status === 415 || e?.status === 422) return new AppError('VALIDATION_FAILED', '请求内容格式不正确，应为 JSON', 'body');
  return new AppError('INTERNAL', '服务器开小差了，请稍后再试');
}

// What machines read: JSON, FHIR, HL7 ACKs and OAuth2 tokens (never cached: they carry personal data).
const DATA_PATHS = /^\/(api|fhir|interop|oauth2)(\/|$)/;

/**
 * Headers on every answer. Pages (the console, the H5 build, the API docs) set their own
 * Content-Security-Policy; everything else is data and may load nothing. HSTS in production,
 * where TLS ends at the proxy in front.
 */
export function securityHeaders(opts: { hsts: boolean }): Middleware {
  return async (ctx, next) => {
    await next();
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Referrer-Policy', 'no-referrer');
    if (!ctx.response.get('Content-Security-Policy')) ctx.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
    if (DATA_PATHS.test(ctx.path) && !ctx.response.get('Cache-Control')) ctx.set('Cache-Control', 'no-store');
    if (opts.hsts) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  };
}

/**
 * CORS. The console and the H5 build are served from this origin, so no other origin is allowed
 * unless CORS_ORIGINS names it: a page elsewhere gets no Access-Control-Allow-Origin (the
 * browser withholds the answer), and its preflights and state-changing requests are refused
 * outright (a form post needs no preflight). WeChat Pay, facility systems and the mini-program
 * send no Origin and are not affected. Same-origin is what the browser says (Sec-Fetch-Site,
 * which pages cannot set), or the Origin matching this host, so a proxy that rewrites Host or
 * drops X-Forwarded-Proto does not lock the console out.
 */
export function cors(allowedOrigins: readonly string[]): Middleware {
  return async (ctx, next) => {
    const origin = ctx.get('origin');
    if (!origin || ctx.get('sec-fetch-site') === 'same-origin' || origin === `${ctx.protocol}://${ctx.host}`) return next();
    ctx.vary('Origin');
    if (!allowedOrigins.includes(origin)) {
      if (ctx.method !== 'GET' && ctx.method !== 'HEAD') throw new AppError('FORBIDDEN', '不允许从其他网站调用本服务', 'Origin');
      return next();
    }
    ctx.set('Access-Control-Allow-Origin', origin);
    if (ctx.method === 'OPTIONS' && ctx.get('access-control-request-method')) {
      ctx.set('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, PATCH, DELETE');
      ctx.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, X-Request-Id');
      ctx.set('Access-Control-Max-Age', '600');
      ctx.status = 204;
      return;
    }
    ctx.set('Access-Control-Expose-Headers', 'X-Request-Id, Idempotent-Replayed');
    await next();
  };
}
