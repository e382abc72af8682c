import type {
  Policy,
  PolicyPreview,
  PolicyPreviewRequest,
  PolicyVersion,
  Scheme,
  StaffSettlementRecord,
} from '@ygt/shared';
import { api } from '../../api/client';

const enc = encodeURIComponent;

export interface PolicyList {
  region: string;
  items: PolicyVersion[];
}

export function listPolicies(query: { year?: number; scheme?: Scheme }, signal?: AbortSignal): Promise<PolicyList> {
  return api.get<PolicyList>('/staff/insurance/policies', { query, signal });
}

/** Saves an edited policy as a new draft version; it settles nothing until activated. */
export function createPolicyVersion(policy: Policy): Promise<PolicyVersion> {
  return api.post<PolicyVersion>('/staff/insurance/policies', policy);
}

export function previewPolicy(request: PolicyPreviewRequest, signal?: AbortSignal): Promise<PolicyPreview> {
  return api.post<PolicyPreview>('/staff/insurance/policies/preview', request, { signal });
}

export function activatePolicyVersion(policyId: string): Promise<PolicyVersion> {
  return api.post<PolicyVersion>(`/staff/insurance/policies/${enc(policyId)}/activate`);
}

export interface SettlementQuery {
  facilityId: string;
  year?: number;
  mismatchOnly?: boolean;
  before?: string;
}

export interface SettlementPage {
  items: StaffSettlementRecord[];
  nextBefore: string | null;
}

/** A facility's settlement records, newest first; every resident shown is written to the access log. */
export function listFacilitySettlements(q: SettlementQuery, signal?: AbortSignal): Promise<SettlementPage> {
  return api.get<SettlementPage>('/staff/insurance/settlements', {
    query: { facilityId: q.facilityId, year: q.year, mismatch: q.mismatchOnly ? '1' : undefined, before: q.before },
    signal,
  });
}

export function getFacilitySettlement(settlementId: string, signal?: AbortSignal): Promise<StaffSettlementRecord> {
  return api.get<StaffSettlementRecord>(`/staff/insurance/settlements/${enc(settlementId)}`, { signal });
}
