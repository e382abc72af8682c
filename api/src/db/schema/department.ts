export const tableName = 'department';
export interface DepartmentTable {
  id: string;
  facility_id: string;
  code: string;
  name: string;
  intro: string;
  sort_order: number;
}
