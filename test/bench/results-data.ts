import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { addDays, localDate, toEpochMs } from '@ygt/shared';
import { createConnection, type Connection } from 'mysql2/promise';
import type { AppDeps } from '../../api/src/deps';
import { newId } from '../../api/src/infra/ids';
import { type BenchResident, insertResidents } from './lib/residents';

/**
 * The results data set for the scale benchmark: residents with three years of reports from
 * member facilities, 50 observations each on average, so 100,000 residents carry 5,000,000
 * observations. Loaded with LOAD DATA LOCAL INFILE (multi-row INSERT when the server refuses
 * local files), persons in id order, so every index grows at its end.
 */

type Item = [code: string, name: string, unit: string, low: number, high: number];
interface Panel {
  code: string;
  name: string;
  section: string;
  items: Item[];
}

const CBC: Panel = {
  code: '58410-2',
  name: '血常规',
  section: 'hematology',
  items: [
    ['6690-2', '白细胞计数', '10^9/L', 3.5, 9.5],
    ['789-8', '红细胞计数', '10^12/L', 3.8, 5.1],
    ['718-7', '血红蛋白', 'g/L', 115, 150],
    ['4544-3', '红细胞压积', '%', 35, 45],
    ['777-3', '血小板计数', '10^9/L', 125, 350],
  ],
};
const LIVER_KIDNEY: Panel = {
  code: 'LFT-RFT',
  name: '肝肾功能',
  section: 'chemistry',
  items: [
    ['1742-6', '丙氨酸氨基转移酶', 'U/L', 7, 40],
    ['1920-8', '天门冬氨酸氨基转移酶', 'U/L', 13, 35],
    ['14682-9', '肌酐', 'μmol/L', 45, 84],
    ['22664-7', '尿素', 'mmol/L', 2.6, 7.5],
    ['14933-6', '尿酸', 'μmol/L', 155, 357],
  ],
};
const LIPIDS: Panel = {
  code: 'LIPID',
  name: '血脂四项',
  section: 'chemistry',
  items: [
    ['14647-2', '总胆固醇', 'mmol/L', 2.8, 5.2],
    ['14927-8', '甘油三酯', 'mmol/L', 0.56, 1.7],
    ['22748-8', '低密度脂蛋白胆固醇', 'mmol/L', 1.5, 3.4],
    ['14646-4', '高密度脂蛋白胆固醇', 'mmol/L', 1.04, 1.55],
  ],
};
const DIABETES: Panel = {
  code: 'DM-FOLLOWUP',
  name: '糖尿病随访生化',
  section: 'chemistry',
  items: [
    ['4548-4', '糖化血红蛋白', '%', 4.0, 6.0],
    ['1558-6', '空腹血糖', 'mmol/L', 3.9, 6.1],
  ],
};
const BLOOD_PRESSURE: Panel = {
  code: 'BP',
  name: '血压测量',
  section: 'vitals',
  items: [
    ['8480-6', '收缩压', 'mmHg', 90, 139],
    ['8462-4', '舒张压', 'mmHg', 60, 89],
  ],
};

/** The item the trend benchmark charts: systolic blood pressure, measured monthly for chronic patients. */
export const TREND_CODE = '8480-6';

/**
 * 5 in 27 residents are chronic patients (hypertension and diabetes follow-up: 138 observations
 * in three years), the others have a yearly check-up (30): 50 on average.
 */
export const isChronic = (i: number) => i % 27 < 5;
export const OBSERVATIONS_PER_RESIDENT = 50;

// A small deterministic generator, so every run loads the same data set.
let seed = 20_260_101;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};

interface Facilities {
  county: string;
  townships: string[];
  villages: string[];
}

interface Visit {
  panel: Panel;
  at: number;
  facilityId: string;
  manual: boolean;
}

