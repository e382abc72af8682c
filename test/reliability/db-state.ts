import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { AppDeps } from '../../api/src/deps';

/**
 * What the fuzzer compares before and after a request the API refused: a counter of every row
 * written (cheap, per request) and a checksum of every table's content (per route).
 */

/**
 * Rows inserted, updated or deleted so far. SQLite: the app's one connection counts its own
 * changes (total_changes()). MySQL: InnoDB's server-wide counters, so nothing else may write to
 * the server while a reliability file runs (the project runs its files one at a time).
 */
export async function rowsWritten(deps: AppDeps): Promise<number> {
  if (deps.database.dialect === 'sqlite') {
    const r = await sql<{ n: number }>`select total_changes() as n`.execute(deps.database.db);
    return Number(r.rows[0].n);
  }
  const r = await sql<{ Variable_name: string; Value: string }>`show global status where Variable_name in ('Innodb_rows_inserted', 'Innodb_rows_updated', 'Innodb_rows_deleted')`.execute(deps.database.db);
  return r.rows.reduce((n, row) => n + Number(row.Value), 0);
}

let tableNames: string[] | undefined;

async function tables(deps: AppDeps): Promise<string[]> {
  tableNames ??= (await deps.database.db.introspection.getTables()).map((t) => t.name).filter((n) => !n.startsWith('kysely_'));
  return tableNames;
}

/** A checksum of each table's content. */
export async function tableChecksums(deps: AppDeps): Promise<Record<string, string>> {
  const names = await tables(deps);
  if (deps.database.dialect === 'mysql') {
    const r = await sql<{ Table: string; Checksum: number }>`checksum table ${sql.join(names.map((n) => sql.table(n)))}`.execute(deps.database.db);
    return Object.fromEntries(r.rows.map((row) => [row.Table.split('.').pop()!, String(row.Checksum)]));
  }
  const sums: Record<string, string> = {};
  for (const name of names) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(deps.database.db);
    const lines = rows.rows.map((row) => JSON.stringify(row)).sort();
    sums[name] = createHash('sha1').update(lines.join('\n')).digest('hex');
  }
  return sums;
}

/** Names of the tables whose checksum differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
}
