import { z } from 'zod';

/**
 * A resident's renewal request (续方申请). needs_visit: the stability check met a stop condition;
 * cancelled: the resident cancelled the medicine order before dispensing, which undoes the renewal.
 * A pharmacist's return (审方退回) sends an approved renewal back to pending_review.
 */
export const RenewalStatusSchema = z.enum(['pending_review', 'approved', 'rejected', 'needs_visit', 'cancelled']);
export type RenewalStatus = z.infer<typeof RenewalStatusSchema>;

export const RENEWAL_STATUS_LABELS: Record<RenewalStatus, string> = {
  pending_review: '待医生审核',
  approved: '已通过',
  rejected: '未通过',
  needs_visit: '需面诊评估',
  cancelled: '已取消',
};

/** active: in force; renewed: replaced by its renewal; stopped: a doctor stopped it; voided: returned by the pharmacist. */
export const LongPrescriptionStatusSchema = z.enum(['active', 'renewed', 'stopped', 'voided']);
export type LongPrescriptionStatus = z.infer<typeof LongPrescriptionStatusSchema>;

export const LONG_PRESCRIPTION_STATUS_LABELS: Record<LongPrescriptionStatus, string> = {
  active: '有效',
  renewed: '已续方',
  stopped: '已停用',
  voided: '已作废',
};

/** pickup: at a township centre or village clinic (县采镇配); delivery: to the resident's address. */
export const FulfilmentSchema = z.enum(['pickup', 'delivery']);
export type Fulfilment = z.infer<typeof FulfilmentSchema>;

/**
 * A medicine order (药品订单) from an approved renewal: 审方 by a pharmacist of the dispensing
 * pharmacy, the co-pay, then the pharmacy board and delivery (县采镇配).
 */
export const MedicineOrderStateSchema = z.enum([
  'pharmacist_review',
  'awaiting_payment',
  'to_dispense',
  'dispensed',
  'packed',
  'shipped',
  'delivered',
  'sent_to_clinic',
  'ready_for_pickup',
  'picked_up',
  'returned_to_doctor',
  'cancelled',
]);
export type MedicineOrderState = z.infer<typeof MedicineOrderStateSchema>;

export const MEDICINE_ORDER_STATE_LABELS: Record<MedicineOrderState, string> = {
  pharmacist_review: '药师审方中',
  awaiting_payment: '待支付自付部分',
  to_dispense: '待调配',
  dispensed: '已调配',
  packed: '已打包',
  shipped: '已发货',
  delivered: '已送达',
  sent_to_clinic: '已配送至取药点',
  ready_for_pickup: '待取药',
  picked_up: '已取药',
  returned_to_doctor: '药师退回医生',
  cancelled: '已取消',
};

/**
 * Every move an order can make and who makes it. The service guards each with
 * `UPDATE ... WHERE state IN (from)`, so two racing clicks cannot both move it.
 * `approve` goes to awaiting_payment, or straight to to_dispense when nothing is owed.
 */
export const MEDICINE_ORDER_ACTIONS = {
  approve: { from: ['pharmacist_review'], to: 'awaiting_payment', by: 'pharmacist', label: '药师审方通过' },
  return_to_doctor: { from: ['pharmacist_review'], to: 'returned_to_doctor', by: 'pharmacist', label: '药师审方退回医生' },
  pay: { from: ['awaiting_payment'], to: 'to_dispense', by: 'payment', label: '已支付自付部分' },
  dispense: { from: ['to_dispense'], to: 'dispensed', by: 'pharmacist', label: '已调配' },
  pack: { from: ['dispensed'], to: 'packed', by: 'pharmacist', label: '已打包' },
  ship: { from: ['packed'], to: 'shipped', by: 'pharmacist', fulfilment: 'delivery', label: '已发货' },
  deliver: { from: ['shipped'], to: 'delivered', by: 'pharmacist', fulfilment: 'delivery', label: '已签收' },
  send_to_clinic: { from: ['packed'], to: 'sent_to_clinic', by: 'pharmacist', fulfilment: 'pickup', label: '已配送至取药点' },
  receive: { from: ['sent_to_clinic'], to: 'ready_for_pickup', by: 'clinic', fulfilment: 'pickup', label: '取药点已收货，待取药' },
  pick_up: { from: ['ready_for_pickup'], to: 'picked_up', by: 'clinic', fulfilment: 'pickup', label: '已取药' },
  cancel: { from: ['pharmacist_review', 'awaiting_payment', 'to_dispense'], to: 'cancelled', by: 'resident', label: '居民取消' },
} as const satisfies Record<
  string,
  { from: readonly MedicineOrderState[]; to: MedicineOrderState; by: 'pharmacist' | 'clinic' | 'resident' | 'payment'; fulfilment?: Fulfilment; label: string }
>;
export type MedicineOrderAction = keyof typeof MEDICINE_ORDER_ACTIONS;

/** Orders still on their way to the resident (not finished, returned or cancelled). */
export const OPEN_MEDICINE_ORDER_STATES = [
  'pharmacist_review',
  'awaiting_payment',
  'to_dispense',
  'dispensed',
  'packed',
  'shipped',
  'sent_to_clinic',
  'ready_for_pickup',
] as const satisfies readonly MedicineOrderState[];

/** Whether an order in `state` with this fulfilment may take the action. */
export function canApplyOrderAction(action: MedicineOrderAction, state: MedicineOrderState, fulfilment: Fulfilment): boolean {
  const a: { from: readonly MedicineOrderState[]; fulfilment?: Fulfilment } = MEDICINE_ORDER_ACTIONS[action];
  return a.from.includes(state) && (!a.fulfilment || a.fulfilment === fulfilment);
}

/** Timeline entries that are not moves of the state machine. */
export const ORDER_EVENT_LABELS: Record<string, string> = {
  requested: '提交续方申请',
  renewal_approved: '医生审核通过，已开具续方',
  payment_closed: '支付超时未完成，可重新支付',
  refunded: '自付费用已原路退回',
};

export function orderEventLabel(action: string): string {
  return ORDER_EVENT_LABELS[action] ?? (MEDICINE_ORDER_ACTIONS as Record<string, { label: string }>)[action]?.label ?? action;
}
