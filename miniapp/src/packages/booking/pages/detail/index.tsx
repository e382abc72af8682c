import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { BookingStatus, PaymentOrder } from '@ygt/shared';
import { useState } from 'react';
import { Button } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { PaymentPanel } from '../../../../components/payment-panel';
import { RemoteView, useRemote } from '../../../../components/remote';
import { Sheet } from '../../../../components/sheet';
import { ApiError } from '../../../../services/api';
import { type BookingDetail, cancelBooking, checkInBooking, getMyBooking } from '../../../../services/booking';
import { findPaymentOrder } from '../../../../services/payments';
import { useRequireSignIn } from '../../../../services/sign-in';
import { BOOKING_PAGES, feeValue, go, instantText, STATUS_HINT, useQuery, useShownCount, visitTime, yuan } from '../../booking';
import { Row, StatusChip } from '../../parts';
import '../../booking.scss';
import './index.scss';

const REFUND_PAGE = '/packages/payments/pages/refund/index';

interface DetailView {
  booking: BookingDetail;
  order: PaymentOrder | null;
}

async function loadDetail(id: string): Promise<DetailView> {
  const booking = await getMyBooking(id);
  // The payment is an extra: when it cannot load, the booking still shows.
  const order = booking.feeFen > 0 && booking.feePayableOnline ? await findPaymentOrder('booking', id).catch(() => null) : null;
  return { booking, order };
}

export default function BookingDetailPage() {
  const signedIn = useRequireSignIn();
  const { id = '', booked } = useQuery();
  const shown = useShownCount();
  const [attempt, setAttempt] = useState(0);
  const [detail, reload] = useRemote(() => (signedIn ? loadDetail(id) : new Promise<DetailView>(() => {})), [id, shown, attempt, signedIn]);
  const refresh = () => setAttempt((n) => n + 1);

  return (
    <Page className="bk-detail">
      <RemoteView state={detail} onRetry={reload}>
        {({ booking, order }) => <Detail booking={booking} order={order} justBooked={booked === '1'} onChanged={refresh} />}
      </RemoteView>
    </Page>
  );
}

function Detail({ booking: b, order, justBooked, onChanged }: { booking: BookingDetail; order: PaymentOrder | null; justBooked: boolean; onChanged: () => void }) {
  const paid = order !== null && order.paidAt !== null;
  const hint = b.status === 'pending_confirmation' && paid ? '已支付，等待医院确认。医院确认后会通知您。' : STATUS_HINT[b.status];
  return (
    <View>
      {justBooked && b.status === 'pending_payment' && (
        <View className="bk-note bk-note--ok" data-testid="booking-created">
          <Text className="bk-note__title">预约已提交，号源为您保留</Text>
          请在下面的时限内支付挂号费，支付后由医院确认。
        </View>
      )}
      {justBooked && b.status === 'pending_confirmation' && !paid && (
        <View className="bk-note bk-note--ok" data-testid="booking-created">
          <Text className="bk-note__title">预约已提交</Text>
          医院确认后会通知您。
        </View>
      )}

      <View className="card bk-detail__status">
        <View className="bk-item__head">
          <Text className="bk-item__title">{b.patient.name} 的预约</Text>
          <StatusChip status={b.status} testId="booking-status" />
        </View>
        {b.status !== 'pending_payment' && (
          <Text className="bk-detail__hint" data-testid="booking-status-hint">
            {hint}
          </Text>
        )}
        {b.statusReason && (
          <Text className="bk-detail__reason" data-testid="booking-status-reason">
            原因：{b.statusReason}
          </Text>
        )}
      </View>

      {b.status === 'pending_payment' && <PaymentPanel payableType="booking" payableId={b.id} what="挂号费" onPaid={onChanged} onExpired={onChanged} />}

      <View className="card">
        <Row label="就诊人">{b.patient.name}</Row>
        <Row label="时间" testId="booking-time">
          {visitTime(b)}
        </Row>
        <Row label="医院">{b.facility.name}</Row>
        <Row label="科室">{b.department.name}</Row>
        <Row label="医生">
          {b.doctor.name} {b.doctor.titleLabel}
          {b.isVisiting ? '（县级专家下乡坐诊）' : ''}
        </Row>
        <Row label="挂号费">{feeValue(b.feeFen)}</Row>
        {b.source !== 'online' && <Row label="来源">{b.source === 'referral' ? '医生转诊预约' : '候补成功'}</Row>}
      </View>

      {b.referralId && (
        <View className="card bk-item" data-testid="booking-referral-link" hoverClass="bk-item--pressed" onClick={() => go(BOOKING_PAGES.referral, { id: b.referralId! })}>
          <Text className="bk-item__strong">这是医生为您开的转诊预约</Text>
          <Text className="bk-item__more">查看转诊单 ›</Text>
        </View>
      )}

      <CancelDeadline booking={b} />
      {order && b.status !== 'pending_payment' && <PaymentInfo order={order} />}
      <Actions booking={b} paid={paid} onChanged={onChanged} />
      <History booking={b} />
    </View>
  );
}

