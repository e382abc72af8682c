import { z } from 'zod';

export const ComponentStatusSchema = z.object({
  status: z.enum(['up', 'down']),
  kind: z.string().describe('mysql | sqlite | redis | memory'),
  latencyMs: z.number().optional(),
  error: z.string().optional(),
});

export const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded', 'down']),
    mode: z.enum(['demo', 'production']),
    version: z.string(),
    database: ComponentStatusSchema,
    kv: ComponentStatusSchema,
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof HealthSchema>;
