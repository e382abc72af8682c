import {
  addDays,
  checkRefundAllowed,
  localDate,
  MAX_REFUNDS_PER_ORDER,
  orderStateAfterRefunds,
  outRefundNoFor,
  outTradeNoFor,
  PAYABLE_TYPE_LABELS,
  PAYMENT_ORDER_STATE_LABELS,
  type PaymentOrder,
  type PaymentOrderState,
  type Prepay,
  REFUND_STATE_LABELS,
  type ReconciliationSummary,
  type RefundState,
  refundCompleted,
  type StaffPaymentRecord,
  toEpochMs,
  UNPAID_STATES,
} from '@ygt/shared';
import type { Db } from '../../db';
import type { PaymentOrderTable } from '../../db/schema/payment-order';
import type { PaymentRefundTable } from '../../db/schema/payment-refund';
import type { AppDeps } from '../../deps';
import { rateLimit, type ResidentActor, type StaffActor } from '../../http/auth';
import { AppError, badRequest, conflict, notFound } from '../../http/errors';
import { newId } from '../../infra/ids';
import { recordStaffAccess } from '../audit/service';
import { notify } from '../notifications/outbox';
import { DEMO_PAYMENT_LABEL, DemoPaymentProvider } from './demo-provider';
import { PaymentRefusal, ProviderError, type Verified, type VerifiedSource, verifiedBy, type WechatRefund, type WechatTransaction } from './provider';
import { paymentProvider } from './providers';
import { payableHandlers } from './registry';
import * as repo from './repo';
import { WechatPayProvider } from './wechatpay';

const LEDGER_LABELS: Record<string, string> = {
  order_created: '创建支付订单',
  prepay: '发起支付（预下单）',
  notified: '收到支付通知',
  queried: '主动查询订单',
  demo_confirmed: '演示支付确认',
  paid: '支付成功',
  closed: '订单关闭',
  refund_requested: '申请退款',
  refund_submitted: '提交退款至微信支付',
  refund_answered: '微信支付受理退款',
  refund_notified: '收到退款通知',
  refund_queried: '主动查询退款',
  refund_succeeded: '退款成功',
  refund_closed: '退款关闭',
  refund_abnormal: '退款异常',
};

type Source = VerifiedSource | 'system';

/** Reason key of the refund of money that landed after its order closed. */
const LATE_PAYMENT_REFUND = 'paid_after_close';

async function record(
  deps: AppDeps,
  db: Db,
  e: { orderId: string; refundId?: string; event: string; source: Source; amountFen?: number; once?: boolean; detail?: Record<string, unknown> },
) {
  await repo.insertLedger(db, {
    id: newId(deps.clock.now()),
    order_id: e.orderId,
    refund_id: e.refundId ?? null,
    event: e.event,
    source: e.source,
    amount_fen: e.amountFen ?? null,
    // The unique key is the last line of defence: a second `paid` for one order cannot be written.
    once_key: e.once ? `${e.refundId ?? e.orderId}:${e.event}` : null,
    detail: JSON.stringify(e.detail ?? {}),
    at: deps.clock.now(),
  });
}

// ---------------------------------------------------------------------------------------------
// Orders, for payable modules
// ---------------------------------------------------------------------------------------------

export interface NewPaymentOrder {
  payableType: string;
  payableId: string;
  accountId: string;
  personId: string | null;
  facilityId: string | null;
  amountFen: number;
  /** Shown in WeChat's bill, e.g. 青石镇中心卫生院 全科 挂号费. */
  description: string;
}

/**
 * Creates the payment order of a payable inside the payable's own transaction. A payable has at
 * most one live order: calling this again returns the one it has. It closes unpaid after
 * PAYMENT_TIMEOUT_MINUTES (see `expires_at`).
 */
export async function createPaymentOrder(deps: AppDeps, tx: Db, input: NewPaymentOrder): Promise<PaymentOrderTable> {
  payableHandlers(input.payableType);
  if (!Number.isInteger(input.amountFen) || input.amountFen <= 0) throw new Error(`payment amount must be a positive integer of fen: ${input.amountFen}`);
  const payableKey = `${input.payableType}:${input.payableId}`;
  const existing = await repo.liveOrderForPayable(tx, payableKey);
  if (existing) return existing;
  const account = await tx.selectFrom('account').select(['openid']).where('id', '=', input.accountId).executeTakeFirst();
  if (!account?.openid) throw badRequest('账号已注销，无法支付', 'accountId');
  const now = deps.clock.now();
  const id = newId(now);
  const { timeoutMs, reconcileAfterMs } = deps.config.payments;
  const row: PaymentOrderTable = {
    id,
    out_trade_no: outTradeNoFor(id),
    payable_type: input.payableType,
    payable_id: input.payableId,
    payable_key: payableKey,
    account_id: input.accountId,
    person_id: input.personId,
    facility_id: input.facilityId,
    payer_openid: account.openid,
    amount_fen: input.amountFen,
    // WeChat Pay takes at most 127 characters.
    description: [...input.description].slice(0, 127).join(''),
    state: 'created',
    provider: deps.config.payments.provider,
    prepay_id: null,
    transaction_id: null,
    expires_at: now + timeoutMs,
    paid_at: null,
    closed_at: null,
    refunded_fen: 0,
    refund_reserved_fen: 0,
    refund_count: 0,
    next_check_at: now + Math.min(reconcileAfterMs, timeoutMs),
    created_at: now,
    updated_at: now,
  };
  if (!(await repo.insertOrderOnce(tx, deps.database.dialect, row))) return (await repo.liveOrderForPayable(tx, payableKey))!;
  await record(deps, tx, { orderId: id, event: 'order_created', source: 'system', amountFen: row.amount_fen });
  return row;
}

