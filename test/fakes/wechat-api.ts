import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A subscribe message as WeChat received it (field names as in the protocol). */
export interface ReceivedSubscribeMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: string;
  lang?: string;
}

/** WeChat's length limits per template key kind (thing1, name2 ...), checked like the real one. */
const VALUE_LIMITS: Record<string, number> = { thing: 20, name: 20, phrase: 5, character_string: 32, number: 32, letter: 32, symbol: 5, phone_number: 17, car_number: 8 };

/**
 * A fake of the WeChat server API (api.weixin.qq.com) on 127.0.0.1, speaking its protocol:
 * GET /sns/jscode2session answers { openid, unionid, session_key } for a code issued by
 * `issueCode`, once; a used or unknown code answers errcode 40029, as WeChat does. Codes made by
 * `failingCode(errcode)` answer that errcode (45011 rate limit, 40226 risky user, -1 busy).
 * It checks appid and secret like the real one (40013 / 40125).
 *
 * GET /cgi-bin/token (grant_type=client_credential) issues access tokens (counted in
 * `tokenFetches`); `expireTokens()` makes every token issued so far answer 42001 from then on.
 * POST /cgi-bin/message/subscribe/send checks the token (41001 missing, 40001 unknown, 42001
 * expired), the body (40003 touser, 40037 template_id, 47003 a value empty or too long) and
 * records every accepted message in `subscribeMessages`; `refuseSubscription(openid)` makes it
 * answer 43101 for that user, `failNextSends(n, errcode)` fails the next n sends (-1 busy,
 * 45009 quota...). `sendAttempts` counts every send request, accepted or not.
 */
export class FakeWechatApi {
  readonly requests: { path: string; query: Record<string, string> }[] = [];
  private readonly codes = new Map<string, { openid: string; unionid: string } | { errcode: number }>();
  readonly subscribeMessages: ReceivedSubscribeMessage[] = [];
  sendAttempts = 0;
  tokenFetches = 0;
  /** Seconds each new token lives (WeChat: 7200). */
  tokenExpiresIn = 7200;
  /** Milliseconds each subscribe send takes to answer (a slow WeChat, so workers overlap). */
  sendDelayMs = 0;
  /** Template ids WeChat knows for this mini-program; empty: accept any. */
  readonly knownTemplates = new Set<string>();
  private readonly tokens = new Map<string, { expired: boolean }>();
  private readonly refused = new Set<string>();
  private failures: number[] = [];
  private server?: http.Server;
  url = '';

  constructor(
    readonly appId = 'wx-test-appid',
    readonly secret = 'test-secret',
  ) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop() {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  /** A wx.login code for this user, valid once (as WeChat's are, for 5 minutes). */
  issueCode(openid: string, unionid = `union-${openid}`): string {
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { openid, unionid });
    return code;
  }

  failingCode(errcode: number): string {
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { errcode });
    return code;
  }

  /** Every token issued so far is expired from now on: the next send with it gets 42001. */
  expireTokens() {
    for (const t of this.tokens.values()) t.expired = true;
  }

  /** This user has not subscribed (or refused): sends to them answer 43101. */
  refuseSubscription(openid: string) {
    this.refused.add(openid);
  }

  /** The next `n` sends answer `errcode` (-1 system busy, 45009 daily quota reached...). */
  failNextSends(n: number, errcode = -1) {
    this.failures.push(...Array.from({ length: n }, () => errcode));
  }

  /** Accepted messages to one user. */
  messagesTo(openid: string) {
    return this.subscribeMessages.filter((m) => m.touser === openid);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url!, this.url);
    const query = Object.fromEntries(url.searchParams);
    this.requests.push({ path: url.pathname, query });
    const reply = (body: object) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/cgi-bin/token' && req.method === 'GET') return reply(this.issueToken(query));
    if (url.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => setTimeout(() => reply(this.subscribeSend(query.access_token, raw)), this.sendDelayMs));
      return;
    }
    if (url.pathname === '/sns/jscode2session') {
      if (query.appid !== this.appId) return reply({ errcode: 40013, errmsg: 'invalid appid' });
      if (query.secret !== this.secret) return reply({ errcode: 40125, errmsg: 'invalid appsecret' });
      if (query.grant_type !== 'authorization_code') return reply({ errcode: 40002, errmsg: 'invalid grant_type' });
      const entry = this.codes.get(query.js_code ?? '');
      if (!entry) return reply({ errcode: 40029, errmsg: 'invalid code' });
      if ('errcode' in entry) return reply({ errcode: entry.errcode, errmsg: 'fake error' });
      this.codes.delete(query.js_code!);
      return reply({ openid: entry.openid, unionid: entry.unionid, session_key: randomBytes(16).toString('base64') });
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errcode: 404, errmsg: 'not found' }));
  }

  private issueToken(query: Record<string, string>) {
    if (query.grant_type !== 'client_credential') return { errcode: 40002, errmsg: 'invalid grant_type' };
    if (query.appid !== this.appId) return { errcode: 40013, errmsg: 'invalid appid' };
    if (query.secret !== this.secret) return { errcode: 40125, errmsg: 'invalid appsecret' };
    this.tokenFetches++;
    const token = `fake-token-${randomBytes(12).toString('hex')}`;
    this.tokens.set(token, { expired: false });
    return { access_token: token, expires_in: this.tokenExpiresIn };
  }

  private subscribeSend(token: string | undefined, raw: string) {
    this.sendAttempts++;
    if (!token) return { errcode: 41001, errmsg: 'access_token missing' };
    const t = this.tokens.get(token);
    if (!t) return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
    if (t.expired) return { errcode: 42001, errmsg: 'access_token expired' };
    let msg: ReceivedSubscribeMessage;
    try {
      msg = JSON.parse(raw) as ReceivedSubscribeMessage;
    } catch {
      return { errcode: 47001, errmsg: 'data format error' };
    }
    if (typeof msg.touser !== 'string' || !msg.touser) return { errcode: 40003, errmsg: 'invalid openid' };
    if (!msg.template_id || (this.knownTemplates.size && !this.knownTemplates.has(msg.template_id))) return { errcode: 40037, errmsg: 'invalid template_id' };
    for (const [key, v] of Object.entries(msg.data ?? {})) {
      const limit = VALUE_LIMITS[key.replace(/\d+$/, '')];
      if (typeof v?.value !== 'string' || !v.value || (limit && [...v.value].length > limit)) {
        return { errcode: 47003, errmsg: `argument invalid! data.${key}.value invalid` };
      }
    }
    const failure = this.failures.shift();
    if (failure !== undefined) return { errcode: failure, errmsg: failure === 45009 ? 'reach max api daily quota limit' : 'system error' };
    if (this.refused.has(msg.touser)) return { errcode: 43101, errmsg: 'user refuse to accept the msg' };
    this.subscribeMessages.push(msg);
    return { errcode: 0, errmsg: 'ok', msgid: Number.parseInt(randomBytes(6).toString('hex'), 16) };
  }
}
