import { ConfigError, loadConfig } from '../config';
import { migrateToLatest, openDatabase } from '../db';

/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded SQLite). */
try {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  const applied = await migrateToLatest(database.db);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
  await database.close();
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `Migration failed: ${(err as Error).message}`);
  process.exit(1);
}
