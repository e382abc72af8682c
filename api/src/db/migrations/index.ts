import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001-community';

/** A static map (works in tests and bundles); names sort in the order they run. */
const migrations: Record<string, Migration> = {
  '001-community': m001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
