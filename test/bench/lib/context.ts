import { splitSession } from '@ygt/shared';
import type { AppDeps } from '../../../api/src/deps';
import type { ScheduleTable } from '../../../api/src/db/schema/schedule';
import type { SlotTable } from '../../../api/src/db/schema/slot';
import * as bookingRepo from '../../../api/src/modules/booking/repo';
import { buildSchedule, sessionKey } from '../../../api/src/modules/booking/service';
import type { BenchResident } from './residents';
import type { ChildServer } from './server';

/** What every section of the run shares. */
export interface BenchContext {
  /** The benchmark's own handle on the run's database and KV (same keys and prefix as the API). */
  deps: AppDeps;
  api: ChildServer;
  dbUrl: string;
  /** Signed-in residents for the booking runs. */
  residents: BenchResident[];
  today: string;
  concurrency: number;
}

export interface Doctor {
  id: string;
  facility_id: string;
  department_id: string;
  is_county_expert: number;
}

export async function doctors(deps: AppDeps): Promise<Doctor[]> {
  return deps.database.db.selectFrom('doctor').select(['id', 'facility_id', 'department_id', 'is_county_expert']).orderBy('code').execute();
}

/**
 * An evening session (the demo seed has none) inserted as the console would create it, with
 * `segments` segments of 30 minutes from 18:00 and `capacity` places in each.
 */
export async function insertSchedule(
  deps: AppDeps,
  s: { doctor: Doctor; date: string; segments: number; capacity: number; feeFen: number },
): Promise<{ schedule: ScheduleTable; slots: SlotTable[] }> {
  const end = 18 * 60 + 30 * s.segments;
  const endTime = `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`;
  const split = splitSession('18:00', endTime, 30);
  if (!split.ok) throw new Error(split.message);
  const built = buildSchedule(deps.clock.now(), null, s.doctor.facility_id, s.date, {
    entry: { departmentId: s.doctor.department_id, doctorId: s.doctor.id, period: 'evening', capacityPerSegment: s.capacity, referralReservedPerSegment: 0, feeFen: s.feeFen },
    isVisiting: false,
    startTime: '18:00',
    endTime,
    segmentMinutes: 30,
    segments: split.segments,
    reserved: 0,
  });
  await deps.database.db.transaction().execute((tx) => bookingRepo.insertSchedule(tx, built.schedule, built.slots));
  return built;
}

/** Doctor and date pairs whose evening session is still free, in a stable order. */
export async function freeEvenings(deps: AppDeps, dates: string[], count: number): Promise<{ doctor: Doctor; date: string }[]> {
  const all = await doctors(deps);
  const pairs = dates.flatMap((date) => all.map((doctor) => ({ doctor, date })));
  const taken = await bookingRepo.openSessionKeys(deps.database.db, pairs.map((p) => sessionKey(p.doctor.id, p.date, 'evening')));
  const free = pairs.filter((p) => !taken.has(sessionKey(p.doctor.id, p.date, 'evening')));
  if (free.length < count) throw new Error(`only ${free.length} free evening sessions for ${count} schedules`);
  return free.slice(0, count);
}
