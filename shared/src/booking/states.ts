import { z } from 'zod';

/**
 * A booking's life. pending_payment is where a fee-carrying booking waits for WeChat Pay (the
 * payments issue); until then every booking starts at pending_confirmation.
 */
export const BookingStatusSchema = z.enum([
  'pending_payment',
  'pending_confirmation',
  'confirmed',
  'checked_in',
  'completed',
  'cancelled',
  'rejected',
  'no_show',
  'expired',
]);
export type BookingStatus = z.infer<typeof BookingStatusSchema>;

export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  pending_payment: '待支付',
  pending_confirmation: '待确认',
  confirmed: '已确认',
  checked_in: '已签到',
  completed: '已就诊',
  cancelled: '已取消',
  rejected: '未通过',
  no_show: '爽约',
  expired: '已失效',
};

/** Statuses that hold a place and count against the per-person limits. */
export const ACTIVE_BOOKING_STATUSES = ['pending_payment', 'pending_confirmation', 'confirmed', 'checked_in'] as const satisfies readonly BookingStatus[];

export function isActiveBooking(status: BookingStatus): boolean {
  return (ACTIVE_BOOKING_STATUSES as readonly BookingStatus[]).includes(status);
}

/**
 * Every change a booking can go through: the statuses it may come from, where it goes, and
 * whether its place goes back to the slot. The service guards each change with
 * `UPDATE ... WHERE status IN (from)`, so two racing changes cannot both free a place.
 */
export const BOOKING_ACTIONS = {
  /** Payment received (payments issue). */
  pay: { from: ['pending_payment'], to: 'pending_confirmation', freesPlace: false },
  confirm: { from: ['pending_confirmation'], to: 'confirmed', freesPlace: false },
  /** Staff may check in an unconfirmed booking at the desk; residents only a confirmed one. */
  check_in: { from: ['pending_confirmation', 'confirmed'], to: 'checked_in', freesPlace: false },
  complete: { from: ['checked_in'], to: 'completed', freesPlace: false },
  cancel: { from: ['pending_payment', 'pending_confirmation', 'confirmed'], to: 'cancelled', freesPlace: true },
  /** The facility stops the schedule (停诊). */
  stop: { from: ['pending_payment', 'pending_confirmation', 'confirmed'], to: 'cancelled', freesPlace: true },
  reject: { from: ['pending_confirmation', 'confirmed'], to: 'rejected', freesPlace: true },
  /** The time passed: the place cannot be used by anyone else, so it is not freed. */
  no_show: { from: ['pending_confirmation', 'confirmed'], to: 'no_show', freesPlace: false },
  /** An unpaid hold ran out (payments issue). */
  expire: { from: ['pending_payment'], to: 'expired', freesPlace: true },
} as const satisfies Record<string, { from: readonly BookingStatus[]; to: BookingStatus; freesPlace: boolean }>;
export type BookingAction = keyof typeof BOOKING_ACTIONS;

export function canApply(action: BookingAction, status: BookingStatus): boolean {
  return (BOOKING_ACTIONS[action].from as readonly BookingStatus[]).includes(status);
}

/** Where a booking starts: fee-carrying bookings wait for payment only once fees are payable online. */
export function initialBookingStatus(feeFen: number, feePayableOnline: boolean): BookingStatus {
  return feeFen > 0 && feePayableOnline ? 'pending_payment' : 'pending_confirmation';
}

export const BookingSourceSchema = z.enum(['online', 'waitlist', 'referral']);
export type BookingSource = z.infer<typeof BookingSourceSchema>;
export const BOOKING_SOURCE_LABELS: Record<BookingSource, string> = { online: '在线预约', waitlist: '候补', referral: '转诊' };

export const WaitlistStatusSchema = z.enum(['waiting', 'offered', 'booked', 'expired', 'left', 'closed']);
export type WaitlistStatus = z.infer<typeof WaitlistStatusSchema>;
export const WAITLIST_STATUS_LABELS: Record<WaitlistStatus, string> = {
  waiting: '候补中',
  offered: '有号待确认',
  booked: '候补成功',
  expired: '超时未确认',
  left: '已退出',
  closed: '候补已截止',
};
