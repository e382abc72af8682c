import { BOOKING_SOURCE_LABELS, type BookingStatus, type StaffBooking } from '@ygt/shared';
import { Space, Tag, Tooltip, Typography } from 'antd';
import { clockOf, yuan } from './format';

/** The desk's words for a booking's status (the resident's mini-program says 已就诊 / 已失效 for the last two). */
export const DESK_STATUS_LABELS: Record<BookingStatus, string> = {
  pending_payment: '待支付',
  pending_confirmation: '待确认',
  confirmed: '已确认',
  checked_in: '已签到',
  completed: '已完成',
  cancelled: '已取消',
  rejected: '未通过',
  no_show: '爽约',
  expired: '已过期',
};

const STATUS_COLORS: Record<BookingStatus, string> = {
  pending_payment: 'gold',
  pending_confirmation: 'orange',
  confirmed: 'blue',
  checked_in: 'cyan',
  completed: 'green',
  cancelled: 'default',
  rejected: 'red',
  no_show: 'volcano',
  expired: 'default',
};

const STATUS_HINTS: Partial<Record<BookingStatus, string>> = {
  pending_payment: '患者还没有支付挂号费，超时未付号源会自动释放',
  pending_confirmation: '请核对后点“确认”，患者会收到通知',
  expired: '患者没有在时限内支付，号源已释放',
  no_show: '患者未按时就诊',
};

/** Order of the status filter: what needs the desk first. */
export const STATUS_ORDER: BookingStatus[] = ['pending_confirmation', 'confirmed', 'checked_in', 'completed', 'pending_payment', 'no_show', 'rejected', 'cancelled', 'expired'];

export function BookingStatusTag({ status }: { status: BookingStatus }) {
  const tag = (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="booking-status">
      {DESK_STATUS_LABELS[status]}
    </Tag>
  );
  const hint = STATUS_HINTS[status];
  return hint ? <Tooltip title={hint}>{tag}</Tooltip> : tag;
}

/** Whether the fee was paid online: the booking passed from 待支付 to 待确认 (the payment moved it). */
export function paidOnline(booking: Pick<StaffBooking, 'events'>): boolean {
  return booking.events.some((e) => e.fromStatus === 'pending_payment' && e.toStatus === 'pending_confirmation');
}

export interface FeeState {
  text: string;
  tone: 'success' | 'warning' | 'secondary' | undefined;
}

/** What the fee column says: free, paid at the desk, awaiting payment, paid online, refunded... */
export function feeState(b: StaffBooking): FeeState {
  if (b.feeFen === 0) return { text: '免挂号费', tone: 'secondary' };
  if (b.status === 'pending_payment') return { text: b.holdExpiresAt ? `待支付（${clockOf(b.holdExpiresAt)}前）` : '待支付', tone: 'warning' };
  if (paidOnline(b)) {
    // Staff rejections and 停诊 refund in full; a resident's late cancellation may refund part (see the drawer).
    if (b.status === 'rejected') return { text: '已在线支付 · 全额退款', tone: 'secondary' };
    if (b.status === 'cancelled') return { text: '已在线支付 · 退款见详情', tone: 'secondary' };
    return { text: '已在线支付', tone: 'success' };
  }
  if (b.status === 'expired') return { text: '未支付', tone: 'secondary' };
  if (b.events.some((e) => e.toStatus === 'pending_payment')) return { text: '未支付', tone: 'secondary' };
  return { text: '到院缴费', tone: undefined };
}

export function FeeCell({ booking }: { booking: StaffBooking }) {
  const state = feeState(booking);
  return (
    <Space direction="vertical" size={0}>
      <Typography.Text>{yuan(booking.feeFen)}</Typography.Text>
      <Typography.Text type={state.tone} style={{ fontSize: 12 }} data-testid="booking-fee-state">
        {state.text}
      </Typography.Text>
    </Space>
  );
}

export function SourceTag({ booking }: { booking: StaffBooking }) {
  if (booking.source === 'online') return null;
  return (
    <Tag color={booking.source === 'referral' ? 'purple' : 'geekblue'} bordered={false} style={{ marginInlineEnd: 0 }}>
      {BOOKING_SOURCE_LABELS[booking.source]}
    </Tag>
  );
}
