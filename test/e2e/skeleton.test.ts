import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('walking skeleton in a real browser', () => {
  it('the H5 build lists the community facilities in Chinese, from home to a facility', async () => {
    const page = await newPage(browser, 'phone');
    await page.goto(`${server.url}/h5/`);
    await page.locator(byTestId('entry-community')).first().click();
    await page.locator(byTestId('facility-item')).first().waitFor();
    const names = await page.locator(byTestId('facility-name')).allTextContents();
    expect(names).toContain('云溪县人民医院');
    expect(names.filter((n) => n.includes('卫生院')).length).toBeGreaterThanOrEqual(6);
    await page.waitForTimeout(500); // let the page transition finish before the picture
    await shot(page, 'h5-facilities');

    await page.locator(byTestId('level-tab-township')).click();
    await expect.poll(async () => (await page.locator(byTestId('facility-name')).allTextContents()).every((n) => n.includes('卫生院'))).toBe(true);
    await page.locator(byTestId('facility-item')).first().click();
    await page.locator(byTestId('doctor-item')).first().waitFor();
    expect(await page.locator(byTestId('facility-detail-name')).textContent()).toContain('卫生院');
    expect(await page.locator(byTestId('expert-session-item')).count()).toBeGreaterThan(0);
    await shot(page, 'h5-facility-detail');
  });

  it('the elder mode (关怀版) switch enlarges the home page', async () => {
    const page = await newPage(browser, 'phone');
    await page.goto(`${server.url}/h5/`);
    const entry = page.locator(byTestId('entry-booking')).first();
    await entry.waitFor();
    const before = await entry.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    await page.locator(`${byTestId('elder-toggle')}:visible`).click();
    await expect.poll(() => entry.evaluate((el) => el.closest('.elder') !== null)).toBe(true);
    const after = await entry.evaluate((el) => Math.max(...[el, ...el.querySelectorAll('*')].map((e) => parseFloat(getComputedStyle(e).fontSize))));
    expect(after).toBeGreaterThan(before);
    await shot(page, 'h5-home-elder');
  });

  it('the console shows the same facilities', async () => {
    const page = await newPage(browser, 'desktop');
    await page.goto(`${server.url}/admin/`);
    await page.locator(byTestId('browse-facilities')).click();
    await page.locator(byTestId('facility-row')).first().waitFor();
    const text = await page.locator(byTestId('facilities-table')).textContent();
    expect(text).toContain('云溪县人民医院');
    expect(text).toContain('青石镇中心卫生院');
    await shot(page, 'admin-facilities');
  });
});
