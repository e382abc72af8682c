import { fenToYuan, isoWeekday, localDate, localTime, WEEKDAY_LABELS } from '../common/time';
import type { NotificationType } from './schemas';

/**
 * The content of every message the product sends, built in one place so the message centre,
 * WeChat and the village clinic's call list all say the same thing. Features pass the result
 * to notify() together with the event key and the person it is about.
 *
 * `data` holds named fields (patient, time, ...): configuration maps them onto the keys of each
 * WeChat subscribe template (thing1, time2, ...), so a new template needs no code change.
 */
export interface NotificationContent {
  type: NotificationType;
  body: string;
  link: string;
  data: Record<string, string>;
}

/** The named fields each type fills in `data`; template mappings may use only these. */
export const NOTIFICATION_FIELDS = {
  booking_confirmed: ['patient', 'facility', 'department', 'doctor', 'time'],
  booking_rejected: ['patient', 'facility', 'department', 'doctor', 'time', 'reason'],
  booking_cancelled_by_facility: ['patient', 'facility', 'department', 'doctor', 'time', 'reason'],
  booking_reminder: ['patient', 'facility', 'department', 'doctor', 'time', 'tip'],
  waitlist_offer: ['patient', 'facility', 'department', 'doctor', 'time', 'deadline', 'tip'],
  result_released: ['patient', 'report', 'facility', 'time'],
  renewal_approved: ['patient', 'medicine', 'doctor', 'time'],
  renewal_rejected: ['patient', 'medicine', 'doctor', 'reason'],
  medicine_shipped: ['patient', 'medicine', 'carrier', 'trackingNo', 'time'],
  medicine_ready_for_pickup: ['patient', 'medicine', 'place', 'time'],
  refund_completed: ['patient', 'amount', 'item', 'time'],
  referral_accepted: ['patient', 'facility', 'department', 'time'],
} as const satisfies Record<NotificationType, readonly string[]>;

