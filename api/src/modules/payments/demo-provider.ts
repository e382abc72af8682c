import { wechatPayTime } from '@ygt/shared';
import type { Config } from '../../config';
import type { PaymentOrderTable } from '../../db/schema/payment-order';
import type { Clock } from '../../deps';
import { type PaymentProvider, type PrepayAnswer, type RefundRequest, vouch } from './provider';

export const DEMO_PAYMENT_LABEL = '演示支付（不会真实扣款）';
export const DEMO_MCHID = 'DEMO-MCH';

/**
 * The labelled demo provider: takes no money. Its only way to pay is the resident pressing
 * 演示支付, which `confirmPayment` turns into the same transaction fact a WeChat Pay
 * notification carries, applied by the same function. It cannot be built in production.
 */
export class DemoPaymentProvider implements PaymentProvider {
  readonly kind = 'demo' as const;
  readonly appId: string;
  readonly mchId = DEMO_MCHID;

  constructor(
    config: Config,
    private readonly clock: Clock,
  ) {
    if (config.mode === 'production') throw new Error('The demo payment provider takes no money and never runs in production.');
    this.appId = config.wechat.appId;
  }

  async prepay(order: PaymentOrderTable): Promise<PrepayAnswer> {
    return { provider: 'demo', prepayId: `demo_${order.id}` };
  }

  /** The success fact of a demo payment: full amount, by the order's payer. */
  confirmPayment(order: PaymentOrderTable) {
    return vouch('demo', {
      appid: this.appId,
      mchid: this.mchId,
      out_trade_no: order.out_trade_no,
      transaction_id: `DEMO${order.id}`,
      trade_state: 'SUCCESS' as const,
      success_time: wechatPayTime(this.clock.now()),
      payer: { openid: order.payer_openid },
      amount: { total: order.amount_fen, payer_total: order.amount_fen, currency: 'CNY' },
    });
  }

  /** Nothing is ever paid here except through `confirmPayment`, which is applied at once. */
  async queryOrder(outTradeNo: string) {
    return vouch('demo', { appid: this.appId, mchid: this.mchId, out_trade_no: outTradeNo, trade_state: 'NOTPAY' as const });
  }

  async closeOrder() {}

  /** Demo refunds succeed at once. */
  async refund(r: RefundRequest) {
    return vouch('demo', {
      mchid: this.mchId,
      out_trade_no: r.outTradeNo,
      out_refund_no: r.outRefundNo,
      refund_id: `DEMO-${r.outRefundNo}`,
      status: 'SUCCESS' as const,
      success_time: wechatPayTime(this.clock.now()),
      user_received_account: '演示零钱',
      amount: { total: r.totalFen, refund: r.refundFen },
    });
  }

  /** A refund that never reached the demo provider is simply submitted again. */
  async queryRefund() {
    return null;
  }
}
