import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canTransition, checkRefundAllowed, MAX_REFUNDS_PER_ORDER, orderStateAfterRefunds, type PaymentOrderState, refundAmountFor } from './rules';

type Outcome = 'succeeded' | 'closed' | 'open';

/**
 * Replays refund requests against the rules the API applies: each accepted refund reserves its
 * amount; a closed one gives the reservation back; the order's state follows every event.
 */
function replay(amountFen: number, requests: { fen: number; outcome: Outcome }[]) {
  let state: PaymentOrderState = 'paid';
  let reserved = 0;
  let refunded = 0;
  let open = 0;
  let count = 0;
  const states: PaymentOrderState[] = [state];
  for (const r of requests) {
    const allowed = checkRefundAllowed({ state, amountFen, paidAt: 0, refundCount: count, reservedFen: reserved, amountToRefundFen: r.fen, now: 1 });
    if (!allowed.ok) continue;
    count++;
    reserved += r.fen;
    open++;
    state = orderStateAfterRefunds({ amountFen, refundedFen: refunded, openRefunds: open });
    states.push(state);
    if (r.outcome === 'open') continue;
    open--;
    if (r.outcome === 'succeeded') refunded += r.fen;
    else reserved -= r.fen;
    state = orderStateAfterRefunds({ amountFen, refundedFen: refunded, openRefunds: open });
    states.push(state);
  }
  return { states, reserved, refunded, count };
}

const request = fc.record({ fen: fc.integer({ min: -5, max: 3000 }), outcome: fc.constantFrom<Outcome>('succeeded', 'closed', 'open') });

describe('refund properties', () => {
  it('never refunds more than was paid, nor more than 50 times, and moves only along allowed transitions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.array(request, { maxLength: 80 }), (amountFen, requests) => {
        const { states, reserved, refunded, count } = replay(amountFen, requests);
        expect(refunded).toBeLessThanOrEqual(reserved);
        expect(reserved).toBeLessThanOrEqual(amountFen);
        expect(count).toBeLessThanOrEqual(MAX_REFUNDS_PER_ORDER);
        for (let i = 1; i < states.length; i++) {
          if (states[i] !== states[i - 1]) expect(canTransition(states[i - 1], states[i]), `${states[i - 1]} -> ${states[i]}`).toBe(true);
        }
        if (refunded === amountFen) expect(states.at(-1)).toBe('refunded');
      }),
    );
  });

  it('a cause never refunds more than was paid, and early causes refund in full', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: -50, max: 150 }), (paidFen, late) => {
        const rules = { lateCancelPercent: late };
        const lateFen = refundAmountFor('cancelled_after_deadline', paidFen, rules);
        expect(lateFen).toBeGreaterThanOrEqual(0);
        expect(lateFen).toBeLessThanOrEqual(paidFen);
        expect(Number.isInteger(lateFen)).toBe(true);
        expect(refundAmountFor('staff_rejected', paidFen, rules)).toBe(paidFen);
        expect(refundAmountFor('cancelled_before_deadline', paidFen, rules)).toBe(paidFen);
      }),
    );
  });
});
