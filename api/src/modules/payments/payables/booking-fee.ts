import { type BookingAction, type RefundCause, refundAmountFor, UNPAID_STATES } from '@ygt/shared';
import type { Db } from '../../../db';
import type { AppDeps } from '../../../deps';
import { createPaymentOrder, expireUnpaidOrder, followUpPayable, liveOrderOf, scheduleRefund } from '../service';

/**
 * The registration fee (挂号费) of a booking, as the booking module calls it: opening the payment
 * when a booking waits for it, and settling the money when a booking ends. Kept apart from the
 * handlers in ./booking.ts, which call back into the booking service.
 */

/**
 * Opens the fee payment of a booking created in `pending_payment`, inside the booking's
 * transaction. The booking keeps its place until the order is paid or closes (hold_expires_at).
 */
export async function openBookingPayment(
  deps: AppDeps,
  tx: Db,
  booking: { id: string; person_id: string; facility_id: string; booked_by_account_id: string | null; fee_fen: number; date: string; start_time: string },
  schedule: { facility_name: string; department_name: string; doctor_name: string },
): Promise<void> {
  const order = await createPaymentOrder(deps, tx, {
    payableType: 'booking',
    payableId: booking.id,
    accountId: booking.booked_by_account_id!,
    personId: booking.person_id,
    facilityId: booking.facility_id,
    amountFen: booking.fee_fen,
    description: `${schedule.facility_name} ${schedule.department_name} ${schedule.doctor_name} ${booking.date} ${booking.start_time} 挂号费`,
  });
  await tx.updateTable('booking').set({ hold_expires_at: order.expires_at }).where('id', '=', booking.id).execute();
}

const REFUND_FOR: Partial<Record<BookingAction, { cause: RefundCause; reasonKey: string; reason: string }>> = {
  reject: { cause: 'staff_rejected', reasonKey: 'staff_rejected', reason: '医院未通过预约，挂号费原路退回' },
  stop: { cause: 'facility_cancelled', reasonKey: 'facility_stopped', reason: '医院停诊，挂号费原路退回' },
  cancel: { cause: 'cancelled_before_deadline', reasonKey: 'cancelled', reason: '退号，挂号费原路退回' },
};

/**
 * Settles the fee when a booking changes, inside the booking's transaction: a booking that ends
 * unpaid gets its order closed (now rather than at its timeout); a paid booking that is
 * rejected, stopped or cancelled gets its refund recorded (in full, or the late-cancellation
 * share after the deadline). `pay` and `expire` come from the payment itself: nothing to do.
 */
export async function settleBookingFee(deps: AppDeps, tx: Db, bookingId: string, action: BookingAction, lateCancel: boolean): Promise<void> {
  const refund = REFUND_FOR[action];
  if (!refund) return;
  const order = await liveOrderOf(tx, 'booking', bookingId);
  if (!order) return;
  if ((UNPAID_STATES as readonly string[]).includes(order.state)) {
    await expireUnpaidOrder(deps, tx, order.id);
    return;
  }
  const cause: RefundCause = action === 'cancel' && lateCancel ? 'cancelled_after_deadline' : refund.cause;
  const amountFen = refundAmountFor(cause, order.amount_fen - order.refund_reserved_fen, deps.config.payments.refundRules);
  if (amountFen <= 0) return;
  const late = cause === 'cancelled_after_deadline';
  await scheduleRefund(deps, tx, { orderId: order.id, reasonKey: late ? 'cancelled_late' : refund.reasonKey, reason: late ? '逾期退号，按规定退还部分挂号费' : refund.reason, amountFen });
}

/** After the booking's transaction commits: close its unpaid order and submit its refund now (the reconciliation job would, within a minute). */
export async function followUpBookingFee(deps: AppDeps, bookingId: string): Promise<void> {
  await followUpPayable(deps, 'booking', bookingId);
}
