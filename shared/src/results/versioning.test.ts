import { describe, expect, it } from 'vitest';
import type { ReportStatus } from './catalogue';
import { decideReportUpdate } from './versioning';

describe('decideReportUpdate', () => {
  const existing = (status: ReportStatus) => ({ status, contentHash: 'h2', historyHashes: ['h1', 'h2'] });
  it.each([
    ['final', 'final', 'h2', 'unchanged'],
    ['corrected', 'final', 'h1', 'unchanged'],
    ['final', 'corrected', 'h3', 'replace'],
    ['final', 'amended', 'h3', 'replace'],
    ['final', 'entered-in-error', 'h3', 'replace'],
    ['preliminary', 'final', 'h3', 'replace'],
    ['preliminary', 'preliminary', 'h3', 'replace'],
    ['final', 'final', 'h3', 'conflict'],
    ['corrected', 'preliminary', 'h3', 'conflict'],
  ] as const)('%s then %s (%s) -> %s', (current, incoming, hash, action) => {
    expect(decideReportUpdate(existing(current), { status: incoming, contentHash: hash }).action).toBe(action);
  });
});
