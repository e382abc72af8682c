import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ID_NUMBERS } from '../../api/src/modules/identity/seed';
import { DEMO_STAFF_PASSWORD } from '../../api/src/modules/staff/seed';
import { FACILITY_CODE_SYSTEM, getInteropToken, postFhir, RESIDENT_ID_SYSTEM, uniqueId } from '../support/fhir';
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

const LI = { idNumber: DEMO_ID_NUMBERS['李桂芳'], name: '李桂芳' };

interface LabValue {
  loinc: string;
  local: string;
  name: string;
  value: number;
  unit: string;
  low: number;
  high: number;
  flag?: string;
}

/** A transaction Bundle of one chemistry report, as the county hospital's LIS sends it. */
function chemistryBundle(o: { identifier: string; name: string; localCode: string; values: LabValue[]; performer?: string; patient?: { idNumber: string; name: string } }) {
  const performer = o.performer ?? 'YX-RMYY';
  const patient = o.patient ?? LI;
  const effective = new Date().toISOString();
  const observations = o.values.map((v, i) => ({
    fullUrl: `urn:uuid:${o.identifier}-obs-${i}`,
    resource: {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: v.loinc }, { system: `urn:ygt:local-code:${performer}`, code: v.local, display: v.name }], text: v.name },
      subject: { reference: 'urn:uuid:patient-1' },
      effectiveDateTime: effective,
      valueQuantity: { value: v.value, unit: v.unit },
      referenceRange: [{ low: { value: v.low, unit: v.unit }, high: { value: v.high, unit: v.unit } }],
      ...(v.flag ? { interpretation: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: v.flag }] }] } : {}),
    },
    request: { method: 'POST', url: 'Observation' },
  }));
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: 'urn:uuid:patient-1',
        resource: { resourceType: 'Patient', identifier: [{ system: RESIDENT_ID_SYSTEM, value: patient.idNumber }], name: [{ text: patient.name }] },
        request: { method: 'POST', url: 'Patient' },
      },
      {
        fullUrl: `urn:uuid:org-${performer}`,
        resource: { resourceType: 'Organization', identifier: [{ system: FACILITY_CODE_SYSTEM, value: performer }] },
        request: { method: 'POST', url: 'Organization' },
      },
      {
        fullUrl: `urn:uuid:${o.identifier}`,
        resource: {
          resourceType: 'DiagnosticReport',
          identifier: [{ system: `urn:lis:${performer}`, value: o.identifier }],
          status: 'final',
          category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'CH' }] }],
          code: { coding: [{ system: `urn:ygt:local-code:${performer}`, code: o.localCode, display: o.name }], text: o.name },
          subject: { reference: 'urn:uuid:patient-1' },
          effectiveDateTime: effective,
          issued: effective,
          performer: [{ reference: `urn:uuid:org-${performer}` }],
          result: observations.map((x) => ({ reference: x.fullUrl })),
        },
        request: { method: 'POST', url: 'DiagnosticReport' },
      },
      ...observations,
    ],
  };
}

