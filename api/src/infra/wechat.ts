import type { Config } from '../config';
import { AppError } from '../http/errors';
import type { Kv } from './kv';

export interface WechatSession {
  openid: string;
  unionid?: string;
  session_key: string;
}

/**
 * The WeChat server API (base URL configurable, so tests point it at the fake in test/fakes).
 * jscode2session turns a wx.login code into openid/unionid/session_key; the session_key never
 * leaves the server.
 */
export async function jscode2session(cfg: Config['wechat'], code: string): Promise<WechatSession> {
  const url = new URL(`${cfg.apiBase}/sns/jscode2session`);
  url.search = new URLSearchParams({ appid: cfg.appId, secret: cfg.secret, js_code: code, grant_type: 'authorization_code' }).toString();
  let body: { errcode?: number; errmsg?: string } & Partial<WechatSession>;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    body = (await res.json()) as typeof body;
  } catch {
    throw new AppError('WECHAT_UNAVAILABLE', '暂时连不上微信服务，请稍后再试');
  }
  if (body.errcode) throw wechatLoginError(body.errcode);
  if (!body.openid || !body.session_key) throw new AppError('WECHAT_UNAVAILABLE', '微信登录返回异常，请稍后再试');
  return { openid: body.openid, unionid: body.unionid, session_key: body.session_key };
}

function wechatLoginError(errcode: number): AppError {
  switch (errcode) {
    case 40029:
    case 40163:
      return new AppError('WECHAT_CODE_INVALID', '登录凭证无效或已使用，请重新打开小程序登录', 'code');
    case 45011:
      return new AppError('RATE_LIMITED', '登录过于频繁，请稍等一分钟再试');
    case 40226:
      return new AppError('WECHAT_RISKY_USER', '该微信账号被微信判定存在风险，暂时无法登录，请联系微信客服');
    case -1:
      return new AppError('WECHAT_UNAVAILABLE', '微信系统繁忙，请稍后再试');
    default:
      return new AppError('WECHAT_UNAVAILABLE', `微信登录失败（错误码 ${errcode}），请稍后再试`);
  }
}

// ---- access_token and subscribe messages ----------------------------------------------------

/** What the server-side WeChat calls need: credentials, the templates' mini-program state, the KV cache. */
export interface WechatServerDeps {
  config: Pick<Config, 'wechat' | 'notifications'>;
  kv: Kv;
}

const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** The request itself is wrong (bad openid, template id, page or data): sending it again cannot help. */
const FINAL_ERRORS = new Set([40003, 40037, 41030, 47003]);
// Tokens live 7200 s; renew well before WeChat expires them.
const TOKEN_MARGIN_S = 300;
const TOKEN_LOCK_MS = 10_000;
const TOKEN_WAIT_MS = 5_000;

const tokenKey = (appId: string) => `wechat:access-token:${appId}`;
const tokenLockKey = (appId: string) => `wechat:access-token-lock:${appId}`;

export class WechatUnavailableError extends Error {}

async function callWechat(url: URL, init?: { body: unknown }): Promise<{ errcode?: number; errmsg?: string; [k: string]: unknown }> {
  try {
    const res = await fetch(url, {
      method: init ? 'POST' : 'GET',
      headers: init ? { 'content-type': 'application/json' } : undefined,
      body: init ? JSON.stringify(init.body) : undefined,
      signal: AbortSignal.timeout(5000),
    });
    return (await res.json()) as { errcode?: number; errmsg?: string };
  } catch (err) {
    throw new WechatUnavailableError(`WeChat API unreachable: ${(err as Error).message}`);
  }
}

/**
 * The access_token of the mini-program, cached in KV for its lifetime minus a margin. It comes
 * from GET /cgi-bin/token (client_credential), where every fetch replaces the previous token, so
 * only one instance fetches at a time (a KV lock); the others wait briefly and read its result.
 */
