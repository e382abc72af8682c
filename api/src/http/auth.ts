import { createHash } from 'node:crypto';
import type { StaffRole } from '@ygt/shared';
import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import type { InteropClient } from '../modules/interop/clients';
import { newToken } from '../infra/crypto';
import { AppError, forbidden, unauthenticated } from './errors';

export interface ResidentActor {
  kind: 'resident';
  accountId: string;
  token: string;
}
export interface StaffActor {
  kind: 'staff';
  staffId: string;
  name: string;
  roles: StaffRole[];
  facilityIds: string[];
  doctorId: string | null;
  token: string;
}
/** A member facility's system, by its OAuth2 client-credentials token (modules/interop/clients). */
export interface ClientActor {
  kind: 'client';
  client: InteropClient;
}
export type Actor = { kind: 'anonymous' } | ResidentActor | StaffActor | ClientActor;

interface StoredSession {
  kind: 'resident' | 'staff';
  subjectId: string;
  refreshedAt: number;
}

// Only a hash of the token is stored, so a KV dump yields no usable session.
const sessionKey = (token: string) => `session:${createHash('sha256').update(token).digest('hex')}`;

export async function createSession(deps: AppDeps, kind: StoredSession['kind'], subjectId: string): Promise<{ token: string; expiresInSeconds: number }> {
  const token = newToken();
  const ttl = kind === 'resident' ? deps.config.identity.residentSessionMs : deps.config.identity.staffSessionMs;
  const value: StoredSession = { kind, subjectId, refreshedAt: deps.clock.now() };
  try {
    await deps.kv.set(sessionKey(token), JSON.stringify(value), ttl);
  } catch {
    throw new AppError('UNAVAILABLE', '登录服务暂时不可用，请稍后再试');
  }
  return { token, expiresInSeconds: Math.floor(ttl / 1000) };
}

export async function revokeSession(deps: AppDeps, token: string): Promise<void> {
  await deps.kv.del(sessionKey(token));
}

function bearerToken(ctx: Context): string | null {
  const header = ctx.get('authorization');
  const m = /^Bearer ([\w-]{20,100})$/.exec(header);
  return m ? m[1] : null;
}

const CHECKED = Promise.resolve();

/**
 * Resolves the caller for a route's `auth`. Sessions slide: each use (at most once a minute)
 * extends them. The account or staff row is read every time, so a deleted account or a disabled
 * staff member is out at once.
 *
 * For a resident's read (`readOnly`), the account row is read alongside the handler rather than
 * before it, which saves a resident a database wait on every page: `verified` rejects when the
 * account is gone, and the caller must withhold the answer until it settles (app.ts does). A
 * read shows nothing before that and changes nothing a deleted account could use; every write
 * still waits for the check first.
 */
export async function resolveActor(
  deps: AppDeps,
  ctx: Context,
  auth: 'public' | 'resident' | 'staff',
  roles?: readonly StaffRole[],
  opts: { readOnly?: boolean } = {},
): Promise<{ actor: Actor; verified: Promise<void> }> {
  if (auth === 'public') return { actor: { kind: 'anonymous' }, verified: CHECKED };
  const token = bearerToken(ctx);
  if (!token) throw unauthenticated(auth === 'staff' ? '请先登录管理后台' : '请先登录');
  let raw: string | null;
  try {
    raw = await deps.kv.get(sessionKey(token));
  } catch {
    throw new AppError('UNAVAILABLE', '登录服务暂时不可用，请稍后再试');
  }
  if (!raw) throw unauthenticated('登录已过期，请重新登录');
  const session = JSON.parse(raw) as StoredSession;
  if (session.kind !== auth) throw unauthenticated(auth === 'staff' ? '请使用工作人员账号登录' : '请使用居民账号登录');

  const now = deps.clock.now();
  if (now - session.refreshedAt > 60_000) {
    const ttl = auth === 'resident' ? deps.config.identity.residentSessionMs : deps.config.identity.staffSessionMs;
    await deps.kv.set(sessionKey(token), JSON.stringify({ ...session, refreshedAt: now }), ttl).catch(() => {});
  }

  const db = deps.database.db;
  if (auth === 'resident') {
    const verified = db
      .selectFrom('account')
      .select(['deleted_at'])
      .where('id', '=', session.subjectId)
      .executeTakeFirst()
      .then((a) => {
        if (!a || a.deleted_at !== null) throw unauthenticated('账号已注销，请重新登录');
      });
    const actor: ResidentActor = { kind: 'resident', accountId: session.subjectId, token };
    if (!opts.readOnly) {
      await verified;
      return { actor, verified: CHECKED };
    }
    verified.catch(() => {}); // the caller awaits it; meanwhile a rejection is not "unhandled"
    return { actor, verified };
  }
  const staff = await db.selectFrom('staff').select(['id', 'name', 'roles', 'disabled', 'doctor_id']).where('id', '=', session.subjectId).executeTakeFirst();
  if (!staff || staff.disabled) throw unauthenticated('账号已停用，请联系管理员');
  // Ordered by the community's order (a township centre before its village clinics): the first is the staff member's main facility.
  const facilityIds = (
    await db
      .selectFrom('staff_facility as sf')
      .innerJoin('facility as f', 'f.id', 'sf.facility_id')
      .select('sf.facility_id')
      .where('sf.staff_id', '=', staff.id)
      .orderBy('f.sort_order')
      .execute()
  ).map((r) => r.facility_id);
  const actor: StaffActor = {
    kind: 'staff',
    staffId: staff.id,
    name: staff.name,
    roles: JSON.parse(staff.roles) as StaffRole[],
    facilityIds,
    doctorId: staff.doctor_id,
    token,
  };
  if (roles && !roles.some((r) => actor.roles.includes(r))) throw forbidden('您的角色无权执行此操作');
  return { actor, verified: CHECKED };
}

export function asResident(actor: Actor): ResidentActor {
  if (actor.kind !== 'resident') throw unauthenticated();
  return actor;
}
export function asClient(actor: Actor): InteropClient {
  if (actor.kind !== 'client') throw unauthenticated('缺少访问令牌：请先通过 /oauth2/token 获取');
  return actor.client;
}
export function asStaff(actor: Actor): StaffActor {
  if (actor.kind !== 'staff') throw unauthenticated('请先登录管理后台');
  return actor;
}

/** Fixed-window rate limit in KV; throws RATE_LIMITED with a Chinese message. */
export async function rateLimit(deps: AppDeps, key: string, limit: number, windowMs: number, message: string): Promise<void> {
  let count: number;
  try {
    count = await deps.kv.incr(`rate:${key}`, windowMs);
  } catch {
    throw new AppError('UNAVAILABLE', '服务暂时不可用，请稍后再试');
  }
  if (count > limit) throw new AppError('RATE_LIMITED', message);
}