async function pushFromCounty(bundle: unknown): Promise<void> {
  const token = await getInteropToken(server, 'yx-rmyy', 'demo-interop-yx-rmyy');
  const res = await postFhir(server, token, bundle);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** 李桂芳's member id in 张建国's family. */
async function liMemberId(): Promise<string> {
  const login = await fetch(`${server.url}/api/v1/auth/demo/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ residentKey: 'zhang' }) });
  const { token } = (await login.json()) as { token: string };
  const family = (await (await fetch(`${server.url}/api/v1/me/family`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { id: string; relation: string }[] };
  return family.items.find((m) => m.relation === 'parent')!.id;
}

/** Taro keeps earlier pages in the DOM on H5: act on the one on screen. */
const visible = (page: Page, id: string) => page.locator(`${byTestId(id)}:visible`);

async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(500); // the page transition, before a picture
}

/** Opens 报告查询 signed in as 张建国 (demo sign-in) with 李桂芳 chosen. */
async function openResultsOfLi(page: Page, memberId: string): Promise<void> {
  await page.goto(`${server.url}/h5/#/packages/results/pages/index/index`);
  await visible(page, 'demo-login-zhang').click();
  await page.locator(`${byTestId('member-picker-item')}[data-member-id="${memberId}"]:visible`).click();
  await visible(page, 'result-item').first().waitFor();
}

const resultItem = (page: Page, name: string) => page.locator(`${byTestId('result-item')}:visible`, { has: page.locator(byTestId('result-name'), { hasText: name }) });

describe('shared results in the H5 build and the console', () => {
  it('a HbA1c pushed by FHIR appears in the resident’s list with the HR badge, and its trend chart renders', async () => {
    const identifier = uniqueId('E2E-A1C');
    await pushFromCounty(
      chemistryBundle({
        identifier,
        name: '糖化血红蛋白测定',
        localCode: 'A1C-TEST',
        values: [{ loinc: '4548-4', local: 'A1C', name: '糖化血红蛋白', value: 6.6, unit: '%', low: 4, high: 6, flag: 'H' }],
      }),
    );
    const memberId = await liMemberId();

    const page = await newPage(browser, 'phone');
    await openResultsOfLi(page, memberId);
    const item = resultItem(page, '糖化血红蛋白测定');
    await item.waitFor();
    // Newest first: the report just sent leads the list.
    expect(await visible(page, 'result-name').first().textContent()).toBe('糖化血红蛋白测定');
    expect(await item.locator(byTestId('result-facility')).textContent()).toContain('云溪县人民医院');
    expect(await item.locator(byTestId('result-abnormal')).textContent()).toContain('1项不在正常范围');
    expect(await item.locator(byTestId('result-hr-badge')).textContent()).toBe('云HR 互认');
    // HbA1c stays valid 60 days (the catalogue's default).
    expect(await item.locator(byTestId('result-validity')).textContent()).toMatch(/互认有效期至 \d{4}-\d{2}-\d{2}/);
    await settle(page);
    await shot(page, 'h5-results-list');

    await item.click();
    await visible(page, 'report-value-4548-4').waitFor();
    expect(await visible(page, 'report-value-4548-4').textContent()).toContain('6.6');
    expect(await visible(page, 'report-flag-4548-4').textContent()).toContain('偏高');
    expect(await visible(page, 'report-facilities').textContent()).toContain('检验：云溪县人民医院');
    await settle(page);
    await shot(page, 'h5-results-report');

    // HbA1c was measured at the township and the county before: one trend across facilities.
    await visible(page, 'report-trend-4548-4').click();
    const chart = visible(page, 'trend-chart');
    await chart.waitFor();
    await expect.poll(() => chart.locator(byTestId('trend-point')).count()).toBeGreaterThanOrEqual(2);
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThanOrEqual(2);
    const facilities = await chart.locator(byTestId('trend-point')).evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-facility')))]);
    expect(facilities).toEqual(expect.arrayContaining(['青石镇中心卫生院', '云溪县人民医院']));
    // Oldest on the left, the new 6.6 last.
    const xs = await chart.locator(byTestId('trend-point')).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(await chart.locator(byTestId('trend-point')).last().getAttribute('data-value')).toBe('6.6');
    expect(await visible(page, 'trend-band').count()).toBe(1);
    expect(await visible(page, 'trend-row').first().textContent()).toContain('6.6');
    await settle(page);
    await shot(page, 'h5-results-trend');
  });

  it('a critical result is held from the family until a county doctor releases it in the console', async () => {
    const identifier = uniqueId('E2E-K');
    await pushFromCounty(
      chemistryBundle({
        identifier,
        name: '急诊电解质',
        localCode: 'ELEC-ER',
        values: [
          { loinc: '2823-3', local: 'K', name: '钾', value: 6.9, unit: 'mmol/L', low: 3.5, high: 5.3, flag: 'HH' },
          { loinc: '2951-2', local: 'NA', name: '钠', value: 138, unit: 'mmol/L', low: 137, high: 147 },
        ],
      }),
    );
    const memberId = await liMemberId();
    const phone = await newPage(browser, 'phone');
    await openResultsOfLi(phone, memberId);
    expect(await resultItem(phone, '急诊电解质').count()).toBe(0);

    // The county doctor reviews it in 待发布结果.
    const desk = await newPage(browser, 'desktop');
    await desk.goto(`${server.url}/admin/#/login`);
    await desk.locator(`${byTestId('login-username')} input, input${byTestId('login-username')}`).first().fill('county.doctor');
    await desk.locator(`${byTestId('login-password')} input, input${byTestId('login-password')}`).first().fill('yigongtong2026');
    await desk.locator(byTestId('login-submit')).click();
    await desk.locator(byTestId('current-user')).waitFor();
    await desk.locator(byTestId('nav-results-release')).click();
    const row = desk.locator(byTestId('release-row'), { hasText: '急诊电解质' });
    await row.waitFor();
    expect(await row.textContent()).toContain('李*芳');
    expect(await row.textContent()).toContain('钾');
    expect(await row.textContent()).toContain('第1版');
    await shot(desk, 'admin-results-release-queue');

    await row.locator(byTestId('release-open')).click();
    await desk.locator(byTestId('release-form')).waitFor();
    // A comment is required.
    await desk.locator(byTestId('release-submit')).click();
    await expect.poll(() => desk.locator('.ant-form-item-explain-error').first().textContent()).toContain('请填写发布说明');
    await desk.locator(`textarea${byTestId('release-comment')}, ${byTestId('release-comment')} textarea`).first().fill('血钾偏高，已电话通知家属，请明天上午到县医院内科复查。');
    await desk.locator(byTestId('release-submit')).click();
    await desk.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await expect.poll(() => desk.locator(byTestId('release-form')).count()).toBe(0);
    await expect.poll(() => row.count()).toBe(0);
    await shot(desk, 'admin-results-released');

    // Now the family sees it, with the doctor's words.
    await phone.reload();
    const item = resultItem(phone, '急诊电解质');
    await item.waitFor();
    expect(await item.locator(byTestId('result-abnormal')).textContent()).toContain('危急值');
    await item.click();
    await visible(phone, 'report-doctor-comment').waitFor();
    expect(await visible(phone, 'report-doctor-comment').textContent()).toContain('已电话通知家属');
    expect(await visible(phone, 'report-flag-2823-3').textContent()).toContain('危急值');
    await settle(phone);
    await shot(phone, 'h5-results-critical-released');
  });

  it('staff open a patient’s results from 患者查询: recognised results still valid, the list and a report with its versions', async () => {
    const desk = await newPage(browser, 'desktop');
    await desk.goto(`${server.url}/admin/#/login`);
    await desk.locator(`${byTestId('login-username')} input, input${byTestId('login-username')}`).first().fill('qs.doctor');
    await desk.locator(`${byTestId('login-password')} input, input${byTestId('login-password')}`).first().fill('yigongtong2026');
    await desk.locator(byTestId('login-submit')).click();
    await desk.locator(byTestId('current-user')).waitFor();
    await desk.goto(`${server.url}/admin/#/patients`);
    const query = desk.locator(`${byTestId('patient-query')} input, input${byTestId('patient-query')}`).first();
    await query.fill(LI.idNumber);
    await query.press('Enter');
    await desk.locator(byTestId('patient-open-results')).click();
    await desk.locator(byTestId('staff-result-row')).first().waitFor();
    expect(await desk.locator(byTestId('patient-results-title')).textContent()).toContain('李桂芳');
    const recognised = await desk.locator(byTestId('recognised-card')).textContent();
    expect(recognised).toContain('常规心电图');
    expect(recognised).toContain('云HR');
    await shot(desk, 'admin-results-patient');

    await desk.locator(byTestId('staff-result-row'), { hasText: '常规心电图' }).click();
    await desk.locator(byTestId('staff-result-conclusion')).waitFor();
    expect(await desk.locator(byTestId('result-drawer')).textContent()).toContain('青石镇中心卫生院');
    expect(await desk.locator(byTestId('staff-result-versions')).textContent()).toContain('第1版');
    await shot(desk, 'admin-results-drawer');
  });

  it('a village doctor enters a blood pressure by hand; it joins the resident’s blood-pressure trend', async () => {
    const desk = await newPage(browser, 'desktop');
    await desk.goto(`${server.url}/admin/#/login`);
    await desk.locator(`${byTestId('login-username')} input, input${byTestId('login-username')}`).first().fill('dl.doctor');
    await desk.locator(`${byTestId('login-password')} input, input${byTestId('login-password')}`).first().fill('yigongtong2026');
    await desk.locator(byTestId('login-submit')).click();
    await desk.locator(byTestId('current-user')).waitFor();
    await desk.locator(byTestId('nav-results-manual')).click();
    await desk.locator(byTestId('manual-patient-query')).fill(LI.idNumber);
    await desk.locator(byTestId('manual-patient-query')).press('Enter');
    await desk.locator(byTestId('manual-systolic')).fill('162');
    await desk.locator(byTestId('manual-diastolic')).fill('98');
    await desk.locator(byTestId('manual-entry-submit')).click();
    await desk.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await desk.locator(byTestId('manual-entry-saved')).waitFor();
    expect(await desk.locator(byTestId('manual-entry-saved')).textContent()).toContain('偏高');
    await shot(desk, 'admin-results-manual-entry');

    const memberId = await liMemberId();
    const phone = await newPage(browser, 'phone');
    await phone.goto(`${server.url}/h5/#/packages/results/pages/trend/index?memberId=${memberId}&code=8480-6`);
    await visible(phone, 'demo-login-zhang').click();
    // Systolic and diastolic, each with the monthly village readings and today's.
    await expect.poll(() => visible(phone, 'trend-chart').count()).toBe(2);
    const last = await visible(phone, 'trend-chart').first().locator(byTestId('trend-point')).last().getAttribute('data-value');
    expect(last).toBe('162');
    await settle(phone);
    await shot(phone, 'h5-results-trend-blood-pressure');
  });
});

describe('the recognition catalogue (互认目录)', () => {
  it('a community admin shortens 糖化血红蛋白’s validity and stops recognising 钾; the public catalogue says so at once', async () => {
    const catalogue = async () => (await (await fetch(`${server.url}/api/v1/results/catalogue`)).json()) as { items: { code: string; recognised: boolean; validityDays: number }[] };
    const desk = await newPage(browser, 'desktop');
    await desk.goto(`${server.url}/admin/#/login`);
    await desk.locator(`${byTestId('login-username')} input, input${byTestId('login-username')}`).first().fill('admin');
    await desk.locator(`${byTestId('login-password')} input, input${byTestId('login-password')}`).first().fill(DEMO_STAFF_PASSWORD);
    await desk.locator(byTestId('login-submit')).click();
    await desk.locator(byTestId('nav-results-catalogue')).click();

    await desk.locator(byTestId('catalogue-search')).fill('糖化');
    const hba1c = desk.locator(`${byTestId('catalogue-row')}[data-code="4548-4"]`);
    await expect.poll(() => hba1c.textContent()).toContain('60 天');
    await hba1c.locator(byTestId('catalogue-edit')).click();
    const validity = desk.locator(`input${byTestId('catalogue-validity')}, ${byTestId('catalogue-validity')} input`).first();
    await validity.fill('0');
    await desk.locator(byTestId('catalogue-save')).click();
    await desk.locator('.ant-form-item-explain-error', { hasText: '有效期至少1天' }).waitFor();
    expect((await catalogue()).items.find((i) => i.code === '4548-4')!.validityDays).toBe(60);
    await validity.fill('45');
    await desk.locator(byTestId('catalogue-save')).click();
    await expect.poll(() => hba1c.textContent()).toContain('45 天');
    expect((await catalogue()).items.find((i) => i.code === '4548-4')).toMatchObject({ recognised: true, validityDays: 45 });

    await desk.locator(byTestId('catalogue-search')).fill('2823-3');
    const potassium = desk.locator(`${byTestId('catalogue-row')}[data-code="2823-3"]`);
    await potassium.locator(byTestId('catalogue-edit')).click();
    // The form shows this item's own values, not the last one edited.
    await expect.poll(() => validity.inputValue()).toBe('7');
    await desk.locator(byTestId('catalogue-recognised')).click();
    await desk.locator(byTestId('catalogue-save')).click();
    await expect.poll(() => potassium.textContent()).toContain('不互认');
    expect((await catalogue()).items.find((i) => i.code === '2823-3')!.recognised).toBe(false);
    await shot(desk, 'admin-results-catalogue');
  });
});

describe('reports nobody can be matched to', () => {
  it('a report sent with a name that disagrees with the ID number waits in 待发布结果 for the county to correct it, not in the family’s list', async () => {
    await pushFromCounty(
      chemistryBundle({
        identifier: uniqueId('LIS-MISMATCH'),
        name: '肝功能',
        localCode: 'LFT',
        values: [{ loinc: '1742-6', local: 'ALT', name: '丙氨酸氨基转移酶', value: 25, unit: 'U/L', low: 7, high: 40 }],
        patient: { idNumber: LI.idNumber, name: '李贵芳' },
      }),
    );
    const desk = await newPage(browser, 'desktop');
    await desk.goto(`${server.url}/admin/#/login`);
    await desk.locator(`${byTestId('login-username')} input, input${byTestId('login-username')}`).first().fill('county.doctor');
    await desk.locator(`${byTestId('login-password')} input, input${byTestId('login-password')}`).first().fill(DEMO_STAFF_PASSWORD);
    await desk.locator(byTestId('login-submit')).click();
    await desk.locator(byTestId('nav-results-release')).click();
    const row = desk.locator(byTestId('unmatched-row'), { hasText: '肝功能' });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('姓名不符');
    expect(text).toContain('请核对后由机构重新发送');
    expect(text).toContain('李*芳');
    expect(text).not.toContain(LI.idNumber);
    await shot(desk, 'admin-results-unmatched');

    // Not attached to 李桂芳: her family's list does not show it.
    const login = await fetch(`${server.url}/api/v1/auth/demo/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ residentKey: 'zhang' }) });
    const { token } = (await login.json()) as { token: string };
    const list = await fetch(`${server.url}/api/v1/results/members/${await liMemberId()}/reports`, { headers: { authorization: `Bearer ${token}` } });
    expect(list.status).toBe(200);
    const items = ((await list.json()) as { items: { name: string }[] }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.map((i) => i.name)).not.toContain('肝功能');

    // Another facility's staff do not see it.
    const township = await newPage(browser, 'desktop');
    await township.goto(`${server.url}/admin/#/login`);
    await township.locator(`${byTestId('login-username')} input, input${byTestId('login-username')}`).first().fill('qs.doctor');
    await township.locator(`${byTestId('login-password')} input, input${byTestId('login-password')}`).first().fill(DEMO_STAFF_PASSWORD);
    await township.locator(byTestId('login-submit')).click();
    await township.locator(byTestId('nav-results-release')).click();
    await township.locator(byTestId('unmatched-card')).waitFor();
    await expect.poll(() => township.locator(byTestId('unmatched-card')).textContent()).not.toContain('肝功能');
  });
});
