import type { PaymentOrder, Prepay } from '@ygt/shared';
import { api } from './api';

interface ListOf<T> {
  items: T[];
}

const enc = encodeURIComponent;

/** The payment order of a payable thing (a booking's registration fee, a prescription's co-pay): the latest, if any. */
export async function findPaymentOrder(payableType: string, payableId: string): Promise<PaymentOrder | null> {
  const { items } = await api.get<ListOf<PaymentOrder>>('/api/v1/payments/orders', { payableType, payableId });
  return [...items].sort((a, b) => b.createdAt - a.createdAt)[0] ?? null;
}

/** `sync`: ask WeChat Pay first (after wx.requestPayment answered), since its notification may come late. */
export function getPaymentOrder(orderId: string, sync = false): Promise<PaymentOrder> {
  return api.get<PaymentOrder>(`/api/v1/payments/orders/${enc(orderId)}`, { sync: sync ? 1 : undefined });
}

/** The five wx.requestPayment fields, or the labelled demo payment (demo mode). */
export function prepayOrder(orderId: string): Promise<Prepay> {
  return api.post<Prepay>(`/api/v1/payments/orders/${enc(orderId)}/prepay`);
}

/** Demo mode only: completes the payment without any money (演示支付). */
export function confirmDemoPayment(orderId: string): Promise<PaymentOrder> {
  return api.post<PaymentOrder>(`/api/v1/payments/orders/${enc(orderId)}/demo-confirm`);
}

/** The order a refund belongs to, with all its refunds. */
export function getOrderOfRefund(refundId: string): Promise<PaymentOrder> {
  return api.get<PaymentOrder>(`/api/v1/payments/refunds/${enc(refundId)}`);
}
