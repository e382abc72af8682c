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
