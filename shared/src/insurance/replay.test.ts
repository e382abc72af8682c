import { describe, expect, it } from 'vitest';
import type { Claim } from './claim';
import { DEFAULT_RESIDENT_POLICY, PolicySchema } from './policy';
import { recomputeYearToDate } from './replay';
import { settleClaim } from './settle';
import { emptyYearToDate, reverseSettlement } from './ytd';
import type { YearToDate } from './ytd';

const policy = PolicySchema.parse({ ...DEFAULT_RESIDENT_POLICY, scheme: 'employee', personalAccount: true });

const visit = (id: string, serviceDate: string, amount: number): Claim => ({
  id,
  serviceDate,
  benefit: 'outpatient_pooling',
  level: 'county',
  items: [{ name: '检查', catalogueClass: 'A', amount }],
});

// Outpatient pooling at the county: 100 元 per-year deductible, 50%, cap 500 元 a year.
const march = visit('c-03', '2026-03-01', 30_000);
const june = visit('c-06', '2026-06-01', 60_000);
const sept = visit('c-09', '2026-09-01', 80_000);

function settleInOrder(claims: Claim[], opening: YearToDate): YearToDate {
  return claims.reduce((ytd, claim) => settleClaim(policy, ytd, claim).ytd, opening);
}

describe('recomputeYearToDate', () => {
  const opening = emptyYearToDate(20_000);
  const inOrder = settleInOrder([march, june, sept], opening);

  it('gives the in-order totals whatever order the claims arrived in', () => {
    expect(inOrder).toMatchObject({ deductibleMet: { outpatient_pooling: 10_000 }, fundPaid: { outpatient_pooling: 50_000 } });
    for (const arrival of [
      [sept, june, march],
      [june, sept, march],
      [march, sept, june],
    ]) {
      const replay = recomputeYearToDate(policy, arrival.map((claim) => ({ claim })), opening);
      expect(replay.ytd).toEqual(inOrder);
      expect(replay.settlements.map((s) => s.claim.id)).toEqual(['c-03', 'c-06', 'c-09']);
    }
  });

  it('settles a late claim as if it had arrived in order', () => {
    // Settled on arrival, the March claim would find the deductible paid and the cap used up.
    const lateMarch = settleClaim(policy, settleInOrder([june, sept], opening), march);
    expect(lateMarch).toMatchObject({ deductibleApplied: 0, fundPaid: 0 });
    const replay = recomputeYearToDate(policy, [june, sept, march].map((claim) => ({ claim })), opening);
    expect(replay.settlements[0]).toMatchObject({ deductibleApplied: 10_000, fundPaid: 10_000 });
    expect(replay.settlements.map((s) => s.fundPaid)).toEqual([10_000, 30_000, 10_000]);
  });

  it('drops a reversed claim, even one reversed before later claims were settled', () => {
    const withoutJune = settleInOrder([march, sept], opening);
    const entries = [{ claim: sept }, { claim: june, reversed: true }, { claim: march }];
    expect(recomputeYearToDate(policy, entries, opening).ytd).toEqual(withoutJune);
  });

  it('replays stored settlements as they are, and counts a resent claim once', () => {
    const stored = recomputeYearToDate(policy, [{ claim: march }, { claim: june }], opening).settlements;
    const entries = [...stored, { claim: june }, { claim: sept }];
    expect(recomputeYearToDate(policy, entries, opening).ytd).toEqual(inOrder);
  });

  it('starts a year from nothing by default', () => {
    expect(recomputeYearToDate(policy, [])).toEqual({ ytd: emptyYearToDate(), settlements: [] });
  });

  it('agrees with reverseSettlement when the reversed claim is the latest', () => {
    const latest = settleClaim(policy, settleInOrder([march, june], opening), sept);
    expect(reverseSettlement(latest.ytd, latest)).toEqual(recomputeYearToDate(policy, [{ claim: march }, { claim: june }], opening).ytd);
  });
});
