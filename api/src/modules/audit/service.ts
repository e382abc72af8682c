import { maskName, STAFF_ROLE_LABELS, type StaffRole } from '@ygt/shared';
import type { Db } from '../../db';
import type { AppDeps } from '../../deps';
import type { StaffActor } from '../../http/auth';
import { newId } from '../../infra/ids';
import * as repo from './repo';

/** What staff did with a resident's data, in words a resident reads in 个人信息访问记录. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'patient.lookup': '查询了就诊人档案',
  'patient.view': '查看了就诊人档案',
  'results.view': '查看了检查检验结果',
  'results.release': '审核发布了检查检验结果',
  'prescription.view': '查看了处方',
  'booking.view': '查看了预约信息',
  'referral.view': '查看了转诊信息',
  'insurance.view': '查看了医保结算记录',
};

/**
 * Records a staff read or change of a resident's data. Call it inside the same transaction as
 * the change (or right before answering a read), so no access goes unrecorded.
 */
export async function recordStaffAccess(
  deps: AppDeps,
  db: Db,
  e: { staff: StaffActor; personId: string; facilityId: string | null; action: string; detail?: string; reason?: string; requestId?: string },
): Promise<void> {
  await repo.insertAuditEntry(db, {
    id: newId(deps.clock.now()),
    at: deps.clock.now(),
    actor_type: 'staff',
    actor_id: e.staff.staffId,
    actor_name: e.staff.name,
    actor_role: e.staff.roles.map((r) => STAFF_ROLE_LABELS[r as StaffRole] ?? r).join('、'),
    facility_id: e.facilityId,
    person_id: e.personId,
    action: e.action,
    detail: e.detail ?? null,
    reason: e.reason ?? null,
    request_id: e.requestId ?? null,
  });
}

export async function accessLogForPersons(deps: AppDeps, personIds: string[], limit = 200) {
  const rows = await repo.listAuditForPersons(deps.database.db, personIds, limit);
  return rows.map((r) => ({
    id: r.id,
    at: Number(r.at),
    actorName: r.actor_name,
    actorRole: r.actor_role,
    facilityName: r.facility_name,
    personName: maskName(r.person_name),
    action: r.action,
    actionLabel: AUDIT_ACTION_LABELS[r.action] ?? r.action,
    reason: r.reason,
  }));
}
