import { addDays, localDate, type ResultFlag, type ResultSection, toEpochMs } from '@ygt/shared';
import type { AppDeps } from '../../deps';
import { DEMO_ID_NUMBERS } from '../identity/seed';
import { type IncomingObservation, type IncomingReport, storeReports } from './ingest';
import * as repo from './repo';

type Obs = [loinc: string | null, localCode: string, name: string, value: number, unit: string, range: string, flag?: ResultFlag];

/**
 * Demo results of the zhang family, dated back from today so trends and validity look alive:
 * 李桂芳's HbA1c and fasting glucose over 18 months from 青石镇 and the county hospital (the
 * township sends local codes only, the county LOINC: one trend), a blood count, an ECG done at
 * 青石镇 and read by the county ECG centre, monthly blood pressure from 东岭村; 张建国's chest
 * film, and a potassium result with a critical value waiting in the county's release queue.
 * Idempotent: skipped once the first demo report exists.
 */
export async function seedDemoResults(deps: AppDeps): Promise<void> {
  const db = deps.database.db;
  const facilities = new Map((await db.selectFrom('facility').select(['id', 'code']).execute()).map((f) => [f.code, f.id]));
  const county = facilities.get('YX-RMYY')!;
  const township = facilities.get('YX-T01')!;
  const village = facilities.get('YX-T01-V01')!;
  if (await repo.findReportByKey(db, `${township}|DEMO-QS-DM-540`, deps.database.dialect)) return;

  const today = localDate(deps.clock.now());
  const at = (daysAgo: number, time = '08:30') => toEpochMs(addDays(today, -daysAgo), time);
  const patientOf = (name: string) => ({ kind: 'resident_id' as const, idNumber: DEMO_ID_NUMBERS[name], name });
  const obs = (effectiveAt: number, rows: Obs[]): IncomingObservation[] =>
    rows.map(([loinc, localCode, name, value, unit, range, flag]) => {
      const [low, high] = range.split('-').map(Number);
      return { loinc, localCode, localSystem: null, name, valueText: String(value), valueNum: value, unit, refLow: low, refHigh: high, refText: range, flag: flag ?? null, effectiveAt };
    });
  const report = (r: Partial<IncomingReport> & Pick<IncomingReport, 'identifier' | 'patient' | 'name' | 'localCode' | 'performingFacilityId' | 'effectiveAt' | 'observations'> & { section: ResultSection }): IncomingReport => ({
    source: 'hl7v2',
    loinc: null,
    localSystem: null,
    interpretingFacilityId: null,
    status: 'final',
    issuedAt: r.effectiveAt + 3 * 3600_000,
    conclusion: null,
    qcPassed: true,
    imaging: null,
    enteredByStaffId: null,
    location: r.identifier,
    ...r,
  });

  // 李桂芳, type 2 diabetes follow-up: every three months, alternating township and county.
  const visits = [
    { daysAgo: 540, at: 'QS', a1c: 8.1, fbg: 9.2 },
    { daysAgo: 450, at: 'XY', a1c: 7.8, fbg: 8.6 },
    { daysAgo: 360, at: 'QS', a1c: 7.5, fbg: 8.1 },
    { daysAgo: 270, at: 'XY', a1c: 7.2, fbg: 7.6 },
    { daysAgo: 180, at: 'QS', a1c: 7.0, fbg: 7.2 },
    { daysAgo: 90, at: 'XY', a1c: 6.9, fbg: 6.8 },
    { daysAgo: 20, at: 'QS', a1c: 6.8, fbg: 6.5 },
  ];
  const byTownship: IncomingReport[] = [];
  const byCounty: IncomingReport[] = [];
  for (const v of visits) {
    const effectiveAt = at(v.daysAgo);
    const atCounty = v.at === 'XY';
    const rows: Obs[] = [
      [atCounty ? '4548-4' : null, atCounty ? 'A1C' : 'HBA1C', '糖化血红蛋白', v.a1c, '%', '4.0-6.0', 'H'],
      [atCounty ? '1558-6' : null, atCounty ? 'FBG' : 'GLU', '空腹血糖', v.fbg, 'mmol/L', '3.9-6.1', 'H'],
    ];
    if (atCounty) rows.push(['14682-9', 'CREA', '肌酐', 68 + v.daysAgo / 90, 'μmol/L', '45-84']);
    (atCounty ? byCounty : byTownship).push(
      report({
        identifier: `DEMO-${v.at}-DM-${v.daysAgo}`,
        patient: patientOf('李桂芳'),
        section: 'chemistry',
        localCode: 'DM-FOLLOWUP',
        name: atCounty ? '糖尿病随访生化' : '血糖与糖化血红蛋白',
        performingFacilityId: atCounty ? county : township,
        effectiveAt,
        observations: obs(effectiveAt, rows),
      }),
    );
  }

  const cbcAt = at(3, '09:10');
  byCounty.push(
    report({
      identifier: 'DEMO-XY-CBC-3',
      patient: patientOf('李桂芳'),
      section: 'hematology',
      loinc: '58410-2',
      localCode: 'CBC',
      name: '血常规',
      performingFacilityId: county,
      effectiveAt: cbcAt,
      observations: obs(cbcAt, [
        ['6690-2', 'WBC', '白细胞计数', 6.2, '10^9/L', '3.5-9.5'],
        ['789-8', 'RBC', '红细胞计数', 4.1, '10^12/L', '3.8-5.1'],
        ['718-7', 'HGB', '血红蛋白', 112, 'g/L', '115-150', 'L'],
        ['4544-3', 'HCT', '红细胞压积', 35.2, '%', '35-45'],
        ['777-3', 'PLT', '血小板计数', 218, '10^9/L', '125-350'],
      ]),
    }),
  );

  // 基层检查、上级诊断: recorded at 青石镇, read by the county ECG centre, which sends the report.
  const ecgAt = at(12, '10:20');
  byCounty.push(
    report({
      identifier: 'DEMO-XY-ECG-12',
      source: 'fhir',
      patient: patientOf('李桂芳'),
      section: 'ecg',
      loinc: '11524-6',
      localCode: 'ECG',
      name: '常规心电图',
      performingFacilityId: township,
      interpretingFacilityId: county,
      effectiveAt: ecgAt,
      issuedAt: ecgAt + 40 * 60_000,
      conclusion: '窦性心律，心率72次/分；大致正常心电图。',
      observations: obs(ecgAt, [
        ['8867-4', 'HR', '心率', 72, '次/分', '60-100'],
        ['8625-6', 'PR', 'PR间期', 160, 'ms', '120-200'],
        ['8633-8', 'QRS', 'QRS时限', 92, 'ms', '60-110'],
        ['8636-1', 'QTC', 'QTc间期', 421, 'ms', '350-450'],
      ]),
    }),
  );

  const xrayAt = at(40, '15:00');
  byCounty.push(
    report({
      identifier: 'DEMO-XY-DR-40',
      source: 'fhir',
      patient: patientOf('张建国'),
      section: 'radiology',
      loinc: '36643-5',
      localCode: 'DR-CHEST',
      name: '胸部正侧位片',
      performingFacilityId: county,
      effectiveAt: xrayAt,
      conclusion: '双肺纹理清晰，未见明显实变影；心影大小形态正常。',
      imaging: { uid: '1.2.156.112605.20260101.1', modality: 'DX', description: '胸部正侧位', numberOfSeries: 2, numberOfInstances: 2 },
      observations: [],
    }),
  );

  // A critical potassium: held for a county doctor (release queue demo), invisible to the family.
  const kAt = at(1, '07:50');
  byCounty.push(
    report({
      identifier: 'DEMO-XY-ELEC-1',
      patient: patientOf('张建国'),
      section: 'chemistry',
      localCode: 'ELEC',
      name: '电解质',
      performingFacilityId: county,
      effectiveAt: kAt,
      observations: obs(kAt, [
        ['2823-3', 'K', '钾', 6.6, 'mmol/L', '3.5-5.3', 'HH'],
        ['2951-2', 'NA', '钠', 139, 'mmol/L', '137-147'],
        ['2075-0', 'CL', '氯', 101, 'mmol/L', '99-110'],
      ]),
    }),
  );

  // Monthly blood pressure at 东岭村卫生室, entered by hand (no lab system there).
  const doctor = await db.selectFrom('staff').select('id').where('username', '=', 'dl.doctor').executeTakeFirst();
  const personId = (await db.selectFrom('person').select('id').where('id_number_bidx', '=', deps.crypto.blindIndex(DEMO_ID_NUMBERS['李桂芳'])).executeTakeFirst())?.id;
  const pressures = [
    [150, 152, 92],
    [120, 148, 90],
    [90, 146, 88],
    [60, 141, 86],
    [30, 138, 84],
    [5, 134, 82],
  ];
  const byVillage: IncomingReport[] = personId
    ? pressures.map(([daysAgo, sbp, dbp]) => {
        const effectiveAt = at(daysAgo, '09:00');
        return report({
          identifier: `DEMO-DL-BP-${daysAgo}`,
          source: 'manual',
          patient: { kind: 'person', personId },
          section: 'vitals',
          localCode: 'YX-VITALS',
          name: '血压测量',
          performingFacilityId: village,
          effectiveAt,
          issuedAt: effectiveAt,
          qcPassed: false,
          enteredByStaffId: doctor?.id ?? null,
          observations: obs(effectiveAt, [
            ['8480-6', 'SBP', '收缩压', sbp, 'mmHg', '90-139', sbp > 139 ? 'H' : undefined],
            ['8462-4', 'DBP', '舒张压', dbp, 'mmHg', '60-89', dbp > 89 ? 'H' : undefined],
          ]),
        });
      })
    : [];

  await storeReports(deps, township, byTownship, { notify: false });
  await storeReports(deps, county, byCounty, { notify: false });
  if (byVillage.length) await storeReports(deps, village, byVillage, { notify: false });
}
