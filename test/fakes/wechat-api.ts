import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake of the WeChat server API (api.weixin.qq.com) on 127.0.0.1, speaking its protocol:
 * GET /sns/jscode2session answers { openid, unionid, session_key } for a code issued by
 * `issueCode`, once; a used or unknown code answers errcode 40029, as WeChat does. Codes made by
 * `failingCode(errcode)` answer that errcode (45011 rate limit, 40226 risky user, -1 busy).
 * It checks appid and secret like the real one (40013 / 40125).
 */
export class FakeWechatApi {
  readonly requests: { path: string; query: Record<string, string> }[] = [];
  private readonly codes = new Map<string, { openid: string; unionid: string } | { errcode: number }>();
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

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url!, this.url);
    const query = Object.fromEntries(url.searchParams);
    this.requests.push({ path: url.pathname, query });
    const reply = (body: object) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
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
}
