import { randomBytes } from 'node:crypto';
import { residentIdCheckChar } from '@ygt/shared';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ID_NUMBERS } from '../../api/src/modules/identity/seed';
import { byTestId, launchBrowser, newPage, type RunningServer, shot, startServer } from './support';

/** A valid ID number of the fictional 云溪县 (area 439901), as GB 11643-1999 computes it. */
function residentId(birth: string, sequence: string): string {
  const first17 = `439901${birth.replaceAll('-', '')}${sequence}`;
  return first17 + residentIdCheckChar(first17);
}

const SELF_ID = residentId('1994-03-08', '128'); // 陈晓燕, female (even 17th digit)
const PARENT_ID = residentId('1962-10-02', '013'); // 陈国强, male
const CHILD_ID = residentId('2019-07-15', '026'); // 林小米, 6 years old
// The same number with a wrong check character.
const BAD_ID = SELF_ID.slice(0, 17) + (SELF_ID[17] === '1' ? '2' : '1');

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

/**
 * Messages as notify() leaves them for an account (no flow of this issue sends one yet): written
 * straight into the server's database file.
 */
function addMessages(openid: string, messages: { title: string; body: string; link: string | null }[]): void {
  const db = new Database(server.env.SQLITE_PATH);
  try {
    const account = db.prepare('SELECT id FROM account WHERE openid = ?').get(openid) as { id: string };
    const insert = db.prepare(
      `INSERT INTO message (id, account_id, person_id, type, title, body, link, data, dedupe_key, wechat_status, created_at, read_at)
       VALUES (?, ?, NULL, 'result_released', ?, ?, ?, '{}', ?, 'not_applicable', ?, NULL)`,
    );
    messages.forEach((m, i) => {
      const id = randomBytes(13).toString('hex');
      insert.run(id, account.id, m.title, m.body, m.link, `e2e:${id}`, Date.now() - i * 60_000);
    });
  } finally {
    db.close();
  }
}

async function api<T = Record<string, string>>(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.ok, `${path}: ${res.status}`).toBe(true);
  return (await res.json()) as T;
}

/** Taro keeps earlier pages in the DOM on H5: act on the one on screen. */
const visible = (page: Page, id: string) => page.locator(`${byTestId(id)}:visible`);
const input = (page: Page, id: string) => page.locator(`${byTestId(id)}:visible input`);

async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(400); // the page transition, before a picture
}

async function openFamilyForm(page: Page): Promise<void> {
  await visible(page, 'family-add').click();
  await visible(page, 'family-form-submit').waitFor();
}

