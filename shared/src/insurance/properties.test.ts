import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../common/time';
import type { Claim, ClaimItem } from './claim';
import { BENEFIT_TYPES, PolicySchema, SETTLEMENT_LEVELS } from './policy';
import type { Policy } from './policy';
import { recomputeYearToDate } from './replay';
import { settleClaim } from './settle';
import type { Settlement } from './settle';
import { reverseSettlement } from './ytd';
import type { YearToDate } from './ytd';

const fen = (max: number) => fc.integer({ min: 0, max });
const ratio = fc.integer({ min: 0, max: 10_000 });
const basis = fc.constantFrom('per_year' as const, 'per_claim' as const);
const perLevel = <T>(arb: fc.Arbitrary<T>) => fc.record({ primary: arb, county: arb, out_of_county: arb });
const perBenefit = <T>(arb: fc.Arbitrary<T>) => fc.record({ outpatient_pooling: arb, chronic_outpatient: arb, inpatient: arb });

const pooled = fc.record({
  deductibleBasis: basis,
  levels: perLevel(fc.record({ deductible: fen(200_000), ratioBp: ratio })),
  annualCap: fen(3_000_000),
});
const disease = fc.record({ name: fc.constantFrom('高血压', '糖尿病'), ratioBp: perLevel(ratio), annualQuota: fen(500_000) });

/** Bands built from positive widths, so they always ascend as the schema demands. */
const seriousIllness = fc
  .record({
    threshold: fen(500_000),
    widths: fc.array(fc.record({ width: fc.integer({ min: 1, max: 500_000 }), ratioBp: ratio }), { maxLength: 3 }),
    lastRatioBp: ratio,
    annualCap: fen(2_000_000),
    benefits: fc.subarray([...BENEFIT_TYPES]),
  })
  .map(({ threshold, widths, lastRatioBp, annualCap, benefits }) => {
    let upTo = threshold;
    const bands = widths.map(({ width, ratioBp }) => ({ upTo: (upTo += width), ratioBp }));
    return { threshold, bands: [...bands, { upTo: null, ratioBp: lastRatioBp }], annualCap, benefits };
  });

const policyArb: fc.Arbitrary<Policy> = fc
  .record({
    scheme: fc.constantFrom('resident' as const, 'employee' as const),
    classBSelfPayBp: ratio,
    outpatient: pooled,
    inpatient: pooled,
    chronic: fc.record({ deductibleBasis: basis, deductible: perLevel(fen(50_000)), diseases: fc.record({ I10: disease, E11: disease }) }),
    seriousIllness: fc.option(seriousIllness, { nil: null }),
    medicalAid: fc.option(fc.record({ ratioBp: ratio, annualCap: fen(500_000) }), { nil: null }),
  })
  .map((p) =>
    PolicySchema.parse({
      region: 'prop',
      year: 2026,
      version: 'prop-1',
      scheme: p.scheme,
      personalAccount: p.scheme === 'employee',
      classBSelfPayBp: p.classBSelfPayBp,
      benefits: { outpatient_pooling: p.outpatient, chronic_outpatient: p.chronic, inpatient: p.inpatient },
      seriousIllness: p.seriousIllness,
      medicalAid: p.medicalAid,
    }),
  );

/** Any running totals, consistent or not: the engine must stay within bounds regardless. */
const ytdArb: fc.Arbitrary<YearToDate> = fc.record({
  deductibleMet: perBenefit(fen(300_000)),
  fundPaid: perBenefit(fen(3_500_000)),
  // Zero entries are never stored (see shiftYearToDate), so none are generated.
  chronicQuotaUsed: fc.record({ I10: fc.integer({ min: 1, max: 600_000 }), E11: fc.integer({ min: 1, max: 600_000 }) }, { requiredKeys: [] }),
  seriousIllnessBase: fen(3_000_000),
  seriousIllnessPaid: fen(2_500_000),
  medicalAidPaid: fen(600_000),
  personalAccountBalance: fen(500_000),
});

const itemArb: fc.Arbitrary<ClaimItem> = fc.record(
  {
    name: fc.constantFrom('药品', '检查', '治疗'),
    catalogueClass: fc.constantFrom('A' as const, 'B' as const, 'C' as const),
    amount: fen(1_000_000),
    quantity: fc.integer({ min: 1, max: 10 }),
    unitPriceLimit: fen(200_000),
  },
  { requiredKeys: ['name', 'catalogueClass', 'amount'] },
);

