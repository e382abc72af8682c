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
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  WECHAT_APPID: z.string().optional(),
  WECHAT_SECRET: z.string().optional(),
  DATA_KEYS: z
    .string()
    .regex(/^[\w-]+:[A-Za-z0-9+/=]{43,44}(,[\w-]+:[A-Za-z0-9+/=]{43,44})*$/, 'comma-separated keyId:base64(32 bytes)')
    .optional(),
  DATA_KEY_ID: z.string().optional(),
  BLIND_INDEX_KEY: z.string().min(32).optional(),
  RESIDENT_SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(30),
  STAFF_SESSION_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  MAX_FAMILY_MEMBERS: z.coerce.number().int().min(1).max(20).default(5),
  STAFF_MAX_FAILED_LOGINS: z.coerce.number().int().min(1).default(5),
  STAFF_LOCKOUT_MINUTES: z.coerce.number().int().min(1).default(15),
});

/**
 * Demo-only secrets, so `npm start` needs no set-up. Production refuses to start with them:
 * there, DATA_KEYS / BLIND_INDEX_KEY must come from the environment (a KMS or vault).
 */
const DEMO_DATA_KEYS = 'demo1:ZGVtby1vbmx5LWtleS1kby1ub3QtdXNlLWluLXByb2Q=';
const DEMO_BLIND_INDEX_KEY = 'demo-only-blind-index-key-do-not-use-in-production';

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
  wechat: { apiBase: string; appId: string; secret: string };
  crypto: { keys: Map<string, Buffer>; currentKeyId: string; blindIndexKey: string };
  identity: {
    residentSessionMs: number;
    staffSessionMs: number;
    maxFamilyMembers: number;
    staffMaxFailedLogins: number;
    staffLockoutMs: number;
  };
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
    const secrets = ['WECHAT_APPID', 'WECHAT_SECRET', 'DATA_KEYS', 'BLIND_INDEX_KEY'].filter((k) => !e[k as keyof typeof e]);
    if (secrets.length) throw new ConfigError(`Production mode needs ${secrets.join(', ')}.`);
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
    wechat: { apiBase: e.WECHAT_API_BASE.replace(/\/$/, ''), appId: e.WECHAT_APPID ?? 'wx-demo-appid', secret: e.WECHAT_SECRET ?? 'demo-secret' },
    crypto: parseKeys(e.DATA_KEYS ?? DEMO_DATA_KEYS, e.DATA_KEY_ID, e.BLIND_INDEX_KEY ?? DEMO_BLIND_INDEX_KEY),
    identity: {
      residentSessionMs: e.RESIDENT_SESSION_DAYS * 24 * 3600_000,
      staffSessionMs: e.STAFF_SESSION_HOURS * 3600_000,
      maxFamilyMembers: e.MAX_FAMILY_MEMBERS,
      staffMaxFailedLogins: e.STAFF_MAX_FAILED_LOGINS,
      staffLockoutMs: e.STAFF_LOCKOUT_MINUTES * 60_000,
    },
  };
}

function parseKeys(spec: string, currentKeyId: string | undefined, blindIndexKey: string): Config['crypto'] {
  const keys = new Map<string, Buffer>();
  for (const part of spec.split(',')) {
    const [id, b64] = part.split(':');
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) throw new ConfigError(`Invalid configuration:\n  DATA_KEYS: key ${id} must be 32 bytes (base64)`);
    keys.set(id, key);
  }
  // The last key listed encrypts new data unless DATA_KEY_ID says otherwise; older keys still decrypt.
  const current = currentKeyId ?? [...keys.keys()].at(-1)!;
  if (!keys.has(current)) throw new ConfigError(`Invalid configuration:\n  DATA_KEY_ID: ${current} is not among DATA_KEYS`);
  return { keys, currentKeyId: current, blindIndexKey };
}
