import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeWechatPay, testMerchant } from '@ygt/test/fakes/wechatpay';
import { residentHeaders } from '@ygt/test/support/actors';
import { startTestApp, type TestApp } from '@ygt/test/support/harness';
import { registerPayable } from './registry';
import { createPaymentOrder } from './service';

/** WeChat Pay public-key mode: notifications and answers are signed under a PUB_KEY_ID_ serial. */
const merchant = testMerchant();
let fake: FakeWechatPay;
let app: TestApp;
let headers: Record<string, string>;
const paid: string[] = [];

registerPayable('test_fee', {
  async onPaid(_deps, _tx, payableId) {
    paid.push(payableId);
  },
  async onClosed() {},
});

beforeAll(async () => {
  fake = await new FakeWechatPay({ appId: merchant.appId, mchId: merchant.mchId, serialNo: merchant.serialNo, publicKey: merchant.publicKey }, 'public_key').start();
  app = await startTestApp({ env: fake.env(merchant.privateKeyPem, 'https://pay.ygt.example.cn/api/v1/payments/wechat/notify') });
  fake.deliverTo = app.url;
  fake.now = () => app.clock.now();
  fake.retryDelaysMs = [];
  headers = await residentHeaders(app, 'wang');
});
afterAll(async () => {
  await app?.close();
  await fake?.stop();
});

async function prepaid() {
  const accountId = (await app.api('/api/v1/me', { headers })).body.accountId;
  const payableId = `fee-${randomBytes(5).toString('hex')}`;
  const order = await app.deps.database.db
    .transaction()
    .execute((tx) => createPaymentOrder(app.deps, tx, { payableType: 'test_fee', payableId, accountId, personId: null, facilityId: null, amountFen: 500, description: '柳河镇卫生院 挂号费' }));
  expect((await app.api(`/api/v1/payments/orders/${order.id}/prepay`, { method: 'POST', headers })).status).toBe(200);
  return { ...order, payableId };
}
const state = async (id: string) => (await app.api(`/api/v1/payments/orders/${id}`, { headers })).body.state;

describe('WeChat Pay public-key verification mode', () => {
  it('verifies a notification signed with the WeChat Pay public key, without any platform certificate', async () => {
    const o = await prepaid();
    expect(await fake.pay(o.out_trade_no)).toEqual([204]);
    expect(await state(o.id)).toBe('paid');
    expect(paid).toEqual([o.payableId]);
    expect(fake.countRequests('certificates')).toBe(0);
  });

  it('trusts query answers signed with the public key (sync after wx.requestPayment)', async () => {
    const o = await prepaid();
    fake.completePayment(o.out_trade_no);
    expect((await app.api(`/api/v1/payments/orders/${o.id}?sync=1`, { headers })).body.state).toBe('paid');
  });

  it.each([
    ['another public key id', { serial: 'PUB_KEY_ID_0114000000000000000000000000' }, 401],
    ['a forged signature under our key id', { forgeSignature: true }, 401],
    ['a stale timestamp', { timestampShiftSec: -360 }, 400],
  ])('refuses %s and changes nothing', async (_label, tweaks, status) => {
    const o = await prepaid();
    fake.completePayment(o.out_trade_no);
    expect(await fake.deliver(fake.transactionNotification(fake.transactions.get(o.out_trade_no)!, tweaks))).toEqual([status]);
    expect(await state(o.id)).toBe('paying');
  });
});
