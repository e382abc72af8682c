import {
  type CallListItem,
  type Message,
  type NotificationType,
  type NotifyPreference,
  SUBSCRIBE_MOMENTS,
  type SubscribeMoment,
  type SubscribeTemplates,
  type UpdateNotifyPreference,
} from '@ygt/shared';
import type { AppDeps } from '../../deps';
import type { ResidentActor, StaffActor } from '../../http/auth';
import { badRequest, conflict, notFound } from '../../http/errors';
import { recordStaffAccess } from '../audit/service';
import * as identityRepo from '../identity/repo';
import { requireFamilyMember, requireHealthConsent } from '../identity/service';
import * as repo from './repo';

export async function listMessages(deps: AppDeps, actor: ResidentActor): Promise<{ items: Message[]; unread: number }> {
  const rows = await repo.listMessages(deps.database.db, actor.accountId, 200);
  return {
    items: rows.map((r) => ({
      id: r.id,
      type: r.type as NotificationType,
      title: r.title,
      body: r.body,
      link: r.link,
      createdAt: Number(r.created_at),
      readAt: r.read_at === null ? null : Number(r.read_at),
      wechatStatus: r.wechat_status as Message['wechatStatus'],
    })),
    unread: await repo.countUnread(deps.database.db, actor.accountId),
  };
}

export async function unreadCount(deps: AppDeps, actor: ResidentActor) {
  return { unread: await repo.countUnread(deps.database.db, actor.accountId) };
}

export async function markRead(deps: AppDeps, actor: ResidentActor, ids: string[] | 'all') {
  await repo.markRead(deps.database.db, actor.accountId, ids, deps.clock.now());
  return unreadCount(deps, actor);
}

// ---- subscriptions --------------------------------------------------------------------------

/** Template ids the mini-program asks the user to subscribe to at one moment (max 3, configured ones only). */
export function subscribeTemplates(deps: AppDeps, moment: SubscribeMoment): SubscribeTemplates {
  const templates = SUBSCRIBE_MOMENTS[moment].flatMap((type) => {
    const t = deps.config.notifications.templates[type];
    return t ? [{ type, templateId: t.templateId }] : [];
  });
  return { moment, tmplIds: [...new Set(templates.map((t) => t.templateId))].slice(0, 3), templates };
}

// ---- elder fallback: preferences ------------------------------------------------------------

async function preferenceView(deps: AppDeps, memberId: string, personId: string): Promise<NotifyPreference> {
  const db = deps.database.db;
  const pref = await repo.getNotifyPreference(db, personId);
  const person = await identityRepo.getPerson(db, personId);
  const registered = await db
    .selectFrom('patient_facility as pf')
    .innerJoin('facility as f', 'f.id', 'pf.facility_id')
    .select(['f.id', 'f.name', 'f.level'])
    .where('pf.person_id', '=', personId)
    .orderBy('f.sort_order')
    .execute();
  const callFacility = pref?.call_facility_id ? await db.selectFrom('facility').select(['id', 'name']).where('id', '=', pref.call_facility_id).executeTakeFirst() : undefined;
  return {
    memberId,
    callFacility: callFacility ?? null,
    sms: pref?.sms === 1,
    smsAvailable: deps.config.notifications.smsProvider !== 'none',
    hasPhone: Boolean(person?.phone_enc),
    registeredFacilities: registered,
    updatedAt: pref ? Number(pref.updated_at) : null,
  };
}

export async function getNotifyPreference(deps: AppDeps, actor: ResidentActor, memberId: string): Promise<NotifyPreference> {
  const member = await requireFamilyMember(deps, actor.accountId, memberId);
  return preferenceView(deps, memberId, member.personId);
}

/**
 * "Notify my village doctor": the chosen clinic (one where the person is registered, or any
 * village clinic) then sees every message about the person on its call list. Its staff see the
 * message text, which can be about health, hence the health-data consent.
 */
