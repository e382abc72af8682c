import type { Kysely } from 'kysely';

/**
 * Chronic conditions, family-doctor teams and contracts, the formulary, long prescriptions,
 * renewals and the medicine orders of the central pharmacy (县采镇配) with their timeline.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('chronic_condition')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('person_id', 'varchar(26)', (c) => c.notNull().references('person.id'))
    .addColumn('code', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('active_key', 'varchar(40)', (c) => c.unique())
    .addColumn('diagnosed_on', 'varchar(10)')
    .addColumn('note', 'varchar(200)')
    .addColumn('certified_by_staff_id', 'varchar(26)')
    .addColumn('certified_by_name', 'varchar(60)', (c) => c.notNull())
    .addColumn('facility_id', 'varchar(26)', (c) => c.notNull().references('facility.id'))
    .addColumn('certified_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .execute();
  await db.schema.createIndex('chronic_condition_person').on('chronic_condition').columns(['person_id', 'status']).execute();

  await db.schema
    .createTable('doctor_team')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('code', 'varchar(30)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(60)', (c) => c.notNull())
    .addColumn('facility_id', 'varchar(26)', (c) => c.notNull().references('facility.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('doctor_team_member')
    .addColumn('team_id', 'varchar(26)', (c) => c.notNull().references('doctor_team.id'))
    .addColumn('doctor_id', 'varchar(26)', (c) => c.notNull().references('doctor.id'))
    .addPrimaryKeyConstraint('doctor_team_member_pk', ['team_id', 'doctor_id'])
    .execute();
  await db.schema.createIndex('doctor_team_member_doctor').on('doctor_team_member').column('doctor_id').execute();

  await db.schema
    .createTable('family_doctor_contract')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('person_id', 'varchar(26)', (c) => c.notNull().references('person.id'))
    .addColumn('team_id', 'varchar(26)', (c) => c.notNull().references('doctor_team.id'))
    .addColumn('village_facility_id', 'varchar(26)')
    .addColumn('starts_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('ends_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('active_key', 'varchar(26)', (c) => c.unique())
    .addColumn('signed_by_staff_id', 'varchar(26)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .execute();
  await db.schema.createIndex('family_doctor_contract_team').on('family_doctor_contract').columns(['team_id', 'status']).execute();
  await db.schema.createIndex('family_doctor_contract_person').on('family_doctor_contract').column('person_id').execute();

  await db.schema
    .createTable('drug')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('code', 'varchar(30)', (c) => c.notNull().unique())
    .addColumn('generic_name', 'varchar(60)', (c) => c.notNull())
    .addColumn('strength', 'varchar(40)', (c) => c.notNull())
    .addColumn('form', 'varchar(20)', (c) => c.notNull())
    .addColumn('unit', 'varchar(10)', (c) => c.notNull())
    .addColumn('pack_size', 'integer', (c) => c.notNull())
    .addColumn('pack_unit', 'varchar(10)', (c) => c.notNull())
    .addColumn('price_fen', 'integer', (c) => c.notNull())
    .addColumn('insurance_class', 'varchar(1)', (c) => c.notNull())
    .addColumn('toxic', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('radioactive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('precursor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('narcotic', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('psychotropic', 'varchar(2)')
    .addColumn('antimicrobial', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('chronic_infection_exception', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('special_storage', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('long_prescription')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('person_id', 'varchar(26)', (c) => c.notNull().references('person.id'))
    .addColumn('previous_id', 'varchar(26)')
    .addColumn('renewal_id', 'varchar(26)')
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('is_first', 'integer', (c) => c.notNull())
    .addColumn('in_person', 'integer', (c) => c.notNull())
    .addColumn('prescriber_staff_id', 'varchar(26)')
    .addColumn('prescriber_doctor_id', 'varchar(26)')
    .addColumn('prescriber_name', 'varchar(60)', (c) => c.notNull())
    .addColumn('prescriber_title', 'varchar(30)')
    .addColumn('facility_id', 'varchar(26)', (c) => c.notNull().references('facility.id'))
    .addColumn('assessment', 'text')
    .addColumn('patient_confirmed_at', 'bigint')
    .addColumn('health_advice', 'text')
    .addColumn('issued_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('supply_start_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('days_of_supply', 'integer', (c) => c.notNull())
    .addColumn('items_total_fen', 'integer', (c) => c.notNull())
    .addColumn('review_flag_reason', 'varchar(300)')
    .addColumn('flagged_at', 'bigint')
    .addColumn('stop_reason', 'varchar(200)')
    .addColumn('stopped_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('long_prescription_person').on('long_prescription').columns(['person_id', 'status']).execute();

  await db.schema
    .createTable('long_prescription_item')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('prescription_id', 'varchar(26)', (c) => c.notNull().references('long_prescription.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('drug_id', 'varchar(26)', (c) => c.notNull().references('drug.id'))
    .addColumn('condition_code', 'varchar(10)', (c) => c.notNull())
    .addColumn('dose', 'varchar(10)', (c) => c.notNull())
    .addColumn('frequency', 'varchar(8)', (c) => c.notNull())
    .addColumn('days_of_supply', 'integer', (c) => c.notNull())
    .addColumn('usage', 'varchar(50)')
    .addColumn('quantity_packs', 'integer', (c) => c.notNull())
    .addColumn('unit_price_fen', 'integer', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('long_prescription_item_rx').on('long_prescription_item').columns(['prescription_id', 'line_no']).execute();

  await db.schema
    .createTable('renewal_request')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('prescription_id', 'varchar(26)', (c) => c.notNull().references('long_prescription.id'))
    .addColumn('person_id', 'varchar(26)', (c) => c.notNull().references('person.id'))
    .addColumn('account_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('open_key', 'varchar(26)', (c) => c.unique())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('stop_reasons', 'text')
    .addColumn('fulfilment', 'varchar(10)', (c) => c.notNull())
    .addColumn('pickup_facility_id', 'varchar(26)')
    .addColumn('recipient_name', 'varchar(60)')
    .addColumn('phone_enc', 'varchar(200)')
    .addColumn('address_enc', 'text')
    .addColumn('patient_confirmed_at', 'bigint')
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('reviewed_at', 'bigint')
    .addColumn('reviewer_staff_id', 'varchar(26)')
    .addColumn('reviewer_name', 'varchar(60)')
    .addColumn('reject_reason', 'varchar(200)')
    .addColumn('pharmacist_note', 'varchar(200)')
    .addColumn('new_prescription_id', 'varchar(26)')
    .addColumn('order_id', 'varchar(26)')
    .execute();
  await db.schema.createIndex('renewal_request_status').on('renewal_request').columns(['status', 'requested_at']).execute();
  await db.schema.createIndex('renewal_request_person').on('renewal_request').columns(['person_id', 'requested_at']).execute();

  await db.schema
    .createTable('medicine_order')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('renewal_id', 'varchar(26)', (c) => c.notNull().references('renewal_request.id'))
    .addColumn('prescription_id', 'varchar(26)', (c) => c.notNull().references('long_prescription.id'))
    .addColumn('person_id', 'varchar(26)', (c) => c.notNull().references('person.id'))
    .addColumn('account_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('pharmacy_facility_id', 'varchar(26)', (c) => c.notNull().references('facility.id'))
    .addColumn('state', 'varchar(24)', (c) => c.notNull())
    .addColumn('fulfilment', 'varchar(10)', (c) => c.notNull())
    .addColumn('pickup_facility_id', 'varchar(26)')
    .addColumn('recipient_name', 'varchar(60)')
    .addColumn('phone_enc', 'varchar(200)')
    .addColumn('address_enc', 'text')
    .addColumn('items_total_fen', 'integer', (c) => c.notNull())
    .addColumn('insurance_fen', 'integer', (c) => c.notNull())
    .addColumn('copay_fen', 'integer', (c) => c.notNull())
    .addColumn('benefit_label', 'varchar(100)', (c) => c.notNull())
    .addColumn('copay_steps', 'text', (c) => c.notNull())
    .addColumn('settlement_keys', 'text', (c) => c.notNull())
    .addColumn('payment_order_id', 'varchar(26)')
    .addColumn('paid_at', 'bigint')
    .addColumn('refunded_at', 'bigint')
    .addColumn('courier', 'varchar(20)')
    .addColumn('tracking_no', 'varchar(30)')
    .addColumn('pickup_code', 'varchar(6)')
    .addColumn('picked_up_kind', 'varchar(8)')
    .addColumn('proxy_name', 'varchar(60)')
    .addColumn('proxy_id_enc', 'varchar(200)')
    .addColumn('return_reason', 'varchar(200)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('medicine_order_pharmacy').on('medicine_order').columns(['pharmacy_facility_id', 'state']).execute();
  await db.schema.createIndex('medicine_order_pickup').on('medicine_order').columns(['pickup_facility_id', 'state']).execute();
  await db.schema.createIndex('medicine_order_person').on('medicine_order').columns(['person_id', 'created_at']).execute();

  await db.schema
    .createTable('medicine_order_event')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('order_id', 'varchar(26)', (c) => c.notNull().references('medicine_order.id'))
    .addColumn('action', 'varchar(20)', (c) => c.notNull())
    .addColumn('state', 'varchar(24)', (c) => c.notNull())
    .addColumn('actor_type', 'varchar(10)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(26)')
    .addColumn('actor_name', 'varchar(60)', (c) => c.notNull())
    .addColumn('facility_id', 'varchar(26)')
    .addColumn('note', 'varchar(300)')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('medicine_order_event_order').on('medicine_order_event').columns(['order_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'medicine_order_event',
    'medicine_order',
    'renewal_request',
    'long_prescription_item',
    'long_prescription',
    'drug',
    'family_doctor_contract',
    'doctor_team_member',
    'doctor_team',
    'chronic_condition',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
