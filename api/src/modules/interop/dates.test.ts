import { describe, expect, it } from 'vitest';
import { parseDateSearch, parseFhirDateTime, parseHl7DateTime } from './dates';

const utc = (s: string) => Date.parse(s);

describe('interop dates', () => {
  it.each([
    ['2026-03-05T09:30:00+08:00', '2026-03-05T01:30:00Z'],
    ['2026-03-05T01:30:00Z', '2026-03-05T01:30:00Z'],
    ['2026-03-05T09:30:00.250-05:00', '2026-03-05T14:30:00.250Z'],
    ['2026-03-05', '2026-03-04T16:00:00Z'],
    ['2026-03', '2026-02-28T16:00:00Z'],
  ])('reads FHIR %s', (value, instant) => {
    expect(parseFhirDateTime(value, 'x').start).toBe(utc(instant));
  });

  it('refuses a FHIR time without a zone and impossible dates, naming the field', () => {
    expect(() => parseFhirDateTime('2026-03-05T09:30:00', 'Bundle.entry[0].resource.effectiveDateTime')).toThrow(/时区/);
    expect(() => parseFhirDateTime('2026-02-30', 'f')).toThrow(expect.objectContaining({ field: 'f' }));
    expect(() => parseFhirDateTime('yesterday', 'f')).toThrow();
  });

  it.each([
    ['20260305093000', '2026-03-05T01:30:00Z'],
    ['202603050930', '2026-03-05T01:30:00Z'],
    ['20260305', '2026-03-04T16:00:00Z'],
    ['20260305093000+0000', '2026-03-05T09:30:00Z'],
    ['20260305093000.5+0800', '2026-03-05T01:30:00.500Z'],
  ])('reads HL7 %s as local time unless it has an offset', (value, instant) => {
    expect(parseHl7DateTime(value, 'OBR-7').start).toBe(utc(instant));
  });

  it('refuses HL7 times that are not times', () => {
    expect(() => parseHl7DateTime('20261301', 'OBR-7')).toThrow();
    expect(() => parseHl7DateTime('abc', 'OBR-7')).toThrow();
  });

  it('turns FHIR date search prefixes into a half-open range', () => {
    expect(parseDateSearch(['2026-03-05'])).toEqual({ fromMs: utc('2026-03-04T16:00:00Z'), toMs: utc('2026-03-05T16:00:00Z') });
    expect(parseDateSearch(['ge2026-01', 'lt2026-03'])).toEqual({ fromMs: utc('2025-12-31T16:00:00Z'), toMs: utc('2026-02-28T16:00:00Z') });
    expect(parseDateSearch(['gt2026-03-05', 'le2026'])).toEqual({ fromMs: utc('2026-03-05T16:00:00Z'), toMs: utc('2026-12-31T16:00:00Z') });
    expect(parseDateSearch([])).toEqual({});
    expect(() => parseDateSearch(['ap2026-01-01'])).toThrow(expect.objectContaining({ field: 'date' }));
  });
});
