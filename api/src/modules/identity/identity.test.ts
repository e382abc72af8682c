import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeWechatApi } from '@ygt/test/fakes/wechat-api';
import { familyOf, residentHeaders } from '@ygt/test/support/actors';
import { startTestApp, type TestApp } from '@ygt/test/support/harness';
import { DEMO_ID_NUMBERS } from './seed';
import { signInDemo } from './service';

let app: TestApp;
let wechat: FakeWechatApi;
beforeAll(async () => {
  wechat = await new FakeWechatApi().start();
  app = await startTestApp({ env: { WECHAT_API_BASE: wechat.url, WECHAT_APPID: wechat.appId, WECHAT_SECRET: wechat.secret } });
});
afterAll(async () => {
  await app?.close();
  await wechat?.stop();
});

const valid = (birth: string, seq: string) => {
  // Builds a valid ID number for a birth date and sequence (area 110105).
  const first17 = `110105${birth.replaceAll('-', '')}${seq}`;
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * W[i], 0);
  return first17 + '10X98765432'[sum % 11];
};

describe('WeChat sign-in through jscode2session', () => {
  it('creates an account on first sign-in and finds it again; session_key never leaves the server', async () => {
    const first = await app.api('/api/v1/auth/wechat/login', { body: { code: wechat.issueCode('openid-a') } });
    expect(first.status).toBe(200);
    expect(first.body.token).toMatch(/^[\w-]{40,}$/);
    expect(JSON.stringify(first.body)).not.toMatch(/session_key|sessionKey/);
    const call = wechat.requests.at(-1)!;
    expect(call.query).toMatchObject({ appid: wechat.appId, secret: wechat.secret, grant_type: 'authorization_code' });

    const second = await app.api('/api/v1/auth/wechat/login', { body: { code: wechat.issueCode('openid-a') } });
    const me1 = await app.api('/api/v1/me', { headers: { authorization: `Bearer ${first.body.token}` } });
    const me2 = await app.api('/api/v1/me', { headers: { authorization: `Bearer ${second.body.token}` } });
    expect(me1.body.accountId).toBe(me2.body.accountId);
    expect(me1.body).toMatchObject({ isDemo: false, self: null, consent: { healthData: false } });
  });

  it.each([
    [40029, 401, 'WECHAT_CODE_INVALID', /重新打开小程序/],
    [45011, 429, 'RATE_LIMITED', /频繁/],
    [40226, 403, 'WECHAT_RISKY_USER', /风险/],
    [-1, 503, 'WECHAT_UNAVAILABLE', /繁忙/],
  ])('maps WeChat error %i to %i %s with a clear message', async (errcode, status, code, message) => {
    const res = await app.api('/api/v1/auth/wechat/login', { body: { code: wechat.failingCode(errcode) } });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(message);
  });

  it('refuses a code used twice', async () => {
    const code = wechat.issueCode('openid-b');
    expect((await app.api('/api/v1/auth/wechat/login', { body: { code } })).status).toBe(200);
    expect((await app.api('/api/v1/auth/wechat/login', { body: { code } })).body.error.code).toBe('WECHAT_CODE_INVALID');
  });

  it('answers 400 naming the field for a missing code', async () => {
    const res = await app.api('/api/v1/auth/wechat/login', { body: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('code');
  });
});

describe('sessions', () => {
  it('rejects a missing, unknown or revoked token with 401', async () => {
    expect((await app.api('/api/v1/me')).status).toBe(401);
    expect((await app.api('/api/v1/me', { headers: { authorization: 'Bearer not-a-real-token-000000000000' } })).body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/过期/) });
    const headers = await residentHeaders(app, 'chen');
    expect((await app.api('/api/v1/me', { headers })).status).toBe(200);
    expect((await app.api('/api/v1/auth/logout', { method: 'POST', headers })).status).toBe(200);
    expect((await app.api('/api/v1/me', { headers })).status).toBe(401);
  });

  it('expires a session after its time to live', async () => {
    const short = await startTestApp({ env: { RESIDENT_SESSION_DAYS: '1' } });
    try {
      const headers = await residentHeaders(short, 'zhang');
      // KV TTLs run on real time: shorten this session's key directly to prove expiry is enforced.
      const keyed = [...Object.values(headers)][0].slice(7);
      const { createHash } = await import('node:crypto');
      const key = `session:${createHash('sha256').update(keyed).digest('hex')}`;
      const value = await short.deps.kv.get(key);
      await short.deps.kv.set(key, value!, 50);
      await new Promise((r) => setTimeout(r, 120));
      expect((await short.api('/api/v1/me', { headers })).status).toBe(401);
    } finally {
      await short.close();
    }
  });

  it('demo sign-in does not exist in production mode', async () => {
    await expect(signInDemo({ ...app.deps, config: { ...app.deps.config, mode: 'production' } }, 'zhang')).rejects.toMatchObject({ status: 404 });
  });
});

