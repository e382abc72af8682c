export const tableName = 'schedule';
/** A doctor's session (上午/下午/晚间) at a facility on a date (出诊排班), split into slots. */
export interface ScheduleTable {
  id: string;
  facility_id: string;
  department_id: string;
  doctor_id: string;
  date: string;
  period: string;
  start_time: string;
  end_time: string;
  segment_minutes: number;
  fee_fen: number;
  /** 0/1: a county expert seeing patients at a township (专家下沉坐诊). */
  is_visiting: number;
  /** open | stopped (停诊) */
  status: string;
  stop_reason: string | null;
  /** `doctor:date:period` while open, NULL once stopped: one session per doctor at a time. */
  active_key: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}
