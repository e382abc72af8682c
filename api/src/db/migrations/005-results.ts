import { DEFAULT_RESULT_CATALOGUE } from '@ygt/shared';
import type { Kysely } from 'kysely';
import { newId } from '../../infra/ids';

/**
 * Shared results: reports with their current values and version history, the community's
 * mutual-recognition catalogue (filled with the defaults once; admins edit it afterwards) and
 * the facility systems allowed to submit results.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('result_report')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('report_key', 'varchar(191)', (c) => c.notNull().unique())
    .addColumn('identifier', 'varchar(100)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('person_id', 'varchar(26)', (c) => c.references('person.id'))
    .addColumn('match_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('patient_id_enc', 'varchar(200)', (c) => c.notNull())
    .addColumn('patient_id_bidx', 'varchar(64)', (c) => c.notNull())
    .addColumn('patient_name', 'varchar(60)', (c) => c.notNull())
    .addColumn('category', 'varchar(8)', (c) => c.notNull())
    .addColumn('section', 'varchar(20)', (c) => c.notNull())
    .addColumn('code', 'varchar(64)', (c) => c.notNull())
    .addColumn('loinc', 'varchar(20)')
    .addColumn('local_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('local_system', 'varchar(200)')
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('performing_facility_id', 'varchar(26)', (c) => c.notNull().references('facility.id'))
    .addColumn('interpreting_facility_id', 'varchar(26)', (c) => c.references('facility.id'))
    .addColumn('submitting_facility_id', 'varchar(26)', (c) => c.notNull().references('facility.id'))
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('effective_at', 'bigint', (c) => c.notNull())
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('conclusion', 'text')
    .addColumn('qc_passed', 'integer', (c) => c.notNull())
    .addColumn('imaging', 'text')
    .addColumn('source', 'varchar(10)', (c) => c.notNull())
    .addColumn('entered_by_staff_id', 'varchar(26)')
    .addColumn('release_state', 'varchar(10)', (c) => c.notNull())
    .addColumn('hold_reason', 'varchar(10)')
    .addColumn('released_at', 'bigint')
    .addColumn('released_by_staff_id', 'varchar(26)')
    .addColumn('release_comment', 'varchar(500)')
    .addColumn('content_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // A person's results list, newest first.
  await db.schema.createIndex('result_report_person').on('result_report').columns(['person_id', 'effective_at']).execute();
  // Matching held reports once the person exists.
  await db.schema.createIndex('result_report_match').on('result_report').columns(['patient_id_bidx', 'match_status']).execute();
  // Release queues of the performing and the interpreting facility.
  await db.schema.createIndex('result_report_release_perf').on('result_report').columns(['release_state', 'performing_facility_id']).execute();
  await db.schema.createIndex('result_report_release_interp').on('result_report').columns(['release_state', 'interpreting_facility_id']).execute();

  await db.schema
    .createTable('result_observation')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('report_id', 'varchar(26)', (c) => c.notNull().references('result_report.id'))
    .addColumn('person_id', 'varchar(26)')
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('code', 'varchar(64)', (c) => c.notNull())
    .addColumn('loinc', 'varchar(20)')
    .addColumn('local_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('local_system', 'varchar(200)')
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('value_text', 'text', (c) => c.notNull())
    .addColumn('value_num', 'double precision')
    .addColumn('unit', 'varchar(40)')
    .addColumn('ref_low', 'double precision')
    .addColumn('ref_high', 'double precision')
    .addColumn('ref_text', 'varchar(100)')
    .addColumn('flag', 'varchar(4)')
    .addColumn('effective_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('result_observation_report').on('result_observation').columns(['report_id', 'seq']).execute();
  // A person's trend of one item over the years.
  await db.schema.createIndex('result_observation_trend').on('result_observation').columns(['person_id', 'code', 'effective_at']).execute();

  await db.schema
    .createTable('result_report_version')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('report_id', 'varchar(26)', (c) => c.notNull().references('result_report.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('content_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('superseded_at', 'bigint')
    .addUniqueConstraint('result_report_version_unique', ['report_id', 'version'])
    .execute();

  await db.schema
    .createTable('result_catalogue_item')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('code', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('section', 'varchar(20)', (c) => c.notNull())
    .addColumn('loinc', 'varchar(20)')
    .addColumn('local_codes', 'varchar(500)', (c) => c.notNull())
    .addColumn('recognised', 'integer', (c) => c.notNull())
    .addColumn('validity_days', 'integer', (c) => c.notNull())
    .addColumn('hold_for_review', 'integer', (c) => c.notNull())
    .addColumn('critical_low', 'double precision')
    .addColumn('critical_high', 'double precision')
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  const now = Date.now();
  await db
    .insertInto('result_catalogue_item')
    .values(
      DEFAULT_RESULT_CATALOGUE.map((c, i) => ({
        id: newId(now),
        code: c.code,
        name: c.name,
        kind: c.kind,
        section: c.section,
        loinc: c.loinc,
        local_codes: JSON.stringify(c.localCodes),
        recognised: c.recognised ? 1 : 0,
        validity_days: c.validityDays,
        hold_for_review: c.holdForReview ? 1 : 0,
        critical_low: c.criticalLow,
        critical_high: c.criticalHigh,
        sort_order: i,
        updated_at: now,
      })),
    )
    .execute();

  await db.schema
    .createTable('interop_client')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('client_id', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('secret_hash', 'varchar(200)', (c) => c.notNull())
    .addColumn('facility_id', 'varchar(26)', (c) => c.notNull().references('facility.id'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['interop_client', 'result_catalogue_item', 'result_report_version', 'result_observation', 'result_report']) {
    await db.schema.dropTable(t).execute();
  }
}
