export const tableName = 'expert_session';
/** A county expert's fixed weekly session at a township (专家下沉坐诊). */
export interface ExpertSessionTable {
  id: string;
  doctor_id: string;
  facility_id: string;
  weekday: number;
  period: string;
}
