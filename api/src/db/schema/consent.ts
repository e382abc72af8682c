export const tableName = 'consent';
/** Separate consent (单独同意) records; append-only, withdrawal sets withdrawn_at. */
export interface ConsentTable {
  id: string;
  account_id: string;
  kind: string;
  version: string;
  granted_at: number;
  withdrawn_at: number | null;
}
