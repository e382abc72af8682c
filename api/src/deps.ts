import type { Config } from './config';
import type { Database } from './db';
import type { FieldCrypto } from './infra/crypto';
import type { Kv } from './infra/kv';
import type { Logger } from './infra/logger';

/** A source of time, so tests can move it (waitlist offers, payment timeouts, deadlines). */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

/** What every service gets: built once in main.ts (or by the test harness) and passed down. */
export interface AppDeps {
  config: Config;
  database: Database;
  kv: Kv;
  logger: Logger;
  clock: Clock;
  crypto: FieldCrypto;
}
