import {
  type AddFamilyMember,
  ageOn,
  type FamilyMember,
  GUARDIAN_AGE,
  HEALTH_DATA_CONSENT_VERSION,
  localDate,
  type Me,
  maskName,
  maskPhone,
  maskResidentId,
  parseResidentId,
  type Relation,
} from '@ygt/shared';
import type { Db } from '../../db';
import type { AppDeps } from '../../deps';
import { createSession, type ResidentActor, revokeSession } from '../../http/auth';
import { AppError, badRequest, conflict, notFound } from '../../http/errors';
import { newId } from '../../infra/ids';
import { newToken } from '../../infra/crypto';
import { jscode2session } from '../../infra/wechat';
import { accessLogForPersons } from '../audit/service';
import * as repo from './repo';

const HEALTH_DATA = 'health_data';

// ---- sign-in -------------------------------------------------------------------------------

async function findOrCreateAccount(deps: AppDeps, openid: string, unionid: string | null, isDemo: boolean) {
  const db = deps.database.db;
  const existing = await repo.findAccountByOpenid(db, openid);
  if (existing) return existing.id;
  const id = newId(deps.clock.now());
  try {
    await repo.insertAccount(db, { id, openid, unionid, is_demo: isDemo ? 1 : 0, created_at: deps.clock.now() });
    return id;
  } catch (err) {
    // Two first sign-ins raced; the unique openid kept one account.
    const raced = await repo.findAccountByOpenid(db, openid);
    if (raced) return raced.id;
    throw err;
  }
}

export async function signInWithWechat(deps: AppDeps, code: string) {
  const wx = await jscode2session(deps.config.wechat, code);
  const accountId = await findOrCreateAccount(deps, wx.openid, wx.unionid ?? null, false);
  // Kept server-side only (needed later to decrypt wx data such as phone numbers).
  await deps.kv.set(`wx-session-key:${accountId}`, wx.session_key, deps.config.identity.residentSessionMs).catch(() => {});
  return createSession(deps, 'resident', accountId);
}

export const DEMO_RESIDENTS = [
  { key: 'zhang', label: '张建国（45岁）', description: '青石镇东岭村，为母亲和10岁的女儿代办' },
  { key: 'wang', label: '王秀英（68岁）', description: '柳河镇，高血压，与老伴刘德胜' },
  { key: 'chen', label: '陈晓燕（32岁）', description: '县城居民，尚未填写实名信息' },
] as const;

export async function signInDemo(deps: AppDeps, residentKey: string) {
  if (deps.config.mode !== 'demo') throw notFound('没有这个接口');
  if (!DEMO_RESIDENTS.some((r) => r.key === residentKey)) throw badRequest('没有这个演示居民', 'residentKey');
  const accountId = await findOrCreateAccount(deps, `demo:${residentKey}`, null, true);
  return createSession(deps, 'resident', accountId);
}

export async function signOut(deps: AppDeps, token: string) {
  await revokeSession(deps, token).catch(() => {});
}

// ---- profile and family --------------------------------------------------------------------

function toFamilyMember(deps: AppDeps, row: repo.FamilyRow, reveal: boolean): FamilyMember {
  const idNumber = deps.crypto.decrypt(row.id_number_enc);
  const phone = row.phone_enc ? deps.crypto.decrypt(row.phone_enc) : null;
  const age = ageOn(row.birth_date, localDate(deps.clock.now()));
  const active = row.status === 'active';
  return {
    id: row.id,
    personId: row.person_id,
    name: reveal ? row.name : maskName(row.name),
    idNumber: reveal ? idNumber : maskResidentId(idNumber),
    phone: phone && (reveal ? phone : maskPhone(phone)),
    sex: row.sex as 'male' | 'female',
    birthDate: row.birth_date,
    age,
    relation: row.relation as Relation,
    isMinor: age < GUARDIAN_AGE,
    status: active ? 'active' : 'pending_consent',
    healthCardCode: active ? row.health_card_code : null,
  };
}