function visitsOf(i: number, today: string, f: Facilities): Visit[] {
  const visits: Visit[] = [];
  const township = f.townships[i % f.townships.length];
  const village = f.villages[i % f.villages.length];
  const day = (daysAgo: number, minutes: number) => toEpochMs(addDays(today, -daysAgo), '08:00') + minutes * 60_000;
  const offset = Math.floor(random() * 30);
  for (let year = 0; year < 3; year++) {
    const checkUp = 365 * year + offset + 10;
    const where = random() < 0.5 ? f.county : township;
    visits.push({ panel: CBC, at: day(checkUp, Math.floor(random() * 240)), facilityId: where, manual: false });
    visits.push({ panel: LIVER_KIDNEY, at: day(checkUp, 240 + Math.floor(random() * 60)), facilityId: where, manual: false });
    if (isChronic(i)) visits.push({ panel: LIPIDS, at: day(checkUp, 300 + Math.floor(random() * 60)), facilityId: where, manual: false });
  }
  if (isChronic(i)) {
    for (let m = 0; m < 36; m++) visits.push({ panel: BLOOD_PRESSURE, at: day(30 * m + offset, Math.floor(random() * 300)), facilityId: village, manual: true });
    for (let q = 0; q < 12; q++) visits.push({ panel: DIABETES, at: day(91 * q + offset + 3, Math.floor(random() * 180)), facilityId: q % 2 ? f.county : township, manual: false });
  }
  return visits.sort((a, b) => a.at - b.at);
}

const REPORT_COLUMNS = [
  'id', 'report_key', 'identifier', 'version', 'person_id', 'match_status', 'patient_id_enc', 'patient_id_bidx', 'patient_name', 'category', 'section', 'code', 'loinc',
  'local_code', 'local_system', 'name', 'performing_facility_id', 'interpreting_facility_id', 'submitting_facility_id', 'status', 'effective_at', 'issued_at', 'conclusion',
  'qc_passed', 'imaging', 'source', 'entered_by_staff_id', 'release_state', 'hold_reason', 'released_at', 'released_by_staff_id', 'release_comment', 'content_hash',
  'received_at', 'updated_at',
];
const OBSERVATION_COLUMNS = ['id', 'report_id', 'person_id', 'seq', 'code', 'loinc', 'local_code', 'local_system', 'name', 'value_text', 'value_num', 'unit', 'ref_low', 'ref_high', 'ref_text', 'flag', 'effective_at'];

type Cell = string | number | null;
/** A tab-separated line as LOAD DATA reads it; none of the generated text contains tabs, newlines or backslashes. */
const tsv = (cells: Cell[]) => cells.map((c) => (c === null ? '\\N' : String(c))).join('\t');

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

function rowsOf(r: BenchResident, visits: Visit[], now: number, counter: { reports: number; observations: number }) {
  const reports: string[] = [];
  const observations: string[] = [];
  for (const v of visits) {
    const id = newId(now);
    const identifier = `BENCH-${++counter.reports}`;
    const issued = v.at + 3 * 3600_000;
    reports.push(
      tsv([
        id, `${v.facilityId}|${identifier}`, identifier, 1, r.personId, 'matched', r.idNumberEnc, r.idNumberBidx, r.name, 'lab', v.panel.section, v.panel.code,
        /^\d+-\d$/.test(v.panel.code) ? v.panel.code : null, v.panel.code, null, v.panel.name, v.facilityId, null, v.facilityId, 'final', v.at, issued, null,
        1, null, v.manual ? 'manual' : 'hl7v2', null, 'released', null, null, null, null, createHash('sha256').update(identifier).digest('hex'),
        issued + 60_000, issued + 60_000,
      ]),
    );
    v.panel.items.forEach(([code, name, unit, low, high], seq) => {
      // Mostly inside the range, one value in eight outside it.
      const spread = high - low;
      const value = round(low + spread * (random() < 0.875 ? random() : random() < 0.5 ? -0.3 * random() : 1 + 0.5 * random()), spread < 10 ? 2 : 0);
      const flag = value < low ? 'L' : value > high ? 'H' : 'N';
      observations.push(tsv([newId(now), id, r.personId, seq + 1, code, code, code, null, name, String(value), value, unit, low, high, `${low}-${high}`, flag, v.at]));
      counter.observations += 1;
    });
  }
  return { reports, observations };
}

