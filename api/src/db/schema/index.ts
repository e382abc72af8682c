import type { DepartmentTable } from './department';
import type { DoctorTable } from './doctor';
import type { ExpertSessionTable } from './expert-session';
import type { FacilityTable } from './facility';

/** The database as Kysely sees it: one entry per table, one file per table. */
export interface DB {
  facility: FacilityTable;
  department: DepartmentTable;
  doctor: DoctorTable;
  expert_session: ExpertSessionTable;
}