export async function getMe(deps: AppDeps, actor: ResidentActor): Promise<Me> {
  const db = deps.database.db;
  const [family, consent, account] = await Promise.all([
    repo.listFamily(db, actor.accountId),
    repo.latestConsent(db, actor.accountId, HEALTH_DATA),
    db.selectFrom('account').select('is_demo').where('id', '=', actor.accountId).executeTakeFirst(),
  ]);
  const self = family.find((m) => m.relation === 'self');
  return {
    accountId: actor.accountId,
    isDemo: account?.is_demo === 1,
    self: self ? toFamilyMember(deps, self, false) : null,
    consent: {
      healthData: consent?.version === HEALTH_DATA_CONSENT_VERSION,
      version: consent?.version ?? null,
      grantedAt: consent ? Number(consent.granted_at) : null,
      currentVersion: HEALTH_DATA_CONSENT_VERSION,
    },
    maxFamilyMembers: deps.config.identity.maxFamilyMembers,
  };
}

export async function grantHealthDataConsent(deps: AppDeps, actor: ResidentActor, version: string) {
  if (version !== HEALTH_DATA_CONSENT_VERSION) throw badRequest(`同意书版本已更新为 ${HEALTH_DATA_CONSENT_VERSION}，请阅读后重新同意`, 'version');
  await repo.insertConsent(deps.database.db, { id: newId(deps.clock.now()), account_id: actor.accountId, kind: HEALTH_DATA, version, granted_at: deps.clock.now() });
  return getMe(deps, actor);
}

const consentRequired = () => new AppError('CONSENT_REQUIRED', '使用健康服务前，请先阅读并同意《个人健康信息处理单独同意书》', 'consent');

/** Health features call this first: separate consent (单独同意) before any health data is processed. */
export async function requireHealthConsent(deps: AppDeps, accountId: string): Promise<void> {
  const consent = await repo.latestConsent(deps.database.db, accountId, HEALTH_DATA);
  if (consent?.version !== HEALTH_DATA_CONSENT_VERSION) throw consentRequired();
}

/**
 * requireHealthConsent and requireFamilyMember in one read, for the pages a resident waits on
 * (results, trends). Without consent, that is the answer whatever the member.
 */
export async function requireConsentedMember(deps: AppDeps, accountId: string, memberId: string): Promise<{ memberId: string; personId: string }> {
  const r = await repo.consentAndMember(deps.database.db, accountId, HEALTH_DATA, memberId);
  if (r.consentVersion !== HEALTH_DATA_CONSENT_VERSION) throw consentRequired();
  if (r.personId === null) throw notFound('未找到该就诊人', 'memberId');
  return { memberId, personId: r.personId };
}

export async function listFamily(deps: AppDeps, actor: ResidentActor): Promise<FamilyMember[]> {
  return (await repo.listFamily(deps.database.db, actor.accountId)).map((r) => toFamilyMember(deps, r, false));
}

/**
 * The object-level check every resident feature uses: the member must be an active member of
 * the caller's family. Anything else (someone else's member, a guessed id) is 404.
 */
export async function requireFamilyMember(deps: AppDeps, accountId: string, memberId: string) {
  const row = await repo.getFamilyMember(deps.database.db, accountId, memberId);
  if (!row || row.status !== 'active') throw notFound('未找到该就诊人', 'memberId');
  return { memberId: row.id, personId: row.person_id, name: row.name, relation: row.relation };
}

export async function getFamilyMember(deps: AppDeps, actor: ResidentActor, memberId: string, reveal: boolean) {
  const row = await repo.getFamilyMember(deps.database.db, actor.accountId, memberId);
  if (!row) throw notFound('未找到该就诊人', 'memberId');
  return toFamilyMember(deps, row, reveal && row.status === 'active');
}

async function lockAccount(deps: AppDeps, tx: Db, accountId: string) {
  // Serialises family changes of one account (the 5-member limit) on MySQL; SQLite transactions
  // are already serial.
  if (deps.database.dialect === 'mysql') await tx.selectFrom('account').select('id').where('id', '=', accountId).forUpdate().execute();
}

