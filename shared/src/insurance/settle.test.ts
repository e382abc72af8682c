import { describe, expect, it } from 'vitest';
import type { Claim, ClaimItem } from './claim';
import { claimIssue } from './claim';
import { DEFAULT_RESIDENT_POLICY, PolicySchema } from './policy';
import type { Policy } from './policy';
import { forecastAcrossLevels, settleClaim } from './settle';
import type { Settlement } from './settle';
import { emptyYearToDate, reverseSettlement } from './ytd';
import type { YearToDate } from './ytd';

function variant(edit: (p: Policy) => void, base: Policy = DEFAULT_RESIDENT_POLICY): Policy {
  const p = structuredClone(base);
  edit(p);
  return PolicySchema.parse(p);
}

const EMPLOYEE = variant((p) => {
  p.scheme = 'employee';
  p.personalAccount = true;
  p.version = '2026.1-employee';
});

function claim(partial: Partial<Claim> & Pick<Claim, 'benefit' | 'items'>): Claim {
  return { id: 'c1', serviceDate: '2026-05-10', level: 'primary', ...partial };
}

const a = (amount: number, extra: Partial<ClaimItem> = {}): ClaimItem => ({ name: '甲类项目', catalogueClass: 'A', amount, ...extra });
const b = (amount: number, extra: Partial<ClaimItem> = {}): ClaimItem => ({ name: '乙类药品', catalogueClass: 'B', amount, ...extra });
const c = (amount: number): ClaimItem => ({ name: '目录外药品', catalogueClass: 'C', amount });

function ytdWith(edit: (y: YearToDate) => void, balance = 0): YearToDate {
  const y = emptyYearToDate(balance);
  edit(y);
  return y;
}

function expectBalanced(s: Settlement) {
  expect(s.fundPaid + s.seriousIllnessPaid + s.medicalAid + s.personalAccountPaid + s.cashPaid).toBe(s.total);
  expect(s.inScope).toBe(s.total - s.outOfCatalogue - s.overLimit - s.classBSelfPay);
}

describe('settleClaim: the DOMAIN.md worked example', () => {
  const policy = variant((p) => (p.benefits.inpatient.levels.primary = { deductible: 20_000, ratioBp: 8500 }));
  const s = settleClaim(policy, emptyYearToDate(), claim({ benefit: 'inpatient', items: [c(30_000), b(200_000), a(270_000)] }));

  it('comes out exactly: fund 3,655 元, patient 1,345 元', () => {
    expect(s).toMatchObject({
      total: 500_000,
      outOfCatalogue: 30_000,
      overLimit: 0,
      classBSelfPay: 20_000,
      inScope: 450_000,
      deductibleApplied: 20_000,
      ratioBp: 8500,
      fundPaid: 365_500,
      seriousIllnessPaid: 0,
      medicalAid: 0,
      patientPaid: 134_500,
      personalAccountPaid: 0,
      cashPaid: 134_500,
      cumulativeFundPaid: 365_500,
      policyVersion: '2026.1',
    });
    expectBalanced(s);
  });

  it('explains each step in plain Chinese', () => {
    expect(s.steps).toEqual([
      '本次在乡镇卫生院/村卫生室的住院医疗费用共 5,000.00 元。',
      '其中 300.00 元为医保目录外药品或项目（全自费），由您自付。',
      '乙类药品或项目 2,000.00 元需先行自付 10%，即 200.00 元，由您自付。',
      '剩余 4,500.00 元符合医保政策范围。',
      '本次住院起付标准为 200.00 元，这 200.00 元由您自付。',
      '符合政策范围且超过起付标准的 4,300.00 元按 85% 报销，统筹基金支付 3,655.00 元。',
      '您本年度累计政策范围内自付 845.00 元，未超过大病保险起付线 15,000.00 元，大病保险暂不支付。',
      '医保共为您支付 3,655.00 元，您本次个人负担 1,345.00 元，以现金支付。',
    ]);
  });

  it('moves the running totals', () => {
    expect(s.ytd.fundPaid.inpatient).toBe(365_500);
    expect(s.ytd.deductibleMet.inpatient).toBe(20_000);
    expect(s.ytd.seriousIllnessBase).toBe(450_000 - 365_500);
  });
});

