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

/** Taro's H5 <Input> puts the test id on its wrapper; type into the input inside. */
async function typeInto(page: Page, id: string, text: string): Promise<void> {
  await visible(page, id).locator('input').fill(text);
}

async function consoleSignIn(page: Page, username: string): Promise<void> {
  await page.goto(`${server.url}/admin/#/login`);
  await page.locator(`${byTestId('login-username')} input, input${byTestId('login-username')}`).first().fill(username);
  await page.locator(`${byTestId('login-password')} input, input${byTestId('login-password')}`).first().fill(DEMO_STAFF_PASSWORD);
  await page.locator(byTestId('login-submit')).click();
  await page.locator(byTestId('current-user')).waitFor();
}

/** A pharmacy-board move on 李桂芳's order: open the column, press the action, confirm. */
async function pharmacyMove(page: Page, column: string, action: string): Promise<void> {
  await page.locator(byTestId(`pharmacy-tab-${column}`)).click();
  const row = page.locator(byTestId('pharmacy-order-row')).filter({ hasText: '李桂芳' });
  await row.locator(byTestId(`pharmacy-action-${action}`)).click();
  await page.locator(`${byTestId('pharmacy-confirm')}:visible`).click();
  await expect.poll(() => row.count()).toBe(0);
}

describe('长处方续方 from the village to the county pharmacy and back', () => {
  it('张建国 renews his mother’s prescription with pickup at 东岭村卫生室; doctor, pharmacist and clinic do their part; he sees the pickup code', async () => {
    const villages = (await (await fetch(`${server.url}/api/v1/facilities?level=village`)).json()) as { items: { id: string; name: string }[] };
    const dongling = villages.items.find((f) => f.name === '青石镇东岭村卫生室')!;

    // ---- the resident asks for the renewal (H5) -------------------------------------------------------
    const phone = await newPage(browser, 'phone');
    await phone.goto(`${server.url}/h5/#/packages/prescriptions/pages/index/index`);
    await visible(phone, 'demo-login-zhang').click();
    await visible(phone, 'member-picker-item').filter({ hasText: '李*芳' }).click();
    const rx = visible(phone, 'rx-item').first();
    await rx.waitFor();
    expect(await rx.locator(byTestId('rx-supply-left')).textContent()).toMatch(/还剩\s*5\s*天的药/);
    expect(await rx.locator(byTestId('rx-health-advice')).textContent()).toContain('低盐低脂');
    await settle(phone);
    await shot(phone, 'h5-rx-list');

    await rx.locator(byTestId('rx-renew')).click();
    await visible(phone, 'renew-check').waitFor();
    // Nothing answered yet: each question says what is missing.
    await visible(phone, 'renew-next').click();
    expect(await visible(phone, 'renew-error-sys').textContent()).toContain('高压');
    expect(await visible(phone, 'renew-error-hospitalised').textContent()).toContain('请选');
    await typeInto(phone, 'renew-bp-sys', '135');
    await typeInto(phone, 'renew-bp-dia', '85');
    await typeInto(phone, 'renew-glucose', '6.5');
    await visible(phone, 'renew-answer-side-effects-no').click();
    await visible(phone, 'renew-answer-hospitalised-no').click();
    await visible(phone, 'renew-answer-new-diagnosis-no').click();
    await settle(phone);
    await shot(phone, 'h5-rx-renew-check');
    await visible(phone, 'renew-next').click();

    await visible(phone, 'renew-fulfil').waitFor();
    await visible(phone, `renew-pickup-${dongling.id}`).click();
    expect(await visible(phone, `renew-pickup-${dongling.id}`).getAttribute('aria-checked')).toBe('true');
    await settle(phone);
    await shot(phone, 'h5-rx-renew-fulfil');
    await visible(phone, 'renew-next').click();

    await visible(phone, 'renew-confirm').waitFor();
    expect(await visible(phone, 'renew-confirm').textContent()).toContain('到青石镇东岭村卫生室取');
    await settle(phone);
    await shot(phone, 'h5-rx-renew-confirm');
    await visible(phone, 'renew-submit').click();
    const result = visible(phone, 'renew-result');
    await result.waitFor();
    expect(await result.getAttribute('data-result')).toBe('submitted');
    expect(await result.textContent()).toContain('等医生审核');
    await settle(phone);
    await shot(phone, 'h5-rx-renew-result');
    await visible(phone, 'renew-done').click();
    await visible(phone, 'rx-task-renewal').waitFor();
    expect(await visible(phone, 'rx-item').first().locator(byTestId('rx-renewal-pending')).count()).toBe(1);

    // ---- the family doctor approves (console) --------------------------------------------------------------
    const doctor = await newPage(browser, 'desktop');
    await consoleSignIn(doctor, 'qs.doctor');
    await doctor.locator(byTestId('nav-renewals')).click();
    const renewalRow = doctor.locator(byTestId('renewal-row')).filter({ hasText: '李桂芳' });
    await renewalRow.waitFor();
    expect(await renewalRow.locator(byTestId('renewal-my-team')).count()).toBe(1);
    await shot(doctor, 'admin-rx-renewal-queue');
    await renewalRow.click();
    await doctor.locator(byTestId('renewal-answers')).waitFor();
    expect(await doctor.locator(byTestId('renewal-answers')).textContent()).toContain('135/85');
    await doctor.locator(byTestId('renewal-advice')).fill('低盐饮食，每天走路半小时；每周量两次血压，记在本子上。');
    await doctor.waitForTimeout(400); // the drawer's slide-in, before a picture
    await shot(doctor, 'admin-rx-renewal-review');
    await doctor.locator(byTestId('renewal-approve')).click();
    await doctor.locator(byTestId('renewal-approve-confirm')).click();
    await expect.poll(() => renewalRow.count()).toBe(0);

    // ---- the pharmacist checks the prescription (审方) -------------------------------------------------------
    const pharmacist = await newPage(browser, 'desktop');
    await consoleSignIn(pharmacist, 'pharmacist');
    await pharmacist.locator(byTestId('nav-pharmacy')).click();
    const reviewRow = pharmacist.locator(byTestId('pharmacy-order-row')).filter({ hasText: '李桂芳' });
    await reviewRow.waitFor();
    await shot(pharmacist, 'admin-rx-pharmacy-board');
    await reviewRow.locator(byTestId('pharmacy-open-review')).click();
    await pharmacist.locator(byTestId('pharmacy-medicines')).waitFor();
    expect(await pharmacist.locator(byTestId('pharmacy-order-drawer')).textContent()).toContain('苯磺酸氨氯地平片');
    await pharmacist.waitForTimeout(400);
    await shot(pharmacist, 'admin-rx-pharmacy-review');
    await pharmacist.locator(byTestId('pharmacy-action-approve')).click();
    await pharmacist.locator(`${byTestId('pharmacy-confirm')}:visible`).click();
    // 审方 done: the drawer closes and the order waits for the resident's payment.
    await pharmacist.locator(byTestId('pharmacy-tab-awaiting_payment')).click();
    await pharmacist.locator(byTestId('pharmacy-order-row')).filter({ hasText: '李桂芳' }).waitFor();

    // ---- the resident pays the co-pay (demo pay) --------------------------------------------------------------
    await phone.reload();
    const task = visible(phone, 'rx-task-order').first();
    await task.waitFor();
    expect(await task.textContent()).toContain('待支付');
    await task.click();
    await expect.poll(async () => (await visible(phone, 'order-status').textContent()) ?? '').toContain('待支付');
    expect(await visible(phone, 'order-copay-amount').textContent()).toMatch(/¥\d+\.\d{2}/);
    expect(await visible(phone, 'rx-health-advice').textContent()).toContain('每周量两次血压');
    await settle(phone);
    await shot(phone, 'h5-rx-order-pay');
    await visible(phone, 'order-pay').click();
    await visible(phone, 'demo-pay-sheet').waitFor();
    expect(await visible(phone, 'demo-pay-sheet').textContent()).toContain('不会真实扣款');
    await shot(phone, 'h5-rx-order-demo-pay');
    await visible(phone, 'demo-pay-confirm').click();
    await expect.poll(async () => (await visible(phone, 'order-status').textContent()) ?? '').toContain('配药中');

    // ---- the pharmacy dispenses, packs and sends it to the village clinic --------------------------------------
    await pharmacist.locator(byTestId('pharmacy-reload')).click();
    await pharmacyMove(pharmacist, 'to_dispense', 'dispense');
    await pharmacyMove(pharmacist, 'dispensed', 'pack');
    await pharmacist.locator(byTestId('pharmacy-tab-packed')).click();
    await shot(pharmacist, 'admin-rx-pharmacy-packed');
    await pharmacyMove(pharmacist, 'packed', 'send-to-clinic');

    // ---- the village clinic receives the parcel ------------------------------------------------------------------
    const nurse = await newPage(browser, 'desktop');
    await consoleSignIn(nurse, 'qs.nurse');
    await nurse.locator(byTestId('nav-clinic-pickup')).click();
    const clinicRow = nurse.locator(byTestId('clinic-order-row')).filter({ hasText: '李桂芳' });
    await clinicRow.waitFor();
    expect(await clinicRow.textContent()).toContain('东岭村卫生室');
    await shot(nurse, 'admin-rx-clinic-incoming');
    await clinicRow.locator(byTestId('clinic-receive')).click();
    await nurse.locator(byTestId('clinic-receive-confirm')).click();
    await expect.poll(() => clinicRow.count()).toBe(0);

    // ---- the resident sees 待取药 with the pickup code ----------------------------------------------------------------
    await phone.reload();
    await expect.poll(async () => (await visible(phone, 'order-status').textContent()) ?? '').toContain('待取药');
    const code = ((await visible(phone, 'order-pickup-code').textContent()) ?? '').trim();
    expect(code).toMatch(/^\d{6}$/);
    expect(await visible(phone, 'order-pickup').textContent()).toContain('青石镇东岭村卫生室');
    await settle(phone);
    await shot(phone, 'h5-rx-order-ready');

    // 关怀版: the code is bigger still.
    const normalSize = await visible(phone, 'order-pickup-code').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const orderUrl = phone.url();
    await phone.goto(`${server.url}/h5/`);
    await visible(phone, 'elder-toggle').click();
    await phone.goto(orderUrl);
    await expect.poll(async () => (await visible(phone, 'order-pickup-code').textContent())?.trim()).toBe(code);
    const elderSize = await visible(phone, 'order-pickup-code').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(elderSize).toBeGreaterThan(normalSize);
    await settle(phone);
    await shot(phone, 'h5-rx-order-ready-elder');

    // ---- she comes to the clinic: the nurse checks the code and hands the medicine out ----------------------------------
    await nurse.locator(byTestId('clinic-tab-ready_for_pickup')).click();
    const readyRow = nurse.locator(byTestId('clinic-order-row')).filter({ hasText: '李桂芳' });
    await readyRow.locator(byTestId('clinic-hand-out')).click();
    await nurse.locator(byTestId('clinic-pickup-code')).fill(code === '123456' ? '654321' : '123456');
    await nurse.locator(byTestId('clinic-pickup-submit')).click();
    await expect.poll(async () => (await nurse.locator('.ant-form-item-explain-error').allTextContents()).join('')).toMatch(/取药码/);
    await shot(nurse, 'admin-rx-clinic-wrong-code');
    await nurse.locator(byTestId('clinic-pickup-code')).fill(code);
    await nurse.locator(byTestId('clinic-pickup-submit')).click();
    await expect.poll(() => readyRow.count()).toBe(0);

    await phone.reload();
    await expect.poll(async () => (await visible(phone, 'order-status').textContent()) ?? '').toContain('已取药');
    expect(await visible(phone, 'order-pickup-code').count()).toBe(0);
  });
});

