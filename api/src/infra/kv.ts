import { Redis } from 'ioredis';

/**
 * The small key-value interface the API needs (sessions, rate limits, caches, idempotency
 * keys, locks). Redis in production, in-process for the embedded demo. Nothing stored here
 * is the only copy of anything: losing it logs people out, it loses no booking or payment.
 */
export interface Kv {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | null>;
  /** Several values in one round trip (null where absent), in the order of the keys. */
  getMany(keys: string[]): Promise<(string | null)[]>;
  /** Sets a value, with a time to live in milliseconds when given. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Sets only when the key is absent; true when this call set it. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Atomically increments; the TTL starts when the key is created by this increment. */
  incr(key: string, ttlMs: number): Promise<number>;
  del(key: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createKv(opts: { redisUrl?: string; prefix: string }): Kv {
  return opts.redisUrl ? new RedisKv(opts.redisUrl, opts.prefix) : new MemoryKv(opts.prefix);
}

// Increments and sets the TTL only on creation, in one round trip and atomically.
const INCR_WITH_TTL = `
local v = redis.call('INCR', KEYS[1])
if v == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return v`;

class RedisKv implements Kv {
  readonly kind = 'redis' as const;
  private readonly redis: Redis;
  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    // Fail fast instead of queueing commands forever while Redis is down, or waiting on one that
    // is connected but does not answer (paused, overloaded, cut off by the network).
    // Auto-pipelining sends the commands of every request issued in the same tick in one write:
    // under load (the 08:00 rush) that is one system call for dozens of requests' commands.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false, commandTimeout: 1000, enableAutoPipelining: true });
    // EVALSHA after the first call: the script is sent once, not with every increment.
    this.redis.defineCommand('incrWithTtl', { numberOfKeys: 1, lua: INCR_WITH_TTL });
    this.redis.on('error', () => {
      /* reported through ping() and failed commands; ioredis reconnects by itself */
    });
  }
  private k(key: string) {
    return this.prefix + key;
  }
  async get(key: string) {
    return this.redis.get(this.k(key));
  }
  async getMany(keys: string[]) {
    return this.redis.mget(keys.map((key) => this.k(key)));
  }
  async set(key: string, value: string, ttlMs?: number) {
    if (ttlMs) await this.redis.set(this.k(key), value, 'PX', ttlMs);
    else await this.redis.set(this.k(key), value);
  }
  async setIfAbsent(key: string, value: string, ttlMs: number) {
    return (await this.redis.set(this.k(key), value, 'PX', ttlMs, 'NX')) === 'OK';
  }
  async incr(key: string, ttlMs: number) {
    return Number(await (this.redis as Redis & { incrWithTtl(key: string, ttlMs: string): Promise<number> }).incrWithTtl(this.k(key), String(ttlMs)));
  }
  async del(key: string) {
    await this.redis.del(this.k(key));
  }
  async ping() {
    if (this.redis.status !== 'ready') await this.waitReady();
    await this.redis.ping();
  }
  private waitReady() {
    return new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`redis not ready (${this.redis.status})`)), 1000);
      this.redis.once('ready', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }
  async close() {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

class MemoryKv implements Kv {
  readonly kind = 'memory' as const;
  private readonly data = new Map<string, { value: string; expiresAt: number | null }>();
  constructor(private readonly prefix: string) {}
  private live(key: string) {
    const e = this.data.get(this.prefix + key);
    if (!e) return undefined;
    if (e.expiresAt !== null && e.expiresAt <= Date.now()) {
      this.data.delete(this.prefix + key);
      return undefined;
    }
    return e;
  }
  async get(key: string) {
    return this.live(key)?.value ?? null;
  }
  async getMany(keys: string[]) {
    return keys.map((key) => this.live(key)?.value ?? null);
  }
  async set(key: string, value: string, ttlMs?: number) {
    this.data.set(this.prefix + key, { value, expiresAt: ttlMs ? Date.now() + ttlMs : null });
  }
  async setIfAbsent(key: string, value: string, ttlMs: number) {
    if (this.live(key)) return false;
    await this.set(key, value, ttlMs);
    return true;
  }
  async incr(key: string, ttlMs: number) {
    const e = this.live(key);
    if (!e) {
      await this.set(key, '1', ttlMs);
      return 1;
    }
    const next = Number(e.value) + 1;
    e.value = String(next);
    return next;
  }
  async del(key: string) {
    this.data.delete(this.prefix + key);
  }
  async ping() {}
  async close() {
    this.data.clear();
  }
}
