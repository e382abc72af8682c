import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentHeaders } from '@ygt/test/support/actors';
import { startTestApp, type TestApp } from '@ygt/test/support/harness';
import { ConfigError, loadConfig } from '../../config';
import { DemoPaymentProvider } from './demo-provider';
import { reconcilePayments } from './reconcile';
import { registerPayable } from './registry';
import { createPaymentOrder, refundPayable } from './service';

/** The labelled demo provider: same state machine, same apply function, never in production. */
let app: TestApp;
let headers: Record<string, string>;
const hooks: string[] = [];

registerPayable('test_fee', {
  async onPaid(_deps, _tx, payableId) {
    hooks.push(`paid:${payableId}`);
  },
  async onClosed(_deps, _tx, payableId) {
    hooks.push(`closed:${payableId}`);
  },
});

beforeAll(async () => {
  app = await startTestApp();
  headers = await residentHeaders(app, 'zhang');
});
afterAll(() => app?.close());

async function newOrder() {
  const accountId = (await app.api('/api/v1/me', { headers })).body.accountId;
  const payableId = `fee-${randomBytes(5).toString('hex')}`;
  const order = await app.deps.database.db
    .transaction()
    .execute((tx) => createPaymentOrder(app.deps, tx, { payableType: 'test_fee', payableId, accountId, personId: null, facilityId: null, amountFen: 1000, description: '演示挂号费' }));
  return { ...order, payableId };
}
const ledger = (orderId: string) => app.deps.database.db.selectFrom('payment_ledger').select(['event', 'source']).where('order_id', '=', orderId).orderBy('at').orderBy('id').execute();

describe('demo payments', () => {
  it('prepay answers the labelled demo payment; confirming it pays through the same apply path', async () => {
    const o = await newOrder();
    const prepay = await app.api(`/api/v1/payments/orders/${o.id}/prepay`, { method: 'POST', headers });
    expect(prepay.body).toEqual({
      provider: 'demo',
      orderId: o.id,
      demo: { label: '演示支付（不会真实扣款）', amountFen: 1000, confirmPath: `/api/v1/payments/orders/${o.id}/demo-confirm` },
    });
    const confirmed = await app.api(prepay.body.demo.confirmPath, { method: 'POST', headers });
    expect(confirmed.body).toMatchObject({ state: 'paid', provider: 'demo' });
    expect(await ledger(o.id)).toEqual([
      { event: 'order_created', source: 'system' },
      { event: 'prepay', source: 'api' },
      { event: 'demo_confirmed', source: 'demo' },
      { event: 'paid', source: 'demo' },
    ]);
    expect(hooks).toContain(`paid:${o.payableId}`);
    const again = await app.api(prepay.body.demo.confirmPath, { method: 'POST', headers });
    expect(again.status).toBe(409);
    expect(again.body.error.field).toBe('orderId');
  });

  it('refunds at once and tells the resident', async () => {
    const o = await newOrder();
    await app.api(`/api/v1/payments/orders/${o.id}/prepay`, { method: 'POST', headers });
    await app.api(`/api/v1/payments/orders/${o.id}/demo-confirm`, { method: 'POST', headers });
    const refund = await refundPayable(app.deps, { payableType: 'test_fee', payableId: o.payableId, reasonKey: 'staff_rejected', reason: '医院未通过预约' });
    const view = await app.api(`/api/v1/payments/orders/${o.id}`, { headers });
    expect(view.body).toMatchObject({ state: 'refunded', refundedFen: 1000, refunds: [{ id: refund!.id, state: 'succeeded', receivedAccount: '演示零钱' }] });
    const messages = (await app.api('/api/v1/me/messages', { headers })).body.items;
    expect(messages.some((m: { type: string; body: string }) => m.type === 'refund_completed' && m.body.includes('10.00元'))).toBe(true);
  });

  it('never pays on its own: an unconfirmed order closes after the timeout and releases the payable once', async () => {
    const o = await newOrder();
    await app.api(`/api/v1/payments/orders/${o.id}/prepay`, { method: 'POST', headers });
    app.clock.advance(5 * 60_000);
    await reconcilePayments(app.deps);
    expect((await app.api(`/api/v1/payments/orders/${o.id}`, { headers })).body.state).toBe('paying');
    app.clock.advance(10 * 60_000 + 1);
    await reconcilePayments(app.deps);
    await reconcilePayments(app.deps);
    expect((await app.api(`/api/v1/payments/orders/${o.id}`, { headers })).body.state).toBe('closed');
    expect(hooks.filter((h) => h === `closed:${o.payableId}`)).toHaveLength(1);
  });

  it('has no WeChat Pay notification endpoint', async () => {
    const res = await app.api('/api/v1/payments/wechat/notify', { body: { id: 'x' } });
    expect(res.status).toBe(404);
  });
});

describe('never in production', () => {
  const production = { YGT_MODE: 'production', DATABASE_URL: 'mysql://u@h/db', REDIS_URL: 'redis://h', WECHAT_APPID: 'wx1', WECHAT_SECRET: 's', DATA_KEYS: 'k1:ZGVtby1vbmx5LWtleS1kby1ub3QtdXNlLWluLXByb2Q=', BLIND_INDEX_KEY: 'x'.repeat(32), WECHAT_TEMPLATES: '{}' };

  it('production refuses PAY_PROVIDER=demo and needs the WeChat Pay credentials', () => {
    expect(() => loadConfig({ ...production, PAY_PROVIDER: 'demo' })).toThrow(/PAY_PROVIDER=demo/);
    expect(() => loadConfig(production)).toThrow(ConfigError);
    expect(() => loadConfig(production)).toThrow(/WECHATPAY_MCHID.*WECHATPAY_NOTIFY_URL/);
  });

  it('the demo provider cannot be built with a production configuration', () => {
    expect(() => new DemoPaymentProvider({ ...app.deps.config, mode: 'production' }, app.clock)).toThrow(/never runs in production/);
  });
});
