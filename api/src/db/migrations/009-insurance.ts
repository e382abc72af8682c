import { type Kysely, sql } from 'kysely';

/** Insurance: policy versions per region, year and scheme; settlement records; running totals. */
export async function up(db: Kysely<any>): Promise<void> {
  // Claims hold up to 500 items: beyond MySQL TEXT's 64 KB. SQLite reads mediumtext as TEXT.
  const json = sql`mediumtext`;

  await db.schema
    .createTable('insurance_policy')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('region', 'varchar(40)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('scheme', 'varchar(16)', (c) => c.notNull())
    .addColumn('version', 'varchar(40)', (c) => c.notNull())
    .addColumn('body', json, (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('active_key', 'varchar(80)', (c) => c.unique())
    .addColumn('created_by', 'varchar(26)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('activated_at', 'bigint')
    .addColumn('activated_by', 'varchar(26)')
    .addUniqueConstraint('insurance_policy_version', ['region', 'year', 'scheme', 'version'])
    .execute();

  await db.schema
    .createTable('insurance_settlement')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('person_id', 'varchar(26)', (c) => c.notNull().references('person.id'))
    .addColumn('facility_id', 'varchar(26)', (c) => c.notNull().references('facility.id'))
    .addColumn('external_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('source_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('source_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('scheme', 'varchar(16)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('service_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('benefit', 'varchar(24)', (c) => c.notNull())
    .addColumn('chronic_disease', 'varchar(20)')
    .addColumn('level', 'varchar(16)', (c) => c.notNull())
    .addColumn('claim', json, (c) => c.notNull())
    .addColumn('settlement', json)
    .addColumn('reported', 'text')
    .addColumn('mismatch', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('policy_version', 'varchar(40)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('reversal_of', 'varchar(26)')
    .addColumn('reason', 'varchar(200)')
    .addColumn('reversed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('insurance_settlement_external', ['facility_id', 'external_id'])
    .execute();
  await db.schema.createIndex('insurance_settlement_person').on('insurance_settlement').columns(['person_id', 'year', 'scheme']).execute();
  await db.schema.createIndex('insurance_settlement_facility').on('insurance_settlement').columns(['facility_id', 'id']).execute();

  await db.schema
    .createTable('insurance_ytd')
    // No foreign key: the row is created on its own connection before the locking transaction
    // (see lockPersonYear), and a key check there would wait on a person row that transaction holds.
    .addColumn('person_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('scheme', 'varchar(16)', (c) => c.notNull())
    .addColumn('totals', 'text', (c) => c.notNull())
    .addColumn('policy_version', 'varchar(40)')
    .addColumn('claim_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('insurance_ytd_pk', ['person_id', 'year', 'scheme'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['insurance_ytd', 'insurance_settlement', 'insurance_policy']) await db.schema.dropTable(t).execute();
}
