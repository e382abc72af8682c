import type {
  ApproveRenewal,
  ChronicCondition,
  ChronicConditionTypeSchema,
  CatalogueClass,
  CertifyChronicCondition,
  CreateDrugSchema,
  DoctorTeam,
  Drug,
  FamilyDoctorContract,
  IssueLongPrescription,
  LongPrescription,
  MedicineOrder,
  MedicineOrderState,
  MedicineOrderSummary,
  RenewalQueueItem,
  RenewalReviewSchema,
  RenewalStatus,
  SignFamilyDoctorContract,
} from '@ygt/shared';
import type { z } from 'zod';
import { api } from '../../api/client';

/** Long prescriptions in the console: the doctor's renewal queue and issuing, the pharmacy board, the pickup clinic. */

export type RenewalReview = z.infer<typeof RenewalReviewSchema>;
export type ChronicConditionType = z.infer<typeof ChronicConditionTypeSchema>;

interface ListOf<T> {
  items: T[];
}

const enc = encodeURIComponent;

// ---- doctors: the renewal queue -----------------------------------------------------------------

export async function listRenewalQueue(status: RenewalStatus, signal?: AbortSignal): Promise<RenewalQueueItem[]> {
  return (await api.get<ListOf<RenewalQueueItem>>('/staff/renewals', { query: { status }, signal })).items;
}

/** The request and the prescription it renews; the read is audited. */
export function getRenewalReview(renewalId: string, signal?: AbortSignal): Promise<RenewalReview> {
  return api.get<RenewalReview>(`/staff/renewals/${enc(renewalId)}`, { signal });
}

export function approveRenewal(renewalId: string, body: ApproveRenewal): Promise<RenewalReview> {
  return api.post<RenewalReview>(`/staff/renewals/${enc(renewalId)}/approve`, body);
}

export function rejectRenewal(renewalId: string, reason: string): Promise<RenewalReview> {
  return api.post<RenewalReview>(`/staff/renewals/${enc(renewalId)}/reject`, { reason });
}

// ---- doctors: a patient's conditions and long prescriptions -----------------------------------------

export async function listConditionTypes(signal?: AbortSignal): Promise<ChronicConditionType[]> {
  return (await api.get<ListOf<ChronicConditionType>>('/chronic-conditions', { signal })).items;
}

export async function listPatientConditions(personId: string, signal?: AbortSignal): Promise<ChronicCondition[]> {
  return (await api.get<ListOf<ChronicCondition>>(`/staff/patients/${enc(personId)}/chronic-conditions`, { signal })).items;
}

export function certifyCondition(personId: string, body: CertifyChronicCondition): Promise<ChronicCondition> {
  return api.post<ChronicCondition>(`/staff/patients/${enc(personId)}/chronic-conditions`, body);
}

export async function getPatientContract(personId: string, signal?: AbortSignal): Promise<FamilyDoctorContract | null> {
  return (await api.get<{ contract: FamilyDoctorContract | null }>(`/staff/patients/${enc(personId)}/family-doctor-contract`, { signal })).contract;
}

/** The family-doctor teams of the caller's facilities (and of a village clinic's township). */
export async function listDoctorTeams(signal?: AbortSignal): Promise<DoctorTeam[]> {
  return (await api.get<ListOf<DoctorTeam>>('/staff/doctor-teams', { signal })).items;
}

export function signFamilyDoctorContract(personId: string, body: SignFamilyDoctorContract): Promise<FamilyDoctorContract> {
  return api.post<FamilyDoctorContract>(`/staff/patients/${enc(personId)}/family-doctor-contract`, body);
}

export async function listPatientPrescriptions(personId: string, signal?: AbortSignal): Promise<LongPrescription[]> {
  return (await api.get<ListOf<LongPrescription>>(`/staff/patients/${enc(personId)}/long-prescriptions`, { signal })).items;
}

export function issueLongPrescription(personId: string, body: IssueLongPrescription): Promise<LongPrescription> {
  return api.post<LongPrescription>(`/staff/patients/${enc(personId)}/long-prescriptions`, body);
}

/** The central pharmacy's pharmacists keep the formulary. */
export function createDrug(body: z.input<typeof CreateDrugSchema>): Promise<Drug> {
  return api.post<Drug>('/staff/formulary', body);
}

export function updateDrug(drugId: string, patch: { priceFen?: number; insuranceClass?: CatalogueClass; active?: boolean }): Promise<Drug> {
  return api.patch<Drug>(`/staff/formulary/${enc(drugId)}`, patch);
}

/** The formulary, active drugs and stopped ones, by part of a name or code (empty: all). */
export async function searchFormulary(q: string, signal?: AbortSignal): Promise<Drug[]> {
  return (await api.get<ListOf<Drug>>('/staff/formulary', { query: { q: q.trim() || undefined }, signal })).items;
}

// ---- pharmacists: the board ---------------------------------------------------------------------------

export async function listPharmacyOrders(state: MedicineOrderState | undefined, signal?: AbortSignal): Promise<MedicineOrderSummary[]> {
  return (await api.get<ListOf<MedicineOrderSummary>>('/staff/pharmacy/orders', { query: { state }, signal })).items;
}

/** The order with its medicines and timeline; the read is audited. */
export function getPharmacyOrder(orderId: string, signal?: AbortSignal): Promise<MedicineOrder> {
  return api.get<MedicineOrder>(`/staff/pharmacy/orders/${enc(orderId)}`, { signal });
}

/** The pharmacy's plain moves, named as in the URL. */
export type PharmacyMove = 'approve' | 'dispense' | 'pack' | 'send-to-clinic' | 'deliver';

export function movePharmacyOrder(orderId: string, move: PharmacyMove): Promise<MedicineOrder> {
  return api.post<MedicineOrder>(`/staff/pharmacy/orders/${enc(orderId)}/${move}`);
}

export function returnToDoctor(orderId: string, reason: string): Promise<MedicineOrder> {
  return api.post<MedicineOrder>(`/staff/pharmacy/orders/${enc(orderId)}/return`, { reason });
}

export function shipOrder(orderId: string, courier: string, trackingNo: string): Promise<MedicineOrder> {
  return api.post<MedicineOrder>(`/staff/pharmacy/orders/${enc(orderId)}/ship`, { courier, trackingNo });
}

// ---- the pickup clinic ------------------------------------------------------------------------------

export type ClinicOrderState = 'sent_to_clinic' | 'ready_for_pickup' | 'picked_up';

export async function listClinicOrders(state: ClinicOrderState, signal?: AbortSignal): Promise<MedicineOrderSummary[]> {
  return (await api.get<ListOf<MedicineOrderSummary>>('/staff/clinic/medicine-orders', { query: { state }, signal })).items;
}

export function getClinicOrder(orderId: string, signal?: AbortSignal): Promise<MedicineOrder> {
  return api.get<MedicineOrder>(`/staff/clinic/medicine-orders/${enc(orderId)}`, { signal });
}

/** 收货: the clinic has the parcel; the API makes the 6-digit code and tells the resident. */
export function receiveAtClinic(orderId: string): Promise<MedicineOrder> {
  return api.post<MedicineOrder>(`/staff/clinic/medicine-orders/${enc(orderId)}/receive`);
}

export function pickUpAtClinic(orderId: string, pickupCode: string, proxy?: { name: string; idNumber: string }): Promise<MedicineOrder> {
  return api.post<MedicineOrder>(`/staff/clinic/medicine-orders/${enc(orderId)}/pick-up`, { pickupCode, proxy });
}
