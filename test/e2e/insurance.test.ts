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

/** Taro keeps earlier pages in the DOM on H5: act on the one on screen. */
const visible = (page: Page, id: string) => page.locator(`${byTestId(id)}:visible`);

async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(400); // the page transition, before a picture
}

/** '¥1,345.00' as read on the page -> 134500 fen. */
async function fenOn(page: Page, id: string): Promise<number> {
  const text = (await visible(page, id).textContent()) ?? '';
  const match = /¥([\d,]+)\.(\d{2})/.exec(text);
  if (!match) throw new Error(`${id} shows no amount: "${text}"`);
  return Number(match[1].replaceAll(',', '')) * 100 + Number(match[2]);
}

/** The forecast cards as shown: the township must be cheaper than the county, and marked so. */
async function expectTownshipCheapest(page: Page): Promise<void> {
  await visible(page, 'forecast-card-primary').waitFor();
  const primary = await fenOn(page, 'forecast-patient-primary');
  const county = await fenOn(page, 'forecast-patient-county');
  const outOfCounty = await fenOn(page, 'forecast-patient-out_of_county');
  expect(primary).toBeLessThan(county);
  expect(county).toBeLessThan(outOfCounty);
  expect(await visible(page, 'forecast-card-primary').locator(byTestId('forecast-cheapest')).count()).toBe(1);
  expect(await visible(page, 'forecast-card-county').locator(byTestId('forecast-cheapest')).count()).toBe(0);
  expect(await visible(page, 'forecast-headline').textContent()).toContain('在乡镇看最省钱');
}

