import type {
  Booking,
  BookingDetailSchema,
  BookingEligibilitySchema,
  BookingRules,
  DoctorSearchResultSchema,
  Referral,
  Schedule,
  ScheduleDetail,
  WaitlistEntry,
} from '@ygt/shared';
import type { z } from 'zod';
import { api } from './api';

export type BookingDetail = z.infer<typeof BookingDetailSchema>;
export type BookingEligibility = z.infer<typeof BookingEligibilitySchema>;
export type DoctorSearchResult = z.infer<typeof DoctorSearchResultSchema>;

interface ListOf<T> {
  items: T[];
}

const enc = encodeURIComponent;

// ---- what can be booked (public) ----

export function getBookingRules(facilityId: string): Promise<BookingRules> {
  return api.get<BookingRules>(`/api/v1/facilities/${enc(facilityId)}/booking-rules`);
}

export interface ScheduleFilter {
  facilityId?: string;
  departmentId?: string;
  doctorId?: string;
  township?: string;
  /** Only county experts visiting townships (专家来我乡). */
  visiting?: boolean;
  from?: string;
  to?: string;
}

export async function searchSchedules(filter: ScheduleFilter): Promise<Schedule[]> {
  const { visiting, ...rest } = filter;
  const { items } = await api.get<ListOf<Schedule>>('/api/v1/schedules', { ...rest, visiting: visiting ? 1 : undefined });
  return items;
}

export function getSchedule(scheduleId: string): Promise<ScheduleDetail> {
  return api.get<ScheduleDetail>(`/api/v1/schedules/${enc(scheduleId)}`);
}

export async function searchDoctors(name: string): Promise<DoctorSearchResult[]> {
  const { items } = await api.get<ListOf<DoctorSearchResult>>('/api/v1/doctors', { name });
  return items;
}

// ---- my bookings ----

/**
 * Books a segment for a family member. `idempotencyKey` stays the same for retries of one
 * request (a double tap, a lost answer): the API then books once and answers the first result.
 */
export function createBooking(input: { slotId: string; memberId: string }, idempotencyKey: string): Promise<Booking> {
  return api.post<Booking>('/api/v1/me/bookings', input, { 'Idempotency-Key': idempotencyKey });
}

/** A fresh Idempotency-Key (8-64 of [A-Za-z0-9_-]); `Math.random` suffices: keys are scoped to the account. */
export function newIdempotencyKey(): string {
  const random = () => Math.random().toString(36).slice(2, 10).padEnd(8, '0');
  return `bk-${Date.now().toString(36)}-${random()}${random()}`;
}

export async function listMyBookings(scope: 'upcoming' | 'past', memberId?: string): Promise<Booking[]> {
  const { items } = await api.get<ListOf<Booking>>('/api/v1/me/bookings', { scope, memberId });
  return items;
}

export function getMyBooking(bookingId: string): Promise<BookingDetail> {
  return api.get<BookingDetail>(`/api/v1/me/bookings/${enc(bookingId)}`);
}

/** After the free-cancellation deadline the API refuses unless `acceptNoShow` (counts as a no-show). */
export function cancelBooking(bookingId: string, body: { reason?: string; acceptNoShow?: boolean }): Promise<BookingDetail> {
  return api.post<BookingDetail>(`/api/v1/me/bookings/${enc(bookingId)}/cancel`, body);
}

export function checkInBooking(bookingId: string): Promise<BookingDetail> {
  return api.post<BookingDetail>(`/api/v1/me/bookings/${enc(bookingId)}/check-in`);
}

/** Whether a member may book at a facility: suspension for no-shows (with its end date), the weekly limit. */
export function getEligibility(memberId: string, facilityId: string, date?: string): Promise<BookingEligibility> {
  return api.get<BookingEligibility>('/api/v1/me/booking-eligibility', { memberId, facilityId, date });
}

// ---- waitlist (候补) ----

export async function listMyWaitlist(): Promise<WaitlistEntry[]> {
  const { items } = await api.get<ListOf<WaitlistEntry>>('/api/v1/me/waitlist');
  return items;
}

export function joinWaitlist(input: { scheduleId: string; memberId: string }): Promise<WaitlistEntry> {
  return api.post<WaitlistEntry>('/api/v1/me/waitlist', input);
}

export function leaveWaitlist(entryId: string): Promise<{ ok: true }> {
  return api.delete<{ ok: true }>(`/api/v1/me/waitlist/${enc(entryId)}`);
}

export function acceptWaitlistOffer(entryId: string): Promise<Booking> {
  return api.post<Booking>(`/api/v1/me/waitlist/${enc(entryId)}/accept`);
}

// ---- referrals (转诊); need the health-data consent ----

export async function listMyReferrals(): Promise<Referral[]> {
  const { items } = await api.get<ListOf<Referral>>('/api/v1/me/referrals');
  return items;
}

export function getMyReferral(referralId: string): Promise<Referral> {
  return api.get<Referral>(`/api/v1/me/referrals/${enc(referralId)}`);
}
