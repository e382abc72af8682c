import type { Kysely } from 'kysely';

/** Elder fallback: per-person notify preferences and the clinics' call lists. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notify_preference')
    .addColumn('person_id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('call_facility_id', 'varchar(26)')
    .addColumn('sms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_by_account_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('call_list_item')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('facility_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('person_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    .addColumn('title', 'varchar(100)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'varchar(191)', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('done_at', 'bigint')
    .addColumn('done_by_staff_id', 'varchar(26)')
    .addColumn('done_by_name', 'varchar(60)')
    .addColumn('note', 'varchar(200)')
    .execute();
  await db.schema.createIndex('call_list_facility').on('call_list_item').columns(['facility_id', 'done_at', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('call_list_item').execute();
  await db.schema.dropTable('notify_preference').execute();
}
