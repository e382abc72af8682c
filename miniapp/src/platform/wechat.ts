import Taro from '@tarojs/taro';

/**
 * WeChat-only capabilities (login, payment, subscribe messages) behind plain functions, so
 * the H5 build runs in an ordinary browser: there they answer "unsupported" instead of
 * throwing, and the H5 pages use demo login and the demo payment provider instead.
 */

const IS_H5 = process.env.TARO_ENV === 'h5';

export type PlatformOutcome<T = undefined> =
  | { ok: true; value: T }
  | { ok: false; reason: 'unsupported' | 'cancelled' | 'failed'; message: string };

const UNSUPPORTED_ON_H5 = { ok: false, reason: 'unsupported', message: '网页版暂不支持该功能，请在微信小程序中使用' } as const;

/** wx.login: a one-time code for the API to exchange (jscode2session). Null on H5: use demo login. */
export async function loginCode(): Promise<string | null> {
  if (IS_H5) return null;
  const { code } = await Taro.login();
  return code || null;
}

/** The five fields of a WeChat Pay JSAPI prepay, as the API hands them over. */
export interface PaymentFields {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

/** wx.requestPayment. Success only means the user finished paying: the API confirms the order. */
export async function requestPayment(fields: PaymentFields): Promise<PlatformOutcome> {
  if (IS_H5) return UNSUPPORTED_ON_H5;
  try {
    await Taro.requestPayment(fields);
    return { ok: true, value: undefined };
  } catch (err) {
    const errMsg = (err as { errMsg?: string }).errMsg ?? '';
    if (errMsg.includes('cancel')) return { ok: false, reason: 'cancelled', message: '已取消支付' };
    return { ok: false, reason: 'failed', message: '支付没有完成，请稍后再试' };
  }
}

/** wx.requestSubscribeMessage: which of the templates the user accepted (must follow a tap). */
export async function requestSubscribeMessage(tmplIds: string[]): Promise<PlatformOutcome<string[]>> {
  if (IS_H5) return UNSUPPORTED_ON_H5;
  try {
    // entityIds is Alipay's field; Taro's typings require it anyway.
    const result = (await Taro.requestSubscribeMessage({ tmplIds, entityIds: [] })) as unknown as Record<string, unknown>;
    return { ok: true, value: tmplIds.filter((id) => result[id] === 'accept') };
  } catch {
    return { ok: false, reason: 'failed', message: '订阅消息没有开启，请稍后再试' };
  }
}