describe('a resident’s account in the H5 build', () => {
  it('signs in with demo sign-in, agrees to the consent, adds 本人 and family, shows the health card', async () => {
    const page = await newPage(browser, 'phone');
    await page.goto(`${server.url}/h5/#/pages/mine/index`);
    await visible(page, 'mine-signin').waitFor();
    await settle(page);
    await shot(page, 'h5-account-mine-signed-out');

    // Demo sign-in, clearly labelled.
    await visible(page, 'mine-signin').click();
    await visible(page, 'demo-login-chen').waitFor();
    expect(await visible(page, 'demo-sign-in').textContent()).toContain('演示登录');
    await settle(page);
    await shot(page, 'h5-account-sign-in');
    await visible(page, 'demo-login-chen').click();

    // 陈晓燕 has not agreed yet: the separate consent comes next.
    await visible(page, 'consent-agree').waitFor();
    const consentText = await visible(page, 'consent-document').textContent();
    expect(consentText).toContain('个人健康信息处理单独同意书');
    expect(consentText).toContain('注销账号');
    await settle(page);
    await shot(page, 'h5-account-consent');
    await visible(page, 'consent-agree').click();

    // Back on 我的, signed in with a demo account and no real-name profile yet.
    await visible(page, 'mine-complete-profile').waitFor();
    await expect.poll(() => visible(page, 'demo-badge').count()).toBe(1);
    expect(await visible(page, 'mine-consent-status').textContent()).toContain('已同意');
    await settle(page);
    await shot(page, 'h5-account-mine-signed-in');

    await visible(page, 'mine-family').click();
    await visible(page, 'family-self-missing').waitFor();
    expect(await visible(page, 'family-remaining').textContent()).toContain('还可添加 5 位');
    await settle(page);
    await shot(page, 'h5-account-family-empty');

    // 本人: a wrong check digit is caught as it is typed, and submitting adds nothing.
    await openFamilyForm(page);
    expect(await visible(page, 'family-form-relation-self').getAttribute('aria-checked')).toBe('true');
    await input(page, 'family-form-name').fill('陈晓燕');
    await input(page, 'family-form-idNumber').fill(BAD_ID);
    await expect.poll(() => visible(page, 'field-error-idNumber').textContent()).toContain('校验位');
    await visible(page, 'family-form-submit').click();
    await page.waitForTimeout(300);
    expect(await visible(page, 'family-form-submit').count()).toBe(1);
    await shot(page, 'h5-account-family-form-bad-id');

    await input(page, 'family-form-idNumber').fill(SELF_ID);
    await expect.poll(() => visible(page, 'field-error-idNumber').count()).toBe(0);
    expect(await visible(page, 'family-form-sex').textContent()).toContain('女');
    expect(await visible(page, 'family-form-birthDate').textContent()).toContain('1994年3月8日');
    await input(page, 'family-form-phone').fill('13712345678');
    await shot(page, 'h5-account-family-form-self');
    await visible(page, 'family-form-submit').click();
    await expect.poll(() => visible(page, 'family-item').count()).toBe(1);

    // A parent.
    await openFamilyForm(page);
    await visible(page, 'family-form-relation-parent').click();
    await input(page, 'family-form-name').fill('陈国强');
    await input(page, 'family-form-idNumber').fill(PARENT_ID);
    await visible(page, 'family-form-submit').click();
    await expect.poll(() => visible(page, 'family-item').count()).toBe(2);

    // The server's error lands on the field it names: this ID number belongs to someone else.
    await openFamilyForm(page);
    await visible(page, 'family-form-relation-other').click();
    await input(page, 'family-form-name').fill('王小明');
    await input(page, 'family-form-idNumber').fill(DEMO_ID_NUMBERS['张建国']);
    await visible(page, 'family-form-submit').click();
    await expect.poll(() => visible(page, 'field-error-name').textContent()).toContain('姓名与身份证号不匹配');
    await shot(page, 'h5-account-family-form-server-error');

    // A child under 14 needs the guardian's confirmation.
    await visible(page, 'family-form-relation-child').click();
    await input(page, 'family-form-name').fill('林小米');
    await input(page, 'family-form-idNumber').fill(CHILD_ID);
    await visible(page, 'family-form-guardian').waitFor();
    await visible(page, 'family-form-submit').click();
    await expect.poll(() => visible(page, 'field-error-guardian').count()).toBe(1);
    await visible(page, 'family-form-guardian').click();
    await shot(page, 'h5-account-family-form-minor');
    await visible(page, 'family-form-submit').click();
    await expect.poll(() => visible(page, 'family-item').count()).toBe(3);

    // Listed masked, with relation and the 未成年 tag.
    const names = await visible(page, 'family-item-name').allTextContents();
    expect(names).toEqual(['陈*燕', '陈*强', '林*米']);
    const ids = await visible(page, 'family-item-id').allTextContents();
    expect(ids[0]).toContain(`${SELF_ID.slice(0, 4)}**********${SELF_ID.slice(-4)}`);
    expect(ids.join()).not.toContain(SELF_ID);
    expect(await visible(page, 'family-item-relation').allTextContents()).toEqual(['本人', '父母', '子女']);
    expect(await visible(page, 'family-item-minor').count()).toBe(1);
    expect(await visible(page, 'family-remaining').textContent()).toContain('还可添加 2 位');
    await settle(page);
    await shot(page, 'h5-account-family-list');

    // The detail reveals the full ID number only when asked.
    await visible(page, 'family-item').nth(1).click();
    await visible(page, 'family-reveal').waitFor();
    expect(await visible(page, 'family-detail-idNumber').textContent()).not.toContain(PARENT_ID);
    await visible(page, 'family-reveal').click();
    await expect.poll(() => visible(page, 'family-detail-idNumber').textContent()).toBe(PARENT_ID);
    await shot(page, 'h5-account-family-detail');

    // The health card: a QR code to show staff.
    await visible(page, 'family-health-card').click();
    const qr = visible(page, 'health-card-qr');
    await qr.waitFor();
    await expect.poll(() => qr.locator('img').first().getAttribute('src')).toMatch(/^data:image\/gif;base64,/);
    const size = await qr.boundingBox();
    expect(size!.width).toBeGreaterThan(200);
    expect(await visible(page, 'health-card-name').textContent()).toContain('陈*强');
    await settle(page);
    await shot(page, 'h5-account-health-card');
  });

  it('shows a new resident an empty access log', async () => {
    const page = await newPage(browser, 'phone');
    await page.goto(`${server.url}/h5/#/packages/account/pages/access-log/index`);
    // Signed out: sign-in first, then back to the page asked for.
    await visible(page, 'demo-login-chen').click();
    await visible(page, 'access-log-empty').waitFor();
    expect(await visible(page, 'access-log-empty').textContent()).toContain('还没有医护人员查看过');
    await settle(page);
    await shot(page, 'h5-account-access-log-empty');
  });

  it('shows who looked a resident up, and messages with the unread count on 我的', async () => {
    // A township nurse looks 王秀英 up by ID number at the desk (audited).
    const { token } = await api('/api/v1/auth/staff/login', { username: 'lh.nurse', password: 'yigongtong2026' });
    const query = new URLSearchParams({ idNumber: DEMO_ID_NUMBERS['王秀英'], reason: '门诊挂号核对身份' });
    await api(`/api/v1/staff/patients/lookup?${query}`, undefined, { authorization: `Bearer ${token}` });
    // 陈晓燕 asks to add 王秀英, who has her own account, as a parent: 王秀英 must agree.
    const chen = await api('/api/v1/auth/demo/login', { residentKey: 'chen' });
    const chenHeaders = { authorization: `Bearer ${chen.token}` };
    const pending = await api('/api/v1/me/family', { name: '王秀英', idNumber: DEMO_ID_NUMBERS['王秀英'], relation: 'parent' }, chenHeaders);
    expect(pending.status).toBe('pending_consent');
    addMessages('demo:wang', [
      { title: '检查检验报告已出', body: '王秀英的血常规报告已经出来了。', link: '/packages/community/pages/list/index' },
      { title: '就诊提醒', body: '明天上午请到柳河镇中心卫生院看病。', link: null },
    ]);

    const page = await newPage(browser, 'phone');
    await page.goto(`${server.url}/h5/#/pages/mine/index`);
    await visible(page, 'mine-signin').click();
    await visible(page, 'demo-login-wang').click();
    await visible(page, 'mine-self-name').waitFor();
    expect(await visible(page, 'mine-self-name').textContent()).toBe('王*英');
    await expect.poll(() => visible(page, 'unread-badge').textContent()).toContain('2 条未读');
    await settle(page);
    await shot(page, 'h5-account-mine-wang');

    await visible(page, 'mine-messages').click();
    await expect.poll(() => visible(page, 'message-item').count()).toBe(2);
    expect(await visible(page, 'message-item').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('血常规报告')]));
    await settle(page);
    await shot(page, 'h5-account-messages');
    await page.goBack();
    // Opening the message centre read them.
    await expect.poll(() => visible(page, 'unread-badge').count()).toBe(0);

    await visible(page, 'mine-access-log').click();
    await visible(page, 'access-log-item').first().waitFor();
    const entry = await visible(page, 'access-log-item').first().textContent();
    expect(entry).toContain('柳河镇中心卫生院');
    expect(entry).toContain('门诊挂号核对身份');
    expect(entry).toContain('王*英');
    await settle(page);
    await shot(page, 'h5-account-access-log');
    await page.goBack();

    // The link request, approved after a confirmation.
    await expect.poll(() => visible(page, 'link-requests-badge').textContent()).toContain('1 条待处理');
    await visible(page, 'mine-link-requests').click();
    const request = visible(page, 'link-request-item');
    await request.waitFor();
    expect(await request.textContent()).toContain('陈*燕');
    expect(await request.textContent()).toContain('父母');
    await settle(page);
    await shot(page, 'h5-account-link-requests');
    await visible(page, 'link-request-approve').click();
    await page.locator('.taro-model__confirm:visible').click();
    await visible(page, 'link-requests-empty').waitFor();
    const chenFamily = await api<{ items: { name: string; status: string }[] }>('/api/v1/me/family', undefined, chenHeaders);
    expect(chenFamily.items.find((m) => m.name === '王*英')?.status).toBe('active');
  });

  it('honours 关怀版 on the account pages and explains account deletion', async () => {
    const page = await newPage(browser, 'phone');
    await page.goto(`${server.url}/h5/#/pages/mine/index`);
    await visible(page, 'mine-signin').click();
    await visible(page, 'demo-login-zhang').click();
    await visible(page, 'mine-self-name').waitFor();
    await visible(page, 'elder-toggle').click();
    await expect.poll(() => visible(page, 'mine-family').evaluate((el) => el.closest('.elder') !== null)).toBe(true);
    await visible(page, 'mine-family').click();
    await expect.poll(() => visible(page, 'family-item').count()).toBe(3);
    expect(await visible(page, 'family-item').first().evaluate((el) => el.closest('.elder') !== null)).toBe(true);
    await settle(page);
    await shot(page, 'h5-account-family-elder');

    await page.goto(`${server.url}/h5/#/packages/account/pages/health-card/index`);
    await visible(page, 'health-card-qr').waitFor();
    await settle(page);
    await shot(page, 'h5-account-health-card-elder');

    await page.goto(`${server.url}/h5/#/packages/account/pages/delete/index`);
    await visible(page, 'delete-confirm-input').waitFor();
    expect(await visible(page, 'delete-account').getAttribute('class')).toContain('disabled');
    await input(page, 'delete-confirm-input').fill('注销');
    await expect.poll(async () => (await visible(page, 'delete-account').getAttribute('class')) ?? '').not.toContain('disabled');
    await settle(page);
    await shot(page, 'h5-account-delete');
  });
});
