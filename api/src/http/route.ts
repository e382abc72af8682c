import type { StaffRole } from '@ygt/shared';
import type { Context } from 'koa';
import type { z } from 'zod';
import type { AppDeps } from '../deps';
import type { Actor } from './auth';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call a route: anyone, a signed-in resident, signed-in staff (optionally only some
 * roles), or a facility system with its OAuth2 client-credentials token (`client`). The caller is
 * checked before the input, so an unknown caller hears 401, never what the body lacks.
 * Object-level checks (your family, your facilities) happen in the services.
 */
export type RouteAuth = 'public' | 'resident' | 'staff' | 'client';

export interface HandlerInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  deps: AppDeps;
  ctx: Context;
  actor: Actor;
}

/**
 * One API operation: its contract (zod schemas shared with the clients), who may call it, and a
 * thin handler. The router, the validator and the OpenAPI document are all built from these.
 */
export interface RouteDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** Koa path, e.g. /api/v1/facilities/:facilityId */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  auth: RouteAuth;
  /** For staff routes: the roles allowed (any of them); all staff when omitted. */
  roles?: readonly StaffRole[];
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /** Status of a successful answer (default 200). */
  status?: number;
  handler(input: HandlerInput<z.output<P>, z.output<Q>, z.output<B>>): Promise<z.input<R>>;
}

/** Identity function that lets TypeScript infer the schemas' types for the handler. */
export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  def: RouteDef<P, Q, B, R>,
): RouteDef {
  return def as unknown as RouteDef;
}