/** The live order of a payable (unpaid or paid), if any. */
export async function liveOrderOf(db: Db, payableType: string, payableId: string) {
  return repo.liveOrderForPayable(db, `${payableType}:${payableId}`);
}

// ---------------------------------------------------------------------------------------------
// Resident API
// ---------------------------------------------------------------------------------------------

async function ownOrder(deps: AppDeps, actor: ResidentActor, orderId: string): Promise<PaymentOrderTable> {
  const order = await repo.getOrder(deps.database.db, orderId);
  if (!order || order.account_id !== actor.accountId) throw notFound('未找到该支付订单', 'orderId');
  return order;
}

function requireUnpaid(order: PaymentOrderTable) {
  if (order.state === 'closed') throw conflict('订单已关闭（超时未支付或已取消），如需就诊请重新预约', 'orderId');
  if (!(UNPAID_STATES as readonly string[]).includes(order.state)) throw conflict('订单已支付，无需重复支付', 'orderId');
}

/**
 * Starts (or restarts) paying: WeChat Pay JSAPI prepay, answering the five wx.requestPayment
 * fields; in demo mode, what the labelled demo payment page needs. The order is then `paying`.
 */
export async function prepay(deps: AppDeps, actor: ResidentActor, orderId: string): Promise<Prepay> {
  const order = await ownOrder(deps, actor, orderId);
  requireUnpaid(order);
  // WeChat Pay wants at least a minute between the prepay and the order's expiry.
  if (deps.clock.now() > order.expires_at - 60_000) throw conflict('支付时间已到，订单即将关闭，请重新预约', 'orderId');
  await rateLimit(deps, `prepay:${order.id}`, 20, 60_000, '操作过于频繁，请稍后再试');
  const provider = paymentProvider(deps);
  if (order.provider !== provider.kind) throw conflict('该订单的支付方式已停用，请重新下单', 'orderId');
  let answer;
  try {
    answer = await provider.prepay(order);
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    deps.logger.warn({ orderId, status: err.status, code: err.code }, 'WeChat Pay prepay failed');
    // Closed at WeChat Pay (e.g. it timed out there first): let the reconciler settle it now.
    if (err.code === 'ORDER_CLOSED') await settleOrder(deps, order.id).catch(() => {});
    throw new AppError('UNAVAILABLE', err.code === 'ORDER_CLOSED' ? '订单已关闭，请重新预约' : '微信支付暂时不可用，请稍后再试');
  }
  const moved = await deps.database.db.transaction().execute(async (tx) => {
    const ok = await repo.moveOrder(tx, order.id, UNPAID_STATES, { state: 'paying', prepay_id: answer.prepayId, updated_at: deps.clock.now() });
    if (ok) await record(deps, tx, { orderId: order.id, event: 'prepay', source: 'api', detail: { prepayId: answer.prepayId } });
    return ok;
  });
  if (!moved) requireUnpaid((await repo.getOrder(deps.database.db, order.id))!);
  if (answer.provider === 'wechat') return { provider: 'wechat', orderId: order.id, requestPayment: answer.requestPayment };
  return { provider: 'demo', orderId: order.id, demo: { label: DEMO_PAYMENT_LABEL, amountFen: order.amount_fen, confirmPath: `/api/v1/payments/orders/${order.id}/demo-confirm` } };
}

/** Demo mode: the resident pressed 演示支付. Applied exactly like a WeChat Pay success notification. */
export async function confirmDemoPayment(deps: AppDeps, actor: ResidentActor, orderId: string): Promise<PaymentOrder> {
  const provider = paymentProvider(deps);
  if (!(provider instanceof DemoPaymentProvider)) throw notFound('没有这个接口');
  const order = await ownOrder(deps, actor, orderId);
  requireUnpaid(order);
  if (order.state !== 'paying') throw conflict('请先发起支付', 'orderId');
  await applyTransaction(deps, provider.confirmPayment(order));
  return orderView(deps, (await repo.getOrder(deps.database.db, orderId))!);
}