const claimArb = (id: fc.Arbitrary<string> = fc.constant('c1')): fc.Arbitrary<Claim> =>
  fc
    .record({
      id,
      serviceDate: fc.integer({ min: 0, max: 364 }).map((d) => addDays('2026-01-01', d)),
      benefit: fc.constantFrom(...BENEFIT_TYPES),
      level: fc.constantFrom(...SETTLEMENT_LEVELS),
      disease: fc.constantFrom('I10', 'E11'),
      medicalAidEligible: fc.boolean(),
      items: fc.array(itemArb, { maxLength: 8 }),
    })
    .map(({ disease, ...c }) => (c.benefit === 'chronic_outpatient' ? { ...c, chronicDisease: disease } : c));

const permutation = <T>(xs: T[]) => fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length });

const AMOUNTS = [
  'total',
  'outOfCatalogue',
  'overLimit',
  'classBSelfPay',
  'inScope',
  'deductibleApplied',
  'fundPaid',
  'seriousIllnessBase',
  'seriousIllnessPaid',
  'medicalAid',
  'patientPaid',
  'personalAccountPaid',
  'cashPaid',
  'cumulativeFundPaid',
] as const;

function expectIntegerFen(s: Settlement) {
  const ytd = s.ytd;
  const values = [
    ...AMOUNTS.map((k) => s[k]),
    ...Object.values(ytd.deductibleMet),
    ...Object.values(ytd.fundPaid),
    ...Object.values(ytd.chronicQuotaUsed),
    ytd.seriousIllnessBase,
    ytd.seriousIllnessPaid,
    ytd.medicalAidPaid,
    ytd.personalAccountBalance,
  ];
  for (const v of values) {
    expect(Number.isInteger(v)).toBe(true);
    expect(v).toBeGreaterThanOrEqual(0);
  }
}

function fundCapLeft(policy: Policy, ytd: YearToDate, claim: Claim): number {
  if (claim.chronicDisease) {
    const quota = policy.benefits.chronic_outpatient.diseases[claim.chronicDisease].annualQuota;
    return Math.max(0, quota - (ytd.chronicQuotaUsed[claim.chronicDisease] ?? 0));
  }
  const benefit = claim.benefit === 'inpatient' ? policy.benefits.inpatient : policy.benefits.outpatient_pooling;
  return Math.max(0, benefit.annualCap - ytd.fundPaid[claim.benefit]);
}

function withRatio(policy: Policy, claim: Claim, ratioBp: number): Policy {
  const p = structuredClone(policy);
  if (claim.chronicDisease) p.benefits.chronic_outpatient.diseases[claim.chronicDisease].ratioBp[claim.level] = ratioBp;
  else if (claim.benefit === 'inpatient') p.benefits.inpatient.levels[claim.level].ratioBp = ratioBp;
  else p.benefits.outpatient_pooling.levels[claim.level].ratioBp = ratioBp;
  return p;
}

function withoutClaim(s: Settlement): Omit<Settlement, 'claim'> {
  const rest: Partial<Settlement> = { ...s };
  delete rest.claim;
  return rest as Omit<Settlement, 'claim'>;
}

