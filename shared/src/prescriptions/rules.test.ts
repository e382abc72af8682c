import { describe, expect, it } from 'vitest';
import {
  absoluteExclusion,
  checkLongPrescription,
  checkRenewalWindow,
  DEFAULT_LONG_RX_CONDITION_CODES,
  type DrugRuleFacts,
  drugExclusion,
  isFirstLongPrescription,
  type LongPrescriptionFacts,
  maskAddress,
  missingReading,
  packsNeeded,
  type StabilityAnswers,
  stopReasons,
  supplyStatus,
} from './rules';
import { canApplyOrderAction } from './states';

const plain: DrugRuleFacts = {
  genericName: '苯磺酸氨氯地平片',
  toxic: false,
  radioactive: false,
  precursor: false,
  narcotic: false,
  psychotropic: null,
  antimicrobial: false,
  chronicInfectionException: false,
  specialStorage: false,
};

const rx = (over: Partial<LongPrescriptionFacts> = {}, days = 28): LongPrescriptionFacts => ({
  items: [{ drugId: 'd1', drug: plain, conditionCode: 'I10', daysOfSupply: days }],
  listedConditionCodes: DEFAULT_LONG_RX_CONDITION_CODES,
  certifiedConditionCodes: ['I10', 'E11'],
  isFirst: false,
  inPerson: false,
  prescriberTitle: 'physician',
  assessment: null,
  patientConfirmed: false,
  ...over,
});
const fields = (facts: LongPrescriptionFacts) => checkLongPrescription(facts).map((v) => v.field);

describe('12-week cap', () => {
  it.each([
    [1, []],
    [28, []],
    [84, ['assessment', 'patientConfirmed']],
    [85, ['items.0.daysOfSupply', 'assessment', 'patientConfirmed']],
    [0, ['items.0.daysOfSupply']],
  ])('%i days -> %j', (days, expected) => {
    expect(fields(rx({}, days))).toEqual(expected);
  });

  it('explains the cap in Chinese', () => {
    const [v] = checkLongPrescription(rx({ assessment: '血压稳定', patientConfirmed: true }, 90));
    expect(v).toEqual({ field: 'items.0.daysOfSupply', message: '长期处方用量最长12周（84天），当前为90天' });
  });
});

describe('more than 4 weeks needs an assessment and the patient’s confirmation', () => {
  it.each([
    [28, null, false, []],
    [29, null, false, ['assessment', 'patientConfirmed']],
    [29, '   ', true, ['assessment']],
    [56, '近3个月血压稳定在130/80左右', false, ['patientConfirmed']],
    [56, '近3个月血压稳定在130/80左右', true, []],
    [84, '血糖控制良好', true, []],
  ])('%i days, assessment %j, confirmed %s -> %j', (days, assessment, patientConfirmed, expected) => {
    expect(fields(rx({ assessment, patientConfirmed }, days))).toEqual(expected);
  });

  it('looks at the longest item', () => {
    const facts = rx();
    facts.items = [...facts.items, { drugId: 'd2', drug: { ...plain, genericName: '二甲双胍片' }, conditionCode: 'E11', daysOfSupply: 42 }];
    expect(checkLongPrescription(facts)).toEqual([
      { field: 'assessment', message: '超过4周（28天）的长期处方需记录病情稳定性评估' },
      { field: 'patientConfirmed', message: '超过4周的长期处方需患者知情并签字确认' },
    ]);
  });
});

describe('excluded drug classes', () => {
  it.each<[string, Partial<DrugRuleFacts>, string]>([
    ['narcotic', { genericName: '吗啡', narcotic: true }, '吗啡属于麻醉药品，不能开具长期处方'],
    ['psychotropic I', { genericName: '哌醋甲酯', psychotropic: 'I' }, '哌醋甲酯属于第一类精神药品，不能开具长期处方'],
    ['psychotropic II', { genericName: '地西泮', psychotropic: 'II' }, '地西泮属于第二类精神药品，不能开具长期处方'],
    ['toxic', { genericName: '阿托品', toxic: true }, '阿托品属于医疗用毒性药品，不能开具长期处方'],
    ['radioactive', { genericName: '碘[131I]化钠', radioactive: true }, '碘[131I]化钠属于放射性药品，不能开具长期处方'],
    ['precursor', { genericName: '麻黄碱', precursor: true }, '麻黄碱属于药品类易制毒化学品，不能开具长期处方'],
    ['special storage', { genericName: '胰岛素', specialStorage: true }, '胰岛素需要特殊储存条件（如冷链），不能开具长期处方'],
    ['antimicrobial', { genericName: '阿莫西林', antimicrobial: true }, '阿莫西林属于抗菌药物，不能开具长期处方（结核病等慢性感染除外）'],
  ])('%s is refused with its reason', (_, flags, message) => {
    const drug = { ...plain, ...flags };
    expect(absoluteExclusion(drug)).toBe(message);
    const facts = rx();
    facts.items = [{ drugId: 'x', drug, conditionCode: 'I10', daysOfSupply: 28 }];
    expect(checkLongPrescription(facts)).toEqual([{ field: 'items.0.drugId', message }]);
  });

  it('allows an anti-TB antimicrobial only for a chronic infection', () => {
    const rifampicin = { ...plain, genericName: '利福平', antimicrobial: true, chronicInfectionException: true };
    expect(absoluteExclusion(rifampicin)).toBeNull();
    expect(drugExclusion(rifampicin, 'A15')).toBeNull();
    expect(drugExclusion(rifampicin, 'J44')).toBe('利福平属于抗菌药物，只能用于结核病等慢性感染性疾病的长期处方');
    const facts = rx({ certifiedConditionCodes: ['A15'] });
    facts.items = [{ drugId: 'r', drug: rifampicin, conditionCode: 'A15', daysOfSupply: 28 }];
    expect(checkLongPrescription(facts)).toEqual([]);
  });

  it('allows ordinary chronic drugs', () => {
    expect(drugExclusion(plain, 'I10')).toBeNull();
  });
});

