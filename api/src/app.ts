import path from 'node:path';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import { REPO_ROOT } from './config';
import type { AppDeps } from './deps';
import { resolveActor } from './http/auth';
import { accessLog, cors, errorMapper, logAnswerErrors, requestId, securityHeaders } from './http/middleware';
import { buildOpenApi, DOCS_HTML } from './http/openapi';
import type { RouteDef } from './http/route';
import { pagePolicy, serveSpa } from './http/static';
import { parseInput } from './http/validate';
import { routes as bookingRoutes } from './modules/booking/routes';
import { routes as communityRoutes } from './modules/community/routes';
import { routes as identityRoutes } from './modules/identity/routes';
import { routes as insuranceRoutes } from './modules/insurance/routes';
import { routes as notificationRoutes } from './modules/notifications/routes';
import { routes as paymentRoutes } from './modules/payments/routes';
import { routes as pharmacyRoutes } from './modules/pharmacy/routes';
import { routes as prescriptionRoutes } from './modules/prescriptions/routes';
import { routes as referralRoutes } from './modules/referral/routes';
import { routes as resultRoutes } from './modules/results/routes';
import { resolveInteropClient } from './modules/interop/clients';
import { routes as interopRoutes } from './modules/interop/routes';
import { interopMount } from './modules/interop/router';
import { routes as staffRoutes } from './modules/staff/routes';
import { routes as systemRoutes } from './modules/system/routes';

/** Every API route, in one table: the router, the OpenAPI document and the auth tests read it. */
export const allRoutes: RouteDef[] = [
  ...systemRoutes,
  ...communityRoutes,
  ...identityRoutes,
  ...staffRoutes,
  ...notificationRoutes,
  ...insuranceRoutes,
  ...paymentRoutes,
  ...bookingRoutes,
  ...referralRoutes,
  ...resultRoutes,
  ...interopRoutes,
  ...prescriptionRoutes,
  ...pharmacyRoutes,
];

/** Builds the Koa app from its parts. main.ts listens with it; tests boot it in-process. */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: true });
  const openapi = buildOpenApi(allRoutes, { version: deps.config.version });
  const docsPolicy = pagePolicy(DOCS_HTML);

  app.on('error', logAnswerErrors(deps.logger));
  app.use(requestId());
  app.use(accessLog(deps.logger));
  app.use(securityHeaders({ hsts: deps.config.mode === 'production' }));
  app.use(errorMapper());
  app.use(cors(deps.config.corsOrigins));
  // FHIR R4, HL7 v2 and OAuth2 for facility systems: before the JSON body parser, with their own error forms.
  app.use(interopMount(deps));
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '1mb', encoding: 'utf-8' }));

  const router = new Router();
  for (const route of allRoutes) {
    router[route.method](route.path, async (ctx) => {
      ctx.state.openapi = openapi;
      const { actor, verified } =
        route.auth === 'client'
          ? { actor: { kind: 'client' as const, client: await resolveInteropClient(deps, ctx) }, verified: Promise.resolve() }
          : await resolveActor(deps, ctx, route.auth, route.roles, { readOnly: route.method === 'get' });
      const answer = (async () => {
        const params = route.params ? parseInput(route.params, ctx.params, 'params') : {};
        const query = route.query ? parseInput(route.query, { ...ctx.query }, 'query') : {};
        const body = route.body ? parseInput(route.body, ctx.request.body ?? {}, 'body') : undefined;
        return route.handler({ params, query, body, deps, ctx, actor });
      })();
      // A resident's read runs alongside the account check (see resolveActor): nothing is answered
      // before the check passes, and a failed check is the answer whatever the handler found.
      const [outcome, check] = await Promise.allSettled([answer, verified]);
      if (check.status === 'rejected') throw check.reason;
      if (outcome.status === 'rejected') throw outcome.reason;
      const result = outcome.value;
      if (ctx.status === 404) ctx.status = route.status ?? 200;
      ctx.body = result;
    });
  }
  router.get('/api/v1/docs', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Content-Security-Policy', docsPolicy);
    ctx.body = DOCS_HTML;
  });
  router.get('/', (ctx) => ctx.redirect('/h5/'));
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.use(serveSpa('/admin/', path.join(REPO_ROOT, 'admin', 'dist'), '管理后台'));
  app.use(serveSpa('/h5/', path.join(REPO_ROOT, 'miniapp', 'dist', 'h5'), '居民端 H5'));
  return app;
}
