import { addDays, DEFAULT_SEGMENT_MINUTES, DEFAULT_SESSION_TIMES, isoWeekday, localDate, type SessionPeriod, splitSession } from '@ygt/shared';
import type { AppDeps } from '../../deps';
import * as repo from './repo';
import { buildSchedule, sessionKey, type ValidEntry } from './service';

/** How many days of schedules the demo has, from today. */
const DEMO_DAYS = 8;

/** Where a county expert sees patients when visiting a township centre. */
const TOWNSHIP_DEPARTMENT_FOR: Record<string, string> = { 儿科: '妇儿保健科', 中医内科: '中医科', 心血管内科: '慢病管理门诊', 内分泌科: '慢病管理门诊' };
const COUNTY_DEPARTMENTS = ['心血管内科', '内分泌科', '儿科', '骨科'];

interface Plan {
  facilityId: string;
  departmentId: string;
  doctorId: string;
  date: string;
  period: SessionPeriod;
  capacity: number;
  reserved: number;
  feeFen: number;
  visiting: boolean;
}

/**
 * Demo schedules for the next 8 days so booking works at once: the county hospital (experts at
 * 20 元 with a referral reserve, attending doctors at 5 元), 青石镇 and 柳河镇 centres (with the
 * county experts' visiting sessions from expert_session) and 东岭村卫生室. Idempotent: a session
 * that already exists is left alone.
 */
export async function seedDemoBookings(deps: AppDeps): Promise<{ schedules: number }> {
  const db = deps.database.db;
  const now = deps.clock.now();
  const today = localDate(now);
  const facilities = new Map((await db.selectFrom('facility').select(['id', 'code']).execute()).map((f) => [f.code, f.id]));
  const departments = new Map((await db.selectFrom('department').select(['id', 'facility_id', 'name']).execute()).map((d) => [`${d.facility_id}/${d.name}`, d.id]));
  const doctors = await db
    .selectFrom('doctor as d')
    .innerJoin('department as dep', 'dep.id', 'd.department_id')
    .select(['d.id', 'd.facility_id', 'd.department_id', 'd.title', 'dep.name as department_name'])
    .orderBy('d.code')
    .execute();
  const sessions = await db.selectFrom('expert_session').selectAll().execute();
  const county = facilities.get('YX-RMYY')!;
  const townships = ['YX-T01', 'YX-T02'].map((c) => facilities.get(c)!);
  const village = facilities.get('YX-T01-V01')!;

  const plans: Plan[] = [];
  for (let d = 0; d < DEMO_DAYS; d++) {
    const date = addDays(today, d);
    const weekday = isoWeekday(date);
    for (const s of sessions.filter((x) => townships.includes(x.facility_id) && x.weekday === weekday)) {
      const expert = doctors.find((doc) => doc.id === s.doctor_id)!;
      const departmentId = departments.get(`${s.facility_id}/${TOWNSHIP_DEPARTMENT_FOR[expert.department_name] ?? '全科医学科'}`)!;
      plans.push({ facilityId: s.facility_id, departmentId, doctorId: expert.id, date, period: s.period as SessionPeriod, capacity: 2, reserved: 0, feeFen: 2000, visiting: true });
    }
    for (const name of COUNTY_DEPARTMENTS) {
      const [chief, attending] = doctors.filter((doc) => doc.facility_id === county && doc.department_name === name);
      const base = { facilityId: county, departmentId: chief.department_id, date, visiting: false };
      if (weekday <= 5) {
        plans.push({ ...base, doctorId: chief.id, period: 'am', capacity: 2, reserved: 1, feeFen: 2000 });
        plans.push({ ...base, doctorId: attending.id, period: 'pm', capacity: 3, reserved: 1, feeFen: 500 });
      } else if (weekday === 6) {
        plans.push({ ...base, doctorId: attending.id, period: 'am', capacity: 3, reserved: 1, feeFen: 500 });
      }
    }
    if (weekday <= 6) {
      for (const facilityId of townships) {
        const [general1, general2, tcm] = doctors.filter((doc) => doc.facility_id === facilityId);
        plans.push({ facilityId, departmentId: general1.department_id, doctorId: general1.id, date, period: 'am', capacity: 3, reserved: 0, feeFen: 500, visiting: false });
        plans.push({ facilityId, departmentId: general2.department_id, doctorId: general2.id, date, period: 'pm', capacity: 3, reserved: 0, feeFen: 500, visiting: false });
        if (weekday % 2 === 1) plans.push({ facilityId, departmentId: tcm.department_id, doctorId: tcm.id, date, period: 'am', capacity: 2, reserved: 0, feeFen: 500, visiting: false });
      }
      const villageDoctor = doctors.find((doc) => doc.facility_id === village)!;
      plans.push({ facilityId: village, departmentId: villageDoctor.department_id, doctorId: villageDoctor.id, date, period: 'am', capacity: 2, reserved: 0, feeFen: 0, visiting: false });
    }
  }

  const taken = await repo.openSessionKeys(db, plans.map((p) => sessionKey(p.doctorId, p.date, p.period)));
  let created = 0;
  await db.transaction().execute(async (tx) => {
    for (const p of plans) {
      const key = sessionKey(p.doctorId, p.date, p.period);
      if (taken.has(key)) continue;
      taken.add(key);
      const { startTime, endTime } = DEFAULT_SESSION_TIMES[p.period];
      const split = splitSession(startTime, endTime, DEFAULT_SEGMENT_MINUTES);
      const valid: ValidEntry = {
        entry: { departmentId: p.departmentId, doctorId: p.doctorId, period: p.period, capacityPerSegment: p.capacity, referralReservedPerSegment: p.reserved, feeFen: p.feeFen },
        isVisiting: p.visiting,
        startTime,
        endTime,
        segmentMinutes: DEFAULT_SEGMENT_MINUTES,
        segments: split.ok ? split.segments : [],
        reserved: p.reserved,
      };
      const { schedule, slots } = buildSchedule(now, null, p.facilityId, p.date, valid);
      await repo.insertSchedule(tx, schedule, slots);
      created += 1;
    }
  });
  return { schedules: created };
}
