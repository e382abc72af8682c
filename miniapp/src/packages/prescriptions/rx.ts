import {
  fenToYuan,
  localDate,
  localTime,
  OPEN_MEDICINE_ORDER_STATES,
  type LongPrescription,
  type LongPrescriptionItem,
  type MedicineOrder,
  type MedicineOrderState,
  type Renewal,
} from '@ygt/shared';

/** Helpers shared by the long-prescription pages: routes, words, dates and money. */

const enc = encodeURIComponent;

export const RX_PAGES = {
  home: '/packages/prescriptions/pages/index/index',
  renew: (memberId: string, prescriptionId: string) =>
    `/packages/prescriptions/pages/renew/index?memberId=${enc(memberId)}&prescriptionId=${enc(prescriptionId)}`,
  /** Notification links open these two with ?id=. */
  renewal: (renewalId: string) => `/packages/prescriptions/pages/renewal/index?id=${enc(renewalId)}`,
  order: (orderId: string) => `/packages/prescriptions/pages/order/index?id=${enc(orderId)}`,
  records: (memberId: string) => `/packages/prescriptions/pages/records/index?memberId=${enc(memberId)}`,
};

/** '2026-12-14' -> '12月14日' (with the year when it is not this year). */
export function monthDay(date: string): string {
  const [y, m, d] = date.split('-');
  const thisYear = localDate(Date.now()).slice(0, 4);
  return `${y === thisYear ? '' : `${y}年`}${Number(m)}月${Number(d)}日`;
}

/** An instant as the resident reads it, in Asia/Shanghai: '11月23日 14:05'. */
export function dateTime(epochMs: number): string {
  return `${monthDay(localDate(epochMs))} ${localTime(epochMs)}`;
}

