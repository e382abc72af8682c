import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { localDate, localTime, PAYABLE_TYPE_LABELS, type PaymentOrder, type Refund } from '@ygt/shared';
import type { ReactNode } from 'react';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { getOrderOfRefund } from '../../../../services/payments';
import { useRequireSignIn } from '../../../../services/sign-in';
import './index.scss';

/** Where the thing paid for is shown, by payable type. */
const PAYABLE_PAGES: Record<string, string> = { booking: '/packages/booking/pages/detail/index' };

const yuan = (fen: number) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
const when = (ms: number) => `${localDate(ms)} ${localTime(ms)}`;

function refundId(): string {
  const raw = Taro.getCurrentInstance().router?.params.id ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** 退款详情 (from a refund message): how much comes back, where to, and how far it is. */
export default function RefundPage() {
  const signedIn = useRequireSignIn();
  const id = refundId();
  const [order, reload] = useRemote(() => (signedIn ? getOrderOfRefund(id) : new Promise<PaymentOrder>(() => {})), [id, signedIn]);
  return (
    <Page className="pay-refund">
      <RemoteView state={order} onRetry={reload}>
        {(o) => {
          const refund = o.refunds.find((r) => r.id === id);
          return (
            <View>
              {refund && <RefundCard refund={refund} />}
              <View className="card">
                <Text className="pay-refund__title">原支付</Text>
                <Line label="内容">{PAYABLE_TYPE_LABELS[o.payableType] ?? '费用'}</Line>
                <Line label="说明">{o.description}</Line>
                <Line label="支付金额">{yuan(o.amountFen)}</Line>
                {o.paidAt && <Line label="支付时间">{when(o.paidAt)}</Line>}
                <Line label="订单状态">{o.stateLabel}</Line>
                <Line label="已退金额">{yuan(o.refundedFen)}</Line>
                {o.provider === 'demo' && <Line label="支付方式">演示支付（没有真实扣款）</Line>}
              </View>
              {o.refunds.length > 1 && (
                <View className="card">
                  <Text className="pay-refund__title">这笔支付的全部退款</Text>
                  {o.refunds.map((r) => (
                    <Line key={r.id} label={when(r.requestedAt)}>
                      {yuan(r.amountFen)} {r.stateLabel}
                    </Line>
                  ))}
                </View>
              )}
              {PAYABLE_PAGES[o.payableType] && (
                <View
                  className="pay-refund__link"
                  data-testid="refund-payable-link"
                  onClick={() => Taro.navigateTo({ url: `${PAYABLE_PAGES[o.payableType]}?id=${encodeURIComponent(o.payableId)}` })}
                >
                  查看{o.payableType === 'booking' ? '预约' : '详情'} ›
                </View>
              )}
            </View>
          );
        }}
      </RemoteView>
    </Page>
  );
}

function RefundCard({ refund: r }: { refund: Refund }) {
  const done = r.state === 'succeeded';
  const bad = r.state === 'abnormal' || r.state === 'closed';
  return (
    <View className={`card pay-refund__card${done ? ' pay-refund__card--done' : bad ? ' pay-refund__card--bad' : ''}`} data-testid="refund-detail">
      <Text className="pay-refund__amount" data-testid="refund-amount">
        退款 {yuan(r.amountFen)}
      </Text>
      <Text className="pay-refund__state" data-testid="refund-state">
        {done ? '✓ ' : ''}
        {r.stateLabel}
      </Text>
      <Text className="pay-refund__text">{r.reason}</Text>
      {done && r.succeededAt ? (
        <Text className="pay-refund__text">
          {when(r.succeededAt)} 已退回{r.receivedAccount ? `到${r.receivedAccount}` : ''}。
        </Text>
      ) : r.state === 'abnormal' ? (
        <Text className="pay-refund__text">退款没有自动到账（例如银行卡已注销），医院财务会人工处理，请留意电话。</Text>
      ) : (
        <Text className="pay-refund__text">原路退回到您付款的微信账户，一般1-3个工作日到账。</Text>
      )}
    </View>
  );
}

function Line({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View className="pay-refund__line">
      <Text className="pay-refund__label">{label}</Text>
      <Text className="pay-refund__value">{children}</Text>
    </View>
  );
}
