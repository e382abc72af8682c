import { z } from 'zod';
import { type NotificationType, NotificationTypeSchema } from './schemas';
import { NOTIFICATION_FIELDS } from './templates';

// ---- retries ------------------------------------------------------------------------------

/** Delivery attempts per outbox row before it is given up as failed. */
export const OUTBOX_MAX_ATTEMPTS = 8;
const RETRY_DELAYS_MS = [30_000, 2 * 60_000, 10 * 60_000, 3600_000, 2 * 3600_000, 4 * 3600_000, 8 * 3600_000];

/**
 * How long to wait after the given number of failed attempts (1 = the first failed):
 * 30 s, 2 min, 10 min, 1 h, 2 h, 4 h, 8 h; the last delay repeats if attempts ever go further.
 */
export function retryDelayMs(failedAttempts: number): number {
  const i = Math.min(Math.max(failedAttempts, 1), RETRY_DELAYS_MS.length) - 1;
  return RETRY_DELAYS_MS[i];
}

// ---- WeChat subscribe template values ------------------------------------------------------

/**
 * WeChat checks each template value by the kind its key starts with (thing1, time2, ...) and
 * refuses the whole message (errcode 47003) when one is too long or has the wrong characters.
 * Values are fitted to the documented limits instead, so a long facility name never costs the
 * message. time/date/amount are produced in WeChat's format by the content helpers.
 */
export function templateKeyKind(key: string): string {
  return key.replace(/\d+$/, '');
}

const cut = (s: string, n: number, ellipsis = false) => {
  const chars = [...s];
  if (chars.length <= n) return s;
  return ellipsis ? `${chars.slice(0, n - 1).join('')}…` : chars.slice(0, n).join('');
};

export function fitTemplateValue(key: string, value: string): string {
  const v = value.replace(/\s+/g, ' ').trim();
  switch (templateKeyKind(key)) {
    case 'thing':
      return cut(v, 20, true);
    case 'name':
      // 10 Chinese characters, or 20 letters/symbols.
      return cut(v, /[^\x00-\x7f]/.test(v) ? 10 : 20);
    case 'phrase':
      return cut(v.replace(/[^\u4e00-\u9fa5]/g, ''), 5);
    case 'character_string':
      return cut(v.replace(/[^\x21-\x7e]/g, ''), 32);
    case 'number':
      return cut(v.replace(/[^\d.]/g, ''), 32);
    case 'letter':
      return cut(v.replace(/[^A-Za-z]/g, ''), 32);
    case 'symbol':
      return cut(v, 5);
    case 'phone_number':
      return cut(v.replace(/[^\d+-]/g, ''), 17);
    case 'car_number':
      return cut(v, 8);
    default:
      return v;
  }
}

/** One notification type's WeChat template: its id and which named field fills which key. */
export interface WechatTemplate {
  templateId: string;
  /** WeChat key (thing1, time2, ...) -> named field of the notification's data (patient, time, ...). */
  fields: Record<string, string>;
}
export type WechatTemplates = Partial<Record<NotificationType, WechatTemplate>>;

export type TemplateData = Record<string, { value: string }>;

/** Put in a text key whose field the feature left out: the message centre has the details. */
export const TEMPLATE_TEXT_FALLBACK = '详见小程序';
const TEXT_KINDS = new Set(['thing', 'name', 'phrase']);

/**
 * The `data` of a subscribe message. A text key (thing, name, phrase) whose field is missing or
 * empty says 详见小程序, so a message still goes out; any other key (a time, an amount) cannot be
 * made up, and the first such missing field is returned instead.
 */
export function buildTemplateData(template: WechatTemplate, data: Record<string, string>): { data: TemplateData } | { missing: string } {
  const out: TemplateData = {};
  for (const [key, field] of Object.entries(template.fields)) {
    let value = fitTemplateValue(key, data[field] ?? '');
    if (!value && TEXT_KINDS.has(templateKeyKind(key))) value = fitTemplateValue(key, TEMPLATE_TEXT_FALLBACK);
    if (!value) return { missing: field };
    out[key] = { value };
  }
  return { data: out };
}