/**
 * The order as the resident sees it. With `sync`, an order still `paying` is first queried at
 * WeChat Pay: the mini-program asks this right after wx.requestPayment reports success, which is
 * only the client's word; the query answer is WeChat Pay's.
 */
export async function getOrderForResident(deps: AppDeps, actor: ResidentActor, orderId: string, sync: boolean): Promise<PaymentOrder> {
  let order = await ownOrder(deps, actor, orderId);
  if (sync && order.state === 'paying') {
    await rateLimit(deps, `payment-sync:${order.id}`, 10, 60_000, '查询过于频繁，请稍后再试');
    try {
      const fact = await paymentProvider(deps).queryOrder(order.out_trade_no);
      if (fact) await applyTransaction(deps, fact);
    } catch (err) {
      // The notification or the reconciliation job settles it later; the resident sees 支付中.
      if (!(err instanceof ProviderError || err instanceof PaymentRefusal)) throw err;
    }
    order = (await repo.getOrder(deps.database.db, orderId))!;
  }
  return orderView(deps, order);
}

/** The resident's payment orders, newest first; optionally those of one payable (e.g. a booking awaiting payment). */
export async function listOrdersForResident(deps: AppDeps, actor: ResidentActor, payable: { payableType?: string; payableId?: string }): Promise<PaymentOrder[]> {
  const orders = await repo.ordersOfAccount(deps.database.db, actor.accountId, payable, 100);
  const refunds = await repo.refundsOfOrders(deps.database.db, orders.map((o) => o.id));
  return orders.map((o) => toOrderView(o, refunds));
}

export async function getOrderByRefundForResident(deps: AppDeps, actor: ResidentActor, refundId: string): Promise<PaymentOrder> {
  const refund = await repo.getRefund(deps.database.db, refundId);
  const order = refund && (await repo.getOrder(deps.database.db, refund.order_id));
  if (!order || order.account_id !== actor.accountId) throw notFound('未找到该退款', 'refundId');
  return orderView(deps, order);
}

async function orderView(deps: AppDeps, order: PaymentOrderTable): Promise<PaymentOrder> {
  return toOrderView(order, await repo.refundsOfOrders(deps.database.db, [order.id]));
}

function toOrderView(o: PaymentOrderTable, refunds: PaymentRefundTable[]): PaymentOrder {
  return {
    id: o.id,
    outTradeNo: o.out_trade_no,
    payableType: o.payable_type,
    payableId: o.payable_id,
    amountFen: o.amount_fen,
    description: o.description,
    state: o.state as PaymentOrderState,
    stateLabel: PAYMENT_ORDER_STATE_LABELS[o.state as PaymentOrderState],
    provider: o.provider as 'wechat' | 'demo',
    expiresAt: Number(o.expires_at),
    paidAt: o.paid_at === null ? null : Number(o.paid_at),
    closedAt: o.closed_at === null ? null : Number(o.closed_at),
    refundedFen: o.refunded_fen,
    refunds: refunds
      .filter((r) => r.order_id === o.id)
      .map((r) => ({
        id: r.id,
        outRefundNo: r.out_refund_no,
        amountFen: r.amount_fen,
        reason: r.reason,
        state: r.state as RefundState,
        stateLabel: REFUND_STATE_LABELS[r.state as RefundState],
        requestedAt: Number(r.requested_at),
        succeededAt: r.succeeded_at === null ? null : Number(r.succeeded_at),
        receivedAccount: r.received_account,
      })),
    createdAt: Number(o.created_at),
  };
}

// ---------------------------------------------------------------------------------------------
// Applying what WeChat Pay (or the demo provider) says
// ---------------------------------------------------------------------------------------------

export interface FactContext {
  remoteIp?: string;
  requestId?: string;
  serial?: string;
}

/** Records a refused payment fact, outside any transaction (the refused change rolled back). */
export async function recordRefusal(deps: AppDeps, err: PaymentRefusal, ctx: FactContext = {}): Promise<void> {
  deps.logger.warn({ security: true, kind: err.kind, outTradeNo: err.outTradeNo, serial: ctx.serial, remoteIp: ctx.remoteIp, reqId: ctx.requestId }, `payment fact refused: ${err.message}`);
  await repo.insertSecurityEvent(deps.database.db, {
    id: newId(deps.clock.now()),
    at: deps.clock.now(),
    kind: err.kind,
    serial: ctx.serial?.slice(0, 64) ?? null,
    out_trade_no: err.outTradeNo?.slice(0, 64) ?? null,
    detail: err.message.slice(0, 500),
    remote_ip: ctx.remoteIp?.slice(0, 64) ?? null,
    request_id: ctx.requestId?.slice(0, 64) ?? null,
  });
}

export type TransactionOutcome = 'paid' | 'closed' | 'unchanged';

