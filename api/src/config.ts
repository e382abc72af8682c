import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_WECHAT_TEMPLATES, parseWechatTemplates, type WechatTemplates } from '@ygt/shared';
import { chronicConditionDef, DEFAULT_LONG_RX_CONDITION_CODES, DEFAULT_STABILITY_THRESHOLDS, type StabilityThresholds } from '@ygt/shared';
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
  CORS_ORIGINS: z
    .string()
    .regex(/^(https?:\/\/[^\s/,]+)(,https?:\/\/[^\s/,]+)*$/, 'comma-separated origins, e.g. https://console.example.cn (no path)')
    .optional(),
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
  RESULTS_HR_PREFIX: z.string().regex(/^[\u4e00-\u9fa5]{1,4}$/, 'the region prefix of the mutual-recognition mark, e.g. 冀 for 冀HR').default('云'),
  INSURANCE_REGION: z.string().trim().min(1).max(40).default('云溪县'),
  WECHAT_TEMPLATES: z.string().optional(),
  WECHAT_MINIPROGRAM_STATE: z.enum(['developer', 'trial', 'formal']).default('formal'),
  SMS_PROVIDER: z.enum(['none', 'log']).default('none'),
  BOOKING_REMINDER_TIME: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm').default('17:00'),
  PAY_PROVIDER: z.enum(['demo', 'wechat']).optional(),
  WECHATPAY_API_BASE: z.string().url().default('https://api.mch.weixin.qq.com'),
  WECHATPAY_MCHID: z.string().regex(/^\d{6,16}$/, 'digits (商户号)').optional(),
  WECHATPAY_SERIAL_NO: z.string().regex(/^[0-9A-Fa-f]{8,64}$/, 'hex serial number of the merchant API certificate').optional(),
  WECHATPAY_PRIVATE_KEY: z.string().optional(),
  WECHATPAY_APIV3_KEY: z.string().length(32, 'must be 32 characters').optional(),
  WECHATPAY_PLATFORM_CERTS: z.string().optional(),
  WECHATPAY_PUBLIC_KEY: z.string().optional(),
  WECHATPAY_PUBLIC_KEY_ID: z.string().regex(/^PUB_KEY_ID_\w+$/, 'starts with PUB_KEY_ID_').optional(),
  WECHATPAY_NOTIFY_URL: z.string().url().optional(),
  PAYMENT_TIMEOUT_MINUTES: z.coerce.number().int().min(2).max(120).default(15),
  RECONCILE_AFTER_MINUTES: z.coerce.number().int().min(1).max(1440).default(5),
  REFUND_LATE_CANCEL_PERCENT: z.coerce.number().int().min(0).max(100).default(0),
  LONG_RX_CONDITIONS: z
    .string()
    .default(DEFAULT_LONG_RX_CONDITION_CODES.join(','))
    .refine((v) => v.split(',').every((c) => chronicConditionDef(c.trim())), 'comma-separated ICD-10 codes of CHRONIC_CONDITION_CATALOGUE, e.g. I10,E11'),
  LONG_RX_RENEWAL_WINDOW_DAYS: z.coerce.number().int().min(1).max(28).default(7),
  LONG_RX_PHARMACY_CODE: z.string().trim().min(1).max(30).optional(),
  LONG_RX_STOP_BP: z.string().regex(/^\d{2,3}\/\d{2,3}$/, 'systolic/diastolic, e.g. 160/100').default('160/100'),
  LONG_RX_STOP_FASTING_GLUCOSE: z.coerce.number().min(7).max(30).default(13.9),
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
  /** Other origins whose browser pages may call the API (the console and H5 are served same-origin); none by default. */
  corsOrigins: string[];
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
  /** Mutual recognition: the region prefix of the HR mark (云 shows as 云HR). */
  results: { hrPrefix: string };
  /** The pooling region (统筹区) whose insurance policy settles every claim of this deployment. */
  insurance: { region: string };
  notifications: {
    templates: WechatTemplates;
    miniprogramState: 'developer' | 'trial' | 'formal';
    smsProvider: 'none' | 'log';
    /** Local time ('HH:mm') from which the day-before reminders go out. */
    reminderTime: string;
  };
  payments: {
    provider: 'demo' | 'wechat';
    /** An unpaid order closes (and frees what it holds) this long after it was created. */
    timeoutMs: number;
    /** An order that heard nothing from WeChat Pay for this long is queried by the reconciliation job. */
    reconcileAfterMs: number;
    refundRules: { lateCancelPercent: number };
    wechatpay: WechatPayConfig | null;
  };
  /** Long prescriptions (长期处方): the local disease list, the renewal window and stop thresholds. */
  prescriptions: {
    conditionCodes: string[];
    renewalWindowDays: number;
    /** Facility code of the dispensing pharmacy; null: the community's central pharmacy. */
    pharmacyCode: string | null;
    stopThresholds: StabilityThresholds;
  };
}

