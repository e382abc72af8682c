import { z } from 'zod';
import type { PaymentOrderTable } from '../../db/schema/payment-order';

/** A transaction as WeChat Pay describes it (query answer, or decrypted TRANSACTION.SUCCESS resource). */
export const WechatTransactionSchema = z.object({
  appid: z.string(),
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  trade_state: z.enum(['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR']),
  trade_state_desc: z.string().optional(),
  success_time: z.string().optional(),
  payer: z.object({ openid: z.string().optional() }).optional(),
  amount: z.object({ total: z.number().int().optional(), payer_total: z.number().int().optional(), currency: z.string().optional() }).optional(),
});
export type WechatTransaction = z.infer<typeof WechatTransactionSchema>;

/** A refund as WeChat Pay describes it (refund answer, query answer, or decrypted REFUND.* resource). */
export const WechatRefundSchema = z.object({
  mchid: z.string().optional(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  out_refund_no: z.string(),
  refund_id: z.string().optional(),
  status: z.enum(['SUCCESS', 'CLOSED', 'PROCESSING', 'ABNORMAL']),
  success_time: z.string().optional(),
  user_received_account: z.string().optional(),
  amount: z.object({ total: z.number().int(), refund: z.number().int() }),
});
export type WechatRefund = z.infer<typeof WechatRefundSchema>;

/**
 * Who vouches for a payment fact. Only these may change an order's money state: a notification
 * whose signature we verified, an answer to our own (TLS, signature-checked) request, or the
 * demo provider in demo mode. The brand keeps anything else from reaching the apply functions.
 */
export type VerifiedSource = 'notification' | 'query' | 'api' | 'demo';
const VERIFIED = Symbol('verifiedBy');
export type Verified<T> = T & { readonly [VERIFIED]: VerifiedSource };

/** Marks a fact as vouched for; called only by the notification verifier and the providers. */
export function vouch<T extends object>(source: VerifiedSource, fact: T): Verified<T> {
  return { ...fact, [VERIFIED]: source } as Verified<T>;
}
export const verifiedBy = (fact: Verified<object>): VerifiedSource => fact[VERIFIED];

export type PrepayAnswer =
  | { provider: 'wechat'; prepayId: string; requestPayment: { timeStamp: string; nonceStr: string; package: string; signType: 'RSA'; paySign: string } }
  | { provider: 'demo'; prepayId: string };

export interface RefundRequest {
  outTradeNo: string;
  outRefundNo: string;
  reason: string;
  refundFen: number;
  totalFen: number;
}

/** A call to the provider that failed; nothing is known to have changed there unless it says so. */
export class ProviderError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The payment provider seam: WeChat Pay in production, the labelled demo provider in demo mode. */
export interface PaymentProvider {
  readonly kind: 'wechat' | 'demo';
  /** appid and mchid every fact about our orders must carry. */
  readonly appId: string;
  readonly mchId: string;
  prepay(order: PaymentOrderTable): Promise<PrepayAnswer>;
  /** null: the provider has no such order (never prepaid). */
  queryOrder(outTradeNo: string): Promise<Verified<WechatTransaction> | null>;
  closeOrder(outTradeNo: string): Promise<void>;
  refund(r: RefundRequest): Promise<Verified<WechatRefund>>;
  /** null: the provider has no such refund (the request never reached it). */
  queryRefund(outRefundNo: string): Promise<Verified<WechatRefund> | null>;
}

/** Why a payment fact was refused; each refusal is recorded as a security event. */
export type RefusalKind =
  | 'malformed'
  | 'stale_timestamp'
  | 'unknown_serial'
  | 'bad_signature'
  | 'decrypt_failed'
  | 'appid_mismatch'
  | 'mchid_mismatch'
  | 'amount_mismatch'
  | 'unknown_order'
  | 'unknown_refund'
  | 'provider_mismatch';

export class PaymentRefusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    /** HTTP status for WeChat Pay: any non-2xx makes it retry. */
    readonly status: number,
    message: string,
    readonly outTradeNo?: string,
  ) {
    super(message);
  }
}

/** A verified, decrypted WeChat Pay notification. */
export type WechatNotification =
  | { kind: 'transaction'; id: string; transaction: Verified<WechatTransaction> }
  | { kind: 'refund'; id: string; refund: Verified<WechatRefund> }
  | { kind: 'other'; id: string; eventType: string };
