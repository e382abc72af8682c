export const tableName = 'result_catalogue_item';
/** The community's item catalogue for mutual recognition (互认项目目录), editable by its admins. */
export interface ResultCatalogueItemTable {
  id: string;
  code: string;
  name: string;
  /** item | panel | exam */
  kind: string;
  section: string;
  loinc: string | null;
  /** JSON array of local codes member facilities use for the item. */
  local_codes: string;
  recognised: number;
  validity_days: number;
  hold_for_review: number;
  critical_low: number | null;
  critical_high: number | null;
  sort_order: number;
  updated_at: number;
}
