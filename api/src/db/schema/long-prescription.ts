export const tableName = 'long_prescription';
/** 长期处方: issued by a doctor in the console, or by approving a renewal of an earlier one. */
export interface LongPrescriptionTable {
  id: string;
  person_id: string;
  /** The prescription this one renews. */
  previous_id: string | null;
  /** The renewal request whose approval issued it. */
  renewal_id: string | null;
  /** active | renewed | stopped | voided */
  status: string;
  is_first: number;
  in_person: number;
  /** Null when recorded from the facility's HIS rather than in the console. */
  prescriber_staff_id: string | null;
  prescriber_doctor_id: string | null;
  prescriber_name: string;
  /** DoctorTitle of the prescriber when issued, or null without a doctor record. */
  prescriber_title: string | null;
  facility_id: string;
  assessment: string | null;
  patient_confirmed_at: number | null;
  /** 健康处方: lifestyle advice shown beside the medicines. */
  health_advice: string | null;
  issued_on: string;
  issued_at: number;
  /** Last dispensed date, or the issue date until the medicine is handed out. */
  supply_start_on: string;
  /** The shortest item's days: the first medicine to run out opens the renewal. */
  days_of_supply: number;
  items_total_fen: number;
  /** Set when a stability check met a stop condition; renewals wait for a doctor. */
  review_flag_reason: string | null;
  flagged_at: number | null;
  stop_reason: string | null;
  stopped_at: number | null;
  updated_at: number;
}
