export const tableName = 'notify_preference';
/**
 * Elder fallback, per person: the clinic whose call list also gets every message about them,
 * and whether a text message goes to their phone. Set by them or any account caring for them.
 */
export interface NotifyPreferenceTable {
  person_id: string;
  /** NULL: no call list. */
  call_facility_id: string | null;
  sms: number;
  updated_by_account_id: string;
  updated_at: number;
}
