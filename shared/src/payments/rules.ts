/**
 * Payment rules shared by the API and the clients: the order state machine, what a refund may
 * be, and how much a cancellation gives back. Pure: no I/O, no clock (callers pass `now`).
 */

export const PAYMENT_ORDER_STATES = ['created', 'paying', 'paid', 'refunding', 'partially_refunded', 'refunded', 'closed'] as const;
export type PaymentOrderState = (typeof PAYMENT_ORDER_STATES)[number];

export const PAYMENT_ORDER_STATE_LABELS: Record<PaymentOrderState, string> = {
  created: '待支付',
  paying: '支付中',
  paid: '已支付',
  refunding: '退款中',
  partially_refunded: '部分退款',
  refunded: '已退款',
  closed: '已关闭',
};

/**
 * Every move the order may make. `closed -> paid` exists on purpose: WeChat Pay can report a
 * payment that completed just as we closed the order; the money is real, so the order is paid
 * and then refunded in full rather than lost.
 */
export const PAYMENT_TRANSITIONS: Record<PaymentOrderState, readonly PaymentOrderState[]> = {
  created: ['paying', 'paid', 'closed'],
  paying: ['paid', 'closed'],
  paid: ['refunding'],
  refunding: ['partially_refunded', 'refunded', 'paid'],
  partially_refunded: ['refunding'],
  refunded: [],
  closed: ['paid'],
};

export function canTransition(from: PaymentOrderState, to: PaymentOrderState): boolean {
  return PAYMENT_TRANSITIONS[from].includes(to);
}

/** States in which WeChat Pay may still take the resident's money. */
export const UNPAID_STATES = ['created', 'paying'] as const satisfies readonly PaymentOrderState[];
/** States in which money was taken (some of it may have gone back). */
export const PAID_STATES = ['paid', 'refunding', 'partially_refunded', 'refunded'] as const satisfies readonly PaymentOrderState[];

export const REFUND_STATES = ['requested', 'processing', 'succeeded', 'closed', 'abnormal'] as const;
export type RefundState = (typeof REFUND_STATES)[number];
export const REFUND_STATE_LABELS: Record<RefundState, string> = {
  requested: '退款申请中',
  processing: '退款处理中',
  succeeded: '退款成功',
  closed: '退款关闭',
  // 退款异常: the card was cancelled or frozen; the finance office completes it by hand.
  abnormal: '退款异常，待人工处理',
};
/** A refund still owed to the resident: it keeps its amount reserved against the order. */
export const OPEN_REFUND_STATES = ['requested', 'processing', 'abnormal'] as const satisfies readonly RefundState[];

/** WeChat Pay limits (direct merchants, v3): partial refunds per order and the refund window. */
export const MAX_REFUNDS_PER_ORDER = 50;
export const REFUND_WINDOW_DAYS = 365;

/**
 * The order's state once its refunds are counted: all money back is `refunded`; anything still
 * owed keeps it `refunding`; some back and nothing owed is `partially_refunded`.
 */
export function orderStateAfterRefunds(o: { amountFen: number; refundedFen: number; openRefunds: number }): PaymentOrderState {
  if (o.refundedFen >= o.amountFen) return 'refunded';
  if (o.openRefunds > 0) return 'refunding';
  return o.refundedFen > 0 ? 'partially_refunded' : 'paid';
}

export type RefundRefusal = { ok: false; code: 'not_paid' | 'window_passed' | 'too_many' | 'exceeds_paid' | 'bad_amount'; message: string; field: string };

/**
 * Whether a new refund of `amountFen` may be requested on an order. `reservedFen` counts refunds
 * that succeeded or are still owed; closed refunds gave their amount back.
 */
export function checkRefundAllowed(o: {
  state: PaymentOrderState;
  amountFen: number;
  paidAt: number | null;
  refundCount: number;
  reservedFen: number;
  amountToRefundFen: number;
  now: number;
}): { ok: true } | RefundRefusal {
  if (!(['paid', 'refunding', 'partially_refunded'] as PaymentOrderState[]).includes(o.state) || o.paidAt === null) {
    return { ok: false, code: 'not_paid', message: '该订单未支付或已全额退款，无法退款', field: 'orderId' };
  }
  if (!Number.isInteger(o.amountToRefundFen) || o.amountToRefundFen <= 0) {
    return { ok: false, code: 'bad_amount', message: '退款金额须为正整数（分）', field: 'amountFen' };
  }
  if (o.now - o.paidAt > REFUND_WINDOW_DAYS * 24 * 3600_000) {
    return { ok: false, code: 'window_passed', message: `支付已超过${REFUND_WINDOW_DAYS}天，微信支付不再受理退款，请线下处理`, field: 'orderId' };
  }
  if (o.refundCount >= MAX_REFUNDS_PER_ORDER) {
    return { ok: false, code: 'too_many', message: `每笔订单最多退款${MAX_REFUNDS_PER_ORDER}次`, field: 'orderId' };
  }
  if (o.reservedFen + o.amountToRefundFen > o.amountFen) {
    return { ok: false, code: 'exceeds_paid', message: '退款金额超过订单可退金额', field: 'amountFen' };
  }
  return { ok: true };
}

/** Why a payable gives money back; each has its own refund share in `RefundRules`. */
export type RefundCause = 'staff_rejected' | 'facility_cancelled' | 'cancelled_before_deadline' | 'cancelled_after_deadline';

/** Shares refunded per cause, in percent (local policy; defaults per DOMAIN: full refund before the deadline). */
export interface RefundRules {
  lateCancelPercent: number;
}
export const DEFAULT_REFUND_RULES: RefundRules = { lateCancelPercent: 0 };

/** Fen to refund for a cause; rounds down so a refund never exceeds what was paid. */
export function refundAmountFor(cause: RefundCause, paidFen: number, rules: RefundRules = DEFAULT_REFUND_RULES): number {
  const percent = cause === 'cancelled_after_deadline' ? rules.lateCancelPercent : 100;
  return Math.floor((paidFen * Math.min(Math.max(percent, 0), 100)) / 100);
}

/** Merchant order number: letters and digits only, 6-32 chars as WeChat Pay requires. */
export function outTradeNoFor(orderId: string): string {
  return `YGT${orderId}`;
}

const REFUND_KEY = /^[a-z0-9_]{1,24}$/;
/**
 * The merchant refund number is derived from the order and the reason, so a retried request
 * (ours, or a second click) reuses it and WeChat Pay refunds at most once per reason.
 */
export function outRefundNoFor(outTradeNo: string, reasonKey: string): string {
  if (!REFUND_KEY.test(reasonKey)) throw new Error(`refund reason key must match ${REFUND_KEY}: ${reasonKey}`);
  return `${outTradeNo}-${reasonKey}`;
}

/** RFC 3339 in China time, as WeChat Pay's time fields are written, e.g. 2026-03-01T10:15:00+08:00. */
export function wechatPayTime(epochMs: number): string {
  return new Date(epochMs + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00';
}
