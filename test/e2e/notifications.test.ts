import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

async function api<T>(path: string, init: { token?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  expect(res.ok, `${path}: ${res.status} ${await res.clone().text()}`).toBe(true);
  return (await res.json()) as T;
}

async function staffToken(username: string): Promise<string> {
  return (await api<{ token: string }>('/api/v1/auth/staff/login', { body: { username, password: DEMO_STAFF_PASSWORD } })).token;
}

/** Taro keeps earlier pages in the DOM on H5: act on the one on screen. */
const visible = (page: Page, id: string) => page.locator(`${byTestId(id)}:visible`);

async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(400); // the page transition, before a picture
}

async function consoleSignIn(page: Page, username: string): Promise<void> {
  await page.goto(`${server.url}/admin/#/login`);
  await page.locator(`${byTestId('login-username')} input, input${byTestId('login-username')}`).first().fill(username);
  await page.locator(`${byTestId('login-password')} input, input${byTestId('login-password')}`).first().fill(DEMO_STAFF_PASSWORD);
  await page.locator(byTestId('login-submit')).click();
  await page.locator(byTestId('current-user')).waitFor();
}

describe('elder fallback: the village doctor phones 李桂芳', () => {
  it('a son chooses 东岭村卫生室 for his mother, the clinic ticks the message off, the son sees it in 消息', async () => {
    const villages = (await api<{ items: { id: string; name: string }[] }>('/api/v1/facilities?level=village')).items;
    const dongling = villages.find((f) => f.name === '青石镇东岭村卫生室')!;
    const shiqiao = villages.find((f) => f.name === '青石镇石桥村卫生室')!;

    // 张建国 signs in on the H5 build and opens his mother's 通知方式 from 就诊人详情.
    const phone = await newPage(browser, 'phone');
    await phone.goto(`${server.url}/h5/#/pages/mine/index`);
    await visible(phone, 'mine-signin').click();
    await visible(phone, 'demo-login-zhang').click();
    await visible(phone, 'mine-self-name').waitFor();
    await visible(phone, 'mine-family').click();
    await visible(phone, 'family-item').filter({ hasText: '李*芳' }).click();
    await visible(phone, 'family-notify-preferences').click();
    await visible(phone, 'notify-pref-save').waitFor();
    expect(await visible(phone, 'notify-pref-wechat').textContent()).toContain('一直开着');
    expect(await phone.locator('.acc-note:visible').first().textContent()).toContain('如果老人不常看微信，可以让村卫生室的医生打电话通知');
    expect(await visible(phone, 'notify-pref-phone').textContent()).toContain('138****1002');
    // The demo seed already chose 东岭村 for her: turn it off, then choose it again.
    expect(await visible(phone, `notify-pref-clinic-${dongling.id}`).getAttribute('aria-checked')).toBe('true');
    // No SMS provider in demo mode: no switch to tap.
    expect(await visible(phone, 'notify-pref-sms').count()).toBe(0);
    await visible(phone, 'notify-pref-none').click();
    await visible(phone, 'notify-pref-save').click();
    await expect.poll(() => visible(phone, 'notify-pref-current').textContent()).not.toContain('打电话');

    // Another clinic of her township is offered too; 东岭村 is where she is registered.
    expect(await visible(phone, `notify-pref-clinic-${shiqiao.id}`).count()).toBe(1);
    await visible(phone, `notify-pref-clinic-${dongling.id}`).click();
    expect(await visible(phone, `notify-pref-clinic-${dongling.id}`).getAttribute('aria-checked')).toBe('true');
    await visible(phone, 'notify-pref-save').click();
    await expect.poll(() => visible(phone, 'notify-pref-current').textContent()).toContain('青石镇东岭村卫生室打电话');
    await phone.waitForTimeout(1800); // the 已保存 toast fades
    await shot(phone, 'h5-notify-preferences-clinics');
    await visible(phone, 'notify-pref-current').scrollIntoViewIfNeeded();
    await phone.evaluate(() => window.scrollTo(0, 0));
    await settle(phone);
    await shot(phone, 'h5-notify-preferences');

    // Saved on the server, not only on screen.
    const zhang = (await api<{ token: string }>('/api/v1/auth/demo/login', { body: { residentKey: 'zhang' } })).token;
    const family = (await api<{ items: { id: string; personId: string; name: string }[] }>('/api/v1/me/family', { token: zhang })).items;
    const mother = family.find((m) => m.name === '李*芳')!;
    const pref = await api<{ callFacility: { id: string } | null }>(`/api/v1/me/family/${mother.id}/notify-preferences`, { token: zhang });
    expect(pref.callFacility?.id).toBe(dongling.id);

    // A real event: the township doctor enters her fasting glucose at 青石镇中心卫生院, which
    // releases a result (result_released) for her family and, by her choice, for 东岭村.
    const qsDoctor = await staffToken('qs.doctor');
    const township = (await api<{ items: { id: string; name: string }[] }>('/api/v1/facilities?level=township')).items.find((f) => f.name === '青石镇中心卫生院')!;
    await api('/api/v1/staff/results/manual', {
      token: qsDoctor,
      body: { personId: mother.personId, facilityId: township.id, items: [{ code: 'glucose_fasting', value: 6.4 }] },
    });

    // The village doctor signs in to the console and finds her on the call list.
    const desk = await newPage(browser, 'desktop');
    await consoleSignIn(desk, 'dl.doctor');
    await desk.locator(byTestId('nav-call-list')).click();
    const item = desk.locator(byTestId('call-item')).filter({ hasText: '李桂芳' });
    await item.waitFor();
    expect(await item.count()).toBe(1);
    const text = (await item.textContent()) ?? '';
    expect(text).toContain('检查检验报告已出');
    expect(text).toContain('快速血糖');
    expect(text).toMatch(/今天 \d{2}:\d{2}/);
    expect(await item.locator(byTestId('call-phone')).getAttribute('href')).toBe('tel:13800001002');
    expect(await item.locator(byTestId('call-phone')).textContent()).toContain('138 0000 1002');
    // One clinic only: no facility filter.
    expect(await desk.locator(byTestId('call-facility')).count()).toBe(0);
    await shot(desk, 'admin-call-list');

    // 已通知, with a note; the list empties and the done tab keeps the record.
    const itemId = (await item.getAttribute('data-item-id'))!;
    await desk.locator(byTestId(`call-done-${itemId}`)).click();
    await desk.locator(`${byTestId('call-note')}`).fill('已电话告知本人，明天来卫生室复查');
    await settle(desk);
    await shot(desk, 'admin-call-list-done-modal');
    await desk.locator(byTestId('call-done-confirm')).click();
    await desk.locator(byTestId('call-empty')).waitFor();
    expect(await desk.locator(byTestId('call-empty')).textContent()).toContain('今天没有需要电话通知的居民');
    await shot(desk, 'admin-call-list-empty');
    await desk.locator(byTestId('call-tab-done')).click();
    const done = desk.locator(byTestId('call-item')).filter({ hasText: '李桂芳' });
    await done.waitFor();
    expect(await done.locator(byTestId('call-done-by')).textContent()).toContain('张文斌');
    expect(await done.locator(byTestId('call-done-by')).textContent()).toContain('明天来卫生室复查');
    await desk.waitForTimeout(3200); // the success message fades
    await shot(desk, 'admin-call-list-done');

    // The township nurse also works for its village clinics: she can filter by clinic.
    const nurseDesk = await newPage(browser, 'desktop');
    await consoleSignIn(nurseDesk, 'qs.nurse');
    await nurseDesk.locator(byTestId('nav-call-list')).click();
    await nurseDesk.locator(byTestId('call-facility')).waitFor();
    await nurseDesk.locator(byTestId('call-tab-done')).click();
    await nurseDesk.locator(byTestId('call-item')).filter({ hasText: '李桂芳' }).waitFor();
    expect(await nurseDesk.locator(byTestId('call-item')).first().textContent()).toContain('青石镇东岭村卫生室');
    await settle(nurseDesk);
    await shot(nurseDesk, 'admin-call-list-township');

    // A clinic's staff from another township never sees it.
    const lhNurse = await staffToken('lh.nurse');
    expect((await api<{ items: unknown[] }>('/api/v1/staff/call-list?status=done', { token: lhNurse })).items).toHaveLength(0);

    // The son sees the same message in 消息 (whatever WeChat did with it).
    await phone.goto(`${server.url}/h5/#/pages/mine/index`);
    await visible(phone, 'mine-messages').click();
    const message = visible(phone, 'message-item').filter({ hasText: '快速血糖' });
    await message.waitFor();
    expect(await message.textContent()).toContain('检查检验报告已出');
    await settle(phone);
    await shot(phone, 'h5-notify-messages');
  });

  it('from 我的, picks the member first; honours 关怀版', async () => {
    const page = await newPage(browser, 'phone');
    await page.goto(`${server.url}/h5/#/pages/mine/index`);
    await visible(page, 'mine-signin').click();
    await visible(page, 'demo-login-zhang').click();
    await visible(page, 'mine-self-name').waitFor();
    await visible(page, 'elder-toggle').click();
    await visible(page, 'mine-notify-preferences').click();
    await visible(page, 'member-picker-item').filter({ hasText: '李*芳' }).click();
    await expect.poll(() => visible(page, 'notify-pref-current').textContent()).toContain('李*芳');
    expect(await visible(page, 'notify-pref-save').evaluate((el) => el.closest('.elder') !== null)).toBe(true);
    expect(await visible(page, 'notify-pref-current').textContent()).toContain('东岭村卫生室打电话');
    await settle(page);
    await shot(page, 'h5-notify-preferences-elder');
    await visible(page, 'notify-pref-none').scrollIntoViewIfNeeded();
    await settle(page);
    await shot(page, 'h5-notify-preferences-elder-clinics');

    // 本人 (张建国) has no clinic chosen yet.
    await visible(page, 'member-picker-item').filter({ hasText: '张*国' }).click();
    await expect.poll(() => visible(page, 'notify-pref-current').textContent()).toContain('张*国');
    expect(await visible(page, 'notify-pref-none').getAttribute('aria-checked')).toBe('true');
  });
});