/** Integer fen as money: 41400 -> '¥414.00'. */
export function yuan(fen: number): string {
  const [whole, cents] = fenToYuan(fen).split('.');
  return `¥${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/** A dose as said aloud: 0.5 -> '半', 1.25 -> '1又1/4'. */
function doseWords(dose: number): string {
  const whole = Math.floor(dose);
  const quarters = Math.round((dose - whole) * 4);
  const part = ['', '1/4', '半', '3/4'][quarters];
  if (!whole) return part || '0';
  if (quarters === 2) return `${whole}个半`;
  return part ? `${whole}又${part}` : String(whole);
}

/** '每次1片，每日2次，口服，餐中或餐后'. */
export function howToTake(item: LongPrescriptionItem): string {
  return [`每次${doseWords(item.dose)}${item.unit}`, item.frequencyLabel, item.usage].filter(Boolean).join('，');
}

/** The conditions a prescription treats: '高血压、2型糖尿病'. */
export function conditionNames(rx: Pick<LongPrescription, 'items'>): string {
  return [...new Set(rx.items.map((i) => i.conditionName))].join('、');
}

export function isOpenOrder(order: MedicineOrder): boolean {
  return (OPEN_MEDICINE_ORDER_STATES as readonly string[]).includes(order.state);
}

export type Tone = 'wait' | 'act' | 'ok' | 'stop' | 'off';

/** An order's state in the resident's words, with its colour family (the words always say it). */
export function orderStatus(order: MedicineOrder): { text: string; tone: Tone } {
  const words: Record<MedicineOrderState, { text: string; tone: Tone }> = {
    pharmacist_review: { text: '药师审方中', tone: 'wait' },
    awaiting_payment: { text: '待支付', tone: 'act' },
    to_dispense: { text: '配药中', tone: 'wait' },
    dispensed: { text: '配药中', tone: 'wait' },
    packed: { text: '配药中（已打包）', tone: 'wait' },
    shipped: { text: '已发出', tone: 'wait' },
    delivered: { text: '已送达', tone: 'ok' },
    sent_to_clinic: { text: '正在送往卫生室', tone: 'wait' },
    ready_for_pickup: { text: '待取药', tone: 'act' },
    picked_up: { text: '已取药', tone: 'ok' },
    returned_to_doctor: { text: '退回医生重新审核', tone: 'wait' },
    cancelled: { text: '已取消', tone: 'off' },
  };
  return words[order.state];
}

/** What happens next, in one sentence. */
export function orderNextStep(order: MedicineOrder): string {
  const place = order.pickupFacility?.name ?? '取药点';
  switch (order.state) {
    case 'pharmacist_review':
      return '药师正在核对处方，核对好了会通知您。';
    case 'awaiting_payment':
      return order.coPay.paymentOrderId && order.coPay.amountFen > 0 ? `请支付个人自付部分 ${yuan(order.coPay.amountFen)}，付好后药房开始配药。` : '请支付个人自付部分，付好后药房开始配药。';
    case 'to_dispense':
    case 'dispensed':
    case 'packed':
      return `${order.pharmacy.name}正在配药，配好后${order.fulfilment === 'pickup' ? `送到${place}` : '快递寄出'}。`;
    case 'sent_to_clinic':
      return `药品正在送往${place}，到了会通知您来取。`;
    case 'ready_for_pickup':
      return `药已经到${place}了。取药时把取药码告诉医生；家人代取要带代取人的身份证。`;
    case 'shipped':
      return order.courier ? `快递：${order.courier}，运单号 ${order.trackingNo ?? ''}。` : '药品已寄出，请留意快递电话。';
    case 'delivered':
      return '药品已送到，请按医生说的按时吃药。';
    case 'picked_up':
      return '药已经取走了，请按医生说的按时吃药。';
    case 'returned_to_doctor':
      return `药师请医生再看一下处方${order.returnReason ? `（${order.returnReason}）` : ''}，不需要您操作，有结果会通知您。`;
    case 'cancelled':
      return refundNote(order) ?? '这次续方已取消。';
  }
}

/** What became of a paid co-pay after cancelling, or null when nothing was paid. */
export function refundNote(order: MedicineOrder): string | null {
  if (!order.coPay.paidAt) return null;
  if (order.coPay.refundedAt) return `已付的 ${yuan(order.coPay.amountFen)} 已原路退回（${dateTime(order.coPay.refundedAt)}）。`;
  return `已付的 ${yuan(order.coPay.amountFen)} 正在原路退回，一般1-3个工作日到账。`;
}

export function renewalStatus(renewal: Renewal): { text: string; tone: Tone } {
  switch (renewal.status) {
    case 'pending_review':
      return { text: '待医生审核', tone: 'wait' };
    case 'approved':
      return { text: '医生已通过', tone: 'ok' };
    case 'rejected':
      return { text: '医生未通过', tone: 'stop' };
    case 'needs_visit':
      return { text: '需要先看医生', tone: 'stop' };
    case 'cancelled':
      return { text: '已取消', tone: 'off' };
  }
}

export interface ProgressStep {
  label: string;
  state: 'done' | 'current' | 'todo';
}

/**
 * The road from a renewal request to medicine in hand (待审核 → 已通过 → 药师审方 → 待支付 →
 * 配药中 → 已发出/已送达卫生室 → 待取药 → 已取药), marked up to where this one is.
 */
export function progressSteps(renewal: Pick<Renewal, 'status'> | null, order: MedicineOrder | null, fulfilment: 'pickup' | 'delivery'): ProgressStep[] {
  const pays = !order || order.coPay.amountFen > 0;
  const labels = [
    '医生审核',
    '药师审方',
    ...(pays ? ['支付'] : []),
    '配药',
    ...(fulfilment === 'pickup' ? ['送到卫生室', '待取药', '已取药'] : ['已发出', '已送达']),
  ];
  let reached: number;
  if (!order) {
    reached = renewal?.status === 'pending_review' ? 0 : -1;
  } else {
    const at = (label: string) => labels.indexOf(label);
    const byState: Partial<Record<MedicineOrderState, number>> = {
      pharmacist_review: at('药师审方'),
      returned_to_doctor: at('医生审核'),
      awaiting_payment: at('支付'),
      to_dispense: at('配药'),
      dispensed: at('配药'),
      packed: at('配药'),
      sent_to_clinic: at('送到卫生室'),
      ready_for_pickup: at('待取药'),
      picked_up: labels.length,
      shipped: at('已发出'),
      delivered: labels.length,
    };
    reached = byState[order.state] ?? -1;
  }
  return labels.map((label, i) => ({ label, state: i < reached ? 'done' : i === reached ? 'current' : 'todo' }));
}
