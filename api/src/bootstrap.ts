import type { Config } from './config';
import { migrateToLatest, openDatabase } from './db';
import { type AppDeps, type Clock, systemClock } from './deps';
import { createFieldCrypto } from './infra/crypto';
import { createKv } from './infra/kv';
import { createLogger, type Logger } from './infra/logger';
import { seedCommunity } from './modules/community/seed';
import { seedDemoResidents } from './modules/identity/seed';
import { seedDemoStaff } from './modules/staff/seed';
import { seedDemoNotifyPreferences } from './modules/notifications/seed';
import { seedDemoBookings } from './modules/booking/seed';
import { seedInsurance } from './modules/insurance/seed';
import { seedDemoResults } from './modules/results/seed';
import { seedDemoInteropClients } from './modules/interop/seed';
import { seedFormulary } from './modules/pharmacy/seed';
import { seedDemoPrescriptions } from './modules/prescriptions/seed';

/**
 * Opens everything the app depends on. Demo mode migrates and seeds the embedded database so
 * `npm start` needs nothing else; production migrates only through `npm run db:migrate`.
 */
export async function openDeps(config: Config, opts: { logger?: Logger; clock?: Clock; migrate?: boolean; seed?: boolean } = {}): Promise<AppDeps> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const database = await openDatabase(config.database);
  const kv = createKv({ redisUrl: config.redisUrl, prefix: config.kvPrefix });
  const deps: AppDeps = { config, database, kv, logger, clock: opts.clock ?? systemClock, crypto: createFieldCrypto(config.crypto) };
  try {
    if (opts.migrate ?? config.mode === 'demo') {
      const applied = await migrateToLatest(database.db);
      if (applied.length) logger.info({ applied }, 'migrations applied');
    }
    if (opts.seed ?? config.mode === 'demo') await seedDemo(deps);
  } catch (err) {
    await database.close().catch(() => {});
    await kv.close().catch(() => {});
    throw err;
  }
  return deps;
}

/** Idempotent demo data: the 云溪县 community, demo residents with families, demo staff. */
export async function seedDemo(deps: AppDeps): Promise<void> {
  const community = await seedCommunity(deps.database.db, deps.clock.now());
  await seedDemoResidents(deps);
  await seedDemoStaff(deps);
  await seedDemoNotifyPreferences(deps);
  await seedDemoBookings(deps);
  await seedInsurance(deps);
  await seedDemoInteropClients(deps);
  await seedDemoResults(deps);
  await seedFormulary(deps);
  await seedDemoPrescriptions(deps);
  deps.logger.info(community, 'demo community seeded');
}

export async function closeDeps(deps: AppDeps): Promise<void> {
  await Promise.allSettled([deps.database.close(), deps.kv.close()]);
}
