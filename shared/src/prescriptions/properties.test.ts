import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../common/time';
import {
  checkLongPrescription,
  checkRenewalWindow,
  DEFAULT_LONG_RX_CONDITION_CODES,
  type DrugRuleFacts,
  daysBetween,
  FREQUENCIES,
  type Frequency,
  LONG_RX_ASSESSMENT_ABOVE_DAYS,
  LONG_RX_MAX_DAYS,
  packsNeeded,
  stopReasons,
  supplyStatus,
} from './rules';

const date = fc.integer({ min: 0, max: 3 * 365 }).map((d) => addDays('2025-01-01', d));
const drug: fc.Arbitrary<DrugRuleFacts> = fc.record({
  genericName: fc.constant('某药'),
  toxic: fc.boolean(),
  radioactive: fc.boolean(),
  precursor: fc.boolean(),
  narcotic: fc.boolean(),
  psychotropic: fc.constantFrom(null, 'I' as const, 'II' as const),
  antimicrobial: fc.boolean(),
  chronicInfectionException: fc.boolean(),
  specialStorage: fc.boolean(),
});

describe('renewal window properties', () => {
  it('opens exactly when at most `window` days of supply remain, and the refusal names that first day', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: LONG_RX_MAX_DAYS }), fc.integer({ min: -5, max: 150 }), fc.integer({ min: 0, max: 28 }), (start, days, offset, window) => {
        const today = addDays(start, offset);
        const s = supplyStatus(start, days, today, window);
        expect(s.renewalOpen).toBe(daysBetween(today, s.supplyEndsOn) <= window);
        expect(s.daysLeft).toBeGreaterThanOrEqual(0);
        const check = checkRenewalWindow(s, window);
        if (check.ok) return;
        expect(check.nextEligibleDate > today).toBe(true);
        expect(supplyStatus(start, days, check.nextEligibleDate, window).renewalOpen).toBe(true);
        expect(supplyStatus(start, days, addDays(check.nextEligibleDate, -1), window).renewalOpen).toBe(false);
      }),
    );
  });
});

describe('long prescription properties', () => {
  const item = fc.record({ drug, days: fc.integer({ min: 1, max: 200 }) });
  it('refuses every item over 12 weeks and every excluded drug, and demands an assessment above 4 weeks', () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 5 }), fc.boolean(), fc.boolean(), (items, hasAssessment, patientConfirmed) => {
        const violations = checkLongPrescription({
          items: items.map((it, i) => ({ drugId: `d${i}`, drug: it.drug, conditionCode: 'I10', daysOfSupply: it.days })),
          listedConditionCodes: DEFAULT_LONG_RX_CONDITION_CODES,
          certifiedConditionCodes: ['I10'],
          isFirst: false,
          inPerson: true,
          prescriberTitle: 'attending_physician',
          assessment: hasAssessment ? '病情稳定' : null,
          patientConfirmed,
        });
        const fields = new Set(violations.map((v) => v.field));
        items.forEach((it, i) => {
          expect(fields.has(`items.${i}.daysOfSupply`)).toBe(it.days > LONG_RX_MAX_DAYS);
          const excluded = it.drug.toxic || it.drug.radioactive || it.drug.precursor || it.drug.narcotic || it.drug.psychotropic !== null || it.drug.specialStorage || it.drug.antimicrobial;
          expect(fields.has(`items.${i}.drugId`)).toBe(excluded);
        });
        const long = items.some((it) => it.days > LONG_RX_ASSESSMENT_ABOVE_DAYS);
        expect(fields.has('assessment')).toBe(long && !hasAssessment);
        expect(fields.has('patientConfirmed')).toBe(long && !patientConfirmed);
        for (const v of violations) expect(v.message).toMatch(/[\u4e00-\u9fa5]/);
      }),
    );
  });
});

describe('quantity properties', () => {
  it('dispenses whole packs that cover the supply with less than one pack to spare', () => {
    const freq = fc.constantFrom(...(Object.keys(FREQUENCIES) as Frequency[]));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), freq, fc.integer({ min: 1, max: LONG_RX_MAX_DAYS }), fc.integer({ min: 1, max: 200 }), (quarters, frequency, days, packSize) => {
        const dose = quarters / 4;
        const units = dose * FREQUENCIES[frequency].timesPerDay * days;
        const packs = packsNeeded({ dose, frequency, daysOfSupply: days }, packSize);
        expect(packs * packSize).toBeGreaterThanOrEqual(units);
        expect((packs - 1) * packSize).toBeLessThan(units);
      }),
    );
  });
});

describe('stop condition properties', () => {
  it('a reading stops the renewal exactly when it crosses a threshold', () => {
    fc.assert(
      fc.property(fc.integer({ min: 60, max: 250 }), fc.integer({ min: 30, max: 150 }), fc.integer({ min: 10, max: 400 }), (systolic, diastolic, g10) => {
        const glucose = g10 / 10;
        const codes = stopReasons({ bloodPressure: { systolic, diastolic }, fastingGlucose: glucose, sideEffects: 'none', hospitalisedSinceLastPrescription: false, newDiagnosis: false }).map((r) => r.code);
        expect(codes.includes('blood_pressure_not_controlled')).toBe(systolic >= 160 || diastolic >= 100);
        expect(codes.includes('glucose_not_controlled')).toBe(glucose >= 13.9);
        expect(codes.includes('hypoglycaemia')).toBe(glucose < 3.9);
      }),
    );
  });
});
