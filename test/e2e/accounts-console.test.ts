import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ID_NUMBERS } from '../../api/src/modules/identity/seed';
import { DEMO_STAFF_PASSWORD } from '../../api/src/modules/staff/seed';
import { byTestId, launchBrowser, newPage, type RunningServer, shot, startServer } from './support';

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('console: staff sign-in and patient lookup', () => {
  it('clinic staff sign in and look up a seeded resident by ID number; the lookup is audited', async () => {
    const page = await newPage(browser, 'desktop');
    await page.goto(`${server.url}/admin/#/login`);
    await page.locator(`${byTestId('login-username')} input, input${byTestId('login-username')}`).first().fill('qs.nurse');
    await page.locator(`${byTestId('login-password')} input, input${byTestId('login-password')}`).first().fill('wrong-password-1');
    await page.locator(byTestId('login-submit')).click();
    await expect.poll(() => page.locator(byTestId('login-error')).textContent()).toContain('用户名或密码错误');

    await page.locator(`${byTestId('login-password')} input, input${byTestId('login-password')}`).first().fill(DEMO_STAFF_PASSWORD);
    await page.locator(byTestId('login-submit')).click();
    await page.locator(byTestId('current-user')).waitFor();
    expect(await page.locator(byTestId('current-user')).textContent()).toContain('周春梅');

    await page.goto(`${server.url}/admin/#/patients`);
    const query = page.locator(`${byTestId('patient-query')} input, input${byTestId('patient-query')}`).first();
    await query.fill(DEMO_ID_NUMBERS['李桂芳']);
    await query.press('Enter');
    await page.locator(byTestId('patient-card')).waitFor();
    expect(await page.locator(byTestId('patient-name')).textContent()).toContain('李桂芳');
    const card = await page.locator(byTestId('patient-card')).textContent();
    expect(card).not.toContain(DEMO_ID_NUMBERS['李桂芳']);
    expect(card).toContain('138****1002');
    await shot(page, 'admin-patient-lookup');

    // Another township's resident is not found.
    await query.fill(DEMO_ID_NUMBERS['王秀英']);
    await query.press('Enter');
    await expect.poll(() => page.locator(byTestId('patient-error')).textContent()).toContain('本机构没有该居民的档案');

    // The resident sees the lookup in their access log.
    const login = await fetch(`${server.url}/api/v1/auth/demo/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ residentKey: 'zhang' }) });
    const { token } = await login.json();
    const log = await (await fetch(`${server.url}/api/v1/me/access-log`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(log.items[0]).toMatchObject({ actorName: '周春梅', personName: '李*芳', facilityName: '青石镇中心卫生院' });
  });
});

describe('console: connecting a facility system (对接系统)', () => {
  /** The OAuth2 token request a facility's LIS makes with what the console handed out. */
  const tokenStatus = async (clientId: string, secret: string) =>
    (
      await fetch(`${server.url}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
      })
    ).status;

  it('a community admin creates a client for 柳河镇, whose system then gets a token; a new secret retires the old; a stopped system gets none', async () => {
    const page = await newPage(browser, 'desktop');
    await page.goto(`${server.url}/admin/#/login`);
    await page.locator(`${byTestId('login-username')} input, input${byTestId('login-username')}`).first().fill('admin');
    await page.locator(`${byTestId('login-password')} input, input${byTestId('login-password')}`).first().fill(DEMO_STAFF_PASSWORD);
    await page.locator(byTestId('login-submit')).click();
    await page.locator(byTestId('nav-interop')).click();
    // The demo systems are listed.
    await page.locator(`${byTestId('interop-row')}[data-client-id="yx-rmyy"]`).waitFor();

    await page.locator(byTestId('interop-create')).click();
    await page.locator(byTestId('interop-create-facility')).click();
    await page.keyboard.type('柳河镇中心');
    await page.locator('.ant-select-item-option', { hasText: '柳河镇中心卫生院' }).click();
    // Suggested from the facility; a bad id is refused by the field before anything is sent.
    expect(await page.locator(byTestId('interop-create-client-id')).inputValue()).toBe('yx-t02-lis');
    expect(await page.locator(byTestId('interop-create-name')).inputValue()).toBe('柳河镇中心卫生院检验系统');
    await page.locator(byTestId('interop-create-client-id')).fill('YX T02');
    await page.locator(byTestId('interop-create-submit')).click();
    await page.locator('.ant-form-item-explain-error', { hasText: '客户端编号为3-64位小写字母' }).waitFor();
    // An id already in use is refused by the server, on the field.
    await page.locator(byTestId('interop-create-client-id')).fill('yx-rmyy');
    await page.locator(byTestId('interop-create-submit')).click();
    await page.locator('.ant-form-item-explain-error', { hasText: '客户端编号已被使用' }).waitFor();
    await page.locator(byTestId('interop-create-client-id')).fill('yx-t02-lis');
    await page.locator(byTestId('interop-create-submit')).click();

    const secret = (await page.locator(byTestId('interop-secret-value')).textContent())!.trim();
    expect(await page.locator(byTestId('interop-secret-client-id')).textContent()).toBe('yx-t02-lis');
    expect(secret.length).toBeGreaterThanOrEqual(24);
    await page.waitForTimeout(400); // the modal's opening animation, before a picture
    await shot(page, 'admin-interop-secret');
    await page.locator(byTestId('interop-secret-done')).click();
    expect(await tokenStatus('yx-t02-lis', secret)).toBe(200);
    // Shown once: the list never carries it.
    const row = page.locator(`${byTestId('interop-row')}[data-client-id="yx-t02-lis"]`);
    await row.waitFor();
    expect(await page.locator(byTestId('interop-table')).textContent()).not.toContain(secret);

    await row.locator(byTestId('interop-rotate')).click();
    await page.locator(byTestId('interop-rotate-confirm')).click();
    // The closed modal keeps its last content in the page while it fades: wait for the new secret.
    await expect.poll(async () => (await page.locator(byTestId('interop-secret-value')).textContent())?.trim()).not.toBe(secret);
    const rotated = (await page.locator(byTestId('interop-secret-value')).textContent())!.trim();
    await page.locator(byTestId('interop-secret-done')).click();
    expect(await tokenStatus('yx-t02-lis', secret)).toBe(401);
    expect(await tokenStatus('yx-t02-lis', rotated)).toBe(200);

    await row.locator(byTestId('interop-disable')).click();
    await page.locator(byTestId('interop-disable-confirm')).click();
    await expect.poll(() => row.textContent()).toContain('已停用');
    expect(await tokenStatus('yx-t02-lis', rotated)).toBe(401);
    await row.locator(byTestId('interop-enable')).click();
    await expect.poll(() => row.textContent()).not.toContain('已停用');
    expect(await tokenStatus('yx-t02-lis', rotated)).toBe(200);
    await shot(page, 'admin-interop');
  });
});
