import type { Patient } from '@ygt/shared';
import { api } from '../../api/client';

/** How staff name a patient at the desk: a scanned 电子健康卡 code or a typed ID number. */
export type PatientKey = { healthCard: string } | { idNumber: string };

/** Finds a patient for the signed-in staff member; the API writes the access into the resident's visible log. */
export function lookupPatient(key: PatientKey, reason: string | undefined, signal?: AbortSignal): Promise<Patient> {
  return api.get<Patient>('/staff/patients/lookup', { query: { ...key, reason }, signal });
}
