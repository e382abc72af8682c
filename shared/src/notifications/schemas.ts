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

// ---- subscriptions ---------------------------------------------------------------------------

export const SubscribeMomentSchema = z
  .enum(['booking', 'booking_detail', 'waitlist', 'renewal', 'medicine_order', 'results', 'refund', 'referral'])
  .describe('Where the mini-program asks for subscription');
export type SubscribeMoment = z.infer<typeof SubscribeMomentSchema>;

/**
 * The moments the mini-program calls wx.requestSubscribeMessage, and the messages it asks for
 * then (WeChat allows at most 3 templates per call; each tap allows one message per template).
 */
export const SUBSCRIBE_MOMENTS: Record<SubscribeMoment, readonly NotificationType[]> = {
  booking: ['booking_confirmed', 'booking_rejected', 'booking_reminder'],
  booking_detail: ['booking_reminder', 'booking_cancelled_by_facility'],
  waitlist: ['waitlist_offer'],
  renewal: ['renewal_approved', 'renewal_rejected', 'medicine_ready_for_pickup'],
  medicine_order: ['medicine_shipped', 'medicine_ready_for_pickup'],
  results: ['result_released'],
  refund: ['refund_completed'],
  referral: ['referral_accepted'],
};

export const SubscribeTemplatesSchema = z
  .object({
    moment: SubscribeMomentSchema,
    tmplIds: z.array(z.string()).max(3).describe('Pass to wx.requestSubscribeMessage({ tmplIds }); empty: do not ask'),
    templates: z.array(z.object({ type: NotificationTypeSchema, templateId: z.string() })),
  })
  .meta({ id: 'SubscribeTemplates' });
export type SubscribeTemplates = z.infer<typeof SubscribeTemplatesSchema>;

// ---- elder fallback: the village doctor calls -------------------------------------------------

export const NotifyPreferenceSchema = z
  .object({
    memberId: z.string(),
    callFacility: z.object({ id: z.string(), name: z.string() }).nullable().describe('Clinic whose call list also gets every message about this person; null: off'),
    sms: z.boolean().describe('Also send a text message to the phone on file'),
    smsAvailable: z.boolean().describe('False when no SMS provider is configured: hide the switch'),
    hasPhone: z.boolean(),
    registeredFacilities: z.array(z.object({ id: z.string(), name: z.string(), level: z.string() })).describe('Facilities where the person is registered (建档); any village clinic may also be chosen'),
    updatedAt: z.number().nullable(),
  })
  .meta({ id: 'NotifyPreference' });
export type NotifyPreference = z.infer<typeof NotifyPreferenceSchema>;

export const UpdateNotifyPreferenceSchema = z.object({
  callFacilityId: z.string().min(1, '请选择卫生室').max(40).nullable().describe('A facility where the person is registered, or any village clinic; null turns it off'),
  sms: z.boolean(),
});
export type UpdateNotifyPreference = z.infer<typeof UpdateNotifyPreferenceSchema>;

export const CallListItemSchema = z
  .object({
    id: z.string(),
    facilityId: z.string(),
    facilityName: z.string(),
    personId: z.string(),
    personName: z.string(),
    phone: z.string().nullable().describe('In full: the person asked this clinic to call them'),
    type: NotificationTypeSchema,
    title: z.string(),
    body: z.string(),
    createdAt: z.number(),
    doneAt: z.number().nullable(),
    doneByName: z.string().nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'CallListItem' });
export type CallListItem = z.infer<typeof CallListItemSchema>;

export const CallListQuerySchema = z.object({
  status: z.enum(['open', 'done']).default('open'),
  facilityId: z.string().min(1).max(40).optional(),
});

export const CallListDoneSchema = z.object({
  note: z.string().trim().max(200, '备注不超过200字').optional().describe('e.g. 已电话告知本人'),
});
