export const tableName = 'insurance_policy';
/** One version of the reimbursement policy (医保待遇政策) of a pooling region, year and scheme. */
export interface InsurancePolicyTable {
  id: string;
  region: string;
  year: number;
  scheme: string;
  version: string;
  /** The Policy as JSON, validated by PolicySchema on the way in. */
  body: string;
  /** draft | active | superseded */
  status: string;
  /** `region:year:scheme` while active, NULL otherwise: at most one active version by constraint. */
  active_key: string | null;
  created_by: string | null;
  created_at: number;
  activated_at: number | null;
  activated_by: string | null;
}