export interface WechatPayConfig {
  apiBase: string;
  appId: string;
  mchId: string;
  /** Serial number of the merchant API certificate; names our signing key to WeChat Pay. */
  serialNo: string;
  privateKey: string;
  apiV3Key: string;
  /** Platform certificates given up front (PEM); others are downloaded from /v3/certificates. */
  platformCerts: string[];
  /** WeChat Pay public key mode (notifications signed under a serial starting with PUB_KEY_ID_). */
  publicKey: { id: string; pem: string } | null;
  notifyUrl: string;
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
    corsOrigins: e.CORS_ORIGINS ? e.CORS_ORIGINS.split(',') : [],
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
    results: { hrPrefix: e.RESULTS_HR_PREFIX },
    insurance: { region: e.INSURANCE_REGION },
    notifications: notificationConfig(e, mode),
    payments: paymentConfig(e, mode, e.WECHAT_APPID ?? 'wx-demo-appid'),
    prescriptions: {
      conditionCodes: e.LONG_RX_CONDITIONS.split(',').map((c) => c.trim()),
      renewalWindowDays: e.LONG_RX_RENEWAL_WINDOW_DAYS,
      pharmacyCode: e.LONG_RX_PHARMACY_CODE ?? null,
      stopThresholds: {
        ...DEFAULT_STABILITY_THRESHOLDS,
        systolicAtLeast: Number(e.LONG_RX_STOP_BP.split('/')[0]),
        diastolicAtLeast: Number(e.LONG_RX_STOP_BP.split('/')[1]),
        fastingGlucoseAtLeast: e.LONG_RX_STOP_FASTING_GLUCOSE,
      },
    },
  };
}

/**
 * Payments: the demo provider by default in demo mode; production takes real money only, so it
 * refuses the demo provider and needs the merchant's WeChat Pay credentials.
 */
