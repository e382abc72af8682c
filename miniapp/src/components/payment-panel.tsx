import { Text, View } from '@tarojs/components';
import type { PaymentOrder, PaymentOrderState } from '@ygt/shared';
import { useEffect, useRef, useState } from 'react';
import { requestPayment } from '../platform';
import { ApiError } from '../services/api';
import { confirmDemoPayment, findPaymentOrder, getPaymentOrder, prepayOrder } from '../services/payments';
import { Button } from './nutui';
import { RemoteView, useRemote } from './remote';
import { Sheet } from './sheet';
import './payment-panel.scss';

/** States in which the money was taken (kept here as a list: this file may not import values from @ygt/shared). */
const PAID: readonly PaymentOrderState[] = ['paid', 'refunding', 'partially_refunded', 'refunded'];

/** After wx.requestPayment succeeds, WeChat Pay may take a moment: ask the API this many times, this far apart. */
const SYNC_TRIES = 5;
const SYNC_GAP_MS = 1500;

interface PaymentPanelProps {
  /** What is paid for, as the payments module names it: 'booking' (registration fee), 'prescription' (co-pay). */
  payableType: string;
  payableId: string;
  /** What the money is for, in a few words, e.g. “挂号费”. */
  what: string;
  /** Called once the order is paid: the page reloads its thing (e.g. the booking, now 待医院确认). */
  onPaid: () => void;
  /** Called when the time to pay ran out: the page reloads to show what became of it. */
  onExpired?: () => void;
}

const yuan = (fen: number) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

function left(ms: number): string {
  const total = Math.ceil(ms / 1000);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

function wait(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * 去支付 for an unpaid order: WeChat Pay on weapp (wx.requestPayment, then the API confirms
 * with WeChat Pay); in demo mode a clearly labelled 演示支付 sheet that takes no money. Shows
 * the time left before the order closes (and what is held, e.g. the place, is released).
 */
export function PaymentPanel({ payableType, payableId, what, onPaid, onExpired }: PaymentPanelProps) {
  const [order, reload] = useRemote(() => findPaymentOrder(payableType, payableId), [payableType, payableId]);
  return (
    <View className="card pay-panel" data-testid="pay-panel">
      <RemoteView state={order} onRetry={reload} loadingText="正在查询支付信息…">
        {(data) =>
          data ? (
            <PayOrder order={data} what={what} onPaid={onPaid} onExpired={onExpired} />
          ) : (
            <Text className="pay-panel__text">没有找到支付订单，请稍后刷新再看。</Text>
          )
        }
      </RemoteView>
    </View>
  );
}

function PayOrder({ order: initial, what, onPaid, onExpired }: { order: PaymentOrder; what: string; onPaid: () => void; onExpired?: () => void }) {
  const [order, setOrder] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [demo, setDemo] = useState<{ label: string; amountFen: number } | null>(null);
  const [now, setNow] = useState(Date.now());
  const paid = PAID.includes(order.state);
  const closed = order.state === 'closed';
  const remaining = Math.max(0, order.expiresAt - now);
  const timeUp = !paid && (closed || remaining === 0);
  // Tell the page only of changes seen here: a page reloading on an already paid or lapsed order would loop.
  const paidSeen = useRef(paid);
  const timeUpSeen = useRef(timeUp);

  useEffect(() => {
    if (paid || timeUp) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [paid, timeUp]);

  useEffect(() => {
    if (paid && !paidSeen.current) {
      paidSeen.current = true;
      onPaid();
    }
  }, [paid]);

  useEffect(() => {
    if (timeUp && !timeUpSeen.current && onExpired) {
      timeUpSeen.current = true;
      // The server closes the order on its own clock: give it a moment before reloading.
      const timer = setTimeout(onExpired, 3000);
      return () => clearTimeout(timer);
    }
  }, [timeUp]);

  const fail = (err: unknown) => setMessage(err instanceof ApiError ? err.message : '支付没有完成，请稍后再试');

  /** After WeChat says the payment went through: the API asks WeChat Pay until it knows. */
  const settle = async () => {
    for (let i = 0; i < SYNC_TRIES; i++) {
      const latest = await getPaymentOrder(order.id, true);
      setOrder(latest);
      if (PAID.includes(latest.state)) return;
      await wait(SYNC_GAP_MS);
    }
    setMessage('支付结果还在确认中，请稍后刷新查看，不要重复支付。');
  };

  const pay = async () => {
    if (busy || timeUp) return;
    setBusy(true);
    setMessage('');
    try {
      const prepay = await prepayOrder(order.id);
      if (prepay.provider === 'demo') {
        setDemo({ label: prepay.demo.label, amountFen: prepay.demo.amountFen });
        return;
      }
      const outcome = await requestPayment(prepay.requestPayment);
      if (outcome.ok) await settle();
      else setMessage(outcome.reason === 'cancelled' ? '您取消了支付。时限内可以再次点“去支付”。' : outcome.message);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const confirmDemo = async () => {
    if (busy) return;
    setBusy(true);
    setMessage('');
    try {
      setOrder(await confirmDemoPayment(order.id));
      setDemo(null);
    } catch (err) {
      setDemo(null);
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  if (paid) {
    return (
      <View className="pay-panel__done" data-testid="pay-done">
        <Text className="pay-panel__title">✓ 已支付 {yuan(order.amountFen)}</Text>
        <Text className="pay-panel__text">{what}已支付。</Text>
      </View>
    );
  }

  return (
    <>
      <View className="pay-panel__head">
        <Text className="pay-panel__title">
          待支付{what} <Text className="pay-panel__amount">{yuan(order.amountFen)}</Text>
        </Text>
      </View>
      {timeUp ? (
        <Text className="pay-panel__text pay-panel__text--bad" data-testid="pay-time-up">
          支付时间已过，这笔订单会自动关闭，不会扣款。
        </Text>
      ) : (
        <Text className="pay-panel__text" data-testid="pay-countdown">
          请在 <Text className="pay-panel__clock">{left(remaining)}</Text> 内支付，超时将自动取消。
        </Text>
      )}
      {message && (
        <Text className="pay-panel__text pay-panel__text--bad" data-testid="pay-error">
          {message}
        </Text>
      )}
      {!timeUp && (
        <Button block type="primary" size="large" loading={busy && !demo} disabled={busy} data-testid="pay-now" onClick={pay}>
          去支付 {yuan(order.amountFen)}
        </Button>
      )}

      <Sheet open={demo !== null} title="演示支付" testId="demo-pay-sheet" onClose={busy ? undefined : () => setDemo(null)}>
        <View className="pay-demo__badge">演示模式：不会真实扣款</View>
        <Text className="sheet__text">这是演示账号使用的模拟支付，不会从任何人的微信或银行卡扣钱。正式使用时，这里会打开微信支付。</Text>
        <View className="pay-demo__amount">
          <Text className="pay-demo__label">{what}</Text>
          <Text className="pay-demo__value">{yuan(demo?.amountFen ?? order.amountFen)}</Text>
        </View>
        <Text className="sheet__text pay-demo__desc">{order.description}</Text>
        <View className="sheet__actions">
          <Button block type="primary" size="large" loading={busy} disabled={busy} data-testid="demo-pay-confirm" onClick={confirmDemo}>
            确认支付（演示，不扣款）
          </Button>
          <Button block size="large" disabled={busy} data-testid="demo-pay-cancel" onClick={() => setDemo(null)}>
            先不付
          </Button>
        </View>
      </Sheet>
    </>
  );
}