/** An antd input by test id: the id sits on the <input> itself or on its wrapper. */
const antInput = (page: Page, id: string) => page.locator(`input${byTestId(id)}, ${byTestId(id)} input`).first();

describe('issuing a long prescription and the stop conditions', () => {
  it('a doctor issues a 7-day prescription from 患者查询 with the rules shown inline; a high blood pressure sends the renewal to the family doctor', async () => {
    const { DEMO_ID_NUMBERS } = await import('../../api/src/modules/identity/seed');

    // ---- the doctor certifies hypertension and issues (console) ------------------------------------------
    const doctor = await newPage(browser, 'desktop');
    await consoleSignIn(doctor, 'qs.doctor');
    await doctor.locator(byTestId('nav-patients')).click();
    await antInput(doctor, 'patient-query').fill(DEMO_ID_NUMBERS['张建国']);
    await doctor.locator(byTestId('patient-submit')).click();
    const panel = doctor.locator(byTestId('patient-long-rx'));
    await panel.waitFor();
    await expect.poll(async () => (await panel.textContent()) ?? '').toContain('尚未认定');

    await panel.locator(byTestId('rx-certify-open')).click();
    await doctor.locator(byTestId('rx-certify-code')).click();
    await doctor.locator('.ant-select-item-option').filter({ hasText: '高血压' }).click();
    await doctor.locator(byTestId('rx-certify-submit')).click();
    await panel.locator(byTestId('rx-condition')).filter({ hasText: '高血压' }).waitFor();

    await panel.locator(byTestId('rx-issue-open')).click();
    await doctor.locator(byTestId('rx-issue-rules')).waitFor();
    await doctor.locator(byTestId('rx-issue-drug')).click();
    await doctor.keyboard.type('氨氯地平');
    await doctor.locator('.ant-select-item-option').filter({ hasText: '苯磺酸氨氯地平片' }).first().click();
    // 90 days breaks the 12-week cap; above 4 weeks asks for the assessment and the patient's confirmation.
    await antInput(doctor, 'rx-issue-days').fill('90');
    await expect.poll(async () => (await doctor.locator(byTestId('rx-issue-violations')).textContent()) ?? '').toContain('最长12周');
    expect(await doctor.locator(byTestId('rx-issue-assessment')).count()).toBe(1);
    await doctor.waitForTimeout(300);
    await shot(doctor, 'admin-rx-issue-rules');
    await antInput(doctor, 'rx-issue-days').fill('7');
    await expect.poll(() => doctor.locator(byTestId('rx-issue-violations')).count()).toBe(0);
    expect(await doctor.locator(byTestId('rx-issue-assessment')).count()).toBe(0);
    await doctor.locator(byTestId('rx-issue-submit')).click();
    await panel.locator(byTestId('rx-patient-prescriptions')).filter({ hasText: '苯磺酸氨氯地平片' }).waitFor();
    await shot(doctor, 'admin-rx-patient-panel');

    // ---- 张建国 renews for himself with a high blood pressure (H5) ------------------------------------------
    const phone = await newPage(browser, 'phone');
    await phone.goto(`${server.url}/h5/#/packages/prescriptions/pages/index/index`);
    await visible(phone, 'demo-login-zhang').click();
    await visible(phone, 'member-picker-item').filter({ hasText: '张*国' }).click();
    const rx = visible(phone, 'rx-item').first();
    await rx.waitFor();
    expect(await rx.locator(byTestId('rx-supply-left')).textContent()).toMatch(/还剩\s*7\s*天的药/);
    await rx.locator(byTestId('rx-renew')).click();
    await typeInto(phone, 'renew-bp-sys', '172');
    await typeInto(phone, 'renew-bp-dia', '105');
    await visible(phone, 'renew-answer-side-effects-no').click();
    await visible(phone, 'renew-answer-hospitalised-no').click();
    await visible(phone, 'renew-answer-new-diagnosis-no').click();
    await visible(phone, 'renew-next').click();
    // A stop condition: no need to ask how to get medicine; straight to the doctor.
    const result = visible(phone, 'renew-result');
    await result.waitFor();
    expect(await result.getAttribute('data-result')).toBe('needs-visit');
    expect(await visible(phone, 'renew-stop-reasons').textContent()).toContain('172/105');
    expect(await visible(phone, 'renew-book-doctor').textContent()).toContain('预约家庭医生');
    await settle(phone);
    await shot(phone, 'h5-rx-renew-needs-visit');

    // Back on the list: the prescription says to see the doctor first.
    await visible(phone, 'renew-done').click();
    await visible(phone, 'rx-needs-visit').waitFor();
    await settle(phone);
    await shot(phone, 'h5-rx-list-needs-visit');
  });

  it('a township doctor signs 张建国 with the family-doctor team and his village clinic from 患者查询', async () => {
    const { DEMO_ID_NUMBERS } = await import('../../api/src/modules/identity/seed');
    const doctor = await newPage(browser, 'desktop');
    await consoleSignIn(doctor, 'qs.doctor');
    const findPatient = async () => {
      await doctor.locator(byTestId('nav-patients')).click();
      await antInput(doctor, 'patient-query').fill(DEMO_ID_NUMBERS['张建国']);
      await doctor.locator(byTestId('patient-submit')).click();
      const panel = doctor.locator(byTestId('patient-long-rx'));
      await panel.waitFor();
      return panel;
    };
    let panel = await findPatient();
    await expect.poll(async () => (await panel.textContent()) ?? '').toContain('未签约');
    await panel.locator(byTestId('contract-open')).click();

    // The village clinics offered are those of the chosen team's township.
    await doctor.locator(byTestId('contract-team')).click();
    await doctor.locator('.contract-team-popup .ant-select-item-option').filter({ hasText: '青石镇家庭医生一团队' }).click();
    // The village list opens once a team is chosen (on a busy machine, a moment after the click).
    const village = doctor.locator(byTestId('contract-village'));
    await expect.poll(() => village.evaluate((el) => el.closest('.ant-select')!.classList.contains('ant-select-disabled'))).toBe(false);
    await village.click();
    // The village list's own options (the team list may still be fading out on a busy machine).
    const villages = doctor.locator('.contract-village-popup .ant-select-item-option');
    await villages.first().waitFor();
    const offered = await villages.allTextContents();
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.every((name) => name.startsWith('青石镇'))).toBe(true);
    await villages.filter({ hasText: '东岭村' }).click();
    const term = (await doctor.locator(byTestId('contract-term')).textContent()) ?? '';
    const [, starts, ends] = /(\d{4}-\d{2}-\d{2}) 至 (\d{4}-\d{2}-\d{2})/.exec(term)!;
    expect(new Date(ends).getTime() - new Date(starts).getTime()).toBe(364 * 86_400_000);
    await shot(doctor, 'admin-contract-sign');
    await doctor.locator(byTestId('contract-submit')).click();
    await expect.poll(async () => (await panel.textContent()) ?? '').toContain(`青石镇家庭医生一团队`);
    expect(await panel.textContent()).toContain(`至 ${ends}`);
    expect(await panel.locator(byTestId('contract-open')).count()).toBe(0);

    // Kept: found again after a reload, the contract is there with the village clinic.
    await doctor.reload();
    panel = await findPatient();
    await expect.poll(async () => (await panel.textContent()) ?? '').toContain('东岭村');
    expect(await panel.textContent()).not.toContain('未签约');
  });

  it('王秀英 sees from when she can renew (too early)', async () => {
    const phone = await newPage(browser, 'phone');
    await phone.goto(`${server.url}/h5/#/packages/prescriptions/pages/index/index`);
    await visible(phone, 'demo-login-wang').click();
    await visible(phone, 'member-picker-item').filter({ hasText: '王*英' }).click();
    const rx = visible(phone, 'rx-item').first();
    await rx.waitFor();
    expect(await rx.locator(byTestId('rx-supply-left')).textContent()).toMatch(/还剩\s*23\s*天的药/);
    expect(await rx.locator(byTestId('rx-renew')).count()).toBe(0);
    expect(await rx.locator(byTestId('rx-renew-opens')).textContent()).toMatch(/\d+月\d+日起可续方/);
    await settle(phone);
    await shot(phone, 'h5-rx-too-early');
  });
});