function CancelDeadline({ booking: b }: { booking: BookingDetail }) {
  if (!b.canCancel) return null;
  const at = instantText(b.cancelDeadline);
  return b.cancelCountsAsNoShow ? (
    <View className="bk-note bk-note--warn" data-testid="booking-cancel-deadline">
      已过免费取消时间（{at}）。现在取消，记为一次爽约。
    </View>
  ) : (
    <View className="bk-note" data-testid="booking-cancel-deadline">
      {at} 前可免费取消。
    </View>
  );
}

/** 挂号费的支付和退款: order state, and each refund with its amount and state. */
function PaymentInfo({ order }: { order: PaymentOrder }) {
  return (
    <View className="card" data-testid="booking-payment">
      <Text className="bk-item__strong">支付和退款</Text>
      <Row label="支付状态" testId="payment-state">
        {order.stateLabel}
      </Row>
      <Row label="金额">{yuan(order.amountFen)}</Row>
      {order.provider === 'demo' && <Row label="支付方式">演示支付（没有真实扣款）</Row>}
      {order.paidAt && <Row label="支付时间">{instantText(order.paidAt)}</Row>}
      {order.refunds.map((r) => (
        <View
          key={r.id}
          className="bk-detail__refund"
          data-testid="refund-item"
          hoverClass="bk-item--pressed"
          onClick={() => go(REFUND_PAGE, { id: r.id })}
        >
          <View className="bk-item__head">
            <Text className="bk-item__strong" data-testid="refund-amount">
              退款 {yuan(r.amountFen)}
            </Text>
            <Text className={`bk-status bk-status--${r.state === 'succeeded' ? 'ok' : r.state === 'abnormal' ? 'bad' : 'wait'}`} data-testid="refund-state">
              {r.stateLabel}
            </Text>
          </View>
          <Text className="bk-item__line">{r.reason}</Text>
          {r.succeededAt ? (
            <Text className="bk-item__line">
              {instantText(r.succeededAt)} 已退回{r.receivedAccount ? `到${r.receivedAccount}` : ''}
            </Text>
          ) : (
            <Text className="bk-item__line">原路退回，一般1-3个工作日到账</Text>
          )}
          <Text className="bk-item__more">退款详情 ›</Text>
        </View>
      ))}
    </View>
  );
}

