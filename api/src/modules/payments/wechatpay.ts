import { createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { wechatPayTime } from '@ygt/shared';
import Pay from 'wechatpay-node-v3';
import type { Output } from 'wechatpay-node-v3/dist/lib/interface-v2';
import type { IPayRequest } from 'wechatpay-node-v3/dist/lib/pay-request.interface';
import type { WechatPayConfig } from '../../config';
import type { PaymentOrderTable } from '../../db/schema/payment-order';
import type { Clock } from '../../deps';
import type { Logger } from '../../infra/logger';
import {
  PaymentRefusal,
  type PaymentProvider,
  type PrepayAnswer,
  ProviderError,
  type RefundRequest,
  vouch,
  type WechatNotification,
  WechatRefundSchema,
  WechatTransactionSchema,
} from './provider';
import { decryptResource, isPublicKeyId, verifyWechatpaySignature } from './wechatpay-crypto';

const WECHATPAY_HOST = 'https://api.mch.weixin.qq.com';
/** WeChat Pay's own rule: messages older (or newer) than this are refused. */
export const NOTIFICATION_MAX_AGE_MS = 5 * 60_000;

/**
 * The keys WeChat Pay signs with, by the serial it names: the WeChat Pay public key (serial
 * PUB_KEY_ID_...) from configuration, or platform certificates, configured or downloaded from
 * /v3/certificates when an unknown serial appears (at most once a minute, so forged serials
 * cannot make us hammer WeChat). A process-local cache: it is rebuilt from WeChat Pay at will.
 */
class WechatPayKeys {
  private readonly certs = new Map<string, KeyObject>();
  private lastDownload = -Infinity;
  private downloading: Promise<void> | null = null;

  constructor(
    private readonly cfg: WechatPayConfig,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly download: () => Promise<{ serial_no: string; expire_time: string; publicKey?: string }[]>,
  ) {
    for (const pem of cfg.platformCerts) {
      const cert = new X509Certificate(pem);
      this.certs.set(cert.serialNumber.toUpperCase(), cert.publicKey);
    }
  }

  async keyFor(serial: string): Promise<KeyObject | null> {
    if (isPublicKeyId(serial)) return this.cfg.publicKey?.id === serial ? createPublicKey(this.cfg.publicKey.pem) : null;
    const wanted = serial.toUpperCase();
    if (!this.certs.has(wanted) && this.clock.now() - this.lastDownload > 60_000) {
      this.downloading ??= this.refresh().finally(() => (this.downloading = null));
      await this.downloading;
    }
    return this.certs.get(wanted) ?? null;
  }

  private async refresh() {
    this.lastDownload = this.clock.now();
    try {
      for (const item of await this.download()) {
        if (item.publicKey && Date.parse(item.expire_time) > this.clock.now()) this.certs.set(item.serial_no.toUpperCase(), createPublicKey(item.publicKey));
      }
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'WeChat Pay platform certificates could not be downloaded');
    }
  }
}

/**
 * The library's transport seam (`pay.createHttp`): sends its signed requests with fetch to the
 * configured base URL (tests point it at the fake) and checks the signature of every successful
 * answer with a body, so a query answer is as trustworthy as a notification. /v3/certificates is
 * the exception: its content is sealed with our APIv3 key (AES-GCM), which authenticates it.
 */
class WechatPayTransport implements IPayRequest {
  constructor(
    private readonly apiBase: string,
    private readonly keys: WechatPayKeys,
  ) {}

  get(url: string, headers: Record<string, string>): Promise<Output> {
    return this.send('GET', url, headers);
  }

  post(url: string, params: Record<string, unknown>, headers: Record<string, string>): Promise<Output> {
    // The library signed JSON.stringify(params); the same call here sends byte-identical text.
    return this.send('POST', url, headers, JSON.stringify(params));
  }

  async upload(): Promise<Output> {
    return { status: 501, error: 'uploads are not used by 医共通' };
  }

