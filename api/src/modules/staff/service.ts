import { ageOn, GUARDIAN_AGE, localDate, maskPhone, maskResidentId, parseResidentId, type Patient, type StaffProfile, type StaffRole } from '@ygt/shared';
import type { AppDeps } from '../../deps';
import { createSession, rateLimit, revokeSession, type StaffActor } from '../../http/auth';
import { AppError, badRequest, conflict, notFound } from '../../http/errors';
import { hashPassword, verifyPassword } from '../../infra/crypto';
import { newId } from '../../infra/ids';
import { recordStaffAccess } from '../audit/service';
import * as identityRepo from '../identity/repo';
import * as repo from './repo';

// Verifying against a real hash when the user does not exist keeps timing from revealing usernames.
let decoyHash: Promise<string> | undefined;

export async function signInStaff(deps: AppDeps, username: string, password: string, ip: string) {
  await rateLimit(deps, `staff-login-ip:${ip}`, 30, 10 * 60_000, '登录尝试过多，请10分钟后再试');
  await rateLimit(deps, `staff-login-user:${username}`, 10, 10 * 60_000, '该账号登录尝试过多，请10分钟后再试');
  const db = deps.database.db;
  const now = deps.clock.now();
  const staff = await repo.findStaffByUsername(db, username);
  if (!staff) {
    await verifyPassword(password, await (decoyHash ??= hashPassword('decoy-password-1')));
    throw badRequest('用户名或密码错误', 'password');
  }
  if (staff.locked_until !== null && Number(staff.locked_until) > now) {
    const minutes = Math.ceil((Number(staff.locked_until) - now) / 60_000);
    throw new AppError('ACCOUNT_LOCKED', `密码错误次数过多，账号已锁定，请 ${minutes} 分钟后再试或联系管理员重置`, 'username');
  }
  if (!(await verifyPassword(password, staff.password_hash))) {
    const failures = (staff.locked_until !== null ? 0 : staff.failed_logins) + 1;
    const lock = failures >= deps.config.identity.staffMaxFailedLogins ? now + deps.config.identity.staffLockoutMs : null;
    await repo.recordFailedLogin(db, staff.id, lock, now);
    if (lock) throw new AppError('ACCOUNT_LOCKED', `密码错误次数过多，账号已锁定 ${Math.round(deps.config.identity.staffLockoutMs / 60_000)} 分钟`, 'password');
    throw badRequest(`用户名或密码错误（还可尝试 ${deps.config.identity.staffMaxFailedLogins - failures} 次）`, 'password');
  }
  if (staff.disabled) throw new AppError('FORBIDDEN', '账号已停用，请联系管理员', 'username');
  await repo.resetLoginFailures(db, staff.id, now);
  const session = await createSession(deps, 'staff', staff.id);
  return { ...session, staff: await staffProfile(deps, staff.id) };
}

export async function signOutStaff(deps: AppDeps, actor: StaffActor) {
  await revokeSession(deps, actor.token).catch(() => {});
}

export async function staffProfile(deps: AppDeps, staffId: string): Promise<StaffProfile> {
  const staff = await repo.getStaff(deps.database.db, staffId);
  if (!staff) throw notFound('未找到该工作人员', 'staffId');
  const facilities = await repo.staffFacilities(deps.database.db, [staffId]);
  return toProfile(staff, facilities);
}

function toProfile(staff: NonNullable<Awaited<ReturnType<typeof repo.getStaff>>>, facilities: { staff_id: string; id: string; name: string }[]): StaffProfile {
  const mine = facilities.filter((f) => f.staff_id === staff.id);
  return {
    id: staff.id,
    username: staff.username,
    name: staff.name,
    roles: JSON.parse(staff.roles) as StaffRole[],
    facilityIds: mine.map((f) => f.id),
    facilities: mine.map((f) => ({ id: f.id, name: f.name })),
    doctorId: staff.doctor_id,
    disabled: staff.disabled === 1,
  };
}

export async function listStaff(deps: AppDeps): Promise<StaffProfile[]> {
  const rows = await repo.listStaff(deps.database.db);
  const facilities = await repo.staffFacilities(deps.database.db, rows.map((r) => r.id));
  return rows.map((r) => toProfile(r, facilities));
}