describe('settleClaim properties', () => {
  it('splits the total exactly: fund + 大病 + 救助 + 个人账户 + 现金 = total, all integer fen', () => {
    fc.assert(
      fc.property(policyArb, ytdArb, claimArb(), (policy, ytd, claim) => {
        const s = settleClaim(policy, ytd, claim);
        expectIntegerFen(s);
        expect(s.fundPaid + s.seriousIllnessPaid + s.medicalAid + s.personalAccountPaid + s.cashPaid).toBe(s.total);
        expect(s.personalAccountPaid + s.cashPaid).toBe(s.patientPaid);
        expect(s.outOfCatalogue + s.overLimit + s.classBSelfPay + s.inScope).toBe(s.total);
        expect(s.total).toBe(claim.items.reduce((sum, i) => sum + i.amount, 0));
        expect(s.deductibleApplied + s.fundPaid).toBeLessThanOrEqual(s.inScope);
        expect(s.steps.every((step) => !/NaN|undefined|Infinity/.test(step))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never pays above what is left of a cap, quota or balance', () => {
    fc.assert(
      fc.property(policyArb, ytdArb, claimArb(), (policy, ytd, claim) => {
        const s = settleClaim(policy, ytd, claim);
        expectIntegerFen(s);
        expect(s.fundPaid).toBeLessThanOrEqual(fundCapLeft(policy, ytd, claim));
        expect(s.seriousIllnessPaid).toBeLessThanOrEqual(Math.max(0, (policy.seriousIllness?.annualCap ?? 0) - ytd.seriousIllnessPaid));
        expect(s.medicalAid).toBeLessThanOrEqual(Math.max(0, (policy.medicalAid?.annualCap ?? 0) - ytd.medicalAidPaid));
        expect(s.personalAccountPaid).toBeLessThanOrEqual(policy.personalAccount ? ytd.personalAccountBalance : 0);
      }),
      { numRuns: 500 },
    );
  });

  it('never raises the patient’s share when the ratio goes up', () => {
    fc.assert(
      fc.property(policyArb, ytdArb, claimArb(), ratio, ratio, (policy, ytd, claim, r1, r2) => {
        const lower = settleClaim(withRatio(policy, claim, Math.min(r1, r2)), ytd, claim);
        const higher = settleClaim(withRatio(policy, claim, Math.max(r1, r2)), ytd, claim);
        expectIntegerFen(lower);
        expectIntegerFen(higher);
        expect(higher.patientPaid).toBeLessThanOrEqual(lower.patientPaid);
        expect(higher.fundPaid).toBeGreaterThanOrEqual(lower.fundPaid);
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order of the items', () => {
    const shuffled = fc
      .tuple(policyArb, ytdArb, claimArb())
      .chain(([policy, ytd, claim]) =>
        permutation(claim.items).map((items) => [policy, ytd, claim, { ...claim, items }] as const),
      );
    fc.assert(
      fc.property(shuffled, ([policy, ytd, claim, reordered]) => {
        const s = settleClaim(policy, ytd, claim);
        expectIntegerFen(s);
        expect(withoutClaim(settleClaim(policy, ytd, reordered))).toEqual(withoutClaim(s));
      }),
    );
  });

  it('is undone exactly by reverseSettlement', () => {
    fc.assert(
      fc.property(policyArb, ytdArb, claimArb(), (policy, ytd, claim) => {
        const s = settleClaim(policy, ytd, claim);
        expectIntegerFen(s);
        expect(reverseSettlement(s.ytd, s)).toEqual(ytd);
      }),
    );
  });
});

describe('recomputeYearToDate properties', () => {
  const logArb = fc
    .tuple(policyArb, fc.uniqueArray(claimArb(fc.string({ minLength: 1, maxLength: 6 })), { selector: (c) => c.id, maxLength: 8 }))
    .chain(([policy, claims]) =>
      fc.tuple(
        fc.constant(policy),
        fc.array(fc.boolean(), { minLength: claims.length, maxLength: claims.length }),
        fc.constant(claims),
      ),
    )
    .chain(([policy, reversed, claims]) => {
      const entries = claims.map((claim, i) => ({ claim, reversed: reversed[i] }));
      return fc.tuple(permutation(entries), permutation(entries)).map(([first, second]) => ({ policy, entries, first, second }));
    });

  it('does not depend on arrival order, and equals settling the live claims in service order', () => {
    fc.assert(
      fc.property(logArb, fen(500_000), ({ policy, entries, first, second }, balance) => {
        const opening: YearToDate = {
          deductibleMet: { outpatient_pooling: 0, chronic_outpatient: 0, inpatient: 0 },
          fundPaid: { outpatient_pooling: 0, chronic_outpatient: 0, inpatient: 0 },
          chronicQuotaUsed: {},
          seriousIllnessBase: 0,
          seriousIllnessPaid: 0,
          medicalAidPaid: 0,
          personalAccountBalance: balance,
        };
        const a = recomputeYearToDate(policy, first, opening);
        const b = recomputeYearToDate(policy, second, opening);
        expect(b).toEqual(a);
        a.settlements.forEach(expectIntegerFen);

        const live = entries
          .filter((e) => !e.reversed)
          .map((e) => e.claim)
          .sort((x, y) => (x.serviceDate === y.serviceDate ? (x.id < y.id ? -1 : 1) : x.serviceDate < y.serviceDate ? -1 : 1));
        const inOrder = live.reduce((ytd, claim) => settleClaim(policy, ytd, claim).ytd, opening);
        expect(a.ytd).toEqual(inOrder);
      }),
      { numRuns: 200 },
    );
  });
});
