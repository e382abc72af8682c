import { z } from 'zod';

/** Every message the product sends; each maps to a WeChat subscribe template in configuration. */
export const NotificationTypeSchema = z.enum([
  'booking_confirmed',
  'booking_rejected',
  'booking_cancelled_by_facility',
  'booking_reminder',
  'waitlist_offer',
  'result_released',
  'renewal_approved',
  'renewal_rejected',
  'medicine_shipped',
  'medicine_ready_for_pickup',
  'refund_completed',
  'referral_accepted',
]);
export type NotificationType = z.infer<typeof NotificationTypeSchema>;

export const NOTIFICATION_TITLES: Record<NotificationType, string> = {
  booking_confirmed: '预约已确认',
  booking_rejected: '预约未通过',
  booking_cancelled_by_facility: '预约已被医院取消',
  booking_reminder: '就诊提醒',
  waitlist_offer: '候补成功，请尽快确认',
  result_released: '检查检验报告已出',
  renewal_approved: '续方已通过',
  renewal_rejected: '续方未通过',
  medicine_shipped: '药品已发出',
  medicine_ready_for_pickup: '药品可以取了',
  refund_completed: '退款已到账',
  referral_accepted: '转诊已接收',
};

export const MessageSchema = z
  .object({
    id: z.string(),
    type: NotificationTypeSchema,
    title: z.string(),
    body: z.string().describe('Plain Chinese text'),
    link: z.string().nullable().describe('Mini-program page to open, e.g. /packages/booking/pages/detail/index?id=...'),
    createdAt: z.number(),
    readAt: z.number().nullable(),
    wechatStatus: z.enum(['pending', 'sent', 'not_subscribed', 'failed', 'not_applicable']),
  })
  .meta({ id: 'Message' });
export type Message = z.infer<typeof MessageSchema>;