async function load(conn: Connection, table: string, columns: string[], lines: string[], useLoadData: boolean) {
  if (!lines.length) return;
  if (useLoadData) {
    await conn.query({
      sql: `LOAD DATA LOCAL INFILE 'bench.tsv' INTO TABLE \`${table}\` CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' LINES TERMINATED BY '\\n' (${columns.map((c) => `\`${c}\``).join(', ')})`,
      infileStreamFactory: () => Readable.from([Buffer.from(`${lines.join('\n')}\n`)]),
    });
    return;
  }
  for (let i = 0; i < lines.length; i += 2000) {
    const rows = lines.slice(i, i + 2000).map((l) => l.split('\t').map((c) => (c === '\\N' ? null : c)));
    await conn.query(`INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ?`, [rows]);
  }
}

export interface ResultsDataSet {
  residents: BenchResident[];
  reports: number;
  observations: number;
  seconds: number;
  method: string;
}

/**
 * Generates `residentCount` residents and their reports into the run's database. Foreign key and
 * unique checks are off for the loading session only (the data is consistent by construction);
 * each batch is one statement per table, generated while the previous batch loads.
 */
export async function generateResults(deps: AppDeps, dbUrl: string, residentCount: number, firstIndex: number, log: (m: string) => void): Promise<ResultsDataSet> {
  const started = performance.now();
  const db = deps.database.db;
  const codes = new Map((await db.selectFrom('facility').select(['id', 'code']).execute()).map((f) => [f.code, f.id]));
  const facilities: Facilities = {
    county: codes.get('YX-RMYY')!,
    townships: [...codes.keys()].filter((c) => /^YX-T\d\d$/.test(c)).map((c) => codes.get(c)!),
    villages: [...codes.keys()].filter((c) => /^YX-T\d\d-V\d\d$/.test(c)).map((c) => codes.get(c)!),
  };
  const conn = await createConnection({ uri: dbUrl, charset: 'utf8mb4' });
  const useLoadData = ((await conn.query("SELECT @@local_infile AS on_")) as unknown as [{ on_: number }[]])[0][0].on_ === 1;
  await conn.query('SET foreign_key_checks = 0, unique_checks = 0');
  const today = localDate(Date.now());
  let now = 0;
  const counter = { reports: 0, observations: 0 };
  const residents: BenchResident[] = [];
  const BATCH = 2000;
  let pending: Promise<void> = Promise.resolve();
  try {
    for (let b = 0; b < residentCount; b += BATCH) {
      const batch = await insertResidents(deps, firstIndex + b, Math.min(BATCH, residentCount - b));
      residents.push(...batch);
      const reports: string[] = [];
      const observations: string[] = [];
      // A later millisecond per batch keeps the generated ids increasing (see newId).
      now = Math.max(Date.now(), now + 1);
      for (const r of batch) {
        const rows = rowsOf(r, visitsOf(r.index, today, facilities), now, counter);
        reports.push(...rows.reports);
        observations.push(...rows.observations);
      }
      await pending;
      pending = (async () => {
        await load(conn, 'result_report', REPORT_COLUMNS, reports, useLoadData);
        await load(conn, 'result_observation', OBSERVATION_COLUMNS, observations, useLoadData);
      })();
      // Awaited on the next batch; marked handled now so a failure is reported there, not as an unhandled rejection.
      pending.catch(() => {});
      if ((b / BATCH) % 10 === 9) log(`  ${b + batch.length} residents, ${counter.observations.toLocaleString('en')} observations`);
    }
    await pending;
  } finally {
    await conn.end();
  }
  return { residents, reports: counter.reports, observations: counter.observations, seconds: (performance.now() - started) / 1000, method: useLoadData ? 'LOAD DATA LOCAL INFILE' : 'multi-row INSERT' };
}