const WechatTemplateSchema = z.object({
  templateId: z.string().min(1).max(128),
  fields: z.record(z.string(), z.string().min(1)),
});

/**
 * Validates a WECHAT_TEMPLATES value: a JSON object from notification type to template. A type
 * left out is sent to the message centre only. Returns readable problems, one per line.
 */
export function parseWechatTemplates(json: string): { templates: WechatTemplates } | { problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { problems: ['not valid JSON'] };
  }
  const parsed = z.record(z.string(), WechatTemplateSchema).safeParse(raw);
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  const problems: string[] = [];
  for (const [type, template] of Object.entries(parsed.data)) {
    if (!NotificationTypeSchema.safeParse(type).success) {
      problems.push(`${type}: unknown notification type (known: ${NotificationTypeSchema.options.join(', ')})`);
      continue;
    }
    const known: readonly string[] = NOTIFICATION_FIELDS[type as NotificationType];
    for (const [key, field] of Object.entries(template.fields)) {
      if (!/^[a-z_]+\d+$/.test(key)) problems.push(`${type}.fields.${key}: not a WeChat template key (they look like thing1, time2)`);
      if (!known.includes(field)) problems.push(`${type}.fields.${key}: ${field} is not a field of ${type} (fields: ${known.join(', ')})`);
    }
  }
  return problems.length ? { problems } : { templates: parsed.data as WechatTemplates };
}

/**
 * Demo defaults: template ids of the demo mini-program and a mapping in the shape of the medical
 * category's public templates (预约成功通知, 就诊提醒, 报告出具通知 ...). A real mini-program
 * picks its templates in 订阅消息 and sets WECHAT_TEMPLATES (production requires it).
 */
export const DEMO_WECHAT_TEMPLATES: WechatTemplates = {
  booking_confirmed: { templateId: 'demo-booking-confirmed', fields: { name1: 'patient', time2: 'time', thing3: 'facility', thing4: 'department', name5: 'doctor' } },
  booking_rejected: { templateId: 'demo-booking-rejected', fields: { name1: 'patient', time2: 'time', thing3: 'facility', thing4: 'reason' } },
  booking_cancelled_by_facility: { templateId: 'demo-booking-cancelled', fields: { name1: 'patient', time2: 'time', thing3: 'facility', thing4: 'reason' } },
  booking_reminder: { templateId: 'demo-booking-reminder', fields: { name1: 'patient', time2: 'time', thing3: 'facility', thing4: 'department', thing5: 'tip' } },
  waitlist_offer: { templateId: 'demo-waitlist-offer', fields: { name1: 'patient', time2: 'time', thing3: 'facility', time4: 'deadline', thing5: 'tip' } },
  result_released: { templateId: 'demo-result-released', fields: { name1: 'patient', thing2: 'report', thing3: 'facility', time4: 'time' } },
  renewal_approved: { templateId: 'demo-renewal-approved', fields: { name1: 'patient', thing2: 'medicine', name3: 'doctor', time4: 'time' } },
  renewal_rejected: { templateId: 'demo-renewal-rejected', fields: { name1: 'patient', thing2: 'medicine', thing3: 'reason' } },
  medicine_shipped: { templateId: 'demo-medicine-shipped', fields: { name1: 'patient', thing2: 'medicine', thing3: 'carrier', character_string4: 'trackingNo', time5: 'time' } },
  medicine_ready_for_pickup: { templateId: 'demo-medicine-ready', fields: { name1: 'patient', thing2: 'medicine', thing3: 'place', time4: 'time' } },
  refund_completed: { templateId: 'demo-refund-completed', fields: { name1: 'patient', amount2: 'amount', thing3: 'item', time4: 'time' } },
  referral_accepted: { templateId: 'demo-referral-accepted', fields: { name1: 'patient', thing2: 'facility', thing3: 'department', time4: 'time' } },
};