export async function addFamilyMember(deps: AppDeps, actor: ResidentActor, input: AddFamilyMember): Promise<FamilyMember> {
  const today = localDate(deps.clock.now());
  const parsed = parseResidentId(input.idNumber, today);
  if (!parsed.valid) throw badRequest(parsed.reason, 'idNumber');
  if (input.sex && input.sex !== parsed.sex) throw badRequest('性别与身份证号不一致，请核对', 'sex');
  if (input.birthDate && input.birthDate !== parsed.birthDate) throw badRequest('出生日期与身份证号不一致，请核对', 'birthDate');
  const age = ageOn(parsed.birthDate, today);
  if (age < GUARDIAN_AGE) {
    if (input.relation === 'self') throw badRequest('未满14周岁不能作为本人注册，请由监护人添加', 'relation');
    if (!input.guardian) throw badRequest('未满14周岁的就诊人需由监护人添加，请确认您是其监护人', 'guardian');
  }
  const now = deps.clock.now();
  const bidx = deps.crypto.blindIndex(parsed.id);

  const memberId = await deps.database.db.transaction().execute(async (tx) => {
    await lockAccount(deps, tx, actor.accountId);
    const family = await repo.listFamily(tx, actor.accountId);
    if (family.length >= deps.config.identity.maxFamilyMembers) {
      throw new AppError('LIMIT_REACHED', `每个账号最多添加 ${deps.config.identity.maxFamilyMembers} 位就诊人，请先删除不再需要的就诊人`, 'familyMembers');
    }
    if (input.relation === 'self' && family.some((m) => m.relation === 'self')) throw conflict('您已填写过本人信息', 'relation');

    let person = await repo.findPersonByIdIndex(tx, bidx);
    if (person && person.name !== input.name) throw badRequest('姓名与身份证号不匹配，请核对', 'name');
    if (!person) {
      person = {
        id: newId(now),
        name: input.name,
        id_number_enc: deps.crypto.encrypt(parsed.id),
        id_number_bidx: bidx,
        phone_enc: input.phone ? deps.crypto.encrypt(input.phone) : null,
        sex: parsed.sex,
        birth_date: parsed.birthDate,
        health_card_code: newToken(18),
        own_account_id: null,
        created_at: now,
        updated_at: now,
      };
      await repo.insertPerson(tx, person);
    }
    if (family.some((m) => m.person_id === person.id)) throw conflict('该就诊人已在您的列表中', 'idNumber');

    // An adult who has their own account decides who may act for them.
    const needsConsent = input.relation !== 'self' && person.own_account_id !== null && person.own_account_id !== actor.accountId;
    if (input.relation === 'self') {
      if (person.own_account_id && person.own_account_id !== actor.accountId) throw conflict('该身份证号已被其他微信账号认证为本人', 'idNumber');
      await repo.setPersonOwner(tx, person.id, actor.accountId, now);
    }
    const id = newId(now);
    await repo.insertFamilyMember(tx, {
      id,
      account_id: actor.accountId,
      person_id: person.id,
      relation: input.relation,
      is_guardian: input.guardian ? 1 : 0,
      status: needsConsent ? 'pending_consent' : 'active',
      active_key: `${actor.accountId}:${person.id}`,
      created_at: now,
      removed_at: null,
    });
    if (needsConsent) {
      await repo.insertLinkRequest(tx, { id: newId(now), family_member_id: id, requester_account_id: actor.accountId, owner_account_id: person.own_account_id!, created_at: now });
    } else if (input.phone && !person.phone_enc) {
      await repo.updatePersonPhone(tx, person.id, deps.crypto.encrypt(input.phone), now);
    }
    return id;
  });
  return getFamilyMember(deps, actor, memberId, false);
}

export async function updateFamilyMember(deps: AppDeps, actor: ResidentActor, memberId: string, patch: { phone?: string; relation?: Relation }) {
  const member = await requireFamilyMember(deps, actor.accountId, memberId);
  if (patch.relation === 'self' || (member.relation === 'self' && patch.relation)) throw badRequest('本人关系不能修改', 'relation');
  const now = deps.clock.now();
  await deps.database.db.transaction().execute(async (tx) => {
    if (patch.relation) await repo.updateFamilyMember(tx, memberId, { relation: patch.relation });
    if (patch.phone) await repo.updatePersonPhone(tx, member.personId, deps.crypto.encrypt(patch.phone), now);
  });
  return getFamilyMember(deps, actor, memberId, false);
}

export async function removeFamilyMember(deps: AppDeps, actor: ResidentActor, memberId: string) {
  const row = await repo.getFamilyMember(deps.database.db, actor.accountId, memberId);
  if (!row) throw notFound('未找到该就诊人', 'memberId');
  if (row.relation === 'self') throw badRequest('本人信息不能删除；如需停止使用，请在“我的”中注销账号', 'memberId');
  await repo.removeFamilyMember(deps.database.db, memberId, deps.clock.now());
}