describe('settleClaim: deductible (起付标准)', () => {
  it('pays nothing from the fund when in scope equals the remaining deductible', () => {
    const s = settleClaim(DEFAULT_RESIDENT_POLICY, emptyYearToDate(), claim({ benefit: 'inpatient', items: [a(20_000)] }));
    expect(s).toMatchObject({ inScope: 20_000, deductibleApplied: 20_000, fundPaid: 0, cashPaid: 20_000 });
    expect(s.steps).toContain('本次住院起付标准为 200.00 元，这 200.00 元由您自付。');
  });

  it('takes all of a claim below the deductible as deductible', () => {
    const s = settleClaim(DEFAULT_RESIDENT_POLICY, emptyYearToDate(), claim({ benefit: 'inpatient', level: 'county', items: [a(30_000)] }));
    expect(s).toMatchObject({ deductibleApplied: 30_000, fundPaid: 0, cashPaid: 30_000 });
    expect(s.steps).toContain('本次住院起付标准为 500.00 元；符合政策范围的 300.00 元未超过起付标准，全部由您自付，统筹基金不支付。');
  });

  it('skips a per-year deductible already met this year', () => {
    const ytd = ytdWith((y) => (y.deductibleMet.outpatient_pooling = 10_000));
    const s = settleClaim(DEFAULT_RESIDENT_POLICY, ytd, claim({ benefit: 'outpatient_pooling', level: 'county', items: [a(8_000)] }));
    expect(s).toMatchObject({ deductibleApplied: 0, fundPaid: 4_000, cashPaid: 4_000 });
    expect(s.steps).toContain('您本年度已付满门诊统筹起付标准 100.00 元，本次无需再付。');
  });

  it('charges only the rest of a per-year deductible partly met', () => {
    const ytd = ytdWith((y) => (y.deductibleMet.outpatient_pooling = 4_000));
    const s = settleClaim(DEFAULT_RESIDENT_POLICY, ytd, claim({ benefit: 'outpatient_pooling', level: 'county', items: [a(16_000)] }));
    expect(s).toMatchObject({ deductibleApplied: 6_000, fundPaid: 5_000, cashPaid: 11_000 });
    expect(s.ytd.deductibleMet.outpatient_pooling).toBe(10_000);
    expect(s.steps).toContain('本年度门诊统筹起付标准为 100.00 元，您已付 40.00 元，还差 60.00 元，这 60.00 元由您自付。');
  });

  it('tops up a per-year deductible met at a lower tier when the next visit is at a higher one', () => {
    const policy = variant((p) => (p.benefits.inpatient.deductibleBasis = 'per_year'));
    const ytd = ytdWith((y) => (y.deductibleMet.inpatient = 20_000));
    const s = settleClaim(policy, ytd, claim({ benefit: 'inpatient', level: 'county', items: [a(100_000)] }));
    expect(s).toMatchObject({ deductibleApplied: 30_000, fundPaid: 56_000 });
  });

  it('charges the inpatient deductible again on every admission (per_claim)', () => {
    const ytd = ytdWith((y) => (y.deductibleMet.inpatient = 20_000));
    const s = settleClaim(DEFAULT_RESIDENT_POLICY, ytd, claim({ benefit: 'inpatient', items: [a(100_000)] }));
    expect(s).toMatchObject({ deductibleApplied: 20_000, fundPaid: 72_000 });
    expect(s.ytd.deductibleMet.inpatient).toBe(40_000);
  });
});

describe('settleClaim: annual cap (统筹基金年度最高支付限额)', () => {
  const cap = DEFAULT_RESIDENT_POLICY.benefits.inpatient.annualCap;

  it('pays nothing once the cap is used up, and says so', () => {
    const ytd = ytdWith((y) => (y.fundPaid.inpatient = cap));
    const s = settleClaim(DEFAULT_RESIDENT_POLICY, ytd, claim({ benefit: 'inpatient', items: [a(100_000)] }));
    expect(s).toMatchObject({ inScope: 100_000, deductibleApplied: 20_000, fundPaid: 0, cumulativeFundPaid: cap });
    expectBalanced(s);
    expect(s.steps.join('')).toContain('住院统筹基金年度最高支付限额已用完');
  });

  it('pays exactly the cap left when the claim crosses it', () => {
    const ytd = ytdWith((y) => (y.fundPaid.inpatient = cap - 12_345));
    const s = settleClaim(DEFAULT_RESIDENT_POLICY, ytd, claim({ benefit: 'inpatient', items: [a(100_000)] }));
    expect(s.fundPaid).toBe(12_345);
    expect(s.ytd.fundPaid.inpatient).toBe(cap);
    expect(s.steps.join('')).toContain('只剩 123.45 元，统筹基金本次支付 123.45 元，其余由您自付');
    expectBalanced(s);
  });

  it('caps outpatient pooling separately from inpatient', () => {
    const ytd = ytdWith((y) => (y.fundPaid.inpatient = cap));
    const s = settleClaim(DEFAULT_RESIDENT_POLICY, ytd, claim({ benefit: 'outpatient_pooling', items: [a(10_000)] }));
    expect(s.fundPaid).toBe(5_500);
  });
});

