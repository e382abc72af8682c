import type { CreateReferral, Referral, ResultReportSummary, Schedule, ScheduleDetail } from '@ygt/shared';
import { api, ApiError } from '../../api/client';

interface Items<T> {
  items: T[];
}

export type ReferralBox = 'incoming' | 'outgoing';

export async function listReferrals(box: ReferralBox, signal?: AbortSignal): Promise<Referral[]> {
  return (await api.get<Items<Referral>>('/staff/referrals', { query: { box }, signal })).items;
}

export function getReferral(referralId: string, signal?: AbortSignal): Promise<Referral> {
  return api.get<Referral>(`/staff/referrals/${encodeURIComponent(referralId)}`, { signal });
}

/** 上转: a township or village doctor refers their patient to a county department. */
export function createReferral(input: CreateReferral): Promise<Referral> {
  return api.post<Referral>('/staff/referrals', input);
}

export function bookReferralSlot(referralId: string, slotId: string): Promise<Referral> {
  return api.post<Referral>(`/staff/referrals/${encodeURIComponent(referralId)}/booking`, { slotId });
}

export function acceptReferral(referralId: string): Promise<Referral> {
  return api.post<Referral>(`/staff/referrals/${encodeURIComponent(referralId)}/accept`);
}

export function declineReferral(referralId: string, reason: string): Promise<Referral> {
  return api.post<Referral>(`/staff/referrals/${encodeURIComponent(referralId)}/decline`, { reason });
}

/** 下转: back to the township or village with a treatment summary and a follow-up plan. */
export function returnReferral(referralId: string, input: { summary: string; followUpPlan: string }): Promise<Referral> {
  return api.post<Referral>(`/staff/referrals/${encodeURIComponent(referralId)}/return`, input);
}

/** A county department's upcoming schedules (public), to find reserved referral places. */
export async function listDepartmentSchedules(departmentId: string, signal?: AbortSignal): Promise<Schedule[]> {
  return (await api.get<Items<Schedule>>('/schedules', { query: { departmentId }, signal })).items;
}

export function getScheduleSlots(scheduleId: string, signal?: AbortSignal): Promise<ScheduleDetail> {
  return api.get<ScheduleDetail>(`/schedules/${encodeURIComponent(scheduleId)}`, { signal });
}

/**
 * The patient's results, to attach to a referral. Null when this console's API has no results
 * module or this staff member may not read them: attaching is optional.
 */
export async function listPatientReports(personId: string, signal?: AbortSignal): Promise<ResultReportSummary[] | null> {
  try {
    return (await api.get<Items<ResultReportSummary>>(`/staff/results/patients/${encodeURIComponent(personId)}/reports`, { query: { limit: 30 }, signal })).items;
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 403)) return null;
    throw err;
  }
}
