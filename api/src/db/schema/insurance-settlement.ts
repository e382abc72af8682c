export const tableName = 'insurance_settlement';
/**
 * A settlement (结算单) of one visit, prescription or admission, or a 冲正单 cancelling one
 * (`reversal_of` set). `external_id` is the facility's own number for it: unique per facility,
 * so a resent push changes nothing.
 */
export interface InsuranceSettlementTable {
  id: string;
  person_id: string;
  facility_id: string;
  external_id: string;
  /** visit | prescription | admission */
  source_type: string;
  source_id: string;
  /** resident | employee */
  scheme: string;
  /** Policy year, from service_date. */
  year: number;
  service_date: string;
  benefit: string;
  chronic_disease: string | null;
  level: string;
  /** The Claim as JSON; its id derives from facility_id and external_id, so replays never depend on arrival order. */
  claim: string;
  /** Our Settlement (without its claim) as JSON, recomputed with the person's whole year; NULL on a 冲正单. */
  settlement: string | null;
  /** The amounts the facility's HIS settled (ReportedAmounts JSON), when it sent them. */
  reported: string | null;
  /** 0/1: reported amounts differ from ours. */
  mismatch: number;
  policy_version: string;
  /** settled | reversed */
  state: string;
  reversal_of: string | null;
  /** Reason given for a 冲正 (on the 冲正单). */
  reason: string | null;
  reversed_at: number | null;
  created_at: number;
  updated_at: number;
}
