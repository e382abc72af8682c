import type { Kysely } from 'kysely';

/** Payment orders, refunds, their ledger and refused notifications. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('payment_order')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('out_trade_no', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('payable_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('payable_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('payable_key', 'varchar(80)', (c) => c.unique())
    .addColumn('account_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('person_id', 'varchar(26)')
    .addColumn('facility_id', 'varchar(26)')
    .addColumn('payer_openid', 'varchar(128)', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('description', 'varchar(127)', (c) => c.notNull())
    .addColumn('state', 'varchar(20)', (c) => c.notNull())
    .addColumn('provider', 'varchar(10)', (c) => c.notNull())
    .addColumn('prepay_id', 'varchar(64)')
    .addColumn('transaction_id', 'varchar(32)')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('paid_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('refunded_fen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refund_reserved_fen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refund_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_check_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payment_order_payable').on('payment_order').columns(['payable_type', 'payable_id']).execute();
  await db.schema.createIndex('payment_order_account').on('payment_order').columns(['account_id', 'created_at']).execute();
  await db.schema.createIndex('payment_order_due').on('payment_order').columns(['state', 'next_check_at']).execute();
  await db.schema.createIndex('payment_order_created').on('payment_order').column('created_at').execute();

  await db.schema
    .createTable('payment_refund')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('order_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('out_refund_no', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('reason_key', 'varchar(24)', (c) => c.notNull())
    .addColumn('reason', 'varchar(80)', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('state', 'varchar(20)', (c) => c.notNull())
    .addColumn('refund_id', 'varchar(64)')
    .addColumn('received_account', 'varchar(64)')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'varchar(500)')
    .addColumn('next_check_at', 'bigint')
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('succeeded_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payment_refund_order').on('payment_refund').column('order_id').execute();
  await db.schema.createIndex('payment_refund_due').on('payment_refund').columns(['state', 'next_check_at']).execute();

  await db.schema
    .createTable('payment_ledger')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('order_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('refund_id', 'varchar(26)')
    .addColumn('event', 'varchar(30)', (c) => c.notNull())
    .addColumn('source', 'varchar(20)', (c) => c.notNull())
    .addColumn('amount_fen', 'integer')
    .addColumn('once_key', 'varchar(80)', (c) => c.unique())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payment_ledger_order').on('payment_ledger').columns(['order_id', 'at']).execute();
  await db.schema.createIndex('payment_ledger_event_at').on('payment_ledger').columns(['event', 'at']).execute();

  await db.schema
    .createTable('payment_security_event')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'varchar(30)', (c) => c.notNull())
    .addColumn('serial', 'varchar(64)')
    .addColumn('out_trade_no', 'varchar(64)')
    .addColumn('detail', 'varchar(500)', (c) => c.notNull())
    .addColumn('remote_ip', 'varchar(64)')
    .addColumn('request_id', 'varchar(64)')
    .execute();
  await db.schema.createIndex('payment_security_event_at').on('payment_security_event').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('payment_security_event').execute();
  await db.schema.dropTable('payment_ledger').execute();
  await db.schema.dropTable('payment_refund').execute();
  await db.schema.dropTable('payment_order').execute();
}
