import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root, found from this file so it works from any working directory. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const EnvSchema = z.object({
  YGT_MODE: z.enum(['demo', 'production']).optional(),
  NODE_ENV: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  SQLITE_PATH: z.string().optional(),
  REDIS_URL: z.string().url().optional(),
  KV_PREFIX: z.string().default('ygt:'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  CACHE_TTL_SECONDS: z.coerce.number().int().min(1).default(300),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  PUBLIC_BASE_URL: z.string().url().optional(),
});

export interface Config {
  mode: 'demo' | 'production';
  port: number;
  host: string;
  database: { kind: 'mysql'; url: string; poolSize: number } | { kind: 'sqlite'; path: string };
  redisUrl: string | undefined;
  kvPrefix: string;
  logLevel: string;
  cacheTtlSeconds: number;
  shutdownTimeoutMs: number;
  version: string;
}

export class ConfigError extends Error {}

/**
 * The one config loader: reads the environment, validates it and refuses a production start
 * that lacks what production needs (saying what is missing).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const mode = e.YGT_MODE ?? (e.NODE_ENV === 'production' ? 'production' : 'demo');
  if (mode === 'production') {
    const missing = [!e.DATABASE_URL && 'DATABASE_URL', !e.REDIS_URL && 'REDIS_URL'].filter(Boolean);
    if (missing.length) {
      throw new ConfigError(
        `Production mode needs ${missing.join(' and ')} (the embedded SQLite and in-process store are for demo only). ` +
          'Set them, or unset NODE_ENV/YGT_MODE to run the demo.',
      );
    }
  }
  if (e.DATABASE_URL && !/^mysql:\/\//.test(e.DATABASE_URL)) {
    throw new ConfigError('Invalid configuration:\n  DATABASE_URL: must be a mysql:// URL (MySQL 8, MariaDB 10.6+ or TiDB)');
  }
  return {
    mode,
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'mysql', url: e.DATABASE_URL, poolSize: e.DB_POOL_SIZE }
      : { kind: 'sqlite', path: e.SQLITE_PATH ?? path.join(REPO_ROOT, 'data', 'ygt.sqlite') },
    redisUrl: e.REDIS_URL,
    kvPrefix: e.KV_PREFIX,
    logLevel: e.LOG_LEVEL,
    cacheTtlSeconds: e.CACHE_TTL_SECONDS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    version: '0.1.0',
  };
}
