import { createCipheriv, generateKeyPairSync, type KeyObject, randomBytes, randomUUID, sign, verify } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate } from './x509';

/**
 * A fake of WeChat Pay API v3 (api.mch.weixin.qq.com) on 127.0.0.1, speaking its protocol:
 *
 * - every request must carry a valid `WECHATPAY2-SHA256-RSA2048` Authorization header (mchid,
 *   serial_no, a fresh timestamp, and a signature over "METHOD\nURL\ntimestamp\nnonce\nbody\n"
 *   checked with the merchant's public key); otherwise 401 SIGN_ERROR;
 * - every answer is signed (Wechatpay-Timestamp/Nonce/Serial/Signature) with the platform
 *   certificate's key, or in public-key mode with the WeChat Pay public key (serial PUB_KEY_ID_...);
 * - GET /v3/certificates serves the platform certificate encrypted with the APIv3 key;
 * - JSAPI prepay, query by out_trade_no, close, refund and refund query, with WeChat's rules
 *   (same out_trade_no with other parameters is refused; the same out_refund_no returns the
 *   refund already made; refunds never exceed the total, at most 50, within 365 days);
 * - notifications (TRANSACTION.SUCCESS, REFUND.*) signed and AES-256-GCM encrypted, sent to the
 *   order's notify_url, retried on a non-2xx answer, duplicated, concurrent or delayed on demand.
 *
 * Keys and the certificate are generated at construction; nothing secret is stored anywhere.
 */

export interface FakeTransaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  description: string;
  notify_url: string;
  time_expire?: string;
  total: number;
  openid: string;
  prepay_id: string;
  trade_state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND' | 'USERPAYING';
  transaction_id?: string;
  success_time?: string;
  successAt?: number;
}

export interface FakeRefund {
  out_trade_no: string;
  out_refund_no: string;
  refund_id: string;
  reason?: string;
  notify_url?: string;
  refund: number;
  total: number;
  status: 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL';
  success_time?: string;
}

export interface BuiltNotification {
  headers: Record<string, string>;
  body: string;
  url: string;
}

export interface NotificationTweaks {
  /** Seconds to shift the timestamp by (negative: older). */
  timestampShiftSec?: number;
  /** Sign with a key that is not WeChat Pay's. */
  forgeSignature?: boolean;
  /** Change the body after signing (e.g. swap the ciphertext). */
  tamperBody?: (body: string) => string;
  /** Override fields of the decrypted resource (still validly signed and encrypted). */
  resource?: Record<string, unknown>;
  /** Announce another serial than the signing key's. */
  serial?: string;
}

type Op = 'prepay' | 'query' | 'close' | 'refund' | 'refund_query' | 'certificates';
type Misbehaviour = 'lose_answer' | 'fail' | { forge: object };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const wechatTime = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00';

export class FakeWechatPay {
  url = '';
  readonly apiV3Key = randomBytes(16).toString('hex');
  readonly platformSerial: string;
  readonly platformCertPem: string;
  readonly publicKeyId = `PUB_KEY_ID_0114${randomBytes(8).toString('hex').toUpperCase()}`;
  readonly publicKeyPem: string;
  readonly transactions = new Map<string, FakeTransaction>();
  readonly refunds = new Map<string, FakeRefund>();
  /** Every API request: op, and whether its signature was accepted. */
  readonly requests: { op: Op | 'unknown'; method: string; path: string; authorized: boolean }[] = [];
  /** Every notification delivery attempt and the status our endpoint answered. */
  readonly deliveries: { eventType: string; status: number }[] = [];
  /** Delays between delivery retries after a non-2xx answer (WeChat: 15 s, 15 s, 30 s, 3 min ...; shortened). */
  retryDelaysMs = [20, 40];
  /** Where notify URLs really go (their host stands for our public address). */
  deliverTo = '';
  /** The clock notifications are stamped with (our app's clock in tests). */
  now: () => number = Date.now;
  /** PROCESSING refunds complete by themselves after this many ms and notify; null: only by `completeRefund`. */
  refundCompletesAfterMs: number | null = 10;

