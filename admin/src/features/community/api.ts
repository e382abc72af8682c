import type { BookingPolicy, BookingRules, Department, Doctor, ExpertSession, Facility, ListFacilitiesQuery } from '@ygt/shared';
import { api } from '../../api/client';

interface Items<T> {
  items: T[];
}

export async function listFacilities(query: ListFacilitiesQuery, signal?: AbortSignal): Promise<Facility[]> {
  return (await api.get<Items<Facility>>('/facilities', { query: { ...query }, signal })).items;
}

export function getFacility(facilityId: string, signal?: AbortSignal): Promise<Facility> {
  return api.get<Facility>(`/facilities/${encodeURIComponent(facilityId)}`, { signal });
}

export async function listDepartments(facilityId: string, signal?: AbortSignal): Promise<Department[]> {
  return (await api.get<Items<Department>>(`/facilities/${encodeURIComponent(facilityId)}/departments`, { signal })).items;
}

export async function listDoctors(facilityId: string, signal?: AbortSignal): Promise<Doctor[]> {
  return (await api.get<Items<Doctor>>(`/facilities/${encodeURIComponent(facilityId)}/doctors`, { signal })).items;
}

export async function listExpertSessions(facilityId: string, signal?: AbortSignal): Promise<ExpertSession[]> {
  return (await api.get<Items<ExpertSession>>(`/facilities/${encodeURIComponent(facilityId)}/expert-sessions`, { signal })).items;
}

export function getBookingRules(facilityId: string, signal?: AbortSignal): Promise<BookingRules> {
  return api.get<BookingRules>(`/facilities/${encodeURIComponent(facilityId)}/booking-rules`, { signal });
}

/** Community admins only; applies to bookings made from now on. */
export function updateBookingPolicy(facilityId: string, policy: BookingPolicy): Promise<BookingRules> {
  return api.put<BookingRules>(`/staff/facilities/${encodeURIComponent(facilityId)}/booking-policy`, policy);
}
