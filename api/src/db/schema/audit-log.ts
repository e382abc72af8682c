export const tableName = 'audit_log';
/** Append-only record of every staff read or change of a resident's data. */
export interface AuditLogTable {
  id: string;
  at: number;
  actor_type: string;
  actor_id: string;
  actor_name: string;
  actor_role: string;
  facility_id: string | null;
  person_id: string | null;
  action: string;
  detail: string | null;
  reason: string | null;
  request_id: string | null;
}
