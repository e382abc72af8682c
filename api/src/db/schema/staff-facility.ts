export const tableName = 'staff_facility';
export interface StaffFacilityTable {
  staff_id: string;
  facility_id: string;
}
