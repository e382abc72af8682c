import { z } from 'zod';
import type { SessionPeriod } from '../community/schemas';

/** 'HH:mm', 00:00-23:59. */
export const LocalTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式为 HH:mm，例如 08:00');
/** 'YYYY-MM-DD'. */
export const LocalDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), '不是有效的日期');

/**
 * A facility's booking rules (预约规则). Every figure is local (DOMAIN.md): each facility may
 * override the community defaults below; the rules in rules.ts read only this object.
 */
export const BookingPolicySchema = z
  .object({
    windowDays: z.number().int('放号天数须为整数').min(1, '至少提前1天放号').max(90, '最多提前90天放号').describe('号源提前放出的天数'),
    releaseTime: LocalTimeSchema.describe('每天放号时间'),
    maxOpenPerWeek: z.number().int('每周限约须为整数').min(1, '每周至少可约1个号').max(20, '每周最多可约20个号').describe('同一就诊人每周（周一至周日）最多的未完成预约数'),
    cancelDaysBefore: z.number().int('退号截止天数须为整数').min(0, '退号截止不能晚于就诊当天').max(7, '退号截止最多提前7天').describe('退号截止：就诊前几天'),
    cancelTime: LocalTimeSchema.describe('退号截止：当天几点'),
    noShowLimit: z.number().int('爽约次数须为整数').min(1, '爽约次数至少为1').max(20, '爽约次数最多为20').describe('爽约次数达到此数即暂停在线预约'),
    noShowWithinDays: z.number().int('统计天数须为整数').min(1, '统计爽约至少1天').max(366, '统计爽约最多366天').describe('统计爽约的天数范围'),
    suspendDays: z.number().int('暂停天数须为整数').min(1, '暂停至少1天').max(366, '暂停最多366天').describe('暂停在线预约的天数'),
    waitlistOfferMinutes: z.number().int('确认时限须为整数').min(5, '候补确认时限至少5分钟').max(24 * 60, '候补确认时限最多1440分钟（24小时）').describe('候补通知后需在多少分钟内确认'),
    waitlistCloseDaysBefore: z.number().int('候补截止天数须为整数').min(0, '候补截止不能晚于就诊当天').max(7, '候补截止最多提前7天').describe('候补截止：就诊前几天'),
    waitlistCloseTime: LocalTimeSchema.describe('候补截止：当天几点'),
    referralReleaseHours: z.number().int('小时数须为整数').min(0, '小时数不能为负').max(24 * 60, '最多提前1440小时（60天）').describe('转诊预留号源在就诊前多少小时未用完即开放给公众'),
  })
  .meta({ id: 'BookingPolicy' });
export type BookingPolicy = z.infer<typeof BookingPolicySchema>;

/** The community defaults from DOMAIN.md; a facility without its own policy uses these. */
export const DEFAULT_BOOKING_POLICY: BookingPolicy = {
  windowDays: 7,
  releaseTime: '08:00',
  maxOpenPerWeek: 3,
  cancelDaysBefore: 1,
  cancelTime: '18:00',
  noShowLimit: 3,
  noShowWithinDays: 90,
  suspendDays: 90,
  waitlistOfferMinutes: 30,
  waitlistCloseDaysBefore: 1,
  waitlistCloseTime: '20:00',
  referralReleaseHours: 48,
};

/** Usual hours of each session (上午/下午/晚间); staff may set others per schedule. */
export const DEFAULT_SESSION_TIMES: Record<SessionPeriod, { startTime: string; endTime: string }> = {
  am: { startTime: '08:00', endTime: '12:00' },
  pm: { startTime: '14:00', endTime: '17:00' },
  evening: { startTime: '18:00', endTime: '20:00' },
};

export const DEFAULT_SEGMENT_MINUTES = 30;

/**
 * Registration fees are paid online (WeChat Pay, or the labelled demo provider in demo mode): a
 * fee-carrying booking waits in pending_payment, holding its place, until paid. Referral
 * bookings are made by staff and their fee is paid at the desk.
 */
export const FEE_PAYABLE_ONLINE = true;
