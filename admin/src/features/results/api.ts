import type {
  ManualResultEntrySchema,
  RecognisedResultSchema,
  ReleaseQueueItemSchema,
  ResultCatalogueItem,
  ResultCategory,
  StaffResultListSchema,
  StaffResultReportDetailSchema,
  UnmatchedResultSchema,
} from '@ygt/shared';
import { api } from '../../api/client';

/** 检查检验结果 for staff: every read of a patient's results is audited by the API. */

export type StaffResultList = ReturnType<typeof StaffResultListSchema.parse>;
export type StaffResultReport = StaffResultList['items'][number];
export type StaffResultDetail = ReturnType<typeof StaffResultReportDetailSchema.parse>;
export type RecognisedResult = ReturnType<typeof RecognisedResultSchema.parse>;
export type ReleaseQueueItem = ReturnType<typeof ReleaseQueueItemSchema.parse>;
export type ManualResultInput = ReturnType<typeof ManualResultEntrySchema.parse>;
export type UnmatchedResult = ReturnType<typeof UnmatchedResultSchema.parse>;

const enc = encodeURIComponent;

export interface StaffResultFilter {
  category?: ResultCategory;
  /** YYYY-MM-DD, Asia/Shanghai. */
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

export function listPatientResults(personId: string, filter: StaffResultFilter, signal?: AbortSignal): Promise<StaffResultList> {
  return api.get<StaffResultList>(`/staff/results/patients/${enc(personId)}/reports`, { query: { ...filter }, signal });
}

export function listRecognisedResults(personId: string, signal?: AbortSignal): Promise<{ mark: string; items: RecognisedResult[] }> {
  return api.get(`/staff/results/patients/${enc(personId)}/recognised`, { signal });
}

export function getStaffResult(reportId: string, signal?: AbortSignal): Promise<StaffResultDetail> {
  return api.get<StaffResultDetail>(`/staff/results/reports/${enc(reportId)}`, { signal });
}

export async function listReleaseQueue(signal?: AbortSignal): Promise<ReleaseQueueItem[]> {
  return (await api.get<{ items: ReleaseQueueItem[] }>('/staff/results/release-queue', { signal })).items;
}

/** Releases the version the doctor reviewed; a newer correction answers 409 (review it first). */
export function releaseResult(reportId: string, body: { comment: string; version: number }): Promise<StaffResultDetail> {
  return api.post<StaffResultDetail>(`/staff/results/reports/${enc(reportId)}/release`, body);
}

export async function enterManualResults(input: ManualResultInput): Promise<StaffResultDetail[]> {
  return (await api.post<{ items: StaffResultDetail[] }>('/staff/results/manual', input)).items;
}

// ---- the recognition catalogue (互认目录) ---------------------------------------------------------

/** Every item, with whether it is recognised across the community and for how long. */
export function getResultCatalogue(signal?: AbortSignal): Promise<{ mark: string; items: ResultCatalogueItem[] }> {
  return api.get<{ mark: string; items: ResultCatalogueItem[] }>('/results/catalogue', { signal });
}

/** Community admins only; applies to results shown from now on (the validity counts from each result's date). */
export function updateCatalogueItem(code: string, patch: { recognised?: boolean; validityDays?: number; holdForReview?: boolean }): Promise<ResultCatalogueItem> {
  return api.put<ResultCatalogueItem>(`/staff/results/catalogue/${enc(code)}`, patch);
}

/** Reports this facility sent for someone not (yet) matched to a registered resident. */
export async function listUnmatched(signal?: AbortSignal): Promise<UnmatchedResult[]> {
  return (await api.get<{ items: UnmatchedResult[] }>('/staff/results/unmatched', { signal })).items;
}
