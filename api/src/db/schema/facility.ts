export const tableName = 'facility';
export interface FacilityTable {
  id: string;
  code: string;
  name: string;
  short_name: string;
  level: string;
  kind: string;
  township: string | null;
  parent_id: string | null;
  address: string;
  phone: string;
  intro: string;
  sort_order: number;
  created_at: number;
  updated_at: number;
}