describe('settleClaim: catalogue classes and price limits', () => {
  it('pays nothing for an all-丙类 claim', () => {
    const s = settleClaim(DEFAULT_RESIDENT_POLICY, emptyYearToDate(), claim({ benefit: 'inpatient', items: [c(12_000), c(8_000)] }));
    expect(s).toMatchObject({ total: 20_000, outOfCatalogue: 20_000, inScope: 0, deductibleApplied: 0, fundPaid: 0, cashPaid: 20_000 });
    expect(s.ytd).toEqual(emptyYearToDate());
    expect(s.steps).toContain('本次没有符合医保政策范围的费用，统筹基金不支付。');
  });

  it('settles a claim of nothing to all zeros', () => {
    for (const items of [[], [a(0), b(0), c(0)]]) {
      const s = settleClaim(DEFAULT_RESIDENT_POLICY, emptyYearToDate(), claim({ benefit: 'inpatient', items }));
      const amounts = [s.total, s.outOfCatalogue, s.overLimit, s.classBSelfPay, s.inScope, s.deductibleApplied, s.fundPaid];
      amounts.push(s.seriousIllnessPaid, s.medicalAid, s.patientPaid, s.personalAccountPaid, s.cashPaid);
      expect(amounts.every((x) => x === 0)).toBe(true);
      expect(s.ytd).toEqual(emptyYearToDate());
      expect(s.steps).toEqual(['本次在乡镇卫生院/村卫生室的住院医疗费用共 0.00 元。', '本次没有需要支付的费用。']);
    }
  });

  it('takes the part above the unit price limit out as 超限价, before 先行自付', () => {
    const items = [
      a(10_000, { quantity: 4, unitPriceLimit: 2_000 }), // 25 元 each, limit 20: 20 元 over
      b(6_000, { quantity: 2, unitPriceLimit: 2_500 }), // 30 元 each, limit 25: 10 元 over; 50 元 within
      a(3_000, { quantity: 3, unitPriceLimit: 1_500 }), // under the limit
    ];
    const s = settleClaim(DEFAULT_RESIDENT_POLICY, emptyYearToDate(), claim({ benefit: 'outpatient_pooling', items }));
    expect(s).toMatchObject({ total: 19_000, overLimit: 3_000, classBSelfPay: 500, inScope: 15_500, fundPaid: 8_525 });
    expect(s.steps).toContain('有 30.00 元超出医保支付限价（超限价自付），由您自付。');
    expectBalanced(s);
  });

  it('rounds half up to the fen, once per amount', () => {
    // 乙类 5 fen x 10% = 0.5 fen -> 1; in scope 4 fen x 55% = 2.2 fen -> 2.
    const s = settleClaim(DEFAULT_RESIDENT_POLICY, emptyYearToDate(), claim({ benefit: 'outpatient_pooling', items: [b(5)] }));
    expect(s).toMatchObject({ classBSelfPay: 1, inScope: 4, fundPaid: 2, cashPaid: 3 });
    // 3 fen x 55% = 1.65 -> 2; 1 fen x 50% = 0.5 -> 1.
    expect(settleClaim(DEFAULT_RESIDENT_POLICY, emptyYearToDate(), claim({ benefit: 'outpatient_pooling', items: [a(3)] })).fundPaid).toBe(2);
    const halfPolicy = variant((p) => (p.benefits.outpatient_pooling.levels.primary.ratioBp = 5000));
    expect(settleClaim(halfPolicy, emptyYearToDate(), claim({ benefit: 'outpatient_pooling', items: [a(1)] })).fundPaid).toBe(1);
  });
});