describe('family members (就诊人)', () => {
  it('adds a member with sex and birth date derived from the ID, masked in responses', async () => {
    const headers = await residentHeaders(app, 'chen');
    const id = valid('1990-04-01', '123');
    const res = await app.api('/api/v1/me/family', { headers, body: { name: '陈晓燕', idNumber: id, phone: '13712345678', relation: 'self', sex: 'male' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ sex: 'male', birthDate: '1990-04-01', relation: 'self', isMinor: false, status: 'active', idNumber: '1101**********' + id.slice(-4), phone: '137****5678', name: '陈*燕' });
    const revealed = await app.api(`/api/v1/me/family/${res.body.id}?reveal=1`, { headers });
    expect(revealed.body).toMatchObject({ idNumber: id, phone: '13712345678', name: '陈晓燕' });
  });

  it.each([
    [{ idNumber: '11010519491231002' }, 'idNumber', /18位/],
    [{ idNumber: '110105194912310021' }, 'idNumber', /校验位/],
    [{ idNumber: '110105194902300021' }, 'idNumber', /出生日期/],
    [{ name: 'x' }, 'name', /姓名/],
    [{ relation: 'friend' }, 'relation', /./],
    [{ phone: '12345' }, 'phone', /手机/],
    [{ sex: 'female' }, 'sex', /性别/],
  ])('rejects bad input %j naming %s, and changes nothing', async (patch, field, message) => {
    const headers = await residentHeaders(app, 'zhang');
    const before = await familyOf(app, headers);
    const res = await app.api('/api/v1/me/family', { headers, body: { name: '赵一', idNumber: valid('1970-01-01', '013'), relation: 'other', ...patch } });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message).toMatch(message);
    expect(await familyOf(app, headers)).toEqual(before);
  });

  it('allows at most 5 members per account; the 6th is refused and nothing changes', async () => {
    const code = wechat.issueCode('openid-limit');
    const { token } = (await app.api('/api/v1/auth/wechat/login', { body: { code } })).body;
    const headers = { authorization: `Bearer ${token}` };
    for (let i = 0; i < 5; i++) {
      const res = await app.api('/api/v1/me/family', { headers, body: { name: `孙家${'一二三四五'[i]}`, idNumber: valid(`196${i}-02-03`, '111'), relation: 'other' } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const sixth = await app.api('/api/v1/me/family', { headers, body: { name: '孙家六', idNumber: valid('1966-02-03', '111'), relation: 'other' } });
    expect(sixth.status).toBe(409);
    expect(sixth.body.error).toMatchObject({ code: 'LIMIT_REACHED', field: 'familyMembers' });
    expect(await familyOf(app, headers)).toHaveLength(5);
    const person = await app.deps.database.db.selectFrom('person').select('id').where('name', '=', '孙家六').execute();
    expect(person).toEqual([]);
  });

  it('holds the limit under concurrent adds', async () => {
    const { token } = (await app.api('/api/v1/auth/wechat/login', { body: { code: wechat.issueCode('openid-race') } })).body;
    const headers = { authorization: `Bearer ${token}` };
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => app.api('/api/v1/me/family', { headers, body: { name: `钱家${'一二三四五六七八'[i]}`, idNumber: valid(`197${i}-05-06`, '222'), relation: 'other' } })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    expect(results.filter((r) => r.status === 409)).toHaveLength(3);
    expect(await familyOf(app, headers)).toHaveLength(5);
  });

  it('lets only a guardian add a child under 14, and flags the minor', async () => {
    const { token } = (await app.api('/api/v1/auth/wechat/login', { body: { code: wechat.issueCode('openid-parent') } })).body;
    const headers = { authorization: `Bearer ${token}` };
    const child = { name: '周小宝', idNumber: valid('2018-07-08', '333'), relation: 'child' };
    const refused = await app.api('/api/v1/me/family', { headers, body: child });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ field: 'guardian', message: expect.stringMatching(/监护人/) });
    const asSelf = await app.api('/api/v1/me/family', { headers, body: { ...child, relation: 'self', guardian: true } });
    expect(asSelf.body.error.field).toBe('relation');
    const added = await app.api('/api/v1/me/family', { headers, body: { ...child, guardian: true } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ isMinor: true, status: 'active' });
  });

  it("never shows or changes another family's members (404 for guessed ids)", async () => {
    const zhang = await residentHeaders(app, 'zhang');
    const wang = await residentHeaders(app, 'wang');
    const wangSelf = (await familyOf(app, wang)).find((m) => m.relation === 'self')!;
    for (const req of [
      { p: `/api/v1/me/family/${wangSelf.id}` },
      { p: `/api/v1/me/family/${wangSelf.id}/health-card` },
      { p: `/api/v1/me/family/${wangSelf.id}`, method: 'PUT', body: { phone: '13811112222' } },
      { p: `/api/v1/me/family/${wangSelf.id}`, method: 'DELETE' },
    ]) {
      const res = await app.api(req.p, { headers: zhang, method: req.method, body: req.body });
      expect(res.status, `${req.method ?? 'GET'} ${req.p}`).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    const after = await app.api(`/api/v1/me/family/${wangSelf.id}?reveal=1`, { headers: wang });
    expect(after.body.phone).toBe('13900002001');
  });

  it('links an adult who has their own account only after they confirm', async () => {
    const { token } = (await app.api('/api/v1/auth/wechat/login', { body: { code: wechat.issueCode('openid-nephew') } })).body;
    const nephew = { authorization: `Bearer ${token}` };
    const wang = await residentHeaders(app, 'wang');
    const added = await app.api('/api/v1/me/family', { headers: nephew, body: { name: '王秀英', idNumber: DEMO_ID_NUMBERS['王秀英'], relation: 'other' } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ status: 'pending_consent', healthCardCode: null });
    expect((await app.api(`/api/v1/me/family/${added.body.id}/health-card`, { headers: nephew })).status).toBe(404);

    const requests = (await app.api('/api/v1/me/link-requests', { headers: wang })).body.items;
    expect(requests).toHaveLength(1);
    expect((await app.api(`/api/v1/me/link-requests/${requests[0].id}/approve`, { method: 'POST', headers: nephew })).status).toBe(404);
    expect((await app.api(`/api/v1/me/link-requests/${requests[0].id}/approve`, { method: 'POST', headers: wang })).status).toBe(200);
    expect((await app.api(`/api/v1/me/link-requests/${requests[0].id}/approve`, { method: 'POST', headers: wang })).status).toBe(404);
    const after = await app.api(`/api/v1/me/family/${added.body.id}`, { headers: nephew });
    expect(after.body.status).toBe('active');
  });

  it('refuses a name that does not match an existing ID number', async () => {
    const chen = await residentHeaders(app, 'chen');
    const res = await app.api('/api/v1/me/family', { headers: chen, body: { name: '王小英', idNumber: DEMO_ID_NUMBERS['王秀英'], relation: 'parent' } });
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'name' });
  });
});

