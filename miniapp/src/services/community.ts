import type { Department, Doctor, ExpertSession, Facility, FacilityLevel } from '@ygt/shared';
import { api } from './api';

interface ListOf<T> {
  items: T[];
}

export interface FacilityFilter {
  level?: FacilityLevel;
  township?: string;
}

export async function listFacilities(filter: FacilityFilter = {}): Promise<Facility[]> {
  const { items } = await api.get<ListOf<Facility>>('/api/v1/facilities', { level: filter.level, township: filter.township });
  return items;
}

/** Townships (乡镇) of the community: where a township health centre stands. */
export async function listTownships(): Promise<string[]> {
  const centres = await listFacilities({ level: 'township' });
  const names = centres.map((f) => f.township).filter((t): t is string => Boolean(t));
  return [...new Set(names)];
}

export function getFacility(facilityId: string): Promise<Facility> {
  return api.get<Facility>(`/api/v1/facilities/${encodeURIComponent(facilityId)}`);
}

export async function listDepartments(facilityId: string): Promise<Department[]> {
  const { items } = await api.get<ListOf<Department>>(`/api/v1/facilities/${encodeURIComponent(facilityId)}/departments`);
  return items;
}

export async function listDoctors(facilityId: string): Promise<Doctor[]> {
  const { items } = await api.get<ListOf<Doctor>>(`/api/v1/facilities/${encodeURIComponent(facilityId)}/doctors`);
  return items;
}

export async function listExpertSessions(facilityId: string): Promise<ExpertSession[]> {
  const { items } = await api.get<ListOf<ExpertSession>>(`/api/v1/facilities/${encodeURIComponent(facilityId)}/expert-sessions`);
  return items;
}
