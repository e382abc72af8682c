import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTemplateData, DEMO_WECHAT_TEMPLATES, fitTemplateValue, OUTBOX_MAX_ATTEMPTS, parseWechatTemplates, retryDelayMs } from './delivery';
import { NotificationTypeSchema } from './schemas';
import { NOTIFICATION_FIELDS } from './templates';

describe('retry delays', () => {
  it.each([
    [1, 30_000],
    [2, 120_000],
    [3, 600_000],
    [4, 3_600_000],
    [7, 8 * 3_600_000],
    [20, 8 * 3_600_000],
  ])('after %i failed attempts waits %i ms', (n, ms) => expect(retryDelayMs(n)).toBe(ms));

  it('never shrinks and stays within a working day, for any attempt count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (n) => {
        expect(retryDelayMs(n + 1)).toBeGreaterThanOrEqual(retryDelayMs(n));
        expect(retryDelayMs(n)).toBeLessThanOrEqual(8 * 3_600_000);
      }),
    );
  });

  it('gives up after a bounded number of attempts whose delays add up to under a day', () => {
    const total = Array.from({ length: OUTBOX_MAX_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1)).reduce((a, b) => a + b, 0);
    expect(total).toBeLessThan(24 * 3_600_000);
  });
});

describe('WeChat template values', () => {
  it.each([
    ['thing1', '云溪县人民医院心血管内科专家门诊（周四上午）', '云溪县人民医院心血管内科专家门诊（周四…'],
    ['thing1', '青石镇中心卫生院', '青石镇中心卫生院'],
    ['thing2', '  多个\n空白  ', '多个 空白'],
    ['name1', '欧阳娜娜娜娜娜娜娜娜娜', '欧阳娜娜娜娜娜娜娜娜'],
    ['name1', 'Zhang Jianguo Wang Long Name', 'Zhang Jianguo Wang L'],
    ['phrase3', '已确认！', '已确认'],
    ['character_string4', 'SF 1234-5678 顺丰', 'SF1234-5678'],
    ['number5', '共12.5件', '12.5'],
    ['time2', '2026年3月5日 09:30', '2026年3月5日 09:30'],
    ['amount2', '12.50元', '12.50元'],
  ])('%s: %s -> %s', (key, value, fitted) => expect(fitTemplateValue(key, value)).toBe(fitted));

  it('always fits thing values into 20 characters, keeps short ones, and is stable', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60, unit: 'grapheme' }), (s) => {
        const fitted = fitTemplateValue('thing7', s);
        expect([...fitted].length).toBeLessThanOrEqual(20);
        expect(fitTemplateValue('thing7', fitted)).toBe(fitted);
        const clean = s.replace(/\s+/g, ' ').trim();
        if ([...clean].length <= 20) expect(fitted).toBe(clean);
      }),
    );
  });

  it('maps named fields to template keys; a missing text says 详见小程序, a missing time is named', () => {
    const t = { templateId: 't', fields: { name1: 'patient', thing2: 'facility', time3: 'time' } };
    expect(buildTemplateData(t, { patient: '李桂芳', facility: '东岭村卫生室', time: '2026年3月5日 09:30', extra: 'x' })).toEqual({
      data: { name1: { value: '李桂芳' }, thing2: { value: '东岭村卫生室' }, time3: { value: '2026年3月5日 09:30' } },
    });
    expect(buildTemplateData(t, { facility: ' ', time: '2026年3月5日 09:30' })).toEqual({
      data: { name1: { value: '详见小程序' }, thing2: { value: '详见小程序' }, time3: { value: '2026年3月5日 09:30' } },
    });
    expect(buildTemplateData(t, { patient: '李桂芳', facility: '东岭村卫生室' })).toEqual({ missing: 'time' });
  });
});

describe('WECHAT_TEMPLATES', () => {
  it('accepts the demo defaults, which cover every type with its own fields', () => {
    expect(parseWechatTemplates(JSON.stringify(DEMO_WECHAT_TEMPLATES))).toEqual({ templates: DEMO_WECHAT_TEMPLATES });
    for (const type of NotificationTypeSchema.options) {
      const t = DEMO_WECHAT_TEMPLATES[type]!;
      for (const field of Object.values(t.fields)) expect(NOTIFICATION_FIELDS[type]).toContain(field);
    }
  });

  it.each([
    ['{', /not valid JSON/],
    ['{"booking_confirmed": {"fields": {}}}', /booking_confirmed\.templateId/],
    ['{"booking_confirmd": {"templateId": "x", "fields": {}}}', /booking_confirmd: unknown notification type/],
    ['{"booking_confirmed": {"templateId": "x", "fields": {"thing1": "doctr"}}}', /booking_confirmed\.fields\.thing1: doctr is not a field/],
    ['{"booking_confirmed": {"templateId": "x", "fields": {"Thing": "doctor"}}}', /thing1, time2/],
  ])('refuses %s, saying where', (json, problem) => {
    const r = parseWechatTemplates(json);
    expect('problems' in r && r.problems.join('\n')).toMatch(problem);
  });
});