/**
 * Applies a verified transaction fact. Idempotent: the state moves by conditional UPDATE, so a
 * duplicate (or a concurrent duplicate) finds the order already moved and changes nothing.
 * appid, mchid and the amount must match the order; otherwise nothing changes and the refusal
 * is recorded as a security event.
 */
export async function applyTransaction(deps: AppDeps, fact: Verified<WechatTransaction>, ctx: FactContext = {}): Promise<TransactionOutcome> {
  const provider = paymentProvider(deps);
  const source = verifiedBy(fact);
  const refundsToSubmit: string[] = [];
  let outcome: TransactionOutcome;
  try {
    outcome = await deps.database.db.transaction().execute(async (tx) => {
      const order = await repo.lockOrder(tx, deps.database.dialect, { outTradeNo: fact.out_trade_no });
      if (!order) throw new PaymentRefusal('unknown_order', 400, '订单不存在', fact.out_trade_no);
      if ((source === 'demo') !== (order.provider === 'demo')) throw new PaymentRefusal('provider_mismatch', 400, '支付渠道与订单不符', fact.out_trade_no);
      if (fact.appid !== provider.appId) throw new PaymentRefusal('appid_mismatch', 400, 'appid 与本应用不符', fact.out_trade_no);
      if (fact.mchid !== provider.mchId) throw new PaymentRefusal('mchid_mismatch', 400, '商户号不符', fact.out_trade_no);
      const paid = fact.trade_state === 'SUCCESS' || fact.trade_state === 'REFUND';
      if (paid && fact.amount?.total !== order.amount_fen) {
        throw new PaymentRefusal('amount_mismatch', 400, `金额不符：订单 ${order.amount_fen} 分，通知 ${fact.amount?.total} 分`, fact.out_trade_no);
      }
      const event = source === 'notification' ? 'notified' : source === 'demo' ? 'demo_confirmed' : 'queried';
      await record(deps, tx, { orderId: order.id, event, source, detail: { tradeState: fact.trade_state, transactionId: fact.transaction_id } });
      if (paid) return markPaid(deps, tx, order, fact, refundsToSubmit);
      if (fact.trade_state === 'CLOSED' || fact.trade_state === 'REVOKED') return markClosed(deps, tx, order, source);
      return 'unchanged';
    });
  } catch (err) {
    if (err instanceof PaymentRefusal) await recordRefusal(deps, err, ctx);
    throw err;
  }
  for (const id of refundsToSubmit) await submitRefund(deps, id);
  return outcome;
}

async function markPaid(deps: AppDeps, tx: Db, order: PaymentOrderTable, fact: Verified<WechatTransaction>, refundsToSubmit: string[]): Promise<TransactionOutcome> {
  const now = deps.clock.now();
  const successAt = fact.success_time ? Date.parse(fact.success_time) : NaN;
  const wasClosed = order.state === 'closed';
  const patch = { state: 'paid', transaction_id: fact.transaction_id ?? null, paid_at: Number.isFinite(successAt) ? successAt : now, next_check_at: null, updated_at: now };
  if (!(await repo.moveOrder(tx, order.id, ['created', 'paying', 'closed'], patch))) return 'unchanged';
  await record(deps, tx, { orderId: order.id, event: 'paid', source: verifiedBy(fact), amountFen: order.amount_fen, once: true, detail: { transactionId: fact.transaction_id } });
  const paidOrder = { ...order, ...patch };
  // Money that arrived after the order closed (its payable already released) goes back in full.
  const refuse = wasClosed
    ? { reasonKey: LATE_PAYMENT_REFUND, reason: '订单关闭后到账，原路退回' }
    : (await payableHandlers(order.payable_type).onPaid(deps, tx, order.payable_id, paidOrder))?.refund;
  if (refuse) refundsToSubmit.push((await scheduleRefund(deps, tx, { orderId: order.id, ...refuse })).id);
  return 'paid';
}

async function markClosed(deps: AppDeps, tx: Db, order: PaymentOrderTable, source: Source): Promise<TransactionOutcome> {
  const now = deps.clock.now();
  const patch = { state: 'closed', closed_at: now, payable_key: null, next_check_at: null, updated_at: now };
  if (!(await repo.moveOrder(tx, order.id, UNPAID_STATES, patch))) return 'unchanged';
  await record(deps, tx, { orderId: order.id, event: 'closed', source, once: true });
  await payableHandlers(order.payable_type).onClosed(deps, tx, order.payable_id, { ...order, ...patch });
  return 'closed';
}

/**
 * Brings one unpaid order up to date with the provider: paid or closed there means paid or
 * closed here; past its expiry it is closed at WeChat Pay first (so no payment can land after)
 * and then here, which releases the payable exactly once.
 */