function paymentConfig(e: z.infer<typeof EnvSchema>, mode: Config['mode'], appId: string): Config['payments'] {
  const provider = e.PAY_PROVIDER ?? (mode === 'production' ? 'wechat' : 'demo');
  if (mode === 'production' && provider === 'demo') throw new ConfigError('PAY_PROVIDER=demo takes no real money: production mode needs PAY_PROVIDER=wechat.');
  const common = {
    provider,
    timeoutMs: e.PAYMENT_TIMEOUT_MINUTES * 60_000,
    reconcileAfterMs: e.RECONCILE_AFTER_MINUTES * 60_000,
    refundRules: { lateCancelPercent: e.REFUND_LATE_CANCEL_PERCENT },
  };
  if (provider === 'demo') return { ...common, wechatpay: null };
  const needed = ['WECHATPAY_MCHID', 'WECHATPAY_SERIAL_NO', 'WECHATPAY_PRIVATE_KEY', 'WECHATPAY_APIV3_KEY', 'WECHATPAY_NOTIFY_URL'] as const;
  const missing = needed.filter((k) => !e[k]);
  if (missing.length) throw new ConfigError(`PAY_PROVIDER=wechat needs ${missing.join(', ')}.`);
  if (Boolean(e.WECHATPAY_PUBLIC_KEY) !== Boolean(e.WECHATPAY_PUBLIC_KEY_ID)) {
    throw new ConfigError('WECHATPAY_PUBLIC_KEY and WECHATPAY_PUBLIC_KEY_ID go together (WeChat Pay public key mode).');
  }
  if (mode === 'production' && !e.WECHATPAY_NOTIFY_URL!.startsWith('https://')) throw new ConfigError('WECHATPAY_NOTIFY_URL must be an https:// URL.');
  const privateKey = readPem('WECHATPAY_PRIVATE_KEY', e.WECHATPAY_PRIVATE_KEY!);
  const publicKey = e.WECHATPAY_PUBLIC_KEY ? readPem('WECHATPAY_PUBLIC_KEY', e.WECHATPAY_PUBLIC_KEY) : null;
  const platformCerts = e.WECHATPAY_PLATFORM_CERTS ? (readPem('WECHATPAY_PLATFORM_CERTS', e.WECHATPAY_PLATFORM_CERTS).match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []) : [];
  try {
    createPrivateKey(privateKey);
    if (publicKey) createPublicKey(publicKey);
    for (const pem of platformCerts) new X509Certificate(pem);
  } catch (err) {
    throw new ConfigError(`Invalid WeChat Pay key or certificate: ${(err as Error).message}`);
  }
  return {
    ...common,
    wechatpay: {
      apiBase: e.WECHATPAY_API_BASE.replace(/\/$/, ''),
      appId,
      mchId: e.WECHATPAY_MCHID!,
      serialNo: e.WECHATPAY_SERIAL_NO!.toUpperCase(),
      privateKey,
      apiV3Key: e.WECHATPAY_APIV3_KEY!,
      platformCerts,
      publicKey: publicKey ? { id: e.WECHATPAY_PUBLIC_KEY_ID!, pem: publicKey } : null,
      notifyUrl: e.WECHATPAY_NOTIFY_URL!,
    },
  };
}

/** A PEM given inline (newlines may be written as \\n) or as a path to a file. */
function readPem(name: string, value: string): string {
  if (value.includes('-----BEGIN')) return value.replace(/\\n/g, '\n');
  try {
    return fs.readFileSync(value, 'utf8');
  } catch {
    throw new ConfigError(`Invalid configuration:\n  ${name}: neither a PEM nor a readable file (${value})`);
  }
}

/** Subscribe templates and SMS: demo defaults in demo mode, explicit choices in production. */
function notificationConfig(e: z.infer<typeof EnvSchema>, mode: Config['mode']): Config['notifications'] {
  if (mode === 'production' && !e.WECHAT_TEMPLATES) {
    throw new ConfigError("Production mode needs WECHAT_TEMPLATES (the mini-program's subscribe template ids); the defaults are demo ids.");
  }
  if (mode === 'production' && e.SMS_PROVIDER === 'log') throw new ConfigError('SMS_PROVIDER=log only writes texts to the log: it is for demo mode.');
  let templates = DEMO_WECHAT_TEMPLATES;
  if (e.WECHAT_TEMPLATES) {
    const parsed = parseWechatTemplates(e.WECHAT_TEMPLATES);
    if ('problems' in parsed) throw new ConfigError(`Invalid configuration:\n${parsed.problems.map((p) => `  WECHAT_TEMPLATES ${p}`).join('\n')}`);
    templates = parsed.templates;
  }
  return { templates, miniprogramState: e.WECHAT_MINIPROGRAM_STATE, smsProvider: e.SMS_PROVIDER, reminderTime: e.BOOKING_REMINDER_TIME };
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
