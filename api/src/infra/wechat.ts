import type { Config } from '../config';
import { AppError } from '../http/errors';

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