describe('privacy', () => {
  it('stores ID numbers and phones encrypted, with a blind index (no plaintext in the row)', async () => {
    const row = await app.deps.database.db.selectFrom('person').selectAll().where('name', '=', '张建国').executeTakeFirstOrThrow();
    const id = DEMO_ID_NUMBERS['张建国'];
    expect(JSON.stringify(row)).not.toContain(id);
    expect(JSON.stringify(row)).not.toContain('13800001001');
    expect(JSON.stringify(row)).not.toContain(id.slice(6, 14));
    expect(row.id_number_enc).toMatch(/^demo1:[\w+/=]+:[\w+/=]+:[\w+/=]+$/);
    expect(row.id_number_bidx).toMatch(/^[0-9a-f]{64}$/);
    expect(app.deps.crypto.decrypt(row.id_number_enc)).toBe(id);
  });

  it('records separate consent with its version and time', async () => {
    const { token } = (await app.api('/api/v1/auth/wechat/login', { body: { code: wechat.issueCode('openid-consent') } })).body;
    const headers = { authorization: `Bearer ${token}` };
    const me = (await app.api('/api/v1/me', { headers })).body;
    expect(me.consent.healthData).toBe(false);
    const stale = await app.api('/api/v1/me/consents', { headers, body: { kind: 'health_data', version: '2020-01' } });
    expect(stale.body.error.field).toBe('version');
    const granted = await app.api('/api/v1/me/consents', { headers, body: { kind: 'health_data', version: me.consent.currentVersion } });
    expect(granted.body.consent).toMatchObject({ healthData: true, version: me.consent.currentVersion, grantedAt: app.clock.now() });
  });

  it('exports the data and deletes the account; the session dies and the person stays', async () => {
    const { token } = (await app.api('/api/v1/auth/wechat/login', { body: { code: wechat.issueCode('openid-leaving') } })).body;
    const headers = { authorization: `Bearer ${token}` };
    const idNumber = valid('1985-10-10', '555');
    await app.api('/api/v1/me/family', { headers, body: { name: '冯远', idNumber, relation: 'self' } });
    const exported = await app.api('/api/v1/me/export', { headers });
    expect(exported.body.familyMembers[0]).toMatchObject({ name: '冯远', idNumber });
    expect((await app.api('/api/v1/me', { method: 'DELETE', headers })).status).toBe(200);
    expect((await app.api('/api/v1/me', { headers })).status).toBe(401);
    const person = await app.deps.database.db.selectFrom('person').select(['own_account_id']).where('name', '=', '冯远').executeTakeFirstOrThrow();
    expect(person.own_account_id).toBeNull();
    // Signing in again with the same WeChat user starts a fresh account.
    const again = (await app.api('/api/v1/auth/wechat/login', { body: { code: wechat.issueCode('openid-leaving') } })).body;
    expect((await app.api('/api/v1/me/family', { headers: { authorization: `Bearer ${again.token}` } })).body.items).toEqual([]);
  });

  it("a deleted account's session on another phone reads nothing and writes nothing", async () => {
    // Reads run alongside the account check (resolveActor); the answer must still be the refusal.
    const signIn = async () => `Bearer ${(await app.api('/api/v1/auth/wechat/login', { body: { code: wechat.issueCode('openid-two-phones') } })).body.token}`;
    const phoneA = { authorization: await signIn() };
    const phoneB = { authorization: await signIn() };
    await app.api('/api/v1/me/family', { headers: phoneA, body: { name: '段明', idNumber: valid('1979-03-03', '777'), relation: 'self' } });
    expect((await app.api('/api/v1/me/export', { headers: phoneB })).body.familyMembers[0]).toMatchObject({ name: '段明' });
    expect((await app.api('/api/v1/me', { method: 'DELETE', headers: phoneA })).status).toBe(200);

    for (const path of ['/api/v1/me', '/api/v1/me/export', '/api/v1/me/family', '/api/v1/me/access-log']) {
      const read = await app.api(path, { headers: phoneB });
      expect(read.status, path).toBe(401);
      expect(read.body, path).toEqual({ error: expect.objectContaining({ code: 'UNAUTHENTICATED', message: '账号已注销，请重新登录' }) });
    }
    const added = await app.api('/api/v1/me/family', { headers: phoneB, body: { name: '段明', idNumber: valid('1979-03-03', '777'), relation: 'self' } });
    expect(added.status).toBe(401);
    const rows = await app.deps.database.db.selectFrom('family_member as m').innerJoin('person as p', 'p.id', 'm.person_id').select('m.removed_at').where('p.name', '=', '段明').execute();
    expect(rows.every((r) => r.removed_at !== null)).toBe(true);
  });
});