export async function createStaff(
  deps: AppDeps,
  input: { username: string; name: string; password: string; roles: StaffRole[]; facilityIds: string[]; doctorId?: string },
): Promise<StaffProfile> {
  const db = deps.database.db;
  const facilities = await db.selectFrom('facility').select(['id', 'level']).where('id', 'in', input.facilityIds).execute();
  if (facilities.length !== new Set(input.facilityIds).size) throw badRequest('绑定的机构不存在', 'facilityIds');
  if (input.roles.includes('pharmacist') && !facilities.some((f) => f.level === 'pharmacy' || f.level === 'township')) {
    throw badRequest('药师需绑定到中心药房或卫生院药房', 'facilityIds');
  }
  if (input.doctorId) {
    const doctor = await db.selectFrom('doctor').select(['id', 'facility_id']).where('id', '=', input.doctorId).executeTakeFirst();
    if (!doctor || !input.facilityIds.includes(doctor.facility_id)) throw badRequest('医生档案不存在或不在所绑定的机构', 'doctorId');
  }
  if (await repo.findStaffByUsername(db, input.username)) throw conflict('用户名已被使用', 'username');
  const now = deps.clock.now();
  const id = newId(now);
  const passwordHash = await hashPassword(input.password);
  try {
    await db.transaction().execute((tx) =>
      repo.insertStaff(
        tx,
        {
          id,
          username: input.username,
          name: input.name,
          password_hash: passwordHash,
          roles: JSON.stringify([...new Set(input.roles)]),
          doctor_id: input.doctorId ?? null,
          failed_logins: 0,
          locked_until: null,
          disabled: 0,
          created_at: now,
          updated_at: now,
        },
        [...new Set(input.facilityIds)],
      ),
    );
  } catch (err) {
    // The unique username decides a race between two admins.
    if (await repo.findStaffByUsername(db, input.username)) throw conflict('用户名已被使用', 'username');
    throw err;
  }
  return staffProfile(deps, id);
}

/** Community admins reset a password; this also lifts a lockout. */
export async function resetStaffPassword(deps: AppDeps, staffId: string, password: string) {
  const ok = await repo.setPassword(deps.database.db, staffId, await hashPassword(password), deps.clock.now());
  if (!ok) throw notFound('未找到该工作人员', 'staffId');
  return staffProfile(deps, staffId);
}

async function toPatient(deps: AppDeps, personId: string): Promise<Patient> {
  const person = (await identityRepo.getPerson(deps.database.db, personId))!;
  const age = ageOn(person.birth_date, localDate(deps.clock.now()));
  return {
    personId: person.id,
    name: person.name,
    idNumber: maskResidentId(deps.crypto.decrypt(person.id_number_enc)),
    phone: person.phone_enc ? maskPhone(deps.crypto.decrypt(person.phone_enc)) : null,
    sex: person.sex as 'male' | 'female',
    birthDate: person.birth_date,
    age,
    isMinor: age < GUARDIAN_AGE,
    facilityIds: await identityRepo.patientFacilities(deps.database.db, person.id),
  };
}

/**
 * Finds a patient for staff. A scanned health card means the person is at the desk, so it
 * registers them at the staff member's facility; a typed ID number only finds patients already
 * registered at the staff member's facilities. Either way the access is audited.
 */
export async function lookupPatient(
  deps: AppDeps,
  staff: StaffActor,
  q: { healthCard?: string; idNumber?: string; reason?: string; facilityId?: string },
  requestId?: string,
): Promise<Patient> {
  const db = deps.database.db;
  if (q.facilityId && !staff.facilityIds.includes(q.facilityId)) throw badRequest('只能选择您所在的机构', 'facilityId');
  const facilityId = q.facilityId ?? staff.facilityIds[0] ?? null;
  let personId: string;
  if (q.healthCard) {
    const person = await identityRepo.findPersonByHealthCard(db, q.healthCard);
    if (!person) throw notFound('未找到该健康卡，请让居民刷新二维码后重试', 'healthCard');
    personId = person.id;
    if (facilityId) await identityRepo.registerPatientAt(db, personId, facilityId, 'health_card', deps.clock.now(), deps.database.dialect);
  } else {
    const parsed = parseResidentId(q.idNumber!);
    if (!parsed.valid) throw badRequest(parsed.reason, 'idNumber');
    const person = await identityRepo.findPersonByIdIndex(db, deps.crypto.blindIndex(parsed.id));
    const registered = person && (await repo.personAtFacilities(db, person.id, staff.facilityIds));
    if (!person || !registered) throw notFound('本机构没有该居民的档案；如居民在场，请扫描其电子健康卡', 'idNumber');
    personId = person.id;
  }
  await recordStaffAccess(deps, db, { staff, personId, facilityId, action: 'patient.lookup', reason: q.reason, requestId, detail: q.healthCard ? '扫描电子健康卡' : '输入身份证号' });
  return toPatient(deps, personId);
}

/** The facility-scope check for staff: 404 when the person is not a patient of their facilities. */
export async function requirePatientInScope(deps: AppDeps, staff: StaffActor, personId: string): Promise<{ facilityId: string }> {
  const at = await repo.personAtFacilities(deps.database.db, personId, staff.facilityIds);
  if (!at) throw notFound('未找到该患者', 'personId');
  return { facilityId: at.facility_id };
}

export async function getPatient(deps: AppDeps, staff: StaffActor, personId: string, requestId?: string): Promise<Patient> {
  const { facilityId } = await requirePatientInScope(deps, staff, personId);
  await recordStaffAccess(deps, deps.database.db, { staff, personId, facilityId, action: 'patient.view', requestId });
  return toPatient(deps, personId);
}