function Actions({ booking: b, paid, onChanged }: { booking: BookingDetail; paid: boolean; onChanged: () => void }) {
  const [sheet, setSheet] = useState(false);
  const [acceptNoShow, setAcceptNoShow] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const late = b.cancelCountsAsNoShow;

  const openSheet = () => {
    setAcceptNoShow(false);
    setError('');
    setSheet(true);
  };

  const checkIn = async () => {
    setBusy(true);
    setError('');
    try {
      await checkInBooking(b.id);
      void Taro.showToast({ title: '已签到', icon: 'success' });
      onChanged();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '没有签到成功，请稍后再试');
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    if (busy || (late && !acceptNoShow)) return;
    setBusy(true);
    setError('');
    try {
      await cancelBooking(b.id, late ? { acceptNoShow: true } : {});
      setSheet(false);
      void Taro.showToast({ title: '预约已取消', icon: 'success' });
      onChanged();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '没有取消成功，请稍后再试');
      // The deadline passed while the sheet was open: the page reloads to explain the no-show.
      if (err instanceof ApiError && err.code === 'CANCEL_DEADLINE_PASSED') onChanged();
    } finally {
      setBusy(false);
    }
  };

  if (!b.canCheckIn && !b.canCancel) return error ? <Text className="bk-error">{error}</Text> : null;

  return (
    <View className="bk-actions">
      {error && !sheet && (
        <Text className="bk-error" data-testid="booking-action-error">
          {error}
        </Text>
      )}
      {b.canCheckIn && (
        <Button block type="primary" size="large" loading={busy} disabled={busy} data-testid="booking-checkin" onClick={checkIn}>
          到了，签到
        </Button>
      )}
      {b.canCancel && (
        <Button block size="large" data-testid="booking-cancel" onClick={openSheet}>
          取消预约
        </Button>
      )}

      <Sheet open={sheet} title="确定取消这个预约吗？" testId="booking-cancel-sheet" onClose={busy ? undefined : () => setSheet(false)}>
        <Text className="sheet__text">
          {b.patient.name}，{visitTime(b)}，{b.facility.name} {b.doctor.name}。
        </Text>
        {late ? (
          <View className="bk-note bk-note--bad">
            <Text className="bk-note__title">已过免费取消时间（{instantText(b.cancelDeadline)}）</Text>
            现在取消，会记为一次爽约。爽约次数多了，会暂停在线预约一段时间。
            {paid ? '已付的挂号费按医院规定处理，可能不退。' : ''}
          </View>
        ) : (
          <Text className="sheet__text">取消后号源会让给别人。{paid ? `已付的挂号费 ${yuan(b.feeFen)} 会原路退回。` : ''}</Text>
        )}
        {late && (
          <View
            className={`bk-detail__accept${acceptNoShow ? ' bk-detail__accept--on' : ''}`}
            data-testid="booking-cancel-accept"
            role="checkbox"
            aria-checked={acceptNoShow}
            onClick={() => setAcceptNoShow(!acceptNoShow)}
          >
            <Text className="bk-detail__box">{acceptNoShow ? '✓' : ''}</Text>
            <Text>我知道这次取消记为一次爽约，仍要取消</Text>
          </View>
        )}
        {error && (
          <Text className="bk-error" data-testid="booking-cancel-error">
            {error}
          </Text>
        )}
        <View className="sheet__actions">
          <Button block type="danger" size="large" loading={busy} disabled={busy || (late && !acceptNoShow)} data-testid="booking-cancel-confirm" onClick={cancel}>
            确认取消预约
          </Button>
          <Button block size="large" disabled={busy} data-testid="booking-cancel-keep" onClick={() => setSheet(false)}>
            不取消了
          </Button>
        </View>
      </Sheet>
    </View>
  );
}

/** Every change with who and when. */
function History({ booking: b }: { booking: BookingDetail }) {
  if (b.events.length === 0) return null;
  return (
    <View>
      <Text className="section-title">办理记录</Text>
      <View className="card" data-testid="booking-history">
        {[...b.events].reverse().map((e, i) => (
          <View key={i} className="bk-detail__event" data-testid="booking-event">
            <Text className="bk-detail__event-time">{instantText(e.at)}</Text>
            <Text className="bk-detail__event-text">
              {eventText(e.fromStatus, e.toStatus)}
              <Text className="bk-item__sub">{e.actorName}</Text>
            </Text>
            {e.reason && <Text className="bk-detail__event-reason">原因：{e.reason}</Text>}
          </View>
        ))}
      </View>
    </View>
  );
}

/** What happened, in words: the move rather than the status it led to. */
function eventText(from: BookingStatus | null, to: BookingStatus): string {
  if (from === null) return to === 'pending_payment' ? '提交预约，待支付' : '提交预约';
  if (from === 'pending_payment' && to === 'pending_confirmation') return '已支付挂号费，等待医院确认';
  const moves: Partial<Record<BookingStatus, string>> = {
    confirmed: '医院已确认',
    checked_in: '已签到',
    completed: '就诊完成',
    cancelled: '已取消',
    rejected: '医院未通过',
    no_show: '记为爽约',
    expired: '超时未支付，预约已过期',
  };
  return moves[to] ?? to;
}
