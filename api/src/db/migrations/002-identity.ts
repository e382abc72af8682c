import type { Kysely } from 'kysely';

/** Residents (accounts, persons, family links, consent), staff, patient registrations, audit. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('account')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('openid', 'varchar(64)', (c) => c.unique())
    .addColumn('unionid', 'varchar(64)')
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();

  await db.schema
    .createTable('person')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(60)', (c) => c.notNull())
    .addColumn('id_number_enc', 'varchar(200)', (c) => c.notNull())
    .addColumn('id_number_bidx', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('phone_enc', 'varchar(200)')
    .addColumn('sex', 'varchar(8)', (c) => c.notNull())
    .addColumn('birth_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('health_card_code', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('own_account_id', 'varchar(26)', (c) => c.unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('family_member')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(26)', (c) => c.notNull().references('account.id'))
    .addColumn('person_id', 'varchar(26)', (c) => c.notNull().references('person.id'))
    .addColumn('relation', 'varchar(16)', (c) => c.notNull())
    .addColumn('is_guardian', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('active_key', 'varchar(60)', (c) => c.unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('removed_at', 'bigint')
    .execute();
  await db.schema.createIndex('family_member_account').on('family_member').columns(['account_id', 'removed_at']).execute();
  await db.schema.createIndex('family_member_person').on('family_member').column('person_id').execute();

  await db.schema
    .createTable('link_request')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('family_member_id', 'varchar(26)', (c) => c.notNull().references('family_member.id'))
    .addColumn('requester_account_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('owner_account_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .execute();
  await db.schema.createIndex('link_request_owner').on('link_request').columns(['owner_account_id', 'status']).execute();

  await db.schema
    .createTable('consent')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(26)', (c) => c.notNull().references('account.id'))
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('version', 'varchar(20)', (c) => c.notNull())
    .addColumn('granted_at', 'bigint', (c) => c.notNull())
    .addColumn('withdrawn_at', 'bigint')
    .execute();
  await db.schema.createIndex('consent_account').on('consent').columns(['account_id', 'kind']).execute();

  await db.schema
    .createTable('staff')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('username', 'varchar(40)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(60)', (c) => c.notNull())
    .addColumn('password_hash', 'varchar(200)', (c) => c.notNull())
    .addColumn('roles', 'varchar(200)', (c) => c.notNull())
    .addColumn('doctor_id', 'varchar(26)')
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'bigint')
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('staff_facility')
    .addColumn('staff_id', 'varchar(26)', (c) => c.notNull().references('staff.id'))
    .addColumn('facility_id', 'varchar(26)', (c) => c.notNull().references('facility.id'))
    .addPrimaryKeyConstraint('staff_facility_pk', ['staff_id', 'facility_id'])
    .execute();

  await db.schema
    .createTable('patient_facility')
    .addColumn('person_id', 'varchar(26)', (c) => c.notNull().references('person.id'))
    .addColumn('facility_id', 'varchar(26)', (c) => c.notNull().references('facility.id'))
    .addColumn('source', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('patient_facility_pk', ['person_id', 'facility_id'])
    .execute();
  await db.schema.createIndex('patient_facility_facility').on('patient_facility').column('facility_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('actor_name', 'varchar(60)', (c) => c.notNull())
    .addColumn('actor_role', 'varchar(40)', (c) => c.notNull())
    .addColumn('facility_id', 'varchar(26)')
    .addColumn('person_id', 'varchar(26)')
    .addColumn('action', 'varchar(60)', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('reason', 'varchar(200)')
    .addColumn('request_id', 'varchar(64)')
    .execute();
  await db.schema.createIndex('audit_log_person').on('audit_log').columns(['person_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['audit_log', 'patient_facility', 'staff_facility', 'staff', 'consent', 'link_request', 'family_member', 'person', 'account']) {
    await db.schema.dropTable(t).execute();
  }
}
