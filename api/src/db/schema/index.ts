import type { AccountTable } from './account';
import type { PersonTable } from './person';
import type { FamilyMemberTable } from './family-member';
import type { ConsentTable } from './consent';
import type { StaffTable } from './staff';
import type { StaffFacilityTable } from './staff-facility';
import type { PatientFacilityTable } from './patient-facility';
import type { AuditLogTable } from './audit-log';
import type { LinkRequestTable } from './link-request';
import type { MessageTable } from './message';
import type { OutboxTable } from './outbox';
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
  account: AccountTable;
  person: PersonTable;
  family_member: FamilyMemberTable;
  consent: ConsentTable;
  staff: StaffTable;
  staff_facility: StaffFacilityTable;
  patient_facility: PatientFacilityTable;
  audit_log: AuditLogTable;
  link_request: LinkRequestTable;
  outbox: OutboxTable;
  message: MessageTable;
}
