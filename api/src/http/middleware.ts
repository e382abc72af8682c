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

/** Maps every error to `{ error: { code, message, field } }`; never leaks a stack trace. */
export function errorMapper(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new AppError('NOT_FOUND', `没有这个接口：${ctx.method} ${ctx.path}`);
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

export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    await next();
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Referrer-Policy', 'no-referrer');
  };
}
