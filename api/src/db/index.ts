import fs from 'node:fs';
import path from 'node:path';
import { Kysely, Migrator, MysqlDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import type { Config } from '../config';
import { migrationProvider } from './migrations';
import type { DB } from './schema';

export type Dialect = 'mysql' | 'sqlite';
export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;

/** The one database handle: Kysely plus the dialect, so the few dialect-specific queries can branch. */
export interface Database {
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {}

export async function openDatabase(cfg: Config['database']): Promise<Database> {
  if (cfg.kind === 'mysql') {
    const { createPool } = await import('mysql2');
    const pool = createPool({
      uri: cfg.url,
      connectionLimit: cfg.poolSize,
      // Money and counters are integers; keep BIGINT columns as JS numbers (epoch ms fit).
      supportBigNumbers: true,
      bigNumberStrings: false,
      timezone: 'Z',
      charset: 'utf8mb4',
    });
    const db = new Kysely<DB>({ dialect: new MysqlDialect({ pool }) });
    try {
      await sql`select 1`.execute(db);
    } catch (err) {
      await db.destroy().catch(() => {});
      throw new DatabaseUnavailableError(`Cannot reach the database at ${redactUrl(cfg.url)}: ${(err as Error).message}`);
    }
    return { db, dialect: 'mysql', close: () => db.destroy() };
  }
  const { default: SQLite } = await import('better-sqlite3');
  if (cfg.path !== ':memory:') fs.mkdirSync(path.dirname(cfg.path), { recursive: true });
  let sqlite;
  try {
    sqlite = new SQLite(cfg.path);
  } catch (err) {
    throw new DatabaseUnavailableError(`Cannot open the SQLite database at ${cfg.path}: ${(err as Error).message}`);
  }
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]*)@/, '//$1:***@');
}
