import { fenToYuan } from '@ygt/shared';
import { newId } from '../../infra/ids';
import { registerPayable } from '../payments/registry';
import * as repo from './repo';

export const PRESCRIPTION_PAYABLE = 'prescription';

/**
 * The co-pay of a medicine order as a payable of the payments module. Each hook runs inside the
 * payment's own transaction, once per change. Registered on import: pharmacy/service imports
 * this file, so any process that can create a co-pay order has the handlers.
 */
registerPayable(PRESCRIPTION_PAYABLE, {
  async onPaid(deps, tx, orderId, payment) {
    const now = deps.clock.now();
    const moved = await repo.moveOrder(tx, orderId, ['awaiting_payment'], { state: 'to_dispense', paid_at: now, payment_order_id: payment.id, updated_at: now });
    // Cancelled while the payment was on its way: the money goes back.
    if (!moved) return { refund: { reasonKey: 'order_not_payable', reason: '长期处方药品订单已取消，自付费用原路退回' } };
    await repo.insertEvents(tx, [
      { id: newId(now), order_id: orderId, action: 'pay', state: 'to_dispense', actor_type: 'system', actor_id: payment.id, actor_name: '微信支付', facility_id: null, note: null, at: now },
    ]);
  },
  async onClosed(deps, tx, orderId, payment) {
    const order = await repo.getOrder(tx, orderId);
    if (order?.payment_order_id !== payment.id) return;
    const now = deps.clock.now();
    await repo.updateOrder(tx, orderId, { payment_order_id: null, updated_at: now });
    if (order.state === 'awaiting_payment') {
      await repo.insertEvents(tx, [
        { id: newId(now), order_id: orderId, action: 'payment_closed', state: 'awaiting_payment', actor_type: 'system', actor_id: payment.id, actor_name: '微信支付', facility_id: null, note: null, at: now },
      ]);
    }
  },
  async onRefunded(deps, tx, orderId, payment, refund) {
    const now = deps.clock.now();
    const order = await repo.getOrder(tx, orderId);
    if (!order) return;
    await repo.updateOrder(tx, orderId, { refunded_at: now, updated_at: now });
    await repo.insertEvents(tx, [
      { id: newId(now), order_id: orderId, action: 'refunded', state: order.state, actor_type: 'system', actor_id: payment.id, actor_name: '微信支付', facility_id: null, note: `退回 ${fenToYuan(refund.amount_fen)} 元`, at: now },
    ]);
  },
});
