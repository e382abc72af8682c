import { describe, expect, it } from 'vitest';
import {
  canTransition,
  checkRefundAllowed,
  MAX_REFUNDS_PER_ORDER,
  orderStateAfterRefunds,
  outRefundNoFor,
  outTradeNoFor,
  refundAmountFor,
  wechatPayTime,
} from './rules';

const DAY = 24 * 3600_000;
const paid = { state: 'paid' as const, amountFen: 1000, paidAt: 0, refundCount: 0, reservedFen: 0, amountToRefundFen: 1000, now: DAY };

describe('order state machine', () => {
  it.each([
    ['created', 'paying', true],
    ['paying', 'paid', true],
    ['paying', 'closed', true],
    ['closed', 'paid', true],
    ['paid', 'refunding', true],
    ['refunding', 'refunded', true],
    ['paid', 'closed', false],
    ['refunded', 'paid', false],
    ['closed', 'paying', false],
    ['paid', 'paying', false],
  ] as const)('%s -> %s allowed: %s', (from, to, ok) => {
    expect(canTransition(from, to)).toBe(ok);
  });

  it.each([
    [{ amountFen: 1000, refundedFen: 1000, openRefunds: 0 }, 'refunded'],
    [{ amountFen: 1000, refundedFen: 300, openRefunds: 1 }, 'refunding'],
    [{ amountFen: 1000, refundedFen: 300, openRefunds: 0 }, 'partially_refunded'],
    [{ amountFen: 1000, refundedFen: 0, openRefunds: 0 }, 'paid'],
    [{ amountFen: 1000, refundedFen: 0, openRefunds: 2 }, 'refunding'],
  ])('after refunds %j the order is %s', (o, state) => {
    expect(orderStateAfterRefunds(o)).toBe(state);
  });
});

describe('refund limits', () => {
  it.each([
    [{}, true, undefined],
    [{ state: 'paying' }, false, 'not_paid'],
    [{ state: 'refunded' }, false, 'not_paid'],
    [{ paidAt: null }, false, 'not_paid'],
    [{ now: 366 * DAY }, false, 'window_passed'],
    [{ now: 365 * DAY }, true, undefined],
    [{ refundCount: MAX_REFUNDS_PER_ORDER }, false, 'too_many'],
    [{ refundCount: MAX_REFUNDS_PER_ORDER - 1, amountToRefundFen: 1 }, true, undefined],
    [{ reservedFen: 1, amountToRefundFen: 1000 }, false, 'exceeds_paid'],
    [{ amountToRefundFen: 0 }, false, 'bad_amount'],
    [{ amountToRefundFen: 1.5 }, false, 'bad_amount'],
  ])('%j -> allowed %s (%s)', (patch, ok, code) => {
    const r = checkRefundAllowed({ ...paid, ...patch } as Parameters<typeof checkRefundAllowed>[0]);
    expect(r.ok).toBe(ok);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.message).toMatch(/[\u4e00-\u9fa5]/);
      expect(r.field).toBeTruthy();
    }
  });
});

describe('refund amounts', () => {
  it.each([
    ['staff_rejected', 1250, 0, 1250],
    ['facility_cancelled', 1250, 0, 1250],
    ['cancelled_before_deadline', 1250, 0, 1250],
    ['cancelled_after_deadline', 1250, 0, 0],
    ['cancelled_after_deadline', 1250, 50, 625],
    ['cancelled_after_deadline', 1001, 50, 500],
  ] as const)('%s of %i fen with late share %i%% refunds %i', (cause, paidFen, late, expected) => {
    expect(refundAmountFor(cause, paidFen, { lateCancelPercent: late })).toBe(expected);
  });
});

describe('merchant numbers and times', () => {
  it('builds WeChat-valid numbers, the refund number fixed per order and reason', () => {
    const no = outTradeNoFor('01JABCDEFGHJKMNPQRSTVWXYZ0');
    expect(no).toMatch(/^[0-9A-Za-z]{6,32}$/);
    expect(outRefundNoFor(no, 'staff_rejected')).toBe(outRefundNoFor(no, 'staff_rejected'));
    expect(outRefundNoFor(no, 'staff_rejected')).toMatch(/^[0-9A-Za-z_\-|*@]{1,64}$/);
    expect(() => outRefundNoFor(no, 'Bad Key!')).toThrow();
  });

  it('writes RFC 3339 in China time', () => {
    expect(wechatPayTime(Date.UTC(2026, 2, 1, 2, 15, 0))).toBe('2026-03-01T10:15:00+08:00');
  });
});
