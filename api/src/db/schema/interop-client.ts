export const tableName = 'interop_client';
/** A member facility's system (LIS, PACS, ECG network) that submits results with OAuth2 client credentials. */
export interface InteropClientTable {
  id: string;
  client_id: string;
  /** scrypt hash of the client secret. */
  secret_hash: string;
  facility_id: string;
  name: string;
  disabled: number;
  created_at: number;
}
