import type { Kysely } from 'kysely';

/** Booking across the community: policies, schedules and slots, bookings, waitlist, referrals. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('booking_policy')
    .addColumn('facility_id', 'varchar(26)', (c) => c.primaryKey().references('facility.id'))
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(26)')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('schedule')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('facility_id', 'varchar(26)', (c) => c.notNull().references('facility.id'))
    .addColumn('department_id', 'varchar(26)', (c) => c.notNull().references('department.id'))
    .addColumn('doctor_id', 'varchar(26)', (c) => c.notNull().references('doctor.id'))
    .addColumn('date', 'varchar(10)', (c) => c.notNull())
    .addColumn('period', 'varchar(16)', (c) => c.notNull())
    .addColumn('start_time', 'varchar(5)', (c) => c.notNull())
    .addColumn('end_time', 'varchar(5)', (c) => c.notNull())
    .addColumn('segment_minutes', 'integer', (c) => c.notNull())
    .addColumn('fee_fen', 'integer', (c) => c.notNull())
    .addColumn('is_visiting', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('stop_reason', 'varchar(200)')
    .addColumn('active_key', 'varchar(60)', (c) => c.unique())
    .addColumn('created_by', 'varchar(26)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('schedule_facility_date').on('schedule').columns(['facility_id', 'date']).execute();
  await db.schema.createIndex('schedule_department_date').on('schedule').columns(['department_id', 'date']).execute();
  await db.schema.createIndex('schedule_doctor_date').on('schedule').columns(['doctor_id', 'date']).execute();
  await db.schema.createIndex('schedule_date_visiting').on('schedule').columns(['date', 'is_visiting']).execute();

  await db.schema
    .createTable('slot')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('schedule_id', 'varchar(26)', (c) => c.notNull().references('schedule.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('start_time', 'varchar(5)', (c) => c.notNull())
    .addColumn('end_time', 'varchar(5)', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('booked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('held', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('referral_reserved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('referral_booked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('open', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('slot_schedule').on('slot').columns(['schedule_id', 'seq']).execute();

  await db.schema
    .createTable('booking')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('slot_id', 'varchar(26)', (c) => c.notNull().references('slot.id'))
    .addColumn('schedule_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('facility_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('department_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('doctor_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('date', 'varchar(10)', (c) => c.notNull())
    .addColumn('start_time', 'varchar(5)', (c) => c.notNull())
    .addColumn('end_time', 'varchar(5)', (c) => c.notNull())
    .addColumn('person_id', 'varchar(26)', (c) => c.notNull().references('person.id'))
    .addColumn('booked_by_account_id', 'varchar(26)')
    .addColumn('booked_by_staff_id', 'varchar(26)')
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('referral_id', 'varchar(26)')
    .addColumn('status', 'varchar(24)', (c) => c.notNull())
    .addColumn('active_key', 'varchar(80)', (c) => c.unique())
    .addColumn('request_key', 'varchar(100)', (c) => c.unique())
    .addColumn('fee_fen', 'integer', (c) => c.notNull())
    .addColumn('hold_expires_at', 'bigint')
    .addColumn('late_cancel', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status_reason', 'varchar(200)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('booking_person_date').on('booking').columns(['person_id', 'date']).execute();
  await db.schema.createIndex('booking_facility_date').on('booking').columns(['facility_id', 'date']).execute();
  await db.schema.createIndex('booking_schedule_status').on('booking').columns(['schedule_id', 'status']).execute();

  await db.schema
    .createTable('booking_event')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('booking_id', 'varchar(26)', (c) => c.notNull().references('booking.id'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(26)')
    .addColumn('from_status', 'varchar(24)')
    .addColumn('to_status', 'varchar(24)', (c) => c.notNull())
    .addColumn('reason', 'varchar(200)')
    .execute();
  await db.schema.createIndex('booking_event_booking').on('booking_event').columns(['booking_id', 'at']).execute();

  await db.schema
    .createTable('waitlist_entry')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('schedule_id', 'varchar(26)', (c) => c.notNull().references('schedule.id'))
    .addColumn('person_id', 'varchar(26)', (c) => c.notNull().references('person.id'))
    .addColumn('account_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('active_key', 'varchar(60)', (c) => c.unique())
    .addColumn('offered_slot_id', 'varchar(26)')
    .addColumn('offer_expires_at', 'bigint')
    .addColumn('booking_id', 'varchar(26)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('waitlist_schedule_status').on('waitlist_entry').columns(['schedule_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('waitlist_status_expiry').on('waitlist_entry').columns(['status', 'offer_expires_at']).execute();
  await db.schema.createIndex('waitlist_person').on('waitlist_entry').column('person_id').execute();

  await db.schema
    .createTable('referral')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('direction', 'varchar(8)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('person_id', 'varchar(26)', (c) => c.notNull().references('person.id'))
    .addColumn('from_facility_id', 'varchar(26)', (c) => c.notNull().references('facility.id'))
    .addColumn('from_staff_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('to_facility_id', 'varchar(26)', (c) => c.notNull().references('facility.id'))
    .addColumn('to_department_id', 'varchar(26)')
    .addColumn('reason', 'varchar(200)', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('result_ids', 'text', (c) => c.notNull())
    .addColumn('follow_up_plan', 'text')
    .addColumn('decline_reason', 'varchar(200)')
    .addColumn('decided_by_staff_id', 'varchar(26)')
    .addColumn('decided_at', 'bigint')
    .addColumn('parent_referral_id', 'varchar(26)')
    .addColumn('booking_id', 'varchar(26)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('referral_to_facility').on('referral').columns(['to_facility_id', 'status']).execute();
  await db.schema.createIndex('referral_from_facility').on('referral').columns(['from_facility_id', 'status']).execute();
  await db.schema.createIndex('referral_person').on('referral').column('person_id').execute();
  await db.schema.createIndex('referral_parent').on('referral').column('parent_referral_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['referral', 'waitlist_entry', 'booking_event', 'booking', 'slot', 'schedule', 'booking_policy']) await db.schema.dropTable(t).execute();
}
