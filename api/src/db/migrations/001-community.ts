import type { Kysely } from 'kysely';

/** Facilities, departments, doctors and county experts' weekly township sessions. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('facility')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('short_name', 'varchar(40)', (c) => c.notNull())
    .addColumn('level', 'varchar(16)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('township', 'varchar(40)')
    .addColumn('parent_id', 'varchar(26)')
    .addColumn('address', 'varchar(200)', (c) => c.notNull())
    .addColumn('phone', 'varchar(40)', (c) => c.notNull())
    .addColumn('intro', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('facility_level_township').on('facility').columns(['level', 'township']).execute();

  await db.schema
    .createTable('department')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('facility_id', 'varchar(26)', (c) => c.notNull().references('facility.id'))
    .addColumn('code', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(60)', (c) => c.notNull())
    .addColumn('intro', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('department_facility_code', ['facility_id', 'code'])
    .execute();

  await db.schema
    .createTable('doctor')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('facility_id', 'varchar(26)', (c) => c.notNull().references('facility.id'))
    .addColumn('department_id', 'varchar(26)', (c) => c.notNull().references('department.id'))
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(40)', (c) => c.notNull())
    .addColumn('title', 'varchar(32)', (c) => c.notNull())
    .addColumn('specialty', 'varchar(200)', (c) => c.notNull())
    .addColumn('is_county_expert', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('doctor_facility_department').on('doctor').columns(['facility_id', 'department_id']).execute();

  await db.schema
    .createTable('expert_session')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('doctor_id', 'varchar(26)', (c) => c.notNull().references('doctor.id'))
    .addColumn('facility_id', 'varchar(26)', (c) => c.notNull().references('facility.id'))
    .addColumn('weekday', 'integer', (c) => c.notNull())
    .addColumn('period', 'varchar(16)', (c) => c.notNull())
    .addUniqueConstraint('expert_session_slot', ['doctor_id', 'weekday', 'period'])
    .execute();
  await db.schema.createIndex('expert_session_facility').on('expert_session').column('facility_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['expert_session', 'doctor', 'department', 'facility']) await db.schema.dropTable(t).execute();
}