describe('医保报销 in the H5 build', () => {
  it('the resident opens 李桂芳’s settlement, sees the breakdown, the year and the forecast', async () => {
    const page = await newPage(browser, 'phone');
    await page.goto(`${server.url}/h5/#/packages/insurance/pages/index/index`);

    // Signed out: sign-in comes first and leads back here.
    await visible(page, 'demo-login-zhang').click();
    await visible(page, 'member-picker-item').first().waitFor();
    await visible(page, 'member-picker-item').filter({ hasText: '李*芳' }).click();
    const inpatient = visible(page, 'insurance-item').filter({ hasText: '青石镇中心卫生院' });
    await inpatient.waitFor();
    expect(await visible(page, 'insurance-item').count()).toBe(3);
    expect(await inpatient.textContent()).toContain('住院');
    expect(await inpatient.textContent()).toContain('¥5,000.00');
    await settle(page);
    await shot(page, 'h5-insurance-list');

    // The breakdown: the handbook's worked example to the fen.
    await inpatient.click();
    await visible(page, 'insurance-detail-fund').waitFor();
    expect(await visible(page, 'insurance-detail-fund').textContent()).toBe('¥3,655.00');
    expect(await visible(page, 'insurance-detail-cash').textContent()).toBe('¥1,345.00');
    expect(await visible(page, 'insurance-row-inScope').textContent()).toContain('¥4,500.00');
    expect(await visible(page, 'insurance-row-deductibleApplied').textContent()).toContain('¥200.00');
    const steps = await visible(page, 'insurance-steps').textContent();
    expect(steps).toContain('按 85% 报销，统筹基金支付 3,655.00 元');
    expect(steps).toContain('个人负担 1,345.00 元');
    await settle(page);
    await shot(page, 'h5-insurance-detail');
    await visible(page, 'insurance-steps').scrollIntoViewIfNeeded();
    await shot(page, 'h5-insurance-detail-steps');

    // The same treatment at the township, the county and out of county.
    await visible(page, 'insurance-detail-forecast').click();
    await visible(page, 'forecast-from-settlement').waitFor();
    await expectTownshipCheapest(page);
    expect(await fenOn(page, 'forecast-patient-primary')).toBe(134_500);
    expect(await fenOn(page, 'forecast-patient-county')).toBe(180_000);
    await settle(page);
    await shot(page, 'h5-insurance-forecast');
    await visible(page, 'forecast-steps').scrollIntoViewIfNeeded();
    await shot(page, 'h5-insurance-forecast-steps');

    // The 住院 5000元 example is the same claim.
    await visible(page, 'forecast-sample-0').click();
    await expect.poll(() => visible(page, 'forecast-sample-0').getAttribute('class')).toContain('fc-choice--active');
    await expectTownshipCheapest(page);
    expect(await fenOn(page, 'forecast-patient-primary')).toBe(134_500);

    // An amount of one's own: nothing typed is refused in words.
    await visible(page, 'forecast-custom').click();
    await visible(page, 'forecast-submit').click();
    expect(await visible(page, 'forecast-amount-error').textContent()).toContain('请填写');
    await visible(page, 'forecast-amount').locator('input').fill('3000');
    await visible(page, 'forecast-submit').click();
    await expect.poll(async () => (await visible(page, 'forecast-headline').textContent()) ?? '').toContain('¥3,000.00');
    await expectTownshipCheapest(page);
    await settle(page);
    await shot(page, 'h5-insurance-forecast-custom');

    // The year so far.
    await page.goBack();
    await page.goBack();
    await visible(page, 'insurance-open-annual').click();
    await visible(page, 'annual-deductible').waitFor();
    expect(await visible(page, 'annual-deductible-inpatient').textContent()).toContain('已付 ¥200.00');
    expect(await visible(page, 'annual-cap-inpatient').textContent()).toContain('已报 ¥3,655.00');
    expect(await visible(page, 'annual-cap-chronic_outpatient').textContent()).toContain('高血压');
    expect(await visible(page, 'annual-level-primary').textContent()).toContain('3 次');
    await settle(page);
    await shot(page, 'h5-insurance-annual');
    await visible(page, 'annual-level-chart').scrollIntoViewIfNeeded();
    await shot(page, 'h5-insurance-annual-chart');
  });

  it('关怀版 shows the two big numbers first and the details on request', async () => {
    const page = await newPage(browser, 'phone');
    await page.goto(`${server.url}/h5/`);
    await visible(page, 'elder-toggle').click();
    await page.goto(`${server.url}/h5/#/packages/insurance/pages/index/index`);
    await visible(page, 'demo-login-zhang').click();
    await visible(page, 'member-picker-item').filter({ hasText: '李*芳' }).click();
    await visible(page, 'insurance-item').filter({ hasText: '青石镇中心卫生院' }).waitFor();
    await settle(page);
    await shot(page, 'h5-insurance-list-elder');

    await visible(page, 'insurance-item').filter({ hasText: '青石镇中心卫生院' }).click();
    await visible(page, 'insurance-detail-fund').waitFor();
    expect(await visible(page, 'insurance-detail-fund').textContent()).toBe('¥3,655.00');
    expect(await visible(page, 'insurance-steps').count()).toBe(0);
    await settle(page);
    await shot(page, 'h5-insurance-detail-elder');
    await visible(page, 'insurance-detail-expand').click();
    await visible(page, 'insurance-steps').waitFor();

    await visible(page, 'insurance-detail-forecast').click();
    await expectTownshipCheapest(page);
    // Only the chosen cost is listed until another is asked for.
    expect(await visible(page, 'forecast-sample-0').count()).toBe(0);
    await settle(page);
    await shot(page, 'h5-insurance-forecast-elder');
    await visible(page, 'forecast-card-out_of_county').scrollIntoViewIfNeeded();
    await shot(page, 'h5-insurance-forecast-elder-cards');
    await visible(page, 'forecast-more-choices').click();
    await visible(page, 'forecast-sample-0').waitFor();
  });
});

/** An antd input by its test id: the id sits on the <input> or on its wrapper. */
const field = (page: Page, id: string) => page.locator(`${byTestId(id)} input, input${byTestId(id)}`).first();

