import type { AnnualPicture, BenefitType, Forecast, ForecastRequest, ForecastSampleKey, SettlementDetail, SettlementSummary } from '@ygt/shared';
import { api } from './api';

/** 医保报销: a family member's settlements, the year so far, and the township/county/out-of-county forecast. */

const enc = encodeURIComponent;
const memberPath = (memberId: string) => `/api/v1/me/family/${enc(memberId)}/insurance`;

export interface ForecastSample {
  key: ForecastSampleKey;
  label: string;
  benefit: BenefitType;
  chronicDisease: string | null;
  total: number;
}

export async function listSettlements(memberId: string, year: number): Promise<SettlementSummary[]> {
  return (await api.get<{ year: number; items: SettlementSummary[] }>(`${memberPath(memberId)}/settlements`, { year })).items;
}

export function getSettlement(memberId: string, settlementId: string): Promise<SettlementDetail> {
  return api.get<SettlementDetail>(`${memberPath(memberId)}/settlements/${enc(settlementId)}`);
}

export function getAnnualPicture(memberId: string, year: number): Promise<AnnualPicture> {
  return api.get<AnnualPicture>(`${memberPath(memberId)}/annual`, { year });
}

export async function listForecastSamples(): Promise<ForecastSample[]> {
  return (await api.get<{ items: ForecastSample[] }>('/api/v1/insurance/forecast-samples')).items;
}

export function forecastAcrossLevels(memberId: string, request: ForecastRequest): Promise<Forecast> {
  return api.post<Forecast>(`${memberPath(memberId)}/forecast`, request);
}
