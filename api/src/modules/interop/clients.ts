import { createHash } from 'node:crypto';
import type { Context } from 'koa';
import type { AppDeps } from '../../deps';
import { rateLimit } from '../../http/auth';
import { AppError, badRequest, conflict, notFound, unauthenticated } from '../../http/errors';
import { hashPassword, newToken, verifyPassword } from '../../infra/crypto';
import { newId } from '../../infra/ids';
import * as repo from './repo';

/** Access tokens of facility systems live one hour (OAuth2 client_credentials: no refresh token). */
export const INTEROP_TOKEN_TTL_MS = 3600_000;

/** Calls per minute one facility system may make (a LIS sends a few a second at most); a runaway one cannot starve the rest. */
export const INTEROP_CALLS_PER_MINUTE = 600;

export interface InteropClient {
  /** Row id (a ULID): what the audit log records. */
  id: string;
  clientId: string;
  name: string;
  facilityId: string;
  facilityCode: string;
  facilityName: string;
}

// Only a hash of the token is kept, as for sessions: a KV dump yields no usable token.
const tokenKey = (token: string) => `interop-token:${createHash('sha256').update(token).digest('hex')}`;

/** Names the secret a token was issued under, without keeping anything that could be replayed. */
const secretTag = (secretHash: string) => createHash('sha256').update(secretHash).digest('hex').slice(0, 16);

// Checking a secret against a real hash when the client does not exist keeps timing from telling.
let decoyHash: Promise<string> | undefined;

/** Reads client_id/client_secret from HTTP Basic auth or the form body (RFC 6749 2.3.1). */
export function clientCredentials(ctx: Context, form: URLSearchParams): { clientId: string; secret: string } {
  const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(ctx.get('authorization'));
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { clientId: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  }
  const clientId = form.get('client_id');
  const secret = form.get('client_secret');
  if (!clientId || !secret) throw badRequest('缺少 client_id 或 client_secret', 'client_id');
  return { clientId, secret };
}

/** POST /oauth2/token with grant_type=client_credentials. */
export async function issueToken(deps: AppDeps, form: URLSearchParams, ctx: Context) {
  await rateLimit(deps, `interop-token-ip:${ctx.ip}`, 60, 60_000, '获取令牌过于频繁，请稍后再试');
  if (form.get('grant_type') !== 'client_credentials') throw badRequest('仅支持 grant_type=client_credentials', 'grant_type');
  const { clientId, secret } = clientCredentials(ctx, form);
  const client = await repo.findClient(deps.database.db, clientId);
  if (!client) {
    await verifyPassword(secret, await (decoyHash ??= hashPassword('decoy-interop-secret')));
    throw unauthenticated('客户端认证失败');
  }
  if (!(await verifyPassword(secret, client.secret_hash)) || client.disabled) throw unauthenticated('客户端认证失败');
  const token = newToken();
  try {
    await deps.kv.set(tokenKey(token), JSON.stringify({ clientId: client.client_id, secret: secretTag(client.secret_hash) }), INTEROP_TOKEN_TTL_MS);
  } catch {
    throw new AppError('UNAVAILABLE', '令牌服务暂时不可用，请稍后再试');
  }
  return { access_token: token, token_type: 'Bearer', expires_in: INTEROP_TOKEN_TTL_MS / 1000, scope: 'system/DiagnosticReport.write system/Observation.write system/DiagnosticReport.read system/Observation.read' };
}

/**
 * The facility system behind a bearer token. The client row is read on every call, so a
 * disabled client is out at once even with a live token.
 */
export async function resolveInteropClient(deps: AppDeps, ctx: Context): Promise<InteropClient> {
  const m = /^Bearer ([\w-]{20,100})$/.exec(ctx.get('authorization'));
  if (!m) throw unauthenticated('缺少访问令牌：请先通过 /oauth2/token 获取');
  let stored: string | null;
  try {
    stored = await deps.kv.get(tokenKey(m[1]));
  } catch {
    throw new AppError('UNAVAILABLE', '令牌服务暂时不可用，请稍后再试');
  }
  const grant = stored ? (JSON.parse(stored) as { clientId: string; secret: string }) : null;
  const client = grant ? await repo.findClient(deps.database.db, grant.clientId) : undefined;
  // A disabled client, or one whose secret was replaced, loses its live tokens at once.
  if (!client || client.disabled || secretTag(client.secret_hash) !== grant!.secret) throw unauthenticated('访问令牌无效或已过期，请重新获取');
  await rateLimit(deps, `interop-client:${client.id}`, INTEROP_CALLS_PER_MINUTE, 60_000, '调用过于频繁，请稍后再试');
  return { id: client.id, clientId: client.client_id, name: client.name, facilityId: client.facility_id, facilityCode: client.facility_code, facilityName: client.facility_name };
}

// ---- administration (community admins) -------------------------------------------------------

function toClient(r: Awaited<ReturnType<typeof repo.listClients>>[number]) {
  return {
    clientId: r.client_id,
    name: r.name,
    facility: { id: r.facility_id, name: r.facility_name, shortName: r.facility_short_name },
    disabled: r.disabled === 1,
    createdAt: Number(r.created_at),
  };
}

export async function listClients(deps: AppDeps) {
  return (await repo.listClients(deps.database.db)).map(toClient);
}

async function clientWithSecret(deps: AppDeps, clientId: string, clientSecret: string) {
  const row = (await repo.listClients(deps.database.db)).find((c) => c.client_id === clientId)!;
  return { ...toClient(row), clientSecret };
}

/** Registers a facility system; the secret is generated here and shown this once. */
export async function createClient(deps: AppDeps, input: { clientId: string; facilityId: string; name: string }) {
  const db = deps.database.db;
  const facility = await db.selectFrom('facility').select('id').where('id', '=', input.facilityId).executeTakeFirst();
  if (!facility) throw badRequest('医共体内没有该机构', 'facilityId');
  if (await repo.findClient(db, input.clientId)) throw conflict('客户端编号已被使用', 'clientId');
  const secret = newToken(24);
  try {
    await repo.insertClient(db, { id: newId(deps.clock.now()), client_id: input.clientId, secret_hash: await hashPassword(secret), facility_id: input.facilityId, name: input.name, disabled: 0, created_at: deps.clock.now() });
  } catch (err) {
    // The unique client_id decides a race between two admins.
    if (await repo.findClient(db, input.clientId)) throw conflict('客户端编号已被使用', 'clientId');
    throw err;
  }
  return clientWithSecret(deps, input.clientId, secret);
}

/** A new secret; tokens issued under the old one stop working at once. */
export async function rotateSecret(deps: AppDeps, clientId: string) {
  const secret = newToken(24);
  if (!(await repo.updateClient(deps.database.db, clientId, { secret_hash: await hashPassword(secret) }))) throw notFound('未找到该客户端', 'clientId');
  return clientWithSecret(deps, clientId, secret);
}

export async function setDisabled(deps: AppDeps, clientId: string, disabled: boolean) {
  if (!(await repo.updateClient(deps.database.db, clientId, { disabled: disabled ? 1 : 0 }))) throw notFound('未找到该客户端', 'clientId');
  return (await listClients(deps)).find((c) => c.clientId === clientId)!;
}