export async function settleOrder(deps: AppDeps, orderId: string): Promise<TransactionOutcome> {
  const order = await repo.getOrder(deps.database.db, orderId);
  if (!order || !(UNPAID_STATES as readonly string[]).includes(order.state)) return 'unchanged';
  const provider = paymentProvider(deps);
  const fact = order.provider === provider.kind ? await provider.queryOrder(order.out_trade_no) : null;
  if (fact && fact.trade_state !== 'NOTPAY' && fact.trade_state !== 'USERPAYING' && fact.trade_state !== 'PAYERROR') return applyTransaction(deps, fact);
  if (deps.clock.now() < order.expires_at || fact?.trade_state === 'USERPAYING') return 'unchanged';
  if (fact) await provider.closeOrder(order.out_trade_no);
  return closeUnpaid(deps, order.id, 'system');
}

async function closeUnpaid(deps: AppDeps, orderId: string, source: Source): Promise<TransactionOutcome> {
  return deps.database.db.transaction().execute(async (tx) => {
    const order = await repo.lockOrder(tx, deps.database.dialect, { id: orderId });
    return order ? markClosed(deps, tx, order, source) : 'unchanged';
  });
}

/**
 * Cancels the unpaid order of a payable now (the resident gave up before paying): closed at the
 * provider, then here, with the payable's onClosed run once. If the provider says it was paid
 * meanwhile, it is recorded as paid instead (and the payable decides, in onPaid, to refund).
 */
export async function cancelUnpaidOrder(deps: AppDeps, payableType: string, payableId: string): Promise<TransactionOutcome> {
  const order = await liveOrderOf(deps.database.db, payableType, payableId);
  if (!order || !(UNPAID_STATES as readonly string[]).includes(order.state)) return 'unchanged';
  const provider = paymentProvider(deps);
  if (order.provider === provider.kind) {
    const fact = await provider.queryOrder(order.out_trade_no);
    if (fact?.trade_state === 'SUCCESS' || fact?.trade_state === 'REFUND') return applyTransaction(deps, fact);
    if (fact && fact.trade_state !== 'CLOSED') await provider.closeOrder(order.out_trade_no);
  }
  return closeUnpaid(deps, order.id, 'system');
}

/**
 * Ends the payment window of an unpaid order now, inside the payable's transaction (the payable
 * was cancelled before paying): the resident can no longer prepay, and the reconciliation job
 * (or `followUpPayable` after commit) closes it at the provider and here.
 */
export async function expireUnpaidOrder(deps: AppDeps, tx: Db, orderId: string): Promise<void> {
  const now = deps.clock.now();
  await tx.updateTable('payment_order').set({ expires_at: now, next_check_at: now, updated_at: now }).where('id', '=', orderId).where('state', 'in', [...UNPAID_STATES]).execute();
}

/**
 * Carries out at once, after the payable's transaction committed, what it left to do: closing an
 * expired unpaid order and submitting recorded refunds. A failure is only logged: the
 * reconciliation job does the same a minute later.
 */
export async function followUpPayable(deps: AppDeps, payableType: string, payableId: string): Promise<void> {
  const db = deps.database.db;
  try {
    const orders = await repo.ordersForPayable(db, payableType, payableId);
    for (const o of orders) {
      if ((UNPAID_STATES as readonly string[]).includes(o.state) && o.expires_at <= deps.clock.now()) await settleOrder(deps, o.id);
    }
    for (const r of await repo.refundsOfOrders(db, orders.map((o) => o.id))) {
      if (r.state === 'requested') await submitRefund(deps, r.id);
    }
  } catch (err) {
    deps.logger.warn({ payableType, payableId, err: (err as Error).message }, 'payment follow-up deferred to the reconciliation job');
  }
}

// ---------------------------------------------------------------------------------------------
// WeChat Pay notifications
// ---------------------------------------------------------------------------------------------

/** What to answer WeChat Pay: 204, or a failure that makes it retry (for about 24 hours). */
export type NotifyAnswer = { status: 204 } | { status: number; body: { code: 'FAIL'; message: string } };

/**
 * POST /api/v1/payments/wechat/notify: verify (timestamp, signature by the named key), decrypt,
 * check against the order, apply idempotently. A refused notification changes nothing.
 */
