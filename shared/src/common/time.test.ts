import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fenToYuan, isoWeekday, localDate, localTime, toEpochMs } from './time';

describe('Asia/Shanghai time', () => {
  it('16:30 UTC is already the next day in Shanghai', () => {
    const ms = Date.parse('2026-11-23T16:30:00Z');
    expect(localDate(ms)).toBe('2026-11-24');
    expect(localTime(ms)).toBe('00:30');
  });
  it('round-trips local date and time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000_000 }), (ms) => {
        const minute = Math.floor(ms / 60_000) * 60_000;
        expect(toEpochMs(localDate(minute), localTime(minute))).toBe(minute);
      }),
    );
  });
  it('adds days across months and years', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });
  it('numbers weekdays from Monday = 1', () => {
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-29')).toBe(7);
  });
  it('formats fen as yuan', () => {
    expect(fenToYuan(134500)).toBe('1345.00');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(-1250)).toBe('-12.50');
  });
});