describe('settleClaim: chronic outpatient (门诊慢特病)', () => {
  const chronic = (disease: string, items: ClaimItem[]) => claim({ benefit: 'chronic_outpatient', chronicDisease: disease, items });

  it('uses the disease’s own ratio and counts its quota', () => {
    const s = settleClaim(DEFAULT_RESIDENT_POLICY, emptyYearToDate(), chronic('I10', [a(50_000)]));
    expect(s).toMatchObject({ ratioBp: 6000, fundPaid: 30_000 });
    expect(s.ytd.chronicQuotaUsed).toEqual({ I10: 30_000 });
    expect(s.ytd.fundPaid.chronic_outpatient).toBe(30_000);
  });

  it('stops at the disease’s annual quota, leaving other diseases alone', () => {
    const ytd = ytdWith((y) => (y.chronicQuotaUsed = { I10: 90_000, E11: 20_000 }));
    const hypertension = settleClaim(DEFAULT_RESIDENT_POLICY, ytd, chronic('I10', [a(50_000)]));
    expect(hypertension.fundPaid).toBe(10_000);
    expect(hypertension.ytd.chronicQuotaUsed).toEqual({ I10: 100_000, E11: 20_000 });
    expect(hypertension.steps.join('')).toContain('高血压门诊慢特病年度支付限额只剩 100.00 元');
    const diabetes = settleClaim(DEFAULT_RESIDENT_POLICY, hypertension.ytd, chronic('E11', [a(50_000)]));
    expect(diabetes.fundPaid).toBe(30_000);
  });

  it('refuses a disease the region does not cover', () => {
    const bad = chronic('J45', [a(1_000)]);
    expect(claimIssue(DEFAULT_RESIDENT_POLICY, bad)).toEqual({ field: 'chronicDisease', message: '该病种不在本统筹区门诊慢特病范围内' });
    expect(() => settleClaim(DEFAULT_RESIDENT_POLICY, emptyYearToDate(), bad)).toThrow(/chronicDisease/);
  });
});

describe('settleClaim: serious-illness insurance (大病保险)', () => {
  // County inpatient, all 甲类, 8,000 元: fund (8,000 - 500) x 80% = 6,000; self-pay in scope 2,000.
  const admission = claim({ benefit: 'inpatient', level: 'county', items: [a(800_000)] });

  it('pays the band ratio on the part of the cumulative self-pay above the threshold', () => {
    const ytd = ytdWith((y) => (y.seriousIllnessBase = 1_400_000));
    const s = settleClaim(DEFAULT_RESIDENT_POLICY, ytd, admission);
    expect(s).toMatchObject({ fundPaid: 600_000, seriousIllnessBase: 200_000, seriousIllnessPaid: 60_000, cashPaid: 140_000 });
    expect(s.ytd).toMatchObject({ seriousIllnessBase: 1_600_000, seriousIllnessPaid: 60_000 });
    expect(s.steps.join('')).toContain('大病保险本次支付 600.00 元');
    expectBalanced(s);
  });

  it('splits a claim that straddles two bands', () => {
    const ytd = ytdWith((y) => {
      y.seriousIllnessBase = 4_900_000;
      y.seriousIllnessPaid = 2_040_000;
    });
    expect(settleClaim(DEFAULT_RESIDENT_POLICY, ytd, admission).seriousIllnessPaid).toBe(60_000 + 70_000);
  });

  it('stops at its annual cap', () => {
    const ytd = ytdWith((y) => {
      y.seriousIllnessBase = 20_000_000;
      y.seriousIllnessPaid = 40_000_000 - 999;
    });
    expect(settleClaim(DEFAULT_RESIDENT_POLICY, ytd, admission).seriousIllnessPaid).toBe(999);
  });

  it('does not cover outpatient pooling', () => {
    const ytd = ytdWith((y) => (y.seriousIllnessBase = 2_000_000));
    const s = settleClaim(DEFAULT_RESIDENT_POLICY, ytd, claim({ benefit: 'outpatient_pooling', items: [a(10_000)] }));
    expect(s).toMatchObject({ seriousIllnessBase: 0, seriousIllnessPaid: 0 });
  });
});

