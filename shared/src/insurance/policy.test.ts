import { describe, expect, it } from 'vitest';
import { ClaimSchema } from './claim';
import { DEFAULT_RESIDENT_POLICY, PolicySchema, settlementLevelOf } from './policy';
import type { Policy } from './policy';

function edited(edit: (p: Policy) => void): unknown {
  const p = structuredClone(DEFAULT_RESIDENT_POLICY);
  edit(p);
  return p;
}

function issuePaths(input: unknown): string[] {
  const result = PolicySchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

describe('PolicySchema', () => {
  it('accepts the default resident policy with the handbook figures', () => {
    const p = PolicySchema.parse(DEFAULT_RESIDENT_POLICY);
    expect(p.benefits.inpatient.levels).toEqual({
      primary: { deductible: 20_000, ratioBp: 9000 },
      county: { deductible: 50_000, ratioBp: 8000 },
      out_of_county: { deductible: 100_000, ratioBp: 6000 },
    });
    expect(p.classBSelfPayBp).toBe(1000);
    expect(p.personalAccount).toBe(false);
  });

  it.each([
    ['a resident personal account', (p: Policy) => (p.personalAccount = true), 'personalAccount'],
    ['a ratio above 100%', (p: Policy) => (p.benefits.inpatient.levels.county.ratioBp = 10_001), 'benefits.inpatient.levels.county.ratioBp'],
    ['a fractional ratio', (p: Policy) => (p.classBSelfPayBp = 1000.5), 'classBSelfPayBp'],
    ['money with a fraction of a fen', (p: Policy) => (p.benefits.outpatient_pooling.annualCap = 500.5), 'benefits.outpatient_pooling.annualCap'],
    ['a negative deductible', (p: Policy) => (p.benefits.chronic_outpatient.deductible.primary = -1), 'benefits.chronic_outpatient.deductible.primary'],
    ['a disease quota as a float', (p: Policy) => (p.benefits.chronic_outpatient.diseases.I10.annualQuota = 0.1), 'benefits.chronic_outpatient.diseases.I10.annualQuota'],
    ['serious-illness bands out of order', (p: Policy) => (p.seriousIllness!.bands[1].upTo = 4_000_000), 'seriousIllness.bands.1.upTo'],
    ['a first band below the threshold', (p: Policy) => (p.seriousIllness!.bands[0].upTo = 1_000_000), 'seriousIllness.bands.0.upTo'],
    ['a capped last band', (p: Policy) => (p.seriousIllness!.bands[2].upTo = 20_000_000), 'seriousIllness.bands.2.upTo'],
  ])('rejects %s and names the field', (_, edit, path) => {
    expect(issuePaths(edited(edit))).toEqual([path]);
  });

  it('accepts an employee policy with a personal account and no 大病保险', () => {
    const employee = edited((p) => {
      p.scheme = 'employee';
      p.personalAccount = true;
      p.seriousIllness = null;
    });
    expect(issuePaths(employee)).toEqual([]);
  });
});

describe('ClaimSchema', () => {
  const claim = { id: 'c1', serviceDate: '2026-05-01', level: 'primary', items: [] };

  it('requires a disease code exactly for chronic outpatient claims', () => {
    expect(ClaimSchema.safeParse({ ...claim, benefit: 'chronic_outpatient' }).error?.issues[0].path).toEqual(['chronicDisease']);
    expect(ClaimSchema.safeParse({ ...claim, benefit: 'inpatient', chronicDisease: 'I10' }).error?.issues[0].path).toEqual([
      'chronicDisease',
    ]);
    expect(ClaimSchema.safeParse({ ...claim, benefit: 'chronic_outpatient', chronicDisease: 'I10' }).success).toBe(true);
  });

  it('rejects fractional fen on an item', () => {
    const bad = { ...claim, benefit: 'inpatient', items: [{ name: '药', catalogueClass: 'A', amount: 10.5 }] };
    expect(ClaimSchema.safeParse(bad).error?.issues[0].path).toEqual(['items', 0, 'amount']);
  });
});

describe('settlementLevelOf', () => {
  it.each([
    ['village', 'primary'],
    ['township', 'primary'],
    ['county', 'county'],
    ['pharmacy', 'county'],
  ] as const)('%s settles at %s', (level, tier) => expect(settlementLevelOf(level)).toBe(tier));
});