async function signInToConsole(page: Page, username: string): Promise<void> {
  await page.goto(`${server.url}/admin/#/login`);
  await field(page, 'login-username').fill(username);
  await field(page, 'login-password').fill(DEMO_STAFF_PASSWORD);
  await page.locator(byTestId('login-submit')).click();
  await page.locator(byTestId('current-user')).waitFor();
}

describe('医保 in the console', () => {
  it('clinic staff see their facility’s settlement records with the detail', async () => {
    const page = await newPage(browser, 'desktop');
    await signInToConsole(page, 'qs.nurse');
    expect(await page.locator(byTestId('nav-insurance-policies')).count()).toBe(0);
    await page.locator(byTestId('nav-insurance-settlements')).click();
    const row = page.locator(byTestId('settlement-row')).filter({ hasText: 'DEMO-QS-ZY-0001' });
    await row.waitFor();
    expect(await row.textContent()).toContain('李桂芳');
    expect(await row.textContent()).toContain('¥3,655.00');
    await shot(page, 'admin-insurance-settlements');
    await row.click();
    await page.locator(byTestId('settlement-steps')).waitFor();
    expect(await page.locator(byTestId('settlement-steps')).textContent()).toContain('统筹基金支付 3,655.00 元');
    await page.waitForTimeout(300); // the drawer's animation
    await shot(page, 'admin-insurance-settlement-drawer');
  });

  it('the community admin sees the active policy, is stopped on a wrong field, previews and activates a new version', async () => {
    const page = await newPage(browser, 'desktop');
    await signInToConsole(page, 'admin');
    await page.locator(byTestId('nav-insurance-policies')).click();
    const active = page.locator(`${byTestId('policy-version-row')}[data-status="active"]`).filter({ hasText: '城乡居民医保' });
    await active.waitFor();
    expect(await active.textContent()).toContain('生效中');
    await expect.poll(() => page.locator('.ant-spin-blur').count()).toBe(0); // the table's loading fade
    await shot(page, 'admin-insurance-policies');

    // A new version from the active one: the resident scheme has no personal account.
    await active.locator(byTestId('policy-edit')).click();
    await page.locator(byTestId('policy-editor')).waitFor();
    await page.locator(byTestId('policy-personal-account')).click();
    await page.locator(byTestId('policy-save')).click();
    const accountItem = page.locator('.ant-form-item').filter({ has: page.locator(byTestId('policy-personal-account')) });
    await expect.poll(() => accountItem.locator('.ant-form-item-explain-error').textContent()).toContain('不设个人账户');
    expect(await page.locator(byTestId('policy-problems')).textContent()).toContain('有 1 处需要修改');
    await shot(page, 'admin-insurance-policy-invalid');
    await page.locator(byTestId('policy-personal-account')).click();

    // Raise the township inpatient ratio to 90%: the preview shows the resident pays less there.
    await field(page, 'policy-inpatient-primary-ratio').fill('90');
    await page.locator(byTestId('policy-preview')).click();
    await page.locator(byTestId('policy-preview-result')).waitFor();
    expect(await page.locator(byTestId('policy-preview-draft-primary')).textContent()).toBe('¥3,870.00 / ¥1,130.00');
    expect(await page.locator(byTestId('policy-preview-result')).textContent()).toContain('少付 ¥215.00');
    await shot(page, 'admin-insurance-policy-preview');

    await page.locator(byTestId('policy-save')).click();
    const draft = page.locator(`${byTestId('policy-version-row')}[data-status="draft"]`);
    await draft.waitFor();
    await draft.locator(byTestId('policy-activate')).click();
    await page.locator(byTestId('policy-activate-confirm')).click();
    await expect.poll(() => draft.count()).toBe(0);
    const now = page.locator(`${byTestId('policy-version-row')}[data-status="active"]`).filter({ hasText: '城乡居民医保' });
    expect(await now.getAttribute('data-version')).toMatch(/\.2$/);
    expect(await page.locator(`${byTestId('policy-version-row')}[data-status="superseded"]`).count()).toBe(1);
  });
});
