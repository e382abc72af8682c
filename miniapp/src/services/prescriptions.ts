import type { FamilyDoctorContract, LongPrescription, MedicineOrder, PickupPointSchema, Renewal, RequestRenewal } from '@ygt/shared';
import type { z } from 'zod';
import { api } from './api';

/** 长处方续方: a family member's long prescriptions, renewal requests and medicine orders. */

export type PickupPoint = z.infer<typeof PickupPointSchema>;

const enc = encodeURIComponent;
const memberPath = (memberId: string) => `/api/v1/me/family/${enc(memberId)}`;

interface ListOf<T> {
  items: T[];
}

export async function listLongPrescriptions(memberId: string): Promise<LongPrescription[]> {
  return (await api.get<ListOf<LongPrescription>>(`${memberPath(memberId)}/long-prescriptions`)).items;
}

export function getLongPrescription(memberId: string, prescriptionId: string): Promise<LongPrescription> {
  return api.get<LongPrescription>(`${memberPath(memberId)}/long-prescriptions/${enc(prescriptionId)}`);
}

export async function listPickupPoints(memberId: string): Promise<PickupPoint[]> {
  return (await api.get<ListOf<PickupPoint>>(`${memberPath(memberId)}/pickup-points`)).items;
}

export async function getFamilyDoctor(memberId: string): Promise<FamilyDoctorContract | null> {
  return (await api.get<{ contract: FamilyDoctorContract | null }>(`${memberPath(memberId)}/family-doctor`)).contract;
}

/**
 * Asks for a renewal. Answers 201 with status pending_review, or needs_visit when the answers meet
 * a stop condition; throws RENEWAL_TOO_EARLY (409, field renewalOpensOn) while too much supply is left.
 */
export function requestRenewal(memberId: string, prescriptionId: string, body: RequestRenewal): Promise<Renewal> {
  return api.post<Renewal>(`${memberPath(memberId)}/long-prescriptions/${enc(prescriptionId)}/renewals`, body);
}

export async function listRenewals(memberId: string): Promise<Renewal[]> {
  return (await api.get<ListOf<Renewal>>(`${memberPath(memberId)}/renewals`)).items;
}

export function getRenewal(renewalId: string): Promise<Renewal> {
  return api.get<Renewal>(`/api/v1/me/renewals/${enc(renewalId)}`);
}

export async function listMedicineOrders(memberId: string): Promise<MedicineOrder[]> {
  return (await api.get<ListOf<MedicineOrder>>(`${memberPath(memberId)}/medicine-orders`)).items;
}

export function getMedicineOrder(orderId: string): Promise<MedicineOrder> {
  return api.get<MedicineOrder>(`/api/v1/me/medicine-orders/${enc(orderId)}`);
}

/** Opens (or reopens) the co-pay's payment order: its id is in coPay.paymentOrderId. */
export function startCoPay(orderId: string): Promise<MedicineOrder> {
  return api.post<MedicineOrder>(`/api/v1/me/medicine-orders/${enc(orderId)}/pay`);
}

/** Cancels before dispensing; a paid co-pay is refunded. */
export function cancelMedicineOrder(orderId: string): Promise<MedicineOrder> {
  return api.post<MedicineOrder>(`/api/v1/me/medicine-orders/${enc(orderId)}/cancel`);
}
