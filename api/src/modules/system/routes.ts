import { HealthSchema } from '@ygt/shared';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { defineRoute } from '../../http/route';

async function probe(kind: string, check: () => Promise<unknown>) {
  const started = performance.now();
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout after 2s')), 2000))]);
    return { status: 'up' as const, kind, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (err) {
    return { status: 'down' as const, kind, error: (err as Error).message };
  }
}

export async function checkHealth(deps: AppDeps) {
  const [database, kv] = await Promise.all([
    probe(deps.database.dialect, () => sql`select 1`.execute(deps.database.db)),
    probe(deps.kv.kind, () => deps.kv.ping()),
  ]);
  const status = database.status === 'down' ? 'down' : kv.status === 'down' ? 'degraded' : 'ok';
  return { status, mode: deps.config.mode, version: deps.config.version, database, kv } as const;
}

export const routes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/health',
    summary: '健康检查：数据库与缓存状态',
    description: 'status is ok, degraded (KV down: sign-in and caches affected) or down (database unreachable; answers 503).',
    tags: ['系统 system'],
    auth: 'public',
    response: HealthSchema,
    handler: async ({ deps, ctx }) => {
      const health = await checkHealth(deps);
      if (health.status === 'down') ctx.status = 503;
      return health;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/openapi.json',
    summary: 'OpenAPI 3 document of this API (generated from the route table)',
    tags: ['系统 system'],
    auth: 'public',
    response: z.record(z.string(), z.unknown()),
    handler: async ({ ctx }) => ctx.state.openapi,
  }),
];
