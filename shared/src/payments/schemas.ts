import { z } from 'zod';
import { PAYMENT_ORDER_STATES, REFUND_STATES } from './rules';

/** What a payment is for; each payable module registers its type with the payments module. */
export const PayableTypeSchema = z
  .string()
  .regex(/^[a-z_]{1,20}$/, '业务类型为小写字母')
  .describe('业务类型：booking 挂号费，prescription 处方自付费用');
export const PAYABLE_TYPE_LABELS: Record<string, string> = { booking: '挂号费', prescription: '处方自付费用' };

export const PaymentProviderSchema = z.enum(['wechat', 'demo']);
export type PaymentProviderKind = z.infer<typeof PaymentProviderSchema>;

const Id = z.string().min(1).max(40);

export const PaymentOrderParamsSchema = z.object({ orderId: Id.describe('支付订单 id') });

export const RefundSchema = z
  .object({
    id: z.string(),
    outRefundNo: z.string(),
    amountFen: z.number().int(),
    reason: z.string(),
    state: z.enum(REFUND_STATES),
    stateLabel: z.string(),
    requestedAt: z.number(),
    succeededAt: z.number().nullable(),
    receivedAccount: z.string().nullable().describe('退款入账账户，如“支付用户零钱”'),
  })
  .meta({ id: 'Refund' });
export type Refund = z.infer<typeof RefundSchema>;

export const PaymentOrderSchema = z
  .object({
    id: z.string(),
    outTradeNo: z.string(),
    payableType: PayableTypeSchema,
    payableId: z.string(),
    amountFen: z.number().int().describe('金额（分）'),
    description: z.string(),
    state: z.enum(PAYMENT_ORDER_STATES),
    stateLabel: z.string(),
    provider: PaymentProviderSchema.describe('demo: 演示支付，不会真实扣款'),
    expiresAt: z.number().describe('超过此时间未支付，订单关闭（epoch ms）'),
    paidAt: z.number().nullable(),
    closedAt: z.number().nullable(),
    refundedFen: z.number().int(),
    refunds: z.array(RefundSchema),
    createdAt: z.number(),
  })
  .meta({ id: 'PaymentOrder' });
export type PaymentOrder = z.infer<typeof PaymentOrderSchema>;

/** The five fields wx.requestPayment takes (signType is always RSA for v3). */
export const WechatRequestPaymentSchema = z
  .object({
    timeStamp: z.string(),
    nonceStr: z.string(),
    package: z.string().describe('prepay_id=...'),
    signType: z.literal('RSA'),
    paySign: z.string(),
  })
  .meta({ id: 'WechatRequestPayment' });

export const PrepaySchema = z
  .discriminatedUnion('provider', [
    z.object({ provider: z.literal('wechat'), orderId: z.string(), requestPayment: WechatRequestPaymentSchema }),
    z.object({
      provider: z.literal('demo'),
      orderId: z.string(),
      demo: z.object({
        label: z.string().describe('演示支付标识，界面须显著展示'),
        amountFen: z.number().int(),
        confirmPath: z.string().describe('POST 此路径模拟支付成功'),
      }),
    }),
  ])
  .meta({ id: 'Prepay' });
export type Prepay = z.infer<typeof PrepaySchema>;

export const PaymentOrderQuerySchema = z.object({
  sync: z
    .enum(['0', '1'])
    .optional()
    .describe('1: 支付中的订单先向微信支付查询一次（小程序 wx.requestPayment 成功回调后使用）'),
});

export const PayableQuerySchema = z.object({
  payableType: PayableTypeSchema.describe('业务类型'),
  payableId: Id.describe('业务单据 id，如预约 id'),
});

export const LedgerEntrySchema = z
  .object({
    id: z.string(),
    at: z.number(),
    event: z.string(),
    eventLabel: z.string(),
    source: z.string().describe('notification 支付通知 / query 主动查询 / api 接口应答 / demo 演示 / system 系统'),
    amountFen: z.number().int().nullable(),
    refundId: z.string().nullable(),
  })
  .meta({ id: 'PaymentLedgerEntry' });

export const StaffPaymentRecordSchema = PaymentOrderSchema.extend({
  transactionId: z.string().nullable().describe('微信支付订单号'),
  ledger: z.array(LedgerEntrySchema),
}).meta({ id: 'StaffPaymentRecord' });
export type StaffPaymentRecord = z.infer<typeof StaffPaymentRecordSchema>;

export const ReconciliationQuerySchema = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD')
    .describe('对账日期（北京时间）'),
});

const CountSum = z.object({ count: z.number().int(), amountFen: z.number().int() });
export const ReconciliationSummarySchema = z
  .object({
    date: z.string(),
    provider: PaymentProviderSchema,
    ordersCreated: z.number().int(),
    paid: CountSum,
    closed: z.number().int(),
    refunded: CountSum,
    netFen: z.number().int().describe('当日实收 = 支付 - 退款（分）'),
    byPayableType: z.array(z.object({ payableType: PayableTypeSchema, label: z.string(), paid: CountSum, refunded: CountSum })),
    attention: z.object({
      overdueUnpaid: z.number().int().describe('已过支付期限但尚未关闭的订单（对账任务会处理）'),
      refundsOpen: z.number().int().describe('退款尚未完成'),
      refundsAbnormal: z.number().int().describe('退款异常，需财务人工处理'),
      refusedNotifications: z.number().int().describe('当日被拒绝的支付通知（验签失败、金额不符等安全事件）'),
    }),
  })
  .meta({ id: 'ReconciliationSummary' });
export type ReconciliationSummary = z.infer<typeof ReconciliationSummarySchema>;

/** What we answer WeChat Pay when a notification is refused (it then retries, for about 24 h). */
export const WechatNotifyFailureSchema = z.object({ code: z.literal('FAIL'), message: z.string() });
