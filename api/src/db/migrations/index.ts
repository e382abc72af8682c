import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001-community';
import * as m002 from './002-identity';
import * as m003 from './003-outbox';
import * as m004 from './004-booking';
import * as m005 from './005-results';
import * as m008 from './008-notifications';
import * as m006 from './006-payments';
import * as m009 from './009-insurance';
import * as m007 from './007-prescriptions';

/** A static map (works in tests and bundles); names sort in the order they run. */
const migrations: Record<string, Migration> = {
  '001-community': m001,
  '002-identity': m002,
  '003-outbox': m003,
  '004-booking': m004,
  '005-results': m005,
  '008-notifications': m008,
  '006-payments': m006,
  '009-insurance': m009,
  '007-prescriptions': m007,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
