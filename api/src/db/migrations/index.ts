import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001-community';
import * as m002 from './002-identity';
import * as m003 from './003-outbox';

/** A static map (works in tests and bundles); names sort in the order they run. */
const migrations: Record<string, Migration> = {
  '001-community': m001,
  '002-identity': m002,
  '003-outbox': m003,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
