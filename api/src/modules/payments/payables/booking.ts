import * as bookingRepo from '../../booking/repo';
import { applyBookingAction } from '../../booking/service';
import { registerPayable } from '../registry';

/**
 * Bookings with a registration fee: paid moves the booking from pending_payment to
 * pending_confirmation (staff confirm next); an order closed unpaid expires the booking, which
 * frees its place exactly once (the booking's guarded status change).
 */
registerPayable('booking', {
  async onPaid(deps, tx, bookingId) {
    const booking = await bookingRepo.getBooking(tx, bookingId);
    if (booking && (await applyBookingAction(deps, tx, booking, 'pay', { type: 'system' }, null))) return;
    // Cancelled, stopped or expired while the resident was paying: the money goes back.
    return { refund: { reasonKey: 'booking_ended', reason: '预约已取消或失效，挂号费原路退回' } };
  },
  async onClosed(deps, tx, bookingId) {
    const booking = await bookingRepo.getBooking(tx, bookingId);
    if (booking) await applyBookingAction(deps, tx, booking, 'expire', { type: 'system' }, '超时未支付，号源已释放');
  },
});
