import type { BulkSchedules, CreateSchedule, ScheduleDetail, StaffBooking } from '@ygt/shared';
import { api } from '../../api/client';

interface Items<T> {
  items: T[];
}

/** A facility's bookings on one day; the API records the view in each patient's access log. */
export async function listBookingQueue(facilityId: string, date: string, signal?: AbortSignal): Promise<StaffBooking[]> {
  return (await api.get<Items<StaffBooking>>('/staff/bookings', { query: { facilityId, date }, signal })).items;
}

export function getStaffBooking(bookingId: string, signal?: AbortSignal): Promise<StaffBooking> {
  return api.get<StaffBooking>(`/staff/bookings/${encodeURIComponent(bookingId)}`, { signal });
}

export type DeskAction = 'confirm' | 'check-in' | 'complete' | 'no-show';

/** 确认 / 签到 / 完成 / 爽约: the answer is the booking as it now stands. */
export function applyDeskAction(bookingId: string, action: DeskAction): Promise<StaffBooking> {
  return api.post<StaffBooking>(`/staff/bookings/${encodeURIComponent(bookingId)}/${action}`);
}

/** 拒绝: frees the place, tells the patient, and refunds a fee paid online. */
export function rejectBooking(bookingId: string, reason: string): Promise<StaffBooking> {
  return api.post<StaffBooking>(`/staff/bookings/${encodeURIComponent(bookingId)}/reject`, { reason });
}

// ---- schedules (排班) ----

export async function listStaffSchedules(facilityId: string, from: string, to: string, signal?: AbortSignal): Promise<ScheduleDetail[]> {
  return (await api.get<Items<ScheduleDetail>>('/staff/schedules', { query: { facilityId, from, to }, signal })).items;
}

export function createSchedule(input: CreateSchedule): Promise<ScheduleDetail> {
  return api.post<ScheduleDetail>('/staff/schedules', input);
}

export interface BulkResult {
  created: { id: string; date: string; period: string; doctorId: string }[];
  skipped: { date: string; period: string; doctorId: string; reason: string }[];
}

export function createSchedulesFromTemplate(input: BulkSchedules): Promise<BulkResult> {
  return api.post<BulkResult>('/staff/schedules/bulk', input);
}

export interface SchedulePatch {
  feeFen?: number;
  capacityPerSegment?: number;
  referralReservedPerSegment?: number;
}

export function updateSchedule(scheduleId: string, patch: SchedulePatch): Promise<ScheduleDetail> {
  return api.patch<ScheduleDetail>(`/staff/schedules/${encodeURIComponent(scheduleId)}`, patch);
}

/** 停诊: cancels every booking of the schedule, tells the patients and refunds fees paid online. */
export function stopSchedule(scheduleId: string, reason: string): Promise<{ schedule: ScheduleDetail; cancelledBookings: number }> {
  return api.post(`/staff/schedules/${encodeURIComponent(scheduleId)}/stop`, { reason });
}
