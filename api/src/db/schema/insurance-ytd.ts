export const tableName = 'insurance_ytd';
/**
 * A person's running totals (YearToDate) for one policy year and scheme, rebuilt from all their
 * stored claims on every write. Also the row locked to serialise those writes.
 */
export interface InsuranceYtdTable {
  person_id: string;
  year: number;
  scheme: string;
  /** YearToDate JSON. */
  totals: string;
  policy_version: string | null;
  claim_count: number;
  updated_at: number;
}