describe('conditions', () => {
  it('refuses a condition outside the local list and one the patient has not had certified', () => {
    const facts = rx({ listedConditionCodes: ['I10'] });
    facts.items = [
      { drugId: 'a', drug: plain, conditionCode: 'E11', daysOfSupply: 28 },
      { drugId: 'b', drug: plain, conditionCode: 'I25', daysOfSupply: 28 },
    ];
    facts.listedConditionCodes = ['I10', 'I25'];
    expect(checkLongPrescription(facts)).toEqual([
      { field: 'items.0.conditionCode', message: '病种 E11 不在本地长期处方病种目录内' },
      { field: 'items.1.conditionCode', message: '患者的冠心病尚未经医生认定，请先在慢病档案中认定' },
    ]);
  });

  it('refuses the same drug twice', () => {
    const facts = rx();
    facts.items = [facts.items[0], { ...facts.items[0], conditionCode: 'I10' }];
    expect(fields(facts)).toEqual(['items.1.drugId']);
  });
});

describe('first long prescription', () => {
  it.each([
    ['attending_physician', true, []],
    ['chief_physician', true, []],
    ['attending_physician', false, ['inPerson']],
    ['physician', true, ['prescriber']],
    ['physician', false, ['inPerson', 'prescriber']],
    [null, true, ['prescriber']],
  ] as const)('title %s, in person %s -> %j', (prescriberTitle, inPerson, expected) => {
    expect(fields(rx({ isFirst: true, prescriberTitle, inPerson }))).toEqual(expected);
  });

  it('names the title that falls short', () => {
    expect(checkLongPrescription(rx({ isFirst: true, inPerson: true }))[0].message).toBe('首次开具长期处方需由中级及以上职称医师开具（当前：医师）');
  });

  it('lets any doctor renew without an in-person visit', () => {
    expect(fields(rx({ isFirst: false, prescriberTitle: 'physician', inPerson: false }))).toEqual([]);
  });
});

describe('restart as a first prescription', () => {
  it.each([
    [[], true],
    [['stopped'], true],
    [['voided'], true],
    [['renewed', 'stopped'], true],
    [['renewed', 'active'], false],
    [['stopped', 'active'], false],
    [['active'], false],
  ] as const)('previous %j -> first %s', (statuses, first) => {
    expect(isFirstLongPrescription(statuses.map((status) => ({ status })))).toBe(first);
  });
});

describe('renewal window and next eligible date', () => {
  it.each([
    // start, days, today, window -> daysLeft, opensOn, open
    ['2026-11-01', 28, '2026-11-21', 7, 8, '2026-11-22', false],
    ['2026-11-01', 28, '2026-11-22', 7, 7, '2026-11-22', true],
    ['2026-11-01', 28, '2026-11-24', 7, 5, '2026-11-22', true],
    ['2026-11-01', 28, '2026-12-10', 7, 0, '2026-11-22', true],
    ['2026-11-01', 84, '2026-11-02', 7, 83, '2027-01-17', false],
    ['2026-11-01', 28, '2026-11-18', 10, 11, '2026-11-19', false],
    ['2026-12-20', 28, '2027-01-10', 7, 7, '2027-01-10', true],
  ] as const)('from %s for %i days, on %s (window %i): %i left, opens %s', (start, days, today, window, left, opensOn, open) => {
    const s = supplyStatus(start, days, today, window);
    expect(s).toMatchObject({ daysLeft: left, renewalOpensOn: opensOn, renewalOpen: open });
  });

  it('refuses an early request with the next eligible date', () => {
    const early = checkRenewalWindow(supplyStatus('2026-11-01', 28, '2026-11-10', 7), 7);
    expect(early).toEqual({ ok: false, nextEligibleDate: '2026-11-22', message: '药品还够用19天，剩余7天及以内时才能续方，请于 2026-11-22 起再申请' });
    expect(checkRenewalWindow(supplyStatus('2026-11-01', 28, '2026-11-22', 7), 7)).toEqual({ ok: true });
  });
});

