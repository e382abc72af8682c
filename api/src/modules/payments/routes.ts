import {
  PayableQuerySchema,
  PaymentOrderParamsSchema,
  PaymentOrderQuerySchema,
  PaymentOrderSchema,
  PrepaySchema,
  ReconciliationQuerySchema,
  ReconciliationSummarySchema,
  StaffPaymentRecordSchema,
  WechatNotifyFailureSchema,
} from '@ygt/shared';
import { z } from 'zod';
import { asResident, asStaff } from '../../http/auth';
import { defineRoute } from '../../http/route';
import './payables';
import * as service from './service';

const tags = ['支付 payments'];

export const routes = [
  defineRoute({
    method: 'post',
    path: '/api/v1/payments/wechat/notify',
    summary: '微信支付通知（支付成功、退款结果），由微信支付调用',
    description:
      'Verifies Wechatpay-Signature over the raw body (platform certificate or WeChat Pay public key, by Wechatpay-Serial), refuses timestamps older than 5 minutes, decrypts the resource with the APIv3 key and applies it idempotently. 204 on success; 4xx/5xx with {code:"FAIL"} makes WeChat Pay retry.',
    tags,
    auth: 'public',
    response: WechatNotifyFailureSchema.optional(),
    status: 204,
    handler: async ({ deps, ctx }) => {
      const answer = await service.handleWechatNotification(deps, {
        headers: {
          'wechatpay-timestamp': ctx.get('wechatpay-timestamp') || undefined,
          'wechatpay-nonce': ctx.get('wechatpay-nonce') || undefined,
          'wechatpay-signature': ctx.get('wechatpay-signature') || undefined,
          'wechatpay-serial': ctx.get('wechatpay-serial') || undefined,
        },
        rawBody: ctx.request.rawBody,
        remoteIp: ctx.ip,
        requestId: ctx.state.requestId,
      });
      ctx.status = answer.status;
      return 'body' in answer ? answer.body : undefined;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/payments/orders',
    summary: '我的支付订单（含退款）；可按业务单据筛选，如待支付预约的订单',
    tags,
    auth: 'resident',
    query: PayableQuerySchema.partial(),
    response: z.object({ items: z.array(PaymentOrderSchema) }),
    handler: async ({ deps, actor, query }) => ({ items: await service.listOrdersForResident(deps, asResident(actor), query) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/payments/orders/:orderId',
    summary: '支付订单状态（sync=1 时先向微信支付查询）',
    tags,
    auth: 'resident',
    params: PaymentOrderParamsSchema,
    query: PaymentOrderQuerySchema,
    response: PaymentOrderSchema,
    handler: ({ deps, actor, params, query }) => service.getOrderForResident(deps, asResident(actor), params.orderId, query.sync === '1'),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/payments/orders/:orderId/prepay',
    summary: '发起支付：返回 wx.requestPayment 的参数（演示模式返回演示支付信息）',
    tags,
    auth: 'resident',
    params: PaymentOrderParamsSchema,
    response: PrepaySchema,
    handler: ({ deps, actor, params }) => service.prepay(deps, asResident(actor), params.orderId),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/payments/orders/:orderId/demo-confirm',
    summary: '演示模式：模拟支付成功（不会真实扣款；生产环境不存在）',
    tags,
    auth: 'resident',
    params: PaymentOrderParamsSchema,
    response: PaymentOrderSchema,
    handler: ({ deps, actor, params }) => service.confirmDemoPayment(deps, asResident(actor), params.orderId),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/payments/refunds/:refundId',
    summary: '退款详情（所属支付订单及其全部退款）',
    tags,
    auth: 'resident',
    params: z.object({ refundId: z.string().min(1).max(40).describe('退款 id') }),
    response: PaymentOrderSchema,
    handler: ({ deps, actor, params }) => service.getOrderByRefundForResident(deps, asResident(actor), params.refundId),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/staff/payments',
    summary: '业务单据的支付与退款记录（限本机构，记录访问日志）',
    tags,
    auth: 'staff',
    query: PayableQuerySchema,
    response: z.object({ items: z.array(StaffPaymentRecordSchema) }),
    handler: async ({ deps, actor, query, ctx }) => ({
      items: await service.paymentRecordsForStaff(deps, asStaff(actor), query.payableType, query.payableId, ctx.state.requestId),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/staff/payments/reconciliation',
    summary: '每日对账汇总（医共体管理员）',
    tags,
    auth: 'staff',
    roles: ['community_admin'],
    query: ReconciliationQuerySchema,
    response: ReconciliationSummarySchema,
    handler: ({ deps, query }) => service.reconciliationSummary(deps, query.date),
  }),
];
