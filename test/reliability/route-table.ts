import type { z } from 'zod';
import { allRoutes } from '../../api/src/app';
import type { RouteDef } from '../../api/src/http/route';
import { interopRoutes } from '../../api/src/modules/interop/router';

/**
 * Every route the server answers, read from the router's own tables: the JSON API (allRoutes)
 * and the plain Koa interop mount (FHIR R4, HL7 v2, OAuth2). Tests built on this list cover a
 * new route the day it is added.
 */
export type RouteAccess = 'public' | 'resident' | 'staff' | 'client' | 'client_credentials' | 'signature';

export interface TableRoute {
  key: string;
  method: string;
  path: string;
  access: RouteAccess;
  roles?: readonly string[];
  def?: RouteDef;
  params: string[];
}

/** Routes the table marks public that check credentials of their own in the handler: WeChat Pay's signature. */
export const OWN_CREDENTIALS: Record<string, RouteAccess> = {
  'POST /api/v1/payments/wechat/notify': 'signature',
};

const paramsOf = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]);

export const ROUTES: TableRoute[] = [
  ...allRoutes.map((def) => {
    const key = `${def.method.toUpperCase()} ${def.path}`;
    return { key, method: def.method.toUpperCase(), path: def.path, access: OWN_CREDENTIALS[key] ?? def.auth, roles: def.roles, def, params: paramsOf(def.path) };
  }),
  ...interopRoutes.map((r) => ({ key: `${r.method.toUpperCase()} ${r.path}`, method: r.method.toUpperCase(), path: r.path, access: r.auth, params: paramsOf(r.path) })),
];

/** The keys of a zod object schema (through refine/transform/default wrappers). */
export function shapeOf(schema: z.ZodType | undefined): Record<string, z.ZodType> {
  let s: any = schema;
  for (let i = 0; i < 6 && s; i++) {
    if (s.shape) return s.shape;
    const d = s._zod?.def;
    s = d?.in ?? d?.innerType ?? d?.schema;
  }
  return {};
}

export function fillPath(path: string, ids: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(ids[name] ?? 'x'));
}
