import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { MedicineOrder, PaymentOrderState } from '@ygt/shared';
import { useState } from 'react';
import { HealthConsentGate } from '../../../../components/health-consent-gate';
import { Button } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { Sheet } from '../../../../components/sheet';
import { requestPayment } from '../../../../platform';
import { ApiError } from '../../../../services/api';
import { confirmDemoPayment, getPaymentOrder, prepayOrder } from '../../../../services/payments';
import { cancelMedicineOrder, getMedicineOrder, startCoPay } from '../../../../services/prescriptions';
import { safeDecode } from '../../../../services/sign-in';
import { askSubscribe } from '../../../../services/subscribe';
import { useElderMode } from '../../../../stores/elder-mode';
import { MedicinesWithAdvice, Progress, StatusBadge, Timeline } from '../../parts';
import { orderNextStep, orderStatus, progressSteps, refundNote, yuan } from '../../rx';
import { useReturnCount } from '../../hooks';
import '../../rx.scss';

/** 取药进度: one medicine order, its timeline, the co-pay and the pickup code (opened from messages with ?id=). */
export default function OrderPage() {
  const id = safeDecode(useRouter().params.id ?? '');
  return (
    <Page className="rx-order">
      <HealthConsentGate service="长处方续方">
        <OrderLoader id={id} />
      </HealthConsentGate>
    </Page>
  );
}

function OrderLoader({ id }: { id: string }) {
  const shown = useReturnCount();
  const [order, reload] = useRemote(() => getMedicineOrder(id), [id, shown]);
  return (
    <RemoteView state={order} onRetry={reload}>
      {(o) => <OrderView order={o} onChanged={reload} />}
    </RemoteView>
  );
}

function OrderView({ order, onChanged }: { order: MedicineOrder; onChanged: () => void }) {
  const [elder] = useElderMode();
  const status = orderStatus(order);
  const showProgress = order.state !== 'cancelled';
  return (
    <View>
      <View className="card rx-head">
        <Text className="rx-head__who">{order.patientName}的药</Text>
        <StatusBadge text={status.text} tone={status.tone} testId="order-status" />
        {/* 关怀版: the pickup-code card below says where; fewer words. */}
        {!(elder && order.state === 'ready_for_pickup') && (
          <Text className="rx-head__next" data-testid="order-next">
            {orderNextStep(order)}
          </Text>
        )}
      </View>

      {order.state === 'ready_for_pickup' && order.pickupCode && <PickupCode order={order} />}

      {order.state === 'awaiting_payment' && <CoPay order={order} onPaid={onChanged} />}

      {showProgress && (
        <View className="card">
          <Progress steps={progressSteps(null, order, order.fulfilment)} />
        </View>
      )}

      {order.fulfilment === 'delivery' && order.delivery && !elder && (
        <View className="card rx-summary">
          <View className="rx-summary__row">
            <Text className="rx-summary__label">送到</Text>
            <Text className="rx-summary__value">
              {order.delivery.address}（{order.delivery.recipientName} {order.delivery.phone}）
            </Text>
          </View>
          {order.courier && (
            <View className="rx-summary__row">
              <Text className="rx-summary__label">快递</Text>
              <Text className="rx-summary__value" data-testid="order-tracking">
                {order.courier} {order.trackingNo}
              </Text>
            </View>
          )}
        </View>
      )}

      <View className="card">
        <Text className="section-title rx-card__section">这次的药</Text>
        <MedicinesWithAdvice items={order.items} healthAdvice={order.healthAdvice} />
      </View>

      {order.coPay.paidAt && order.state !== 'cancelled' && !elder && (
        <Text className="muted rx-paid" data-testid="order-paid">
          ✓ 已支付个人自付 {yuan(order.coPay.amountFen)}（医保已报 {yuan(order.coPay.insuranceFen)}）
        </Text>
      )}
      {order.state === 'cancelled' && refundNote(order) && (
        <Text className="card rx-refund" data-testid="order-refund">
          {refundNote(order)}
        </Text>
      )}

      {!elder && (
        <View className="card">
          <Text className="section-title rx-card__section">办理记录</Text>
          <Timeline events={order.timeline} />
        </View>
      )}

      {order.cancellable && <CancelButton order={order} onCancelled={onChanged} />}
    </View>
  );
}

/** The 6-digit code the clinic checks: as large as the screen allows, read digit by digit. */
function PickupCode({ order }: { order: MedicineOrder }) {
  const [elder] = useElderMode();
  return (
    <View className="card rx-code" data-testid="order-pickup">
      <Text className="rx-code__label">取药码</Text>
      <Text className="rx-code__digits" data-testid="order-pickup-code">
        {order.pickupCode}
      </Text>
      <Text className="rx-code__where">到 {order.pickupFacility?.name ?? '取药点'} 取药</Text>
      {!elder && <Text className="rx-code__hint">把这6位数字告诉卫生室的医生。家人代取也可以，代取人要带自己的身份证。</Text>}
    </View>
  );
}

/** After wx.requestPayment succeeds WeChat Pay may take a moment: ask the API this many times, this far apart. */
const SYNC_TRIES = 5;
const SYNC_GAP_MS = 1500;

const PAID_STATES: readonly PaymentOrderState[] = ['paid', 'refunding', 'partially_refunded', 'refunded'];

/**
 * 个人自付: what insurance paid, what is left, and 支付. The order's payment is (re)opened with
 * /pay (an expired one is replaced), then paid the one way (services/payments): WeChat Pay on
 * weapp, or in demo mode the same labelled 演示支付 sheet as booking.
 */