  private readonly platformKey: KeyObject;
  private readonly publicModeKey: KeyObject;
  private readonly misbehaviour = new Map<Op, Misbehaviour>();
  // A key that is not WeChat Pay's: what a forger or a man in the middle would sign with.
  private readonly strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  private readonly timers = new Set<NodeJS.Timeout>();
  private server?: http.Server;

  constructor(
    readonly merchant: { appId: string; mchId: string; serialNo: string; publicKey: KeyObject },
    /** Which key signs answers and notifications: platform certificate or WeChat Pay public key. */
    readonly signWith: 'platform_certificate' | 'public_key' = 'platform_certificate',
  ) {
    const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.platformKey = platform.privateKey;
    const serial = randomBytes(20);
    serial[0] = (serial[0] & 0x7f) | 0x10;
    this.platformSerial = serial.toString('hex').toUpperCase();
    this.platformCertPem = selfSignedCertificate({
      privateKey: platform.privateKey,
      publicKey: platform.publicKey,
      serialHex: this.platformSerial,
      commonName: 'Tenpay.com Root CA 平台证书（测试）',
      notBefore: new Date(Date.now() - 86400_000),
      notAfter: new Date(Date.now() + 5 * 365 * 86400_000),
    });
    const publicMode = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.publicModeKey = publicMode.privateKey;
    this.publicKeyPem = publicMode.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c) => (body += c));
      req.on('end', () => void this.handle(req, res, body));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop() {
    for (const t of this.timers) clearTimeout(t);
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  /** Merchant-side environment for our API, as the merchant platform would hand it out. */
  env(privateKeyPem: string, notifyUrl: string): Record<string, string> {
    return {
      PAY_PROVIDER: 'wechat',
      WECHAT_APPID: this.merchant.appId,
      WECHATPAY_API_BASE: this.url,
      WECHATPAY_MCHID: this.merchant.mchId,
      WECHATPAY_SERIAL_NO: this.merchant.serialNo,
      WECHATPAY_PRIVATE_KEY: privateKeyPem,
      WECHATPAY_APIV3_KEY: this.apiV3Key,
      WECHATPAY_NOTIFY_URL: notifyUrl,
      ...(this.signWith === 'public_key' ? { WECHATPAY_PUBLIC_KEY: this.publicKeyPem, WECHATPAY_PUBLIC_KEY_ID: this.publicKeyId } : {}),
    };
  }

  /**
   * The next request of this kind misbehaves once: its answer is lost after it took effect
   * (`lose_answer`), it fails without effect (`fail`), or a man in the middle answers `forge`
   * in WeChat Pay's place, signed with a key that is not WeChat Pay's.
   */
  misbehaveOnce(op: Op, how: Misbehaviour) {
    this.misbehaviour.set(op, how);
  }

  countRequests(op: Op) {
    return this.requests.filter((r) => r.op === op && r.authorized).length;
  }

  /** The resident completes payment in WeChat: the transaction becomes SUCCESS (no notification yet). */
  completePayment(outTradeNo: string): FakeTransaction {
    const t = this.transactions.get(outTradeNo);
    if (!t) throw new Error(`fake WeChat Pay: no prepaid order ${outTradeNo}`);
    if (t.trade_state === 'NOTPAY' || t.trade_state === 'USERPAYING') {
      t.trade_state = 'SUCCESS';
      t.transaction_id = `4200${Date.now()}${randomBytes(4).toString('hex')}`.slice(0, 28);
      t.successAt = this.now();
      t.success_time = wechatTime(t.successAt);
    }
    return t;
  }

  /** Sends TRANSACTION.SUCCESS for a paid order: `copies` one after another, or `concurrent` at once, after `delayMs`. */
  async notifyPayment(outTradeNo: string, o: { copies?: number; concurrent?: number; delayMs?: number; tweaks?: NotificationTweaks } = {}): Promise<number[]> {
    const t = this.transactions.get(outTradeNo)!;
    if (o.delayMs) await sleep(o.delayMs);
    const send = () => this.deliver(this.transactionNotification(t, o.tweaks));
    if (o.concurrent) return (await Promise.all(Array.from({ length: o.concurrent }, send))).flat();
    const statuses: number[] = [];
    for (let i = 0; i < (o.copies ?? 1); i++) statuses.push(...(await send()));
    return statuses;
  }

  /** Pays and notifies, as WeChat Pay does after the resident enters the password. */
  async pay(outTradeNo: string, o: Parameters<FakeWechatPay['notifyPayment']>[1] = {}) {
    this.completePayment(outTradeNo);
    return this.notifyPayment(outTradeNo, o);
  }

  /** A signed, encrypted TRANSACTION.SUCCESS notification for a transaction (tweakable to be wrong). */
  transactionNotification(t: FakeTransaction, tweaks: NotificationTweaks = {}): BuiltNotification {
    return this.notification('TRANSACTION.SUCCESS', 'transaction', '支付成功', { ...this.transactionResource(t), ...tweaks.resource }, t.notify_url, tweaks);
  }

  refundNotification(r: FakeRefund, tweaks: NotificationTweaks = {}): BuiltNotification {
    const t = this.transactions.get(r.out_trade_no)!;
    const resource = {
      mchid: this.merchant.mchId,
      out_trade_no: r.out_trade_no,
      transaction_id: t.transaction_id,
      out_refund_no: r.out_refund_no,
      refund_id: r.refund_id,
      refund_status: r.status,
      success_time: r.success_time,
      user_received_account: '支付用户零钱',
      amount: { total: r.total, refund: r.refund, payer_total: r.total, payer_refund: r.refund },
      ...tweaks.resource,
    };
    return this.notification(`REFUND.${r.status}`, 'refund', '退款成功', resource, r.notify_url ?? t.notify_url, tweaks);
  }

  /** Completes a PROCESSING refund and notifies (unless told not to). */
  async completeRefund(outRefundNo: string, o: { status?: 'SUCCESS' | 'CLOSED' | 'ABNORMAL'; notify?: boolean } = {}): Promise<number[]> {
    const r = this.refunds.get(outRefundNo)!;
    if (r.status === 'PROCESSING') {
      r.status = o.status ?? 'SUCCESS';
      if (r.status === 'SUCCESS') r.success_time = wechatTime(this.now());
    }
    return o.notify === false ? [] : this.deliver(this.refundNotification(r));
  }

  refundedFen(outTradeNo: string): number {
    return [...this.refunds.values()].filter((r) => r.out_trade_no === outTradeNo && r.status !== 'CLOSED').reduce((s, r) => s + r.refund, 0);
  }

  /** POSTs a notification; retries per `retryDelaysMs` while the answer is not 2xx. Returns every status. */
  async deliver(n: BuiltNotification, retries = this.retryDelaysMs): Promise<number[]> {
    const statuses: number[] = [];
    const target = this.deliverTo ? n.url.replace(/^https?:\/\/[^/]+/, this.deliverTo) : n.url;
    const meta = JSON.parse(n.body) as { event_type: string };
    for (let attempt = 0; attempt <= retries.length; attempt++) {
      if (attempt > 0) await sleep(retries[attempt - 1]);
      const res = await fetch(target, { method: 'POST', headers: n.headers, body: n.body });
      await res.text();
      statuses.push(res.status);
      this.deliveries.push({ eventType: meta.event_type, status: res.status });
      if (res.status >= 200 && res.status < 300) break;
    }
    return statuses;
  }

  private transactionResource(t: FakeTransaction) {
    return {
      appid: t.appid,
      mchid: t.mchid,
      out_trade_no: t.out_trade_no,
      transaction_id: t.transaction_id,
      trade_type: 'JSAPI',
      trade_state: t.trade_state,
      trade_state_desc: { SUCCESS: '支付成功', NOTPAY: '未支付', CLOSED: '已关闭', REFUND: '转入退款', USERPAYING: '用户支付中' }[t.trade_state],
      bank_type: t.transaction_id ? 'OTHERS' : undefined,
      attach: '',
      success_time: t.success_time,
      payer: { openid: t.openid },
      amount: { total: t.total, payer_total: t.transaction_id ? t.total : undefined, currency: 'CNY', payer_currency: 'CNY' },
    };
  }

  private notification(eventType: string, associated: string, summary: string, resource: object, url: string, tweaks: NotificationTweaks): BuiltNotification {
    const nonce = randomBytes(6).toString('hex');
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(this.apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
    cipher.setAAD(Buffer.from(associated, 'utf8'));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(resource), 'utf8'), cipher.final(), cipher.getAuthTag()]);
    let body = JSON.stringify({
      id: randomUUID(),
      create_time: wechatTime(this.now()),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary,
      resource: { original_type: associated, algorithm: 'AEAD_AES_256_GCM', ciphertext: sealed.toString('base64'), associated_data: associated, nonce },
    });
    const timestamp = String(Math.floor(this.now() / 1000) + (tweaks.timestampShiftSec ?? 0));
    const signNonce = randomBytes(16).toString('hex');
    const key = tweaks.forgeSignature ? this.strangerKey : this.signingKey();
    const signature = sign('RSA-SHA256', Buffer.from(`${timestamp}\n${signNonce}\n${body}\n`), key).toString('base64');
    if (tweaks.tamperBody) body = tweaks.tamperBody(body);
    return {
      url,
      body,
      headers: {
        'content-type': 'application/json',
        'wechatpay-timestamp': timestamp,
        'wechatpay-nonce': signNonce,
        'wechatpay-signature': signature,
        'wechatpay-serial': tweaks.serial ?? this.signingSerial(),
        'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
      },
    };
  }

  private signingKey() {
    return this.signWith === 'public_key' ? this.publicModeKey : this.platformKey;
  }

  private signingSerial() {
    return this.signWith === 'public_key' ? this.publicKeyId : this.platformSerial;
  }

  private opOf(method: string, path: string): Op | 'unknown' {
    if (method === 'GET' && path === '/v3/certificates') return 'certificates';
    if (method === 'POST' && path === '/v3/pay/transactions/jsapi') return 'prepay';
    if (method === 'GET' && path.startsWith('/v3/pay/transactions/out-trade-no/')) return 'query';
    if (method === 'POST' && /^\/v3\/pay\/transactions\/out-trade-no\/[^/]+\/close$/.test(path)) return 'close';
    if (method === 'POST' && path === '/v3/refund/domestic/refunds') return 'refund';
    if (method === 'GET' && path.startsWith('/v3/refund/domestic/refunds/')) return 'refund_query';
    return 'unknown';
  }

  /** Checks the merchant's request signature as WeChat Pay does. */
  private authorized(req: http.IncomingMessage, pathWithQuery: string, body: string): boolean {
    const m = /^WECHATPAY2-SHA256-RSA2048 (.+)$/.exec(req.headers.authorization ?? '');
    if (!m) return false;
    const p = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (p.mchid !== this.merchant.mchId || p.serial_no?.toUpperCase() !== this.merchant.serialNo.toUpperCase()) return false;
    // The library stamps requests with the real clock.
    if (Math.abs(Date.now() / 1000 - Number(p.timestamp)) > 300) return false;
    const message = `${req.method}\n${pathWithQuery}\n${p.timestamp}\n${p.nonce_str}\n${body}\n`;
    return verify('RSA-SHA256', Buffer.from(message), this.merchant.publicKey, Buffer.from(p.signature ?? '', 'base64'));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string) {
    const url = new URL(req.url!, this.url);
    const op = this.opOf(req.method!, url.pathname);
    const authorized = this.authorized(req, url.pathname + url.search, raw);
    this.requests.push({ op, method: req.method!, path: url.pathname, authorized });
    const how = op !== 'unknown' && authorized ? this.misbehaviour.get(op) : undefined;
    if (how) this.misbehaviour.delete(op as Op);
    const answer = (status: number, body?: object) => {
      if (how === 'lose_answer') return this.reply(res, 500, { code: 'SYSTEM_ERROR', message: '系统错误' });
      if (how && typeof how === 'object') return this.reply(res, 200, how.forge, true);
      this.reply(res, status, body);
    };
    if (!authorized) return this.reply(res, 401, { code: 'SIGN_ERROR', message: '签名错误' });
    if (how === 'fail') return this.reply(res, 500, { code: 'SYSTEM_ERROR', message: '系统错误' });
    const body = raw ? (JSON.parse(raw) as Record<string, any>) : {};
    const bad = (message: string) => answer(400, { code: 'PARAM_ERROR', message });

    switch (op) {
      case 'certificates': {
        const nonce = randomBytes(6).toString('hex');
        const cipher = createCipheriv('aes-256-gcm', Buffer.from(this.apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
        cipher.setAAD(Buffer.from('certificate'));
        const sealed = Buffer.concat([cipher.update(this.platformCertPem, 'utf8'), cipher.final(), cipher.getAuthTag()]);
        return answer(200, {
          data: [
            {
              serial_no: this.platformSerial,
              effective_time: wechatTime(Date.now() - 86400_000),
              expire_time: wechatTime(Date.now() + 5 * 365 * 86400_000),
              encrypt_certificate: { algorithm: 'AEAD_AES_256_GCM', nonce, associated_data: 'certificate', ciphertext: sealed.toString('base64') },
            },
          ],
        });
      }
      case 'prepay': {
        if (body.appid !== this.merchant.appId) return bad('appid 不存在或与商户号不匹配');
        if (body.mchid !== this.merchant.mchId) return bad('mchid 不正确');
        if (typeof body.description !== 'string' || !body.description || [...body.description].length > 127) return bad('description 长度不正确');
        if (!/^[0-9A-Za-z_\-|*]{6,32}$/.test(body.out_trade_no ?? '')) return bad('out_trade_no 格式不正确');
        if (!/^https:\/\//.test(body.notify_url ?? '')) return bad('notify_url 必须为 https 地址');
        if (!Number.isInteger(body.amount?.total) || body.amount.total < 1 || (body.amount.currency ?? 'CNY') !== 'CNY') return bad('amount 不正确');
        if (!body.payer?.openid) return bad('payer.openid 不能为空');
        const existing = this.transactions.get(body.out_trade_no);
        if (existing) {
          if (existing.trade_state === 'SUCCESS' || existing.trade_state === 'REFUND') return answer(400, { code: 'ORDERPAID', message: '该订单已支付' });
          if (existing.trade_state === 'CLOSED') return answer(400, { code: 'ORDER_CLOSED', message: '该订单已关闭' });
          if (existing.total !== body.amount.total || existing.description !== body.description) return answer(400, { code: 'INVALID_REQUEST', message: '201 商户订单号重复' });
          return answer(200, { prepay_id: existing.prepay_id });
        }
        const t: FakeTransaction = {
          appid: body.appid,
          mchid: body.mchid,
          out_trade_no: body.out_trade_no,
          description: body.description,
          notify_url: body.notify_url,
          time_expire: body.time_expire,
          total: body.amount.total,
          openid: body.payer.openid,
          prepay_id: `wx${randomBytes(14).toString('hex')}`,
          trade_state: 'NOTPAY',
        };
        this.transactions.set(t.out_trade_no, t);
        return answer(200, { prepay_id: t.prepay_id });
      }
      case 'query': {
        if (url.searchParams.get('mchid') !== this.merchant.mchId) return bad('mchid 不正确');
        const t = this.transactions.get(decodeURIComponent(url.pathname.split('/').pop()!));
        if (!t) return answer(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
        return answer(200, JSON.parse(JSON.stringify(this.transactionResource(t))));
      }
      case 'close': {
        if (body.mchid !== this.merchant.mchId) return bad('mchid 不正确');
        const t = this.transactions.get(decodeURIComponent(url.pathname.split('/')[5]));
        if (!t) return answer(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
        if (t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND') return answer(400, { code: 'ORDERPAID', message: '订单已支付' });
        t.trade_state = 'CLOSED';
        return answer(204);
      }
      case 'refund': {
        const t = this.transactions.get(body.out_trade_no);
        if (!t) return answer(404, { code: 'RESOURCE_NOT_EXISTS', message: '订单不存在' });
        const existing = this.refunds.get(body.out_refund_no);
        if (existing) {
          // Same out_refund_no: the refund already made, never a second one.
          if (existing.refund !== body.amount?.refund) return answer(400, { code: 'INVALID_REQUEST', message: '同一退款单号的退款金额不一致' });
          return answer(200, this.refundAnswer(existing));
        }
        if (t.trade_state !== 'SUCCESS' && t.trade_state !== 'REFUND') return answer(400, { code: 'INVALID_REQUEST', message: '订单未支付' });
        if (body.amount?.total !== t.total) return bad('amount.total 与订单金额不符');
        if (!Number.isInteger(body.amount?.refund) || body.amount.refund < 1) return bad('amount.refund 不正确');
        if (this.now() - (t.successAt ?? 0) > 365 * 86400_000) return answer(400, { code: 'INVALID_REQUEST', message: '订单已超过退款期限' });
        const mine = [...this.refunds.values()].filter((r) => r.out_trade_no === t.out_trade_no);
        if (mine.length >= 50) return answer(403, { code: 'REQUEST_BLOCKED', message: '退款次数超过限制' });
        if (this.refundedFen(t.out_trade_no) + body.amount.refund > t.total) return answer(403, { code: 'NOT_ENOUGH', message: '退款金额超过订单可退金额' });
        const r: FakeRefund = {
          out_trade_no: t.out_trade_no,
          out_refund_no: body.out_refund_no,
          refund_id: `5030${randomBytes(12).toString('hex')}`,
          reason: body.reason,
          notify_url: body.notify_url,
          refund: body.amount.refund,
          total: t.total,
          status: 'PROCESSING',
        };
        this.refunds.set(r.out_refund_no, r);
        t.trade_state = 'REFUND';
        if (this.refundCompletesAfterMs !== null) {
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            void this.completeRefund(r.out_refund_no).catch(() => {});
          }, this.refundCompletesAfterMs);
          this.timers.add(timer);
        }
        return answer(200, this.refundAnswer(r));
      }
      case 'refund_query': {
        const r = this.refunds.get(decodeURIComponent(url.pathname.split('/').pop()!));
        if (!r) return answer(404, { code: 'RESOURCE_NOT_EXISTS', message: '退款单不存在' });
        return answer(200, this.refundAnswer(r));
      }
      default:
        return this.reply(res, 404, { code: 'NOT_FOUND', message: '接口不存在' });
    }
  }

  private refundAnswer(r: FakeRefund) {
    return {
      refund_id: r.refund_id,
      out_refund_no: r.out_refund_no,
      transaction_id: this.transactions.get(r.out_trade_no)?.transaction_id,
      out_trade_no: r.out_trade_no,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      success_time: r.success_time,
      create_time: wechatTime(this.now()),
      status: r.status,
      amount: { total: r.total, refund: r.refund, payer_total: r.total, payer_refund: r.refund, currency: 'CNY' },
    };
  }

  /** Every answer is signed, as WeChat Pay's are; `forged` ones with a stranger's key. */
  private reply(res: http.ServerResponse, status: number, body?: object, forged = false) {
    const text = body === undefined ? '' : JSON.stringify(body);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString('hex');
    const key = forged ? this.strangerKey : this.signingKey();
    res.writeHead(status, {
      ...(text ? { 'content-type': 'application/json' } : {}),
      'request-id': randomUUID(),
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-serial': this.signingSerial(),
      'wechatpay-signature': sign('RSA-SHA256', Buffer.from(`${timestamp}\n${nonce}\n${text}\n`), key).toString('base64'),
    });
    res.end(text);
  }
}

/** A merchant API key pair and serial, as the merchant platform issues them (generated per test run). */
export function testMerchant(appId = 'wx-test-appid', mchId = '1900000109') {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    appId,
    mchId,
    serialNo: randomBytes(20).toString('hex').toUpperCase(),
    publicKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