describe('the formulary (药品目录)', () => {
  /** What a doctor's long-prescription form is offered: the API the console's issue form reads. */
  async function offeredToDoctors(code: string): Promise<boolean> {
    const login = await fetch(`${server.url}/api/v1/auth/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'qs.doctor', password: DEMO_STAFF_PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    const res = await fetch(`${server.url}/api/v1/staff/formulary?longPrescription=1&q=${code}`, { headers: { authorization: `Bearer ${token}` } });
    return ((await res.json()) as { items: { code: string }[] }).items.some((d) => d.code === code);
  }

  it('the central pharmacist adds a drug, sees which cannot go on a long prescription, changes its price and stops it', async () => {
    const page = await newPage(browser, 'desktop');
    await consoleSignIn(page, 'pharmacist');
    await page.locator(byTestId('nav-formulary')).click();
    await page.locator(`${byTestId('drug-row')}[data-code="YP-AMLD-5"]`).waitFor();

    /** 新增药品 filled in as from the purchase list; the code typed in lower case. */
    const fillNewDrug = async () => {
      await page.locator(byTestId('drug-add')).click();
      await page.locator(byTestId('drug-new-code')).fill('yp-pfta-2');
      expect(await page.locator(byTestId('drug-new-code')).inputValue()).toBe('YP-PFTA-2');
      await page.locator(byTestId('drug-new-genericName')).fill('匹伐他汀钙片');
      await page.locator(byTestId('drug-new-strength')).fill('2mg');
      await page.locator(byTestId('drug-new-form')).fill('片剂');
      await page.locator(byTestId('drug-new-unit')).fill('片');
      await antInput(page, 'drug-new-packSize').fill('14');
      await antInput(page, 'drug-new-price').fill('12.5');
    };
    await fillNewDrug();
    await page.locator(byTestId('drug-new-class')).click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '乙类' }).click();
    // Ticking 麻醉药品 shows the rule the server applies; unticked, the drug may go on a long prescription.
    const longRx = page.locator(byTestId('drug-new-long-rx'));
    await page.locator(byTestId('drug-new-flags')).getByText('麻醉药品').click();
    await expect.poll(() => longRx.textContent()).toBe('匹伐他汀钙片属于麻醉药品，不能开具长期处方。');
    await shot(page, 'admin-formulary-new');
    await page.locator(byTestId('drug-new-flags')).getByText('麻醉药品').click();
    await expect.poll(() => longRx.textContent()).toBe('可开具长期处方。');
    await page.locator(byTestId('drug-new-submit')).click();

    const row = page.locator(`${byTestId('drug-row')}[data-code="YP-PFTA-2"]`);
    await row.waitFor();
    expect(await row.textContent()).toMatch(/匹伐他汀钙片.*2mg · 片剂.*14片\/盒.*¥12\.50\/盒.*乙类.*可开.*在用/);
    expect(await offeredToDoctors('YP-PFTA-2')).toBe(true);
    // The same code again is refused, on its field.
    await fillNewDrug();
    await page.locator(byTestId('drug-new-submit')).click();
    await page.locator('.ant-form-item-explain-error', { hasText: '药品编码已存在' }).waitFor();
    await page.locator(byTestId('drug-new-cancel')).click();
    await expect.poll(() => page.locator('.ant-modal-wrap:visible').count()).toBe(0);

    // Another drug's form first: each opens with its own price.
    await antInput(page, 'drug-search').fill('');
    await page.locator(`${byTestId('drug-row')}[data-code="YP-AMLD-5"]`).locator(byTestId('drug-price')).click();
    await expect.poll(() => antInput(page, 'drug-price-yuan').inputValue()).toBe('3.20');
    await page.locator(byTestId('drug-price-cancel')).click();
    await expect.poll(() => page.locator('.ant-modal-wrap:visible').count()).toBe(0);
    await antInput(page, 'drug-search').fill('YP-PFTA-2');
    await antInput(page, 'drug-search').press('Enter');
    await row.locator(byTestId('drug-price')).click();
    await expect.poll(() => antInput(page, 'drug-price-yuan').inputValue()).toBe('12.50');
    await antInput(page, 'drug-price-yuan').fill('11.8');
    await page.locator(byTestId('drug-price-save')).click();
    await expect.poll(() => row.textContent()).toContain('¥11.80/盒');

    await row.locator(byTestId('drug-stop')).click();
    await page.locator(byTestId('drug-stop-confirm')).click();
    await expect.poll(() => row.textContent()).toContain('已停用');
    expect(await offeredToDoctors('YP-PFTA-2')).toBe(false);
    await shot(page, 'admin-formulary');
  });
});