export async function healthCard(deps: AppDeps, actor: ResidentActor, memberId: string) {
  const member = await requireFamilyMember(deps, actor.accountId, memberId);
  const person = await repo.getPerson(deps.database.db, member.personId);
  return { memberId, name: maskName(member.name), code: person!.health_card_code };
}

// ---- linking a person who has an own account -------------------------------------------------

export async function listLinkRequests(deps: AppDeps, actor: ResidentActor) {
  const rows = await repo.listLinkRequestsFor(deps.database.db, actor.accountId);
  return rows.map((r) => ({ id: r.id, requesterName: r.requester_name ? maskName(r.requester_name) : '一位微信用户', relation: r.relation as Relation, createdAt: Number(r.created_at) }));
}

export async function decideLinkRequest(deps: AppDeps, actor: ResidentActor, requestId: string, approve: boolean) {
  const db = deps.database.db;
  const req = await repo.getPendingLinkRequest(db, actor.accountId, requestId);
  if (!req) throw notFound('未找到该授权请求', 'requestId');
  await db.transaction().execute(async (tx) => {
    if (!(await repo.decideLinkRequest(tx, req.id, approve ? 'approved' : 'rejected', deps.clock.now()))) throw conflict('该请求已处理');
    if (approve) await repo.updateFamilyMember(tx, req.family_member_id, { status: 'active' });
    else await repo.removeFamilyMember(tx, req.family_member_id, deps.clock.now());
  });
}

// ---- the resident's own data ---------------------------------------------------------------

async function activePersonIds(deps: AppDeps, accountId: string) {
  return (await repo.listFamily(deps.database.db, accountId)).filter((m) => m.status === 'active').map((m) => m.person_id);
}

/** 个人信息访问记录: every staff access to any active member of the family. */
export async function accessLog(deps: AppDeps, actor: ResidentActor) {
  return accessLogForPersons(deps, await activePersonIds(deps, actor.accountId));
}

export async function exportData(deps: AppDeps, actor: ResidentActor) {
  const db = deps.database.db;
  const account = await repo.getAccount(db, actor.accountId);
  const family = (await repo.listFamily(db, actor.accountId)).map((r) => toFamilyMember(deps, r, r.status === 'active'));
  const consents = await db.selectFrom('consent').selectAll().where('account_id', '=', actor.accountId).orderBy('granted_at').execute();
  return {
    exportedAt: deps.clock.now(),
    account: { id: account!.id, createdAt: Number(account!.created_at), isDemo: account!.is_demo === 1 },
    familyMembers: family,
    consents: consents.map((c) => ({ kind: c.kind, version: c.version, grantedAt: Number(c.granted_at), withdrawnAt: c.withdrawn_at === null ? null : Number(c.withdrawn_at) })),
    accessLog: await accessLog(deps, actor),
  };
}

/**
 * Deletes the account: the sign-in, family links and consents end at once. Medical records
 * made by facilities (bookings, results, prescriptions, settlements) are kept as the law
 * requires and stay reachable for the person's own new account after real-name verification.
 */
export async function deleteAccount(deps: AppDeps, actor: ResidentActor) {
  const now = deps.clock.now();
  await deps.database.db.transaction().execute(async (tx) => {
    await tx.updateTable('account').set({ openid: null, unionid: null, deleted_at: now }).where('id', '=', actor.accountId).execute();
    await tx.updateTable('family_member').set({ removed_at: now, active_key: null }).where('account_id', '=', actor.accountId).where('removed_at', 'is', null).execute();
    await tx.updateTable('person').set({ own_account_id: null, updated_at: now }).where('own_account_id', '=', actor.accountId).execute();
    await tx.updateTable('consent').set({ withdrawn_at: now }).where('account_id', '=', actor.accountId).where('withdrawn_at', 'is', null).execute();
    // People waiting for this account's confirmation will not get it: withdraw their requests.
    const waiting = await tx.selectFrom('link_request').select('family_member_id').where('owner_account_id', '=', actor.accountId).where('status', '=', 'pending').execute();
    for (const w of waiting) await repo.removeFamilyMember(tx, w.family_member_id, now);
    await tx.updateTable('link_request').set({ status: 'rejected', decided_at: now }).where('status', '=', 'pending').where((eb) => eb.or([eb('owner_account_id', '=', actor.accountId), eb('requester_account_id', '=', actor.accountId)])).execute();
  });
  await signOut(deps, actor.token);
}
