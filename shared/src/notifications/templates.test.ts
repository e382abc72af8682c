import { describe, expect, it } from 'vitest';
import { toEpochMs } from '../common/time';
import { buildTemplateData, DEMO_WECHAT_TEMPLATES } from './delivery';
import { type NotificationType, NotificationTypeSchema } from './schemas';
import * as t from './templates';

const booking = { bookingId: 'B1', patientName: '李桂芳', facilityName: '青石镇中心卫生院', departmentName: '全科医学科', doctorName: '王建华', date: '2026-03-05', time: '09:30' };
const at = toEpochMs('2026-03-04', '16:05');

/** One example of every message, as the features build them. */
const EXAMPLES: Record<NotificationType, t.NotificationContent> = {
  booking_confirmed: t.bookingConfirmed(booking),
  booking_rejected: t.bookingRejected({ ...booking, reason: '医生临时停诊' }),
  booking_cancelled_by_facility: t.bookingCancelledByFacility({ ...booking, reason: '医生外出会诊' }),
  booking_reminder: t.bookingReminder(booking),
  waitlist_offer: t.waitlistOffer({ ...booking, waitlistId: 'W1', expiresAt: at }),
  result_released: t.resultReleased({ reportId: 'R1', patientName: '李桂芳', reportName: '血常规', facilityName: '云溪县人民医院', releasedAt: at }),
  renewal_approved: t.renewalApproved({ renewalId: 'P1', patientName: '王秀英', medicineSummary: '苯磺酸氨氯地平片等2种', doctorName: '刘医生', approvedAt: at }),
  renewal_rejected: t.renewalRejected({ renewalId: 'P1', patientName: '王秀英', medicineSummary: '苯磺酸氨氯地平片', doctorName: '刘医生', reason: '血压控制不达标' }),
  medicine_shipped: t.medicineShipped({ orderId: 'O1', patientName: '王秀英', medicineSummary: '二甲双胍缓释片', carrier: '中国邮政', trackingNo: 'EMS1234567890', shippedAt: at }),
  medicine_ready_for_pickup: t.medicineReadyForPickup({ orderId: 'O1', patientName: '王秀英', medicineSummary: '二甲双胍缓释片', pickupPlace: '柳河镇中心卫生院药房', pickupCode: '4821', readyAt: at }),
  refund_completed: t.refundCompleted({ refundId: 'F1', patientName: '张建国', amountFen: 1250, item: '挂号费', refundedAt: at }),
  referral_accepted: t.referralAccepted({ referralId: 'Z1', patientName: '李桂芳', toFacilityName: '云溪县人民医院', departmentName: '心血管内科', acceptedAt: at }),
};

describe('message content', () => {
  it.each(NotificationTypeSchema.options)('%s: has its type, a Chinese body, a mini-program link and every named field', (type) => {
    const c = EXAMPLES[type];
    expect(c.type).toBe(type);
    expect(c.body).toMatch(/[\u4e00-\u9fa5]/);
    expect(c.link).toMatch(/^\/packages\/[a-z]+\/pages\/[a-z]+\/index\?id=\w+$/);
    expect(Object.keys(c.data).sort()).toEqual([...t.NOTIFICATION_FIELDS[type]].sort());
    for (const v of Object.values(c.data)) expect(v.trim()).not.toBe('');
    expect(buildTemplateData(DEMO_WECHAT_TEMPLATES[type]!, c.data)).not.toHaveProperty('missing');
  });

  it.each([
    ['booking_confirmed', '李桂芳的预约已确认：3月5日（周四）09:30，青石镇中心卫生院 全科医学科 王建华。请按时就诊，携带身份证或电子健康卡。'],
    ['waitlist_offer', /请在3月4日 16:05前确认并支付/],
    ['refund_completed', '张建国的挂号费退款 12.50元 已原路退回，请留意微信支付到账提醒。'],
    ['medicine_ready_for_pickup', /柳河镇中心卫生院药房，可以取药了，取药码 4821/],
  ] as const)('%s reads: %s', (type, text) => expect(EXAMPLES[type].body).toMatch(text));

  it('gives WeChat times in its own format', () => {
    expect(EXAMPLES.booking_confirmed.data.time).toBe('2026年3月5日 09:30');
    expect(EXAMPLES.waitlist_offer.data.deadline).toBe('2026年3月4日 16:05');
    expect(EXAMPLES.refund_completed.data.amount).toBe('12.50元');
  });
});