/** '2026年3月5日 09:30': the time format WeChat's time/date template keys accept. */
export function wechatDateTime(date: string, time?: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日${time ? ` ${time}` : ''}`;
}

function wechatInstant(epochMs: number): string {
  return wechatDateTime(localDate(epochMs), localTime(epochMs));
}

/** '3月5日（周四）09:30' for message texts. */
function visitTime(date: string, time: string): string {
  const [, m, d] = date.split('-').map(Number);
  return `${m}月${d}日（${WEEKDAY_LABELS[isoWeekday(date)]}）${time}`;
}

function instantText(epochMs: number): string {
  const [, m, d] = localDate(epochMs).split('-').map(Number);
  return `${m}月${d}日 ${localTime(epochMs)}`;
}

/** A booking as messages describe it: who, where, with whom, when (local date and time). */
export interface BookingFacts {
  bookingId: string;
  patientName: string;
  facilityName: string;
  departmentName: string;
  doctorName: string;
  /** 'YYYY-MM-DD' */
  date: string;
  /** 'HH:mm', start of the time segment */
  time: string;
}

const bookingLink = (id: string) => `/packages/booking/pages/detail/index?id=${encodeURIComponent(id)}`;
const bookingData = (b: BookingFacts) => ({
  patient: b.patientName,
  facility: b.facilityName,
  department: b.departmentName,
  doctor: b.doctorName,
  time: wechatDateTime(b.date, b.time),
});
const where = (b: Pick<BookingFacts, 'facilityName' | 'departmentName' | 'doctorName'>) => `${b.facilityName} ${b.departmentName} ${b.doctorName}`;

export function bookingConfirmed(b: BookingFacts): NotificationContent {
  return {
    type: 'booking_confirmed',
    body: `${b.patientName}的预约已确认：${visitTime(b.date, b.time)}，${where(b)}。请按时就诊，携带身份证或电子健康卡。`,
    link: bookingLink(b.bookingId),
    data: bookingData(b),
  };
}

export function bookingRejected(b: BookingFacts & { reason: string }): NotificationContent {
  return {
    type: 'booking_rejected',
    body: `${b.patientName}在${where(b)}（${visitTime(b.date, b.time)}）的预约未通过：${b.reason}。已付费用将原路退回。`,
    link: bookingLink(b.bookingId),
    data: { ...bookingData(b), reason: b.reason },
  };
}

export function bookingCancelledByFacility(b: BookingFacts & { reason: string }): NotificationContent {
  return {
    type: 'booking_cancelled_by_facility',
    body: `很抱歉，${b.patientName}在${where(b)}（${visitTime(b.date, b.time)}）的预约已被医院取消：${b.reason}。已付费用将原路退回，可重新预约其他时间。`,
    link: bookingLink(b.bookingId),
    data: { ...bookingData(b), reason: b.reason },
  };
}

const REMINDER_TIP = '请提前15分钟到达，携带身份证或电子健康卡';

export function bookingReminder(b: BookingFacts): NotificationContent {
  return {
    type: 'booking_reminder',
    body: `就诊提醒：${b.patientName}明天${visitTime(b.date, b.time)}在${where(b)}就诊。${REMINDER_TIP}；如不能前往，请在截止时间前取消，以免记为爽约。`,
    link: bookingLink(b.bookingId),
    data: { ...bookingData(b), tip: REMINDER_TIP },
  };
}

/** 候补: a freed slot offered to the first in the queue, who must accept before `expiresAt`. */
export function waitlistOffer(w: Omit<BookingFacts, 'bookingId'> & { waitlistId: string; expiresAt: number }): NotificationContent {
  const deadline = localTime(w.expiresAt);
  return {
    type: 'waitlist_offer',
    body: `候补成功：${w.patientName}候补的${where(w)}（${visitTime(w.date, w.time)}）有号了，请在${instantText(w.expiresAt)}前确认并支付，逾期将让给下一位。`,
    link: `/packages/booking/pages/waitlist/index?id=${encodeURIComponent(w.waitlistId)}`,
    data: {
      patient: w.patientName,
      facility: w.facilityName,
      department: w.departmentName,
      doctor: w.doctorName,
      time: wechatDateTime(w.date, w.time),
      deadline: wechatInstant(w.expiresAt),
      tip: `请在${deadline}前确认，逾期让给下一位`,
    },
  };
}

export function resultReleased(r: { reportId: string; patientName: string; reportName: string; facilityName: string; releasedAt: number }): NotificationContent {
  return {
    type: 'result_released',
    body: `${r.patientName}的${r.reportName}报告已出（${r.facilityName}），可在“报告”中查看；如有疑问请咨询医生。`,
    link: `/packages/results/pages/report/index?id=${encodeURIComponent(r.reportId)}`,
    data: { patient: r.patientName, report: r.reportName, facility: r.facilityName, time: wechatInstant(r.releasedAt) },
  };
}

interface RenewalFacts {
  renewalId: string;
  patientName: string;
  /** e.g. '苯磺酸氨氯地平片等2种' */
  medicineSummary: string;
  doctorName: string;
}
const renewalLink = (id: string) => `/packages/prescriptions/pages/renewal/index?id=${encodeURIComponent(id)}`;

export function renewalApproved(r: RenewalFacts & { approvedAt: number }): NotificationContent {
  return {
    type: 'renewal_approved',
    body: `${r.patientName}的续方（${r.medicineSummary}）已由${r.doctorName}审核通过，药品备好后会再通知您取药或配送。`,
    link: renewalLink(r.renewalId),
    data: { patient: r.patientName, medicine: r.medicineSummary, doctor: r.doctorName, time: wechatInstant(r.approvedAt) },
  };
}

export function renewalRejected(r: RenewalFacts & { reason: string }): NotificationContent {
  return {
    type: 'renewal_rejected',
    body: `${r.patientName}的续方（${r.medicineSummary}）未通过：${r.reason}。请到医生处复诊评估。`,
    link: renewalLink(r.renewalId),
    data: { patient: r.patientName, medicine: r.medicineSummary, doctor: r.doctorName, reason: r.reason },
  };
}

const orderLink = (id: string) => `/packages/prescriptions/pages/order/index?id=${encodeURIComponent(id)}`;

export function medicineShipped(o: { orderId: string; patientName: string; medicineSummary: string; carrier: string; trackingNo: string; shippedAt: number }): NotificationContent {
  return {
    type: 'medicine_shipped',
    body: `${o.patientName}的药品（${o.medicineSummary}）已发出：${o.carrier}，运单号 ${o.trackingNo}。`,
    link: orderLink(o.orderId),
    data: { patient: o.patientName, medicine: o.medicineSummary, carrier: o.carrier, trackingNo: o.trackingNo, time: wechatInstant(o.shippedAt) },
  };
}

export function medicineReadyForPickup(o: { orderId: string; patientName: string; medicineSummary: string; pickupPlace: string; pickupCode?: string; readyAt: number }): NotificationContent {
  const code = o.pickupCode ? `，取药码 ${o.pickupCode}` : '';
  return {
    type: 'medicine_ready_for_pickup',
    body: `${o.patientName}的药品（${o.medicineSummary}）已到${o.pickupPlace}，可以取药了${code}。请带本人或代取人身份证。`,
    link: orderLink(o.orderId),
    data: { patient: o.patientName, medicine: o.medicineSummary, place: o.pickupPlace, time: wechatInstant(o.readyAt) },
  };
}

export function refundCompleted(r: { refundId: string; patientName: string; amountFen: number; item: string; refundedAt: number }): NotificationContent {
  const amount = `${fenToYuan(r.amountFen)}元`;
  return {
    type: 'refund_completed',
    body: `${r.patientName}的${r.item}退款 ${amount} 已原路退回，请留意微信支付到账提醒。`,
    link: `/packages/payments/pages/refund/index?id=${encodeURIComponent(r.refundId)}`,
    data: { patient: r.patientName, amount, item: r.item, time: wechatInstant(r.refundedAt) },
  };
}

export function referralAccepted(r: { referralId: string; patientName: string; toFacilityName: string; departmentName: string; acceptedAt: number }): NotificationContent {
  return {
    type: 'referral_accepted',
    body: `${r.patientName}的转诊已被${r.toFacilityName}${r.departmentName}接收，可在“转诊”中查看并预约就诊时间（转诊号源优先）。`,
    link: `/packages/booking/pages/referral/index?id=${encodeURIComponent(r.referralId)}`,
    data: { patient: r.patientName, facility: r.toFacilityName, department: r.departmentName, time: wechatInstant(r.acceptedAt) },
  };
}
