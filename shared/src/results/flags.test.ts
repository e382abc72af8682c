import { describe, expect, it } from 'vitest';
import { deriveFlag, flagTone, formatReferenceRange, holdReasonFor, parseReferenceRange, parseResultFlag, RESULT_FLAG_WORDS } from './flags';

describe('parseReferenceRange', () => {
  it.each([
    ['3.5-5.5', 3.5, 5.5],
    ['3.9~6.1', 3.9, 6.1],
    ['115–150', 115, 150],
    ['<5.2', null, 5.2],
    ['≤ 5.2', null, 5.2],
    ['>1.04', 1.04, null],
    ['≥60', 60, null],
    ['阴性', null, null],
    ['', null, null],
  ])('reads %s', (text, low, high) => {
    expect(parseReferenceRange(text)).toMatchObject({ low, high });
  });

  it('keeps the text sent and formats a range for display', () => {
    expect(parseReferenceRange('阴性').text).toBe('阴性');
    expect(formatReferenceRange(parseReferenceRange('3.5-5.5'))).toBe('3.5 - 5.5');
    expect(formatReferenceRange(parseReferenceRange('<5.2'))).toBe('≤ 5.2');
    expect(formatReferenceRange(parseReferenceRange(''))).toBe('');
  });
});

describe('deriveFlag', () => {
  const range = parseReferenceRange('3.9-6.1');
  it.each([
    [5.0, null, 'N'],
    [7.2, null, 'H'],
    [3.1, null, 'L'],
    [25, null, 'HH'],
    [2.0, null, 'LL'],
    [7.2, 'N', 'H'],
    [5.0, 'H', 'H'],
    [25, 'H', 'HH'],
    [7.2, 'HH', 'HH'],
  ] as const)('value %s with sender flag %s gives %s', (value, senderFlag, expected) => {
    expect(deriveFlag({ value, range, criticalLow: 2.8, criticalHigh: 22.2, senderFlag })).toBe(expected);
  });

  it('keeps the sender flag of a text value and gives none without range or flag', () => {
    expect(deriveFlag({ value: null, range: parseReferenceRange('阴性'), senderFlag: 'A' })).toBe('A');
    expect(deriveFlag({ value: 70, range: parseReferenceRange(''), senderFlag: null })).toBeNull();
  });
});

describe('flag words and tones', () => {
  it('has a word for every flag, critical ones say 危急', () => {
    expect(RESULT_FLAG_WORDS.H).toBe('偏高');
    expect(RESULT_FLAG_WORDS.L).toBe('偏低');
    for (const f of ['HH', 'LL', 'AA'] as const) {
      expect(RESULT_FLAG_WORDS[f]).toContain('危急');
      expect(flagTone(f)).toBe('critical');
    }
    expect(flagTone(null)).toBe('normal');
  });

  it('reads the flags senders write', () => {
    expect(parseResultFlag('h')).toBe('H');
    expect(parseResultFlag('↓')).toBe('L');
    expect(parseResultFlag('HU')).toBe('HH');
    expect(parseResultFlag('')).toBeNull();
    expect(parseResultFlag('Z')).toBeNull();
  });

  it('holds critical values first, then held categories', () => {
    expect(holdReasonFor(['N', 'LL'], true)).toBe('critical');
    expect(holdReasonFor(['H', null], true)).toBe('category');
    expect(holdReasonFor(['H', 'L'], false)).toBeNull();
  });
});
