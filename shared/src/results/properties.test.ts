import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, localDate, toEpochMs } from '../common/time';
import { DEFAULT_RESULT_CATALOGUE, REPORT_STATUS_LABELS, type ReportStatus } from './catalogue';
import { deriveFlag, parseReferenceRange, type ResultFlag } from './flags';
import { recognitionOf } from './recognition';
import { decideReportUpdate } from './versioning';

const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2020-01-01', n));
const item = fc.constantFrom(...DEFAULT_RESULT_CATALOGUE.filter((c) => c.recognised));
const severity = (f: ResultFlag | null) => (f === null || f === 'N' ? 0 : ['HH', 'LL', 'AA'].includes(f) ? 2 : 1);

describe('recognition properties', () => {
  it('a recognised result is valid exactly through test day + validity days', () => {
    fc.assert(
      fc.property(item, day, fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 1439 }), (it, date, after, minute) => {
        const effectiveAt = toEpochMs(date) + minute * 60_000;
        const today = addDays(date, after);
        const r = recognitionOf({ item: it, status: 'final', qcPassed: true, effectiveAt, today, mark: '冀HR' });
        expect(localDate(effectiveAt)).toBe(date);
        expect(r.recognised).toBe(after <= it.validityDays);
        expect(r.validUntil).toBe(addDays(date, it.validityDays));
        if (!r.recognised) expect(r.reason).toBe('expired');
      }),
    );
  });

  it('nothing that failed QC, is unfinished or is a conclusion is ever recognised', () => {
    const statuses = Object.keys(REPORT_STATUS_LABELS) as ReportStatus[];
    fc.assert(
      fc.property(item, day, fc.constantFrom(...statuses), fc.boolean(), fc.boolean(), (it, date, status, qcPassed, isConclusion) => {
        const r = recognitionOf({ item: it, status, qcPassed, isConclusion, effectiveAt: toEpochMs(date), today: date, mark: '云HR' });
        if (!qcPassed || isConclusion || !['final', 'amended', 'corrected', 'appended'].includes(status)) expect(r.recognised).toBe(false);
        expect(r.label.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('flag properties', () => {
  const flag = fc.constantFrom<ResultFlag | null>(null, 'N', 'H', 'L', 'A', 'HH', 'LL', 'AA');
  it('never softens what the sender said, and a value beyond a critical limit is always critical', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), flag, (value, senderFlag) => {
        const f = deriveFlag({ value, range: parseReferenceRange('3.9-6.1'), criticalLow: 2.8, criticalHigh: 22.2, senderFlag });
        expect(severity(f)).toBeGreaterThanOrEqual(severity(senderFlag));
        if (value < 2.8 || value > 22.2) expect(severity(f)).toBe(2);
        if (senderFlag === null && value >= 3.9 && value <= 6.1) expect(f).toBe('N');
      }),
    );
  });
});

describe('versioning properties', () => {
  it('sending any version we already hold again never changes anything', () => {
    const status = fc.constantFrom(...(Object.keys(REPORT_STATUS_LABELS) as ReportStatus[]));
    fc.assert(
      fc.property(status, status, fc.array(fc.string({ minLength: 4, maxLength: 8 }), { minLength: 1, maxLength: 5 }), fc.nat(), (current, incoming, hashes, pick) => {
        const hash = hashes[pick % hashes.length];
        const d = decideReportUpdate({ status: current, contentHash: hashes.at(-1)!, historyHashes: hashes }, { status: incoming, contentHash: hash });
        expect(d.action).toBe('unchanged');
      }),
    );
  });
});