export async function updateNotifyPreference(deps: AppDeps, actor: ResidentActor, memberId: string, input: UpdateNotifyPreference): Promise<NotifyPreference> {
  const member = await requireFamilyMember(deps, actor.accountId, memberId);
  await requireHealthConsent(deps, actor.accountId);
  const db = deps.database.db;
  if (input.callFacilityId) {
    const facility = await db.selectFrom('facility').select(['id', 'level']).where('id', '=', input.callFacilityId).executeTakeFirst();
    const registered = facility && (await identityRepo.patientFacilities(db, member.personId)).includes(facility.id);
    if (!facility || (facility.level !== 'village' && !registered)) throw badRequest('请选择就诊人建档的医疗机构或任一村卫生室', 'callFacilityId');
  }
  if (input.sms) {
    if (deps.config.notifications.smsProvider === 'none') throw badRequest('短信通知暂未开通', 'sms');
    const person = await identityRepo.getPerson(db, member.personId);
    if (!person?.phone_enc) throw badRequest('该就诊人没有登记手机号，请先在就诊人信息中填写手机号', 'sms');
  }
  await repo.saveNotifyPreference(db, deps.database.dialect, {
    person_id: member.personId,
    call_facility_id: input.callFacilityId,
    sms: input.sms ? 1 : 0,
    updated_by_account_id: actor.accountId,
    updated_at: deps.clock.now(),
  });
  return preferenceView(deps, memberId, member.personId);
}

// ---- elder fallback: the clinic's call list -------------------------------------------------

function toCallListItem(deps: AppDeps, r: repo.CallListRow): CallListItem {
  return {
    id: r.id,
    facilityId: r.facility_id,
    facilityName: r.facility_name,
    personId: r.person_id,
    personName: r.person_name,
    phone: r.phone_enc ? deps.crypto.decrypt(r.phone_enc) : null,
    type: r.type as NotificationType,
    title: r.title,
    body: r.body,
    createdAt: Number(r.created_at),
    doneAt: r.done_at === null ? null : Number(r.done_at),
    doneByName: r.done_by_name,
    note: r.note,
  };
}

/** Messages to pass on, for the staff member's facilities (or one of them); every person shown is audited. */
export async function listCallList(deps: AppDeps, staff: StaffActor, q: { status: 'open' | 'done'; facilityId?: string }, requestId?: string) {
  if (q.facilityId && !staff.facilityIds.includes(q.facilityId)) throw notFound('未找到该机构', 'facilityId');
  const db = deps.database.db;
  const rows = await repo.listCallList(db, q.facilityId ? [q.facilityId] : staff.facilityIds, q.status, 200);
  const shown = new Map(rows.map((r) => [r.person_id, r.facility_id]));
  for (const [personId, facilityId] of shown) await recordStaffAccess(deps, db, { staff, personId, facilityId, action: 'call_list.view', requestId });
  return { items: rows.map((r) => toCallListItem(deps, r)) };
}

/** Ticks an item off (who and when are recorded); another facility's item is not found. */
export async function tickOffCallListItem(deps: AppDeps, staff: StaffActor, itemId: string, note: string | undefined, requestId?: string): Promise<CallListItem> {
  const db = deps.database.db;
  const item = await repo.getCallListItem(db, itemId, staff.facilityIds);
  if (!item) throw notFound('未找到该待通知事项', 'itemId');
  await db.transaction().execute(async (tx) => {
    if (!(await repo.markCallListItemDone(tx, itemId, { staffId: staff.staffId, name: staff.name }, note || null, deps.clock.now()))) {
      const done = await repo.getCallListItem(tx, itemId, staff.facilityIds);
      throw conflict(`该事项已由${done?.done_by_name ?? '其他工作人员'}处理`, 'itemId');
    }
    await recordStaffAccess(deps, tx, { staff, personId: item.person_id, facilityId: item.facility_id, action: 'call_list.done', detail: item.title, requestId });
  });
  return toCallListItem(deps, (await repo.getCallListItem(db, itemId, staff.facilityIds))!);
}
