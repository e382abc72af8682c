export const tableName = 'doctor';
export interface DoctorTable {
  id: string;
  facility_id: string;
  department_id: string;
  code: string;
  name: string;
  title: string;
  specialty: string;
  /** 0/1: a county doctor who visits townships on fixed days. */
  is_county_expert: number;
}
