export const tableName = 'long_prescription_item';
export interface LongPrescriptionItemTable {
  id: string;
  prescription_id: string;
  line_no: number;
  drug_id: string;
  /** The chronic condition this medicine treats (decides the insurance benefit). */
  condition_code: string;
  /** Units per dose as a decimal string in quarters, e.g. '0.5'. */
  dose: string;
  frequency: string;
  days_of_supply: number;
  usage: string | null;
  quantity_packs: number;
  /** Pack price when issued, fen. */
  unit_price_fen: number;
  amount_fen: number;
}
