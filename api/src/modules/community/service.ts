import {
  DOCTOR_TITLE_LABELS,
  type Department,
  type Doctor,
  type DoctorTitle,
  type ExpertSession,
  type Facility,
  type FacilityKind,
  type FacilityLevel,
  type ListFacilitiesQuery,
  type SessionPeriod,
} from '@ygt/shared';
import type { AppDeps } from '../../deps';
import type { FacilityTable } from '../../db/schema/facility';
import { notFound } from '../../http/errors';
import * as repo from './repo';

/**
 * Community reference data changes rarely and is read on every screen, so it is cached in KV
 * (read-through). Every cache key carries a version number; a change bumps the version, which
 * invalidates all of it at once on every API instance.
 */
const VERSION_KEY = 'community:version';

async function cached<T>(deps: AppDeps, key: string, load: () => Promise<T>): Promise<T> {
  const { kv, logger, config } = deps;
  try {
    const version = (await kv.get(VERSION_KEY)) ?? '0';
    const fullKey = `community:v${version}:${key}`;
    const hit = await kv.get(fullKey);
    if (hit !== null) return JSON.parse(hit) as T;
    const value = await load();
    await kv.set(fullKey, JSON.stringify(value), config.cacheTtlSeconds * 1000);
    return value;
  } catch (err) {
    // The cache is an optimisation: when KV is down, answer from the database.
    logger.warn({ err }, 'community cache unavailable');
    return load();
  }
}

export async function invalidateCommunityCache(deps: AppDeps): Promise<void> {
  await deps.kv.incr(VERSION_KEY, 365 * 24 * 3600 * 1000);
}

function toFacility(row: FacilityTable): Facility {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    shortName: row.short_name,
    level: row.level as FacilityLevel,
    kind: row.kind as FacilityKind,
    township: row.township,
    parentId: row.parent_id,
    address: row.address,
    phone: row.phone,
    intro: row.intro,
  };
}

export function listFacilities(deps: AppDeps, query: ListFacilitiesQuery): Promise<Facility[]> {
  return cached(deps, `facilities:${query.level ?? '*'}:${query.township ?? '*'}`, async () =>
    (await repo.listFacilities(deps.database.db, query)).map(toFacility),
  );
}

export async function getFacility(deps: AppDeps, facilityId: string): Promise<Facility> {
  const facility = await cached(deps, `facility:${facilityId}`, async () => {
    const row = await repo.getFacility(deps.database.db, facilityId);
    return row ? toFacility(row) : null;
  });
  if (!facility) throw notFound('未找到该医疗机构', 'facilityId');
  return facility;
}

export async function listDepartments(deps: AppDeps, facilityId: string): Promise<Department[]> {
  await getFacility(deps, facilityId);
  return cached(deps, `departments:${facilityId}`, async () =>
    (await repo.listDepartments(deps.database.db, facilityId)).map((d) => ({
      id: d.id,
      facilityId: d.facility_id,
      name: d.name,
      intro: d.intro,
    })),
  );
}

export async function listDoctors(deps: AppDeps, facilityId: string, departmentId?: string): Promise<Doctor[]> {
  await getFacility(deps, facilityId);
  return cached(deps, `doctors:${facilityId}:${departmentId ?? '*'}`, async () =>
    (await repo.listDoctors(deps.database.db, facilityId, departmentId)).map((d) => ({
      id: d.id,
      facilityId: d.facility_id,
      departmentId: d.department_id,
      name: d.name,
      title: d.title as DoctorTitle,
      titleLabel: DOCTOR_TITLE_LABELS[d.title as DoctorTitle],
      specialty: d.specialty,
      isCountyExpert: d.is_county_expert === 1,
    })),
  );
}

export async function listExpertSessions(deps: AppDeps, facilityId: string): Promise<ExpertSession[]> {
  await getFacility(deps, facilityId);
  return cached(deps, `expert-sessions:${facilityId}`, async () =>
    (await repo.listExpertSessionsAt(deps.database.db, facilityId)).map((s) => ({
      id: s.id,
      doctorId: s.doctor_id,
      doctorName: s.doctor_name,
      doctorTitleLabel: DOCTOR_TITLE_LABELS[s.doctor_title as DoctorTitle],
      homeFacilityName: s.home_facility_name,
      specialty: s.specialty,
      facilityId: s.facility_id,
      weekday: Number(s.weekday),
      period: s.period as SessionPeriod,
    })),
  );
}

/** Edits a facility's descriptive fields and invalidates the cached community data. */
export async function updateFacility(
  deps: AppDeps,
  facilityId: string,
  patch: Partial<Pick<FacilityTable, 'name' | 'short_name' | 'address' | 'phone' | 'intro'>>,
): Promise<Facility> {
  const updated = await repo.updateFacility(deps.database.db, facilityId, patch, deps.clock.now());
  if (!updated) throw notFound('未找到该医疗机构', 'facilityId');
  await invalidateCommunityCache(deps);
  return getFacility(deps, facilityId);
}