describe('settleClaim: medical aid (医疗救助) and personal account (个人账户)', () => {
  const admission = claim({ benefit: 'inpatient', level: 'county', items: [a(800_000)] });

  it('pays medical aid only when the policy has it and the person qualifies', () => {
    const policy = variant((p) => (p.medicalAid = { ratioBp: 7000, annualCap: 1_000_000 }));
    expect(settleClaim(policy, emptyYearToDate(), admission).medicalAid).toBe(0);
    const s = settleClaim(policy, emptyYearToDate(), { ...admission, medicalAidEligible: true });
    expect(s).toMatchObject({ fundPaid: 600_000, medicalAid: 140_000, cashPaid: 60_000 });
    expect(s.ytd.medicalAidPaid).toBe(140_000);
    expect(settleClaim(DEFAULT_RESIDENT_POLICY, emptyYearToDate(), { ...admission, medicalAidEligible: true }).medicalAid).toBe(0);
  });

  it('pays an employee’s share from the personal account up to its balance, then cash', () => {
    const s = settleClaim(EMPLOYEE, emptyYearToDate(50_000), admission);
    expect(s).toMatchObject({ policyVersion: '2026.1-employee', patientPaid: 200_000, personalAccountPaid: 50_000, cashPaid: 150_000 });
    expect(s.ytd.personalAccountBalance).toBe(0);
    expect(s.steps.at(-1)).toBe(
      '医保共为您支付 6,000.00 元，您本次个人负担 2,000.00 元：个人账户支付 500.00 元（余额 0.00 元），现金支付 1,500.00 元。',
    );
    const rich = settleClaim(EMPLOYEE, emptyYearToDate(900_000), admission);
    expect(rich).toMatchObject({ personalAccountPaid: 200_000, cashPaid: 0 });
    expect(rich.ytd.personalAccountBalance).toBe(700_000);
  });

  it('never touches a balance under a resident policy', () => {
    const s = settleClaim(DEFAULT_RESIDENT_POLICY, emptyYearToDate(50_000), admission);
    expect(s).toMatchObject({ personalAccountPaid: 0, cashPaid: 200_000 });
    expect(s.ytd.personalAccountBalance).toBe(50_000);
  });
});

describe('reverseSettlement (冲正)', () => {
  it('restores the running totals the settlement started from', () => {
    const before = ytdWith((y) => {
      y.deductibleMet.chronic_outpatient = 5_000;
      y.fundPaid.chronic_outpatient = 40_000;
      y.chronicQuotaUsed = { E11: 40_000 };
      y.seriousIllnessBase = 1_450_000;
      y.seriousIllnessPaid = 0;
    }, 30_000);
    const policy = variant((p) => (p.benefits.chronic_outpatient.deductible.county = 8_000), EMPLOYEE);
    const s = settleClaim(policy, before, claim({ benefit: 'chronic_outpatient', chronicDisease: 'I10', level: 'county', items: [a(300_000)] }));
    expect(s.ytd).not.toEqual(before);
    expect(s.seriousIllnessPaid).toBeGreaterThan(0);
    expect(s.personalAccountPaid).toBe(30_000);
    expect(reverseSettlement(s.ytd, s)).toEqual(before);
  });
});

describe('claimIssue', () => {
  it('refuses a claim from another year', () => {
    const old = claim({ benefit: 'inpatient', serviceDate: '2025-12-31', items: [a(100)] });
    expect(claimIssue(DEFAULT_RESIDENT_POLICY, old)?.field).toBe('serviceDate');
    expect(() => settleClaim(DEFAULT_RESIDENT_POLICY, emptyYearToDate(), old)).toThrow(/serviceDate/);
  });
});

describe('forecastAcrossLevels', () => {
  it('settles the same 10,000 元 admission at each tier', () => {
    const f = forecastAcrossLevels(DEFAULT_RESIDENT_POLICY, emptyYearToDate(), claim({ benefit: 'inpatient', level: 'county', items: [a(1_000_000)] }));
    expect(Object.keys(f)).toEqual(['primary', 'county', 'out_of_county']);
    expect([f.primary.fundPaid, f.county.fundPaid, f.out_of_county.fundPaid]).toEqual([882_000, 760_000, 540_000]);
    expect([f.primary.cashPaid, f.county.cashPaid, f.out_of_county.cashPaid]).toEqual([118_000, 240_000, 460_000]);
    expect(f.out_of_county.claim.level).toBe('out_of_county');
  });
});
