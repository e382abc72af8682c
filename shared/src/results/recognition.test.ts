import { describe, expect, it } from 'vitest';
import { toEpochMs } from '../common/time';
import { DEFAULT_RESULT_CATALOGUE, canonicalCode, findCatalogueItem, sectionFromV2, sectionsForSearch } from './catalogue';
import { recognitionOf, summariseRecognition } from './recognition';

const byCode = (code: string) => DEFAULT_RESULT_CATALOGUE.find((c) => c.code === code)!;
const at = (date: string) => toEpochMs(date, '08:30');
const base = { status: 'final' as const, qcPassed: true, mark: '云HR' };

describe('recognitionOf', () => {
  it.each([
    ['4548-4', '2026-01-10', '2026-03-11', 'HbA1c 60 days'],
    ['14682-9', '2026-01-10', '2026-02-09', 'chemistry 30 days'],
    ['2823-3', '2026-01-10', '2026-01-17', 'potassium 7 days'],
    ['11524-6', '2026-01-10', '2026-02-09', 'ECG 30 days'],
  ])('%s tested %s is valid until %s (%s)', (code, date, validUntil) => {
    const r = recognitionOf({ ...base, item: byCode(code), effectiveAt: at(date), today: date });
    expect(r).toMatchObject({ recognised: true, mark: '云HR', validUntil, reason: null });
    expect(r.label).toBe(`云HR 互认有效期至 ${validUntil}`);
  });

  it('is still valid on the last day and expired the day after', () => {
    const item = byCode('2823-3');
    expect(recognitionOf({ ...base, item, effectiveAt: at('2026-01-10'), today: '2026-01-17' }).recognised).toBe(true);
    const expired = recognitionOf({ ...base, item, effectiveAt: at('2026-01-10'), today: '2026-01-18' });
    expect(expired).toMatchObject({ recognised: false, reason: 'expired', validUntil: '2026-01-17' });
    expect(expired.label).toContain('2026-01-17 到期');
  });

  it.each([
    [{ item: undefined }, 'not_in_catalogue'],
    [{ item: byCode('14743-9') }, 'not_recognised_item'],
    [{ item: byCode('11524-6'), isConclusion: true }, 'diagnostic_conclusion'],
    [{ item: byCode('4548-4'), status: 'preliminary' as const }, 'not_final'],
    [{ item: byCode('4548-4'), qcPassed: false }, 'qc_failed'],
  ])('says why it is not recognised: %o -> %s', (over, reason) => {
    const r = recognitionOf({ ...base, effectiveAt: at('2026-01-10'), today: '2026-01-10', ...over });
    expect(r).toMatchObject({ recognised: false, mark: null, reason });
    expect(r.label).toMatch(/互认|质量控制|定稿/);
  });

  it('summarises a report by its recognised items', () => {
    const ok = recognitionOf({ ...base, item: byCode('4548-4'), effectiveAt: at('2026-01-10'), today: '2026-01-10' });
    const shorter = recognitionOf({ ...base, item: byCode('2823-3'), effectiveAt: at('2026-01-10'), today: '2026-01-10' });
    const none = recognitionOf({ ...base, item: undefined, effectiveAt: at('2026-01-10'), today: '2026-01-10' });
    expect(summariseRecognition([shorter, ok], '云HR')).toMatchObject({ recognised: true, validUntil: '2026-03-11' });
    expect(summariseRecognition([ok, none], '云HR').label).toBe('云HR 1 项互认，最晚有效至 2026-03-11');
    expect(summariseRecognition([none], '云HR').reason).toBe('not_in_catalogue');
    expect(summariseRecognition([], '云HR').recognised).toBe(false);
  });
});

describe('catalogue lookup', () => {
  it('finds items by LOINC or by any local code, case-insensitively', () => {
    expect(findCatalogueItem(DEFAULT_RESULT_CATALOGUE, { loinc: '718-7', localCode: 'x' })?.name).toBe('血红蛋白');
    expect(findCatalogueItem(DEFAULT_RESULT_CATALOGUE, { loinc: null, localCode: 'hba1c' })?.code).toBe('4548-4');
    expect(findCatalogueItem(DEFAULT_RESULT_CATALOGUE, { loinc: null, localCode: 'NOPE' })).toBeUndefined();
  });

  it('files one test under one code whoever sent it', () => {
    expect(canonicalCode(DEFAULT_RESULT_CATALOGUE, { loinc: null, localCode: 'GHB' })).toBe('4548-4');
    expect(canonicalCode(DEFAULT_RESULT_CATALOGUE, { loinc: '4548-4', localCode: 'A1C' })).toBe('4548-4');
    expect(canonicalCode(DEFAULT_RESULT_CATALOGUE, { loinc: '99999-9', localCode: 'Z' })).toBe('99999-9');
    expect(canonicalCode(DEFAULT_RESULT_CATALOGUE, { loinc: null, localCode: 'ZX01' })).toBe('ZX01');
  });

  it('maps HL7 table 0074 sections', () => {
    expect(sectionFromV2('hm')).toBe('hematology');
    expect(sectionFromV2('EC')).toBe('ecg');
    expect(sectionFromV2('XYZ')).toBeNull();
    expect(sectionsForSearch('LAB')).toContain('chemistry');
    expect(sectionsForSearch('LAB')).not.toContain('ecg');
  });
});
