import type { ResultCategory, ResultFacilityRefSchema, ResultReportDetail, ResultReportSummary, TrendItemSchema, TrendSeries } from '@ygt/shared';
import type { z } from 'zod';
import { api } from './api';

/** 检查检验结果: a family member's reports from every member facility, one report, and trends. */

export type TrendItem = z.infer<typeof TrendItemSchema>;
export type ResultReport = ResultReportDetail & { memberId: string };
export type ResultFacility = z.infer<typeof ResultFacilityRefSchema>;

const enc = encodeURIComponent;
const memberPath = (memberId: string) => `/api/v1/results/members/${enc(memberId)}`;

export interface ResultFilter {
  category?: ResultCategory;
  facilityId?: string;
  /** YYYY-MM-DD, Asia/Shanghai. */
  from?: string;
  cursor?: string;
  limit?: number;
}

export interface ResultPage {
  items: ResultReportSummary[];
  nextCursor: string | null;
}

export function listResults(memberId: string, filter: ResultFilter = {}): Promise<ResultPage> {
  return api.get<ResultPage>(`${memberPath(memberId)}/reports`, { ...filter });
}

/**
 * The facilities that did or read a member's recent results (the 机构 filter): only those the
 * resident has been to, from the latest hundred reports.
 */
export async function listResultFacilities(memberId: string): Promise<ResultFacility[]> {
  const { items } = await listResults(memberId, { limit: 100 });
  const byId = new Map<string, ResultFacility>();
  for (const r of items) {
    for (const f of [r.performingFacility, r.interpretingFacility]) if (f && !byId.has(f.id)) byId.set(f.id, f);
  }
  return [...byId.values()];
}

export function getResult(reportId: string): Promise<ResultReport> {
  return api.get<ResultReport>(`/api/v1/results/reports/${enc(reportId)}`);
}

export async function listTrendItems(memberId: string): Promise<TrendItem[]> {
  return (await api.get<{ items: TrendItem[] }>(`${memberPath(memberId)}/trend-items`)).items;
}

/** Up to four item codes; each comes back as a series, oldest point first. */
export async function getTrend(memberId: string, codes: string[]): Promise<TrendSeries[]> {
  return (await api.get<{ series: TrendSeries[] }>(`${memberPath(memberId)}/trend`, { codes: codes.join(',') })).series;
}