export async function getAccessToken(deps: WechatServerDeps): Promise<string> {
  const { appId, secret, apiBase } = deps.config.wechat;
  const cached = await deps.kv.get(tokenKey(appId));
  if (cached) return cached;
  const giveUpAt = Date.now() + TOKEN_WAIT_MS;
  for (;;) {
    if (await deps.kv.setIfAbsent(tokenLockKey(appId), 'fetching', TOKEN_LOCK_MS)) {
      try {
        // Another instance may have stored a fresh token between our read and our lock.
        const fresh = await deps.kv.get(tokenKey(appId));
        if (fresh) return fresh;
        const url = new URL(`${apiBase}/cgi-bin/token`);
        url.search = new URLSearchParams({ grant_type: 'client_credential', appid: appId, secret }).toString();
        const body = await callWechat(url);
        if (body.errcode || typeof body.access_token !== 'string') {
          throw new WechatUnavailableError(`access_token refused: ${body.errcode} ${body.errmsg ?? ''}`.trim());
        }
        const ttlS = Math.max(Number(body.expires_in ?? 7200) - TOKEN_MARGIN_S, 60);
        await deps.kv.set(tokenKey(appId), body.access_token, ttlS * 1000);
        return body.access_token;
      } finally {
        await deps.kv.del(tokenLockKey(appId));
      }
    }
    await new Promise((r) => setTimeout(r, 50));
    const other = await deps.kv.get(tokenKey(appId));
    if (other) return other;
    if (Date.now() > giveUpAt) throw new WechatUnavailableError('access_token: another instance is fetching it and has not finished');
  }
}

/** Drops a token WeChat rejected, unless another instance has already replaced it. */
async function invalidateAccessToken(deps: WechatServerDeps, token: string): Promise<void> {
  const key = tokenKey(deps.config.wechat.appId);
  if ((await deps.kv.get(key)) === token) await deps.kv.del(key);
}

export interface SubscribeMessage {
  /** The recipient's openid. */
  touser: string;
  templateId: string;
  /** Mini-program page opened from the message, e.g. packages/booking/pages/detail/index?id=... */
  page?: string;
  data: Record<string, { value: string }>;
}

/** sent; not_subscribed (43101: final, WeChat will not deliver); retry later; failed for good. */
export type SubscribeSendResult =
  | { outcome: 'sent' }
  | { outcome: 'not_subscribed' }
  | { outcome: 'retry'; error: string }
  | { outcome: 'failed'; error: string };

/**
 * POST /cgi-bin/message/subscribe/send. A token WeChat calls invalid or expired (40001, 40014,
 * 42001) is refreshed once and the message sent again; other errors are classified for the
 * outbox worker, which owns retries.
 */
export async function sendSubscribeMessage(deps: WechatServerDeps, msg: SubscribeMessage): Promise<SubscribeSendResult> {
  const post = async (token: string) => {
    const url = new URL(`${deps.config.wechat.apiBase}/cgi-bin/message/subscribe/send`);
    url.search = new URLSearchParams({ access_token: token }).toString();
    return callWechat(url, {
      body: {
        touser: msg.touser,
        template_id: msg.templateId,
        page: msg.page,
        data: msg.data,
        miniprogram_state: deps.config.notifications.miniprogramState,
        lang: 'zh_CN',
      },
    });
  };
  let body;
  try {
    const token = await getAccessToken(deps);
    body = await post(token);
    if (body.errcode && TOKEN_ERRORS.has(body.errcode)) {
      await invalidateAccessToken(deps, token);
      body = await post(await getAccessToken(deps));
    }
  } catch (err) {
    if (err instanceof WechatUnavailableError) return { outcome: 'retry', error: err.message };
    throw err;
  }
  const code = body.errcode ?? 0;
  if (code === 0) return { outcome: 'sent' };
  if (code === 43101) return { outcome: 'not_subscribed' };
  const error = `errcode ${code}: ${body.errmsg ?? ''}`.trim();
  return FINAL_ERRORS.has(code) ? { outcome: 'failed', error } : { outcome: 'retry', error };
}