  private async send(method: string, url: string, headers: Record<string, string>, body?: string): Promise<Output> {
    const target = url.replace(WECHATPAY_HOST, this.apiBase);
    const { 'Accept-Encoding': _acceptEncoding, ...sendHeaders } = headers;
    let res: Response;
    let text: string;
    try {
      res = await fetch(target, { method, headers: sendHeaders, body, signal: AbortSignal.timeout(10_000) });
      text = await res.text();
    } catch (err) {
      return { status: 0, error: JSON.stringify({ code: 'NETWORK', message: (err as Error).message }) };
    }
    // An empty answer (204 to a close) carries no fact to forge: a faked "closed" at worst lets a
    // late payment land on a closed order, which is then refunded in full.
    if (res.ok && text && !new URL(url).pathname.startsWith('/v3/certificates')) {
      const serial = res.headers.get('wechatpay-serial') ?? '';
      const key = await this.keys.keyFor(serial);
      const signed = {
        timestamp: res.headers.get('wechatpay-timestamp') ?? '',
        nonce: res.headers.get('wechatpay-nonce') ?? '',
        signature: res.headers.get('wechatpay-signature') ?? '',
        body: text,
      };
      if (!key || !verifyWechatpaySignature(signed, key)) {
        return { status: 0, error: JSON.stringify({ code: 'ANSWER_SIGNATURE_INVALID', message: `answer from ${target} is not signed by WeChat Pay` }) };
      }
    }
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = text;
    }
    return res.ok ? { status: res.status, data } : { status: res.status, error: text, data };
  }
}

function providerError(op: string, res: Output): ProviderError {
  let code = 'UNKNOWN';
  let message = String(res.error ?? '');
  try {
    const parsed = JSON.parse(String(res.error)) as { code?: string; message?: string };
    code = parsed.code ?? code;
    message = parsed.message ?? message;
  } catch {
    /* not JSON: keep the text */
  }
  return new ProviderError(res.status, code, `WeChat Pay ${op} failed (${res.status} ${code}): ${message}`);
}

/** WeChat Pay v3 (JSAPI, for the mini-program) through wechatpay-node-v3. */
export class WechatPayProvider implements PaymentProvider {
  readonly kind = 'wechat' as const;
  readonly appId: string;
  readonly mchId: string;
  private readonly pay: Pay;
  private readonly keys: WechatPayKeys;

  constructor(
    private readonly cfg: WechatPayConfig,
    private readonly clock: Clock,
    logger: Logger,
  ) {
    this.appId = cfg.appId;
    this.mchId = cfg.mchId;
    this.pay = new Pay({
      appid: cfg.appId,
      mchid: cfg.mchId,
      serial_no: cfg.serialNo,
      // Only read to derive a serial number when serial_no is missing; ours is configured.
      publicKey: Buffer.from(createPublicKey(cfg.privateKey).export({ type: 'spki', format: 'pem' })),
      privateKey: Buffer.from(cfg.privateKey),
      key: cfg.apiV3Key,
      userAgent: 'yigongtong-api',
    });
    this.keys = new WechatPayKeys(cfg, clock, logger, () => this.pay.get_certificates(cfg.apiV3Key));
    this.pay.createHttp(new WechatPayTransport(cfg.apiBase, this.keys));
  }

  async prepay(order: PaymentOrderTable): Promise<PrepayAnswer> {
    const res = await this.pay.transactions_jsapi({
      description: order.description,
      out_trade_no: order.out_trade_no,
      time_expire: wechatPayTime(order.expires_at),
      notify_url: this.cfg.notifyUrl,
      amount: { total: order.amount_fen, currency: 'CNY' },
      payer: { openid: order.payer_openid },
    });
    const data = res.data as { package?: string; timeStamp: string; nonceStr: string; paySign: string } | undefined;
    if (res.status !== 200 || !data?.package?.startsWith('prepay_id=')) throw providerError('prepay', res);
    return {
      provider: 'wechat',
      prepayId: data.package.slice('prepay_id='.length),
      requestPayment: { timeStamp: data.timeStamp, nonceStr: data.nonceStr, package: data.package, signType: 'RSA', paySign: data.paySign },
    };
  }

  async queryOrder(outTradeNo: string) {
    const res = await this.pay.query({ out_trade_no: outTradeNo });
    if (res.status === 404) return null;
    if (res.status !== 200) throw providerError('query', res);
    const parsed = WechatTransactionSchema.safeParse(res.data);
    if (!parsed.success) throw new ProviderError(200, 'MALFORMED', `WeChat Pay query answer is malformed: ${parsed.error.message}`);
    return vouch('query', parsed.data);
  }