describe('stop conditions', () => {
  const stable: StabilityAnswers = {
    bloodPressure: { systolic: 138, diastolic: 86 },
    fastingGlucose: 6.8,
    sideEffects: 'mild',
    hospitalisedSinceLastPrescription: false,
    newDiagnosis: false,
  };
  it.each<[string, Partial<StabilityAnswers>, string[]]>([
    ['stable', {}, []],
    ['systolic just below', { bloodPressure: { systolic: 159, diastolic: 99 } }, []],
    ['systolic at 160', { bloodPressure: { systolic: 160, diastolic: 90 } }, ['blood_pressure_not_controlled']],
    ['diastolic at 100', { bloodPressure: { systolic: 150, diastolic: 100 } }, ['blood_pressure_not_controlled']],
    ['glucose just below 13.9', { fastingGlucose: 13.8 }, []],
    ['glucose at 13.9', { fastingGlucose: 13.9 }, ['glucose_not_controlled']],
    ['glucose at 3.9', { fastingGlucose: 3.9 }, []],
    ['glucose below 3.9', { fastingGlucose: 3.8 }, ['hypoglycaemia']],
    ['hospitalised', { hospitalisedSinceLastPrescription: true }, ['hospitalised']],
    ['new disease', { newDiagnosis: true }, ['new_diagnosis']],
    ['serious side effects', { sideEffects: 'serious' }, ['serious_side_effects']],
    ['several', { hospitalisedSinceLastPrescription: true, bloodPressure: { systolic: 182, diastolic: 104 }, newDiagnosis: true }, ['hospitalised', 'blood_pressure_not_controlled', 'new_diagnosis']],
  ])('%s -> %j', (_, change, codes) => {
    expect(stopReasons({ ...stable, ...change }).map((r) => r.code)).toEqual(codes);
  });

  it('states the reading and the threshold', () => {
    expect(stopReasons({ ...stable, bloodPressure: { systolic: 165, diastolic: 95 } })[0].message).toBe('血压 165/95 mmHg 未控制达标（收缩压≥160 或舒张压≥100）');
    expect(stopReasons({ ...stable, fastingGlucose: 14.2 })[0].message).toBe('空腹血糖 14.2 mmol/L 偏高，未控制达标（≥13.9）');
  });

  it('honours local thresholds', () => {
    const strict = { systolicAtLeast: 150, diastolicAtLeast: 95, fastingGlucoseAtLeast: 11.1, fastingGlucoseBelow: 3.9 };
    expect(stopReasons({ ...stable, bloodPressure: { systolic: 152, diastolic: 80 }, fastingGlucose: 12 }, strict).map((r) => r.code)).toEqual([
      'blood_pressure_not_controlled',
      'glucose_not_controlled',
    ]);
  });

  it.each([
    [['I10'], { fastingGlucose: 6 }, 'stabilityCheck.bloodPressure'],
    [['E11'], { bloodPressure: { systolic: 120, diastolic: 80 } }, 'stabilityCheck.fastingGlucose'],
    [['I10', 'E11'], { bloodPressure: { systolic: 120, diastolic: 80 } }, 'stabilityCheck.fastingGlucose'],
    [['J44'], {}, null],
  ] as const)('conditions %j with %j -> missing %s', (codes, readings, field) => {
    const answers: StabilityAnswers = { sideEffects: 'none', hospitalisedSinceLastPrescription: false, newDiagnosis: false, ...readings };
    expect(missingReading(answers, codes)?.field ?? null).toBe(field);
  });
});

describe('quantities, masking and order moves', () => {
  it.each([
    [{ dose: 1, frequency: 'qd', daysOfSupply: 28 }, 28, 1],
    [{ dose: 1, frequency: 'qd', daysOfSupply: 29 }, 28, 2],
    [{ dose: 0.5, frequency: 'bid', daysOfSupply: 28 }, 14, 2],
    [{ dose: 0.25, frequency: 'qd', daysOfSupply: 30 }, 30, 1],
    [{ dose: 2, frequency: 'tid', daysOfSupply: 84 }, 100, 6],
  ] as const)('%j of packs of %i -> %i packs', (item, packSize, packs) => {
    expect(packsNeeded(item, packSize)).toBe(packs);
  });

  it('masks an address after the township', () => {
    expect(maskAddress('云溪县青石镇东岭村3组12号')).toBe('云溪县青石镇****');
  });

  it.each([
    ['ship', 'packed', 'delivery', true],
    ['ship', 'packed', 'pickup', false],
    ['send_to_clinic', 'packed', 'pickup', true],
    ['pick_up', 'sent_to_clinic', 'pickup', false],
    ['cancel', 'to_dispense', 'pickup', true],
    ['cancel', 'dispensed', 'pickup', false],
    ['approve', 'pharmacist_review', 'delivery', true],
  ] as const)('%s from %s (%s) -> %s', (action, state, fulfilment, ok) => {
    expect(canApplyOrderAction(action, state, fulfilment)).toBe(ok);
  });
});
