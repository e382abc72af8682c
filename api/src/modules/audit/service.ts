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
  'results.enter': '录入了测量结果（血压、血糖等）',
  'prescription.view': '查看了处方',
  'prescription.issue': '开具了长期处方',
  'prescription.renew': '审核了续方申请',
  'prescription.stop': '停用了长期处方',
  'prescription.resume': '复核后恢复了续方',
  'prescription.review': '审核了处方（药师审方）',
  'prescription.dispense': '调配、配送或发放了药品',
  'chronic_condition.view': '查看了慢病档案',
  'chronic_condition.certify': '认定了慢性病',
  'chronic_condition.end': '撤销了慢性病认定',
  'contract.sign': '办理了家庭医生签约',
  'booking.view': '查看了预约信息',
  'referral.view': '查看了转诊信息',
  'booking.update': '处理了预约（确认、拒绝、签到、停诊等）',
  'referral.create': '开具了转诊单',
  'referral.update': '处理了转诊（接收、拒收、预约）',
  'call_list.view': '查看了待电话通知的消息（您选择了由该卫生室通知）',
  'call_list.done': '电话通知了您的消息并登记',
  'insurance.view': '查看了医保结算记录',
  'payment.view': '查看了支付与退款记录',
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