export async function handleWechatNotification(
  deps: AppDeps,
  req: { headers: Record<string, string | undefined>; rawBody: string | undefined; remoteIp: string; requestId?: string },
): Promise<NotifyAnswer> {
  const provider = paymentProvider(deps);
  const ctx: FactContext = { remoteIp: req.remoteIp, requestId: req.requestId, serial: req.headers['wechatpay-serial'] };
  if (!(provider instanceof WechatPayProvider)) throw notFound('未启用微信支付');
  try {
    const n = await provider
      .openNotification(
        { timestamp: req.headers['wechatpay-timestamp'], nonce: req.headers['wechatpay-nonce'], signature: req.headers['wechatpay-signature'], serial: req.headers['wechatpay-serial'] },
        req.rawBody,
      )
      .catch(async (err) => {
        if (err instanceof PaymentRefusal) await recordRefusal(deps, err, ctx);
        throw err;
      });
    if (n.kind === 'transaction') await applyTransaction(deps, n.transaction, ctx);
    else if (n.kind === 'refund') await applyRefund(deps, n.refund, ctx);
    else deps.logger.info({ eventType: n.eventType, id: n.id }, 'WeChat Pay notification of an event we do not use');
    return { status: 204 };
  } catch (err) {
    if (err instanceof PaymentRefusal) return { status: err.status, body: { code: 'FAIL', message: err.message } };
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Refunds
// ---------------------------------------------------------------------------------------------

export interface RefundOrder {
  orderId: string;
  /** Names the reason and fixes out_refund_no: the same key never refunds twice. */
  reasonKey: string;
  /** Shown to the resident in WeChat. */
  reason: string;
  /** Defaults to everything not yet refunded. */
  amountFen?: number;
}

/**
 * Records a refund to make, inside the caller's transaction (the row is its own outbox entry).
 * Asking again with the same reason key returns the refund already recorded. Submit it after
 * commit with `submitRefund`; the reconciliation job submits whatever is left.
 */
export async function scheduleRefund(deps: AppDeps, tx: Db, r: RefundOrder): Promise<PaymentRefundTable> {
  const order = await repo.lockOrder(tx, deps.database.dialect, { id: r.orderId });
  if (!order) throw notFound('未找到该支付订单', 'orderId');
  const outRefundNo = outRefundNoFor(order.out_trade_no, r.reasonKey);
  const existing = await repo.refundByOutRefundNo(tx, outRefundNo);
  if (existing) return existing;
  const now = deps.clock.now();
  const amountFen = r.amountFen ?? order.amount_fen - order.refund_reserved_fen;
  const allowed = checkRefundAllowed({
    state: order.state as PaymentOrderState,
    amountFen: order.amount_fen,
    paidAt: order.paid_at === null ? null : Number(order.paid_at),
    refundCount: order.refund_count,
    reservedFen: order.refund_reserved_fen,
    amountToRefundFen: amountFen,
    now,
  });
  if (!allowed.ok) throw new AppError(allowed.code === 'too_many' ? 'LIMIT_REACHED' : 'CONFLICT', allowed.message, allowed.field);
  if (!(await repo.reserveRefund(tx, order.id, amountFen, MAX_REFUNDS_PER_ORDER, now))) throw conflict('退款金额超过订单可退金额', 'amountFen');
  const row: PaymentRefundTable = {
    id: newId(now),
    order_id: order.id,
    out_refund_no: outRefundNo,
    reason_key: r.reasonKey,
    reason: [...r.reason].slice(0, 80).join(''),
    amount_fen: amountFen,
    state: 'requested',
    refund_id: null,
    received_account: null,
    attempts: 0,
    last_error: null,
    next_check_at: now,
    requested_at: now,
    succeeded_at: null,
    updated_at: now,
  };
  await repo.insertRefund(tx, row);
  await record(deps, tx, { orderId: order.id, refundId: row.id, event: 'refund_requested', source: 'system', amountFen, detail: { reasonKey: r.reasonKey, outRefundNo } });
  return row;
}

/** Refunds the live order of a payable (e.g. a rejected booking) and submits it; null when nothing was paid. */
export async function refundPayable(deps: AppDeps, p: { payableType: string; payableId: string; reasonKey: string; reason: string; amountFen?: number }) {
  const refund = await deps.database.db.transaction().execute(async (tx) => {
    const order = await liveOrderOf(tx, p.payableType, p.payableId);
    if (!order || order.state === 'created' || order.state === 'paying') return null;
    return scheduleRefund(deps, tx, { orderId: order.id, reasonKey: p.reasonKey, reason: p.reason, amountFen: p.amountFen });
  });
  if (refund) await submitRefund(deps, refund.id);
  return refund;
}

/**
 * Sends a recorded refund to the provider with its fixed out_refund_no: a retry after a lost
 * answer asks for the same refund again, and WeChat Pay refunds it once. Failures are kept for
 * the reconciliation job, which tries again.
 */
export async function submitRefund(deps: AppDeps, refundId: string): Promise<void> {
  const db = deps.database.db;
  const refund = await repo.getRefund(db, refundId);
  if (!refund || refund.state !== 'requested') return;
  const order = (await repo.getOrder(db, refund.order_id))!;
  const now = deps.clock.now();
  await repo.setRefundCheck(db, refund.id, { attempts: refund.attempts + 1, next_check_at: now + retryDelay(refund.attempts + 1, deps.config.payments.reconcileAfterMs), updated_at: now });
  let fact;
  try {
    fact = await paymentProvider(deps).refund({
      outTradeNo: order.out_trade_no,
      outRefundNo: refund.out_refund_no,
      reason: refund.reason,
      refundFen: refund.amount_fen,
      totalFen: order.amount_fen,
    });
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    deps.logger.warn({ refundId, status: err.status, code: err.code }, 'refund request failed; the reconciliation job retries it');
    await repo.setRefundCheck(db, refund.id, { last_error: err.message.slice(0, 500), updated_at: deps.clock.now() });
    return;
  }
  await applyRefund(deps, fact);
}

/** Backoff for a refund the provider did not accept: 1, 2, 4 ... reconcile periods, at most a day. */
function retryDelay(attempt: number, base: number) {
  return Math.min(base * 2 ** Math.min(attempt - 1, 10), 24 * 3600_000);
}

export type RefundOutcome = 'succeeded' | 'processing' | 'closed' | 'abnormal' | 'unchanged';

/** Applies a verified refund fact (answer, query or notification); idempotent like `applyTransaction`. */
export async function applyRefund(deps: AppDeps, fact: Verified<WechatRefund>, ctx: FactContext = {}): Promise<RefundOutcome> {
  const provider = paymentProvider(deps);
  const source = verifiedBy(fact);
  try {
    return await deps.database.db.transaction().execute(async (tx) => {
      const found = await repo.refundByOutRefundNo(tx, fact.out_refund_no);
      if (!found) throw new PaymentRefusal('unknown_refund', 400, '退款单不存在', fact.out_trade_no);
      const order = (await repo.lockOrder(tx, deps.database.dialect, { id: found.order_id }))!;
      const refund = (await repo.getRefund(tx, found.id))!;
      if (fact.out_trade_no !== order.out_trade_no) throw new PaymentRefusal('unknown_refund', 400, '退款单与订单不符', fact.out_trade_no);
      if (fact.mchid !== undefined && fact.mchid !== provider.mchId) throw new PaymentRefusal('mchid_mismatch', 400, '商户号不符', fact.out_trade_no);
      if (fact.amount.refund !== refund.amount_fen) {
        throw new PaymentRefusal('amount_mismatch', 400, `退款金额不符：退款单 ${refund.amount_fen} 分，通知 ${fact.amount.refund} 分`, fact.out_trade_no);
      }
      const now = deps.clock.now();
      const event = source === 'notification' ? 'refund_notified' : source === 'api' ? 'refund_answered' : 'refund_queried';
      await record(deps, tx, { orderId: order.id, refundId: refund.id, event, source, detail: { status: fact.status, refundId: fact.refund_id } });
      const common = { refund_id: fact.refund_id ?? refund.refund_id, updated_at: now };
      switch (fact.status) {
        case 'PROCESSING': {
          const moved = await repo.moveRefund(tx, refund.id, ['requested'], { ...common, state: 'processing', next_check_at: now + deps.config.payments.reconcileAfterMs });
          return moved ? 'processing' : 'unchanged';
        }
        case 'SUCCESS': {
          const successAt = fact.success_time ? Date.parse(fact.success_time) : NaN;
          const patch = { ...common, state: 'succeeded', succeeded_at: Number.isFinite(successAt) ? successAt : now, received_account: fact.user_received_account ?? null, next_check_at: null };
          if (!(await repo.moveRefund(tx, refund.id, ['requested', 'processing', 'abnormal'], patch))) return 'unchanged';
          await record(deps, tx, { orderId: order.id, refundId: refund.id, event: 'refund_succeeded', source, amountFen: refund.amount_fen, once: true });
          const refundedFen = order.refunded_fen + refund.amount_fen;
          await settleOrderAfterRefund(deps, tx, order, { refunded_fen: refundedFen });
          await notifyRefund(deps, tx, order, { ...refund, ...patch });
          // The payable released its hold when the order closed and never saw a late payment.
          if (refund.reason_key !== LATE_PAYMENT_REFUND) await payableHandlers(order.payable_type).onRefunded?.(deps, tx, order.payable_id, order, { ...refund, ...patch });
          return 'succeeded';
        }
        case 'CLOSED': {
          if (!(await repo.moveRefund(tx, refund.id, ['requested', 'processing'], { ...common, state: 'closed', next_check_at: null }))) return 'unchanged';
          await record(deps, tx, { orderId: order.id, refundId: refund.id, event: 'refund_closed', source, amountFen: refund.amount_fen, once: true });
          // A closed refund returned nothing: its reservation is released.
          await settleOrderAfterRefund(deps, tx, order, { refund_reserved_fen: order.refund_reserved_fen - refund.amount_fen });
          return 'closed';
        }
        case 'ABNORMAL': {
          if (!(await repo.moveRefund(tx, refund.id, ['requested', 'processing'], { ...common, state: 'abnormal', next_check_at: null }))) return 'unchanged';
          await record(deps, tx, { orderId: order.id, refundId: refund.id, event: 'refund_abnormal', source, once: true });
          deps.logger.error({ orderId: order.id, refundId: refund.id }, 'refund abnormal (card closed or frozen): finance must complete it by hand');
          return 'abnormal';
        }
      }
    });
  } catch (err) {
    if (err instanceof PaymentRefusal) await recordRefusal(deps, err, ctx);
    throw err;
  }
}

async function settleOrderAfterRefund(deps: AppDeps, tx: Db, order: PaymentOrderTable, money: { refunded_fen?: number; refund_reserved_fen?: number }) {
  const refundedFen = money.refunded_fen ?? order.refunded_fen;
  const state = orderStateAfterRefunds({ amountFen: order.amount_fen, refundedFen, openRefunds: await repo.countOpenRefunds(tx, order.id) });
  await tx
    .updateTable('payment_order')
    .set({ ...money, state, updated_at: deps.clock.now() })
    .where('id', '=', order.id)
    .execute();
}

async function notifyRefund(deps: AppDeps, tx: Db, order: PaymentOrderTable, refund: PaymentRefundTable) {
  const person = order.person_id ? await tx.selectFrom('person').select('name').where('id', '=', order.person_id).executeTakeFirst() : undefined;
  const content = refundCompleted({
    refundId: refund.id,
    patientName: person?.name ?? '您',
    amountFen: refund.amount_fen,
    item: PAYABLE_TYPE_LABELS[order.payable_type] ?? order.description,
    refundedAt: Number(refund.succeeded_at ?? deps.clock.now()),
  });
  await notify(deps, tx, { ...content, eventKey: `refund_completed:${refund.id}`, personId: order.person_id ?? undefined, accountIds: [order.account_id] });
}

// ---------------------------------------------------------------------------------------------
// Console
// ---------------------------------------------------------------------------------------------

/** Payment and refund records of one payable, for staff of the facility that was paid. */
export async function paymentRecordsForStaff(deps: AppDeps, staff: StaffActor, payableType: string, payableId: string, requestId?: string): Promise<StaffPaymentRecord[]> {
  const db = deps.database.db;
  const orders = (await repo.ordersForPayable(db, payableType, payableId)).filter((o) => o.facility_id !== null && staff.facilityIds.includes(o.facility_id));
  if (!orders.length) throw notFound('未找到该业务的支付记录', 'payableId');
  const ids = orders.map((o) => o.id);
  const [refunds, ledger] = await Promise.all([repo.refundsOfOrders(db, ids), repo.ledgerOfOrders(db, ids)]);
  if (orders[0].person_id) {
    await recordStaffAccess(deps, db, { staff, personId: orders[0].person_id, facilityId: orders[0].facility_id, action: 'payment.view', detail: `${payableType}:${payableId}`, requestId });
  }
  return orders.map((o) => ({
    ...toOrderView(o, refunds),
    transactionId: o.transaction_id,
    ledger: ledger
      .filter((l) => l.order_id === o.id)
      .map((l) => ({ id: l.id, at: Number(l.at), event: l.event, eventLabel: LEDGER_LABELS[l.event] ?? l.event, source: l.source, amountFen: l.amount_fen, refundId: l.refund_id })),
  }));
}

/** A local day's money for community admins: paid, refunded, net, and what needs attention. */
export async function reconciliationSummary(deps: AppDeps, date: string): Promise<ReconciliationSummary> {
  const db = deps.database.db;
  const from = toEpochMs(date);
  const to = toEpochMs(addDays(date, 1));
  if (Number.isNaN(from) || localDate(from) !== date) throw badRequest('日期不存在', 'date');
  const [totals, ordersCreated, overdueUnpaid, refundsOpen, refundsAbnormal, refused] = await Promise.all([
    repo.ledgerTotals(db, from, to),
    repo.countOrdersCreated(db, from, to),
    repo.countOverdueUnpaid(db, deps.clock.now()),
    repo.countRefundsIn(db, ['requested', 'processing']),
    repo.countRefundsIn(db, ['abnormal']),
    repo.countSecurityEvents(db, from, to),
  ]);
  const sum = (event: string, type?: string) => {
    const rows = totals.filter((t) => t.event === event && (!type || t.payable_type === type));
    return { count: rows.reduce((s, r) => s + Number(r.n), 0), amountFen: rows.reduce((s, r) => s + Number(r.fen ?? 0), 0) };
  };
  const paid = sum('paid');
  const refunded = sum('refund_succeeded');
  const types = [...new Set(totals.map((t) => t.payable_type))].sort();
  return {
    date,
    provider: deps.config.payments.provider,
    ordersCreated,
    paid,
    closed: sum('closed').count,
    refunded,
    netFen: paid.amountFen - refunded.amountFen,
    byPayableType: types.map((t) => ({ payableType: t, label: PAYABLE_TYPE_LABELS[t] ?? t, paid: sum('paid', t), refunded: sum('refund_succeeded', t) })),
    attention: { overdueUnpaid, refundsOpen, refundsAbnormal, refusedNotifications: refused },
  };
}