  async closeOrder(outTradeNo: string) {
    const res = await this.pay.close(outTradeNo);
    if (res.status !== 204 && res.status !== 200) throw providerError('close', res);
  }

  async refund(r: RefundRequest) {
    const res = await this.pay.refunds({
      out_trade_no: r.outTradeNo,
      out_refund_no: r.outRefundNo,
      reason: r.reason,
      notify_url: this.cfg.notifyUrl,
      amount: { refund: r.refundFen, total: r.totalFen, currency: 'CNY' },
    });
    if (res.status !== 200) throw providerError('refund', res);
    const parsed = WechatRefundSchema.safeParse(res.data);
    if (!parsed.success) throw new ProviderError(200, 'MALFORMED', `WeChat Pay refund answer is malformed: ${parsed.error.message}`);
    return vouch('api', parsed.data);
  }

  async queryRefund(outRefundNo: string) {
    const res = await this.pay.find_refunds(outRefundNo);
    if (res.status === 404) return null;
    if (res.status !== 200) throw providerError('refund query', res);
    const parsed = WechatRefundSchema.safeParse(res.data);
    if (!parsed.success) throw new ProviderError(200, 'MALFORMED', `WeChat Pay refund query answer is malformed: ${parsed.error.message}`);
    return vouch('query', parsed.data);
  }

  /**
   * Opens a notification: fresh timestamp, signature over the raw body by the key its serial
   * names, then AEAD_AES_256_GCM decryption with the APIv3 key. Anything else is refused.
   */
  async openNotification(h: { timestamp?: string; nonce?: string; signature?: string; serial?: string }, rawBody: string | undefined): Promise<WechatNotification> {
    if (!h.timestamp || !h.nonce || !h.signature || !h.serial || rawBody === undefined) {
      throw new PaymentRefusal('malformed', 400, '缺少微信支付签名头或通知内容');
    }
    const sentAt = Number(h.timestamp) * 1000;
    if (!Number.isFinite(sentAt) || Math.abs(this.clock.now() - sentAt) > NOTIFICATION_MAX_AGE_MS) {
      throw new PaymentRefusal('stale_timestamp', 400, '通知时间戳超过5分钟');
    }
    const key = await this.keys.keyFor(h.serial);
    if (!key) throw new PaymentRefusal('unknown_serial', 401, '未知的微信支付证书序列号或公钥ID');
    if (!verifyWechatpaySignature({ timestamp: h.timestamp, nonce: h.nonce, signature: h.signature, body: rawBody }, key)) {
      throw new PaymentRefusal('bad_signature', 401, '签名验证失败');
    }
    let envelope: { id?: string; event_type?: string; resource?: { algorithm: string; ciphertext: string; associated_data?: string; nonce: string } };
    try {
      envelope = JSON.parse(rawBody);
    } catch {
      throw new PaymentRefusal('malformed', 400, '通知内容不是JSON');
    }
    if (!envelope.resource || !envelope.event_type) throw new PaymentRefusal('malformed', 400, '通知缺少 resource 或 event_type');
    let plain: unknown;
    try {
      plain = JSON.parse(decryptResource(envelope.resource, this.cfg.apiV3Key));
    } catch {
      throw new PaymentRefusal('decrypt_failed', 400, '通知解密失败');
    }
    const id = envelope.id ?? '';
    if (envelope.event_type.startsWith('TRANSACTION.')) {
      const parsed = WechatTransactionSchema.safeParse(plain);
      if (!parsed.success) throw new PaymentRefusal('malformed', 400, '支付通知内容不完整');
      return { kind: 'transaction', id, transaction: vouch('notification', parsed.data) };
    }
    if (envelope.event_type.startsWith('REFUND.')) {
      // Refund notifications name the state `refund_status`; queries and answers call it `status`.
      const r = plain as { refund_status?: string; status?: string };
      const parsed = WechatRefundSchema.safeParse({ ...r, status: r.status ?? r.refund_status });
      if (!parsed.success) throw new PaymentRefusal('malformed', 400, '退款通知内容不完整');
      return { kind: 'refund', id, refund: vouch('notification', parsed.data) };
    }
    return { kind: 'other', id, eventType: envelope.event_type };
  }
}