function CoPay({ order, onPaid }: { order: MedicineOrder; onPaid: () => void }) {
  const [elder] = useElderMode();
  const [busy, setBusy] = useState(false);
  const [demo, setDemo] = useState<{ paymentOrderId: string; amountFen: number }>();
  const [error, setError] = useState('');
  const [showSteps, setShowSteps] = useState(false);
  const { coPay } = order;

  const fail = (err: unknown) => setError(err instanceof ApiError ? err.message : '支付没有完成，请稍后再试');

  const settle = async (paymentOrderId: string) => {
    for (let i = 0; i < SYNC_TRIES; i++) {
      if (PAID_STATES.includes((await getPaymentOrder(paymentOrderId, true)).state)) return onPaid();
      await new Promise((resolve) => setTimeout(resolve, SYNC_GAP_MS));
    }
    setError('支付结果还在确认中，请稍后刷新查看，不要重复支付。');
  };

  const pay = async () => {
    if (busy) return;
    // First, inside the tap: the messages that follow (sent out, ready for pickup).
    void askSubscribe('medicine_order');
    setBusy(true);
    setError('');
    try {
      const opened = await startCoPay(order.id);
      const paymentOrderId = opened.coPay.paymentOrderId;
      if (opened.state !== 'awaiting_payment' || !paymentOrderId) return onPaid();
      const prepay = await prepayOrder(paymentOrderId);
      if (prepay.provider === 'demo') {
        setDemo({ paymentOrderId, amountFen: prepay.demo.amountFen });
        return;
      }
      const outcome = await requestPayment(prepay.requestPayment);
      if (outcome.ok) await settle(paymentOrderId);
      else setError(outcome.reason === 'cancelled' ? '您取消了支付，可以再点“支付”。' : outcome.message);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const confirmDemo = async () => {
    if (!demo || busy) return;
    setBusy(true);
    setError('');
    try {
      await confirmDemoPayment(demo.paymentOrderId);
      setDemo(undefined);
      void Taro.showToast({ title: '支付成功', icon: 'success' });
      onPaid();
    } catch (err) {
      setDemo(undefined);
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="card rx-pay" data-testid="order-copay">
      <View className="rx-pay__row">
        <Text>药费合计</Text>
        <Text>{yuan(coPay.itemsTotalFen)}</Text>
      </View>
      <View className="rx-pay__row">
        <Text>医保报销</Text>
        <Text>-{yuan(coPay.insuranceFen)}</Text>
      </View>
      <View className="rx-pay__row rx-pay__row--total">
        <Text>您要付</Text>
        <Text data-testid="order-copay-amount">{yuan(coPay.amountFen)}</Text>
      </View>
      {!elder && (
        <Text className="rx-pay__how" data-testid="order-copay-how" onClick={() => setShowSteps(!showSteps)}>
          {showSteps ? '收起 ▲' : `${coPay.benefitLabel}，怎么算的？▼`}
        </Text>
      )}
      {showSteps && (
        <View className="rx-pay__steps">
          {coPay.steps.map((s, i) => (
            <Text key={i} className="rx-pay__step">
              {s}
            </Text>
          ))}
        </View>
      )}
      {error && (
        <Text className="rx-field-error" data-testid="order-pay-error">
          {error}
        </Text>
      )}
      <Button block type="primary" size="large" className="rx-pay__button" loading={busy && !demo} disabled={busy} data-testid="order-pay" onClick={pay}>
        支付 {yuan(coPay.amountFen)}
      </Button>

      <Sheet open={demo !== undefined} title="演示支付" testId="demo-pay-sheet" onClose={busy ? undefined : () => setDemo(undefined)}>
        <View className="rx-demo-pay__badge">演示模式：不会真实扣款</View>
        <Text className="sheet__text">这是演示账号使用的模拟支付，不会从任何人的微信或银行卡扣钱。正式使用时，这里会打开微信支付。</Text>
        <View className="rx-demo-pay__amount">
          <Text className="rx-demo-pay__label">处方自付费用</Text>
          <Text className="rx-demo-pay__value">{yuan(demo?.amountFen ?? coPay.amountFen)}</Text>
        </View>
        <View className="sheet__actions">
          <Button block type="primary" size="large" loading={busy} disabled={busy} data-testid="demo-pay-confirm" onClick={confirmDemo}>
            确认支付（演示，不扣款）
          </Button>
          <Button block size="large" disabled={busy} data-testid="demo-pay-cancel" onClick={() => setDemo(undefined)}>
            先不付
          </Button>
        </View>
      </Sheet>
    </View>
  );
}

function CancelButton({ order, onCancelled }: { order: MedicineOrder; onCancelled: () => void }) {
  const [busy, setBusy] = useState(false);
  const cancel = async () => {
    if (busy) return;
    const paid = order.coPay.paidAt !== null;
    const { confirm } = await Taro.showModal({
      title: '确定不要这次的药了吗？',
      content: `取消后这次续方就作废了，药房不再配药。${paid ? `已付的 ${yuan(order.coPay.amountFen)} 会原路退回，一般1-3个工作日到账。` : ''}还要吃药的话需要重新申请续方。`,
      confirmText: '确定取消',
      cancelText: '不取消',
      confirmColor: '#b42318',
    });
    if (!confirm) return;
    setBusy(true);
    try {
      await cancelMedicineOrder(order.id);
      void Taro.showToast({ title: '已取消', icon: 'none' });
      onCancelled();
    } catch (err) {
      void Taro.showToast({ title: err instanceof ApiError ? err.message : '没有取消成功，请稍后再试', icon: 'none', duration: 2500 });
      onCancelled();
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="rx-cancel">
      <Button block size="large" loading={busy} data-testid="order-cancel" onClick={cancel}>
        不要这次的药了（取消）
      </Button>
      <Text className="muted rx-cancel__note">药房开始配药前可以取消，已付的钱原路退回。</Text>
    </View>
  );
}
