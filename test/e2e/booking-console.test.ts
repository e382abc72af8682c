import type { Browser, Page } from 'playwright-core';
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

const TOWNSHIP = '青石镇中心卫生院';
/** The server answers a reject or a stop only after the refund is submitted: allow a loaded machine time. */
const SLOW = { timeout: 15_000 };

async function call<T = any>(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function residentToken(): Promise<string> {
  const { body } = await call<{ token: string }>('POST', '/auth/demo/login', undefined, { residentKey: 'zhang' });
  return body.token;
}

interface Booked {
  id: string;
  scheduleId: string;
  date: string;
  status: string;
  feeFen: number;
}

/**
 * Books the first open township segment the resident can take, skipping `avoid` schedules, for
 * the family member `memberIndex`; pays a fee through the demo provider (prepay, then confirm).
 */
async function bookTownshipSlot(token: string, memberIndex: number, avoid: string[] = []): Promise<Booked> {
  const family = (await call<{ items: { id: string }[] }>('GET', '/me/family', token)).body.items;
  const schedules = (await call<{ items: any[] }>('GET', `/schedules?township=${encodeURIComponent('青石镇')}`)).body.items.filter(
    (s) => s.facility.name === TOWNSHIP && s.bookingOpen && s.remaining > 0 && !s.isVisiting && !avoid.includes(s.id),
  );
  for (const schedule of schedules) {
    const detail = (await call<{ slots: any[] }>('GET', `/schedules/${schedule.id}`)).body;
    const slot = detail.slots.find((s) => s.state === 'available' && s.remaining > 0);
    if (!slot) continue;
    const booked = await call<Booked>('POST', '/me/bookings', token, { slotId: slot.id, memberId: family[memberIndex].id });
    if (booked.status !== 201) continue; // a per-person limit on this day: try another schedule
    if (booked.body.status === 'pending_payment') {
      const order = (await call<{ items: { id: string }[] }>('GET', `/payments/orders?payableType=booking&payableId=${booked.body.id}`, token)).body.items[0];
      expect((await call('POST', `/payments/orders/${order.id}/prepay`, token)).status).toBe(200);
      expect((await call<{ state: string }>('POST', `/payments/orders/${order.id}/demo-confirm`, token)).body.state).toBe('paid');
    }
    const now = (await call<Booked>('GET', `/me/bookings/${booked.body.id}`, token)).body;
    expect(now.status).toBe('pending_confirmation');
    return now;
  }
  throw new Error('no open township segment to book');
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${server.url}/admin/#/login`);
  await page.locator(`${byTestId('login-username')} input, input${byTestId('login-username')}`).first().fill(username);
  await page.locator(`${byTestId('login-password')} input, input${byTestId('login-password')}`).first().fill(DEMO_STAFF_PASSWORD);
  await page.locator(byTestId('login-submit')).click();
  await page.locator(byTestId('current-user')).waitFor();
}

/** Opens an antd Select by its test id and picks the option containing `text`. */
async function choose(page: Page, testId: string, text: string): Promise<void> {
  await page.locator(byTestId(testId)).first().click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text }).first().click();
}

const queueRow = (page: Page, bookingId: string) => page.locator(`${byTestId('booking-queue-row')}[data-booking-id="${bookingId}"]`);

describe('console: booking desk, schedules and referrals', () => {
  it('a resident books and pays a township slot; clinic staff confirm it in 预约队列; the resident sees it confirmed', async () => {
    const token = await residentToken();
    const booking = await bookTownshipSlot(token, 0);

    const page = await newPage(browser, 'desktop');
    await signIn(page, 'qs.nurse');
    await page.locator(byTestId('nav-booking-queue')).click();
    await page.locator(byTestId('queue-day')).waitFor();
    // The queue opens on today (Asia/Shanghai); the booking may be on another day.
    await page.goto(`${server.url}/admin/#/bookings?date=${booking.date}`);
    const row = queueRow(page, booking.id);
    await row.waitFor();
    expect(await row.locator(byTestId('booking-status')).textContent()).toBe('待确认');
    if (booking.feeFen > 0) expect(await row.locator(byTestId('booking-fee-state')).textContent()).toMatch(/已在线支付|到院缴费/);
    await shot(page, 'admin-booking-queue');

    // The drawer: status history and the payment with its ledger.
    await row.locator(byTestId('booking-detail')).click();
    const drawer = page.locator(byTestId('booking-drawer'));
    await drawer.locator(byTestId('booking-history-item')).first().waitFor();
    if (booking.feeFen > 0) {
      await expect.poll(() => drawer.locator(byTestId('payment-state')).first().textContent(), SLOW).toBe('已支付');
      expect(await drawer.locator(`${byTestId('payment-ledger')} tbody tr`).count()).toBeGreaterThanOrEqual(3);
    }
    await shot(page, 'admin-booking-drawer');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    await row.locator(byTestId('booking-confirm')).click();
    await expect.poll(() => row.locator(byTestId('booking-status')).textContent(), SLOW).toBe('已确认');
    await shot(page, 'admin-booking-confirmed');

    const seen = (await call<Booked>('GET', `/me/bookings/${booking.id}`, token)).body;
    expect(seen.status).toBe('confirmed');
  });

  it('clinic staff reject a paid booking with a reason; the fee is refunded', async () => {
    const token = await residentToken();
    const booking = await bookTownshipSlot(token, 1);

    const page = await newPage(browser, 'desktop');
    await signIn(page, 'qs.nurse');
    await page.goto(`${server.url}/admin/#/bookings?date=${booking.date}`);
    const row = queueRow(page, booking.id);
    await row.locator(byTestId('booking-reject')).click();
    const reason = page.locator(byTestId('booking-reject-reason'));
    await reason.waitFor();
    // The reason is required: submitting empty says so and changes nothing.
    await page.locator(byTestId('booking-reject-submit')).click();
    await page.locator(byTestId('booking-reject-error')).waitFor();
    if (booking.feeFen > 0) expect(await page.locator(byTestId('booking-reject-fee')).textContent()).toMatch(/自动原路全额退回|不涉及退款/);
    await reason.fill('医生临时外出会诊，请改约其他时间');
    await shot(page, 'admin-booking-reject');
    await page.locator(byTestId('booking-reject-submit')).click();
    await expect.poll(() => row.locator(byTestId('booking-status')).textContent(), SLOW).toBe('未通过');

    const seen = (await call<Booked>('GET', `/me/bookings/${booking.id}`, token)).body;
    expect(seen.status).toBe('rejected');
    const orders = (await call<{ items: { state: string; refunds: unknown[] }[] }>('GET', `/payments/orders?payableType=booking&payableId=${booking.id}`, token)).body.items;
    if (orders.length > 0) {
      await expect
        .poll(async () => (await call<{ items: { state: string }[] }>('GET', `/payments/orders?payableType=booking&payableId=${booking.id}`, token)).body.items[0].state, SLOW)
        .toMatch(/refunded|refunding/);
      await row.locator(byTestId('booking-detail')).click();
      await expect.poll(() => page.locator(byTestId('payment-refund-state')).first().textContent(), SLOW).toMatch(/退款/);
      await shot(page, 'admin-booking-refund');
    }
  });

  it('clinic staff stop a schedule in 排班管理; its booking is cancelled', async () => {
    const token = await residentToken();
    const booking = await bookTownshipSlot(token, 2);

    const page = await newPage(browser, 'desktop');
    await signIn(page, 'qs.nurse');
    await page.locator(byTestId('nav-schedules')).click();
    await page.locator(byTestId('schedule-row')).first().waitFor();
    await page.goto(`${server.url}/admin/#/schedules?week=${booking.date}`);
    const row = page.locator(`${byTestId('schedule-row')}[data-schedule-id="${booking.scheduleId}"]`);
    await row.waitFor();
    expect(await row.locator(byTestId('schedule-booked')).textContent()).toMatch(/^[1-9]\d* \//);
    await shot(page, 'admin-schedules-week');

    await row.locator(byTestId('schedule-stop')).click();
    await page.locator(byTestId('schedule-stop-impact')).waitFor();
    expect(await page.locator(byTestId('schedule-stop-impact')).textContent()).toContain('人预约');
    await page.locator('.ant-modal .ant-tag-checkable', { hasText: '医生临时外出会诊' }).click();
    await shot(page, 'admin-schedule-stop');
    await page.locator(byTestId('schedule-stop-submit')).click();
    await expect.poll(() => row.getAttribute('data-status'), SLOW).toBe('stopped');
    expect(await row.locator(byTestId('schedule-status')).textContent()).toBe('已停诊');

    const seen = (await call<Booked & { statusReason: string }>('GET', `/me/bookings/${booking.id}`, token)).body;
    expect(seen.status).toBe('cancelled');
    expect(seen.statusReason).toContain('医生临时外出会诊');
  });

  it('修改排班 opens with the fee and places of the schedule chosen, also right after another', async () => {
    const page = await newPage(browser, 'desktop');
    await signIn(page, 'qs.nurse');
    await page.goto(`${server.url}/admin/#/schedules`);
    await page.locator(byTestId('schedule-row')).first().waitFor();
    // Two editable schedules that differ in fee or places per segment.
    const ids = await page.locator(`${byTestId('schedule-row')}:has(${byTestId('schedule-edit')})`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-schedule-id')!));
    const details = await Promise.all(ids.map(async (id) => (await call<{ id: string; feeFen: number; slots: { capacity: number }[] }>('GET', `/schedules/${id}`)).body));
    const key = (d: (typeof details)[number]) => `${d.feeFen}/${d.slots[0].capacity}`;
    const first = details[0];
    const second = details.find((d) => key(d) !== key(first));
    expect(second, 'two schedules with different fees or places').toBeDefined();
    const fee = page.locator(`input${byTestId('schedule-edit-fee')}, ${byTestId('schedule-edit-fee')} input`).first();
    const places = page.locator(`input${byTestId('schedule-edit-capacity')}, ${byTestId('schedule-edit-capacity')} input`).first();

    for (const d of [first, second!, first]) {
      await page.locator(`${byTestId('schedule-row')}[data-schedule-id="${d.id}"] ${byTestId('schedule-edit')}`).click();
      await expect.poll(() => fee.inputValue()).toBe((d.feeFen / 100).toFixed(2));
      expect(await places.inputValue()).toBe(String(d.slots[0].capacity));
      await page.locator('.ant-modal-footer button', { hasText: /取\s*消/ }).filter({ visible: true }).click();
      await expect.poll(() => page.locator('.ant-modal-wrap:visible').count()).toBe(0);
    }
  });

  it('clinic staff create one schedule, then a month by week template with a preview', async () => {
    const page = await newPage(browser, 'desktop');
    await signIn(page, 'qs.nurse');
    await page.goto(`${server.url}/admin/#/schedules`);
    await page.locator(byTestId('schedule-row')).first().waitFor();
    const before = await page.locator(byTestId('schedule-row')).count();

    await page.locator(byTestId('schedule-create')).click();
    await choose(page, 'schedule-form-doctor', '王光明');
    await page.locator('.ant-modal .ant-radio-button-wrapper', { hasText: '晚间' }).click();
    await expect.poll(() => page.locator(byTestId('schedule-form-preview')).textContent(), SLOW).toContain('分为 4 段');
    await shot(page, 'admin-schedule-create');
    await page.locator(byTestId('schedule-create-submit')).click();
    await page.locator('.ant-message', { hasText: '已新建排班' }).waitFor();
    await expect.poll(() => page.locator(byTestId('schedule-row')).count(), SLOW).toBe(before + 1);

    await page.locator(byTestId('schedule-bulk')).click();
    await choose(page, 'schedule-bulk-doctor', '罗玉兰');
    const preview = page.locator(byTestId('schedule-bulk-preview'));
    await expect.poll(() => preview.textContent(), SLOW).toMatch(/将新建 \d+ 个排班/);
    const planned = Number((await preview.textContent())!.match(/将新建 (\d+) 个排班/)![1]);
    expect(planned).toBeGreaterThan(0);
    await page.locator('.ant-modal-title', { hasText: '按周模板批量排班' }).click(); // close the doctor list before the picture
    await shot(page, 'admin-schedule-bulk');
    await page.locator(byTestId('schedule-bulk-submit')).click();
    await page.locator(byTestId('schedule-bulk-result')).waitFor();
    expect(await page.locator(byTestId('schedule-bulk-result')).textContent()).toContain(`已新建 ${planned} 个排班`);
  });

  it('a township doctor refers a patient found in 患者查询 with a reserved county slot; the county accepts and sends them back', async () => {
    const page = await newPage(browser, 'desktop');
    await signIn(page, 'qs.doctor');
    await page.goto(`${server.url}/admin/#/patients`);
    const query = page.locator(`${byTestId('patient-query')} input, input${byTestId('patient-query')}`).first();
    await query.fill(DEMO_ID_NUMBERS['李桂芳']);
    await query.press('Enter');
    await page.locator(byTestId('patient-refer')).click();

    await page.locator(byTestId('referral-patient')).waitFor();
    expect(await page.locator(byTestId('referral-patient')).textContent()).toContain('李桂芳');
    await choose(page, 'referral-hospital', '云溪县人民医院');
    await choose(page, 'referral-department', '心血管内科');
    await page.locator(byTestId('referral-reason')).fill('血压控制不佳，需专科调整方案');
    await page.locator(byTestId('referral-summary')).fill('高血压10年，近两周血压160/100左右，已用氨氯地平5mg每日一次。');
    await page.locator(byTestId('referral-with-slot')).click();
    await page.locator(byTestId('referral-schedule')).click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first().click();
    await page.locator(byTestId('referral-slot')).first().click();
    await page.locator(byTestId('referral-slot-picked')).waitFor();
    await shot(page, 'admin-referral-create');
    await page.locator(byTestId('referral-create-submit')).click();

    const row = page.locator(byTestId('referral-row')).first();
    await row.waitFor();
    const referralId = (await row.getAttribute('data-referral-id'))!;
    expect(await row.locator(byTestId('referral-status')).textContent()).toBe('待接收');
    await shot(page, 'admin-referral-outgoing');

    // The county's clinic staff accept it: its booking is confirmed.
    const county = await newPage(browser, 'desktop');
    await signIn(county, 'county.nurse');
    await county.locator(byTestId('nav-referrals')).click();
    const incoming = county.locator(`${byTestId('referral-row')}[data-referral-id="${referralId}"]`);
    await incoming.waitFor();
    await shot(county, 'admin-referral-incoming');
    await incoming.locator(byTestId('referral-accept')).click();
    await county.locator(byTestId('referral-accept-confirm')).click();
    await expect.poll(() => incoming.locator(byTestId('referral-status')).textContent(), SLOW).toBe('已接收');
    expect(await incoming.locator(byTestId('booking-status')).textContent()).toBe('已确认');

    // A county doctor sends the patient back down with a follow-up plan.
    const doctor = await newPage(browser, 'desktop');
    await signIn(doctor, 'county.doctor');
    await doctor.goto(`${server.url}/admin/#/referrals`);
    const accepted = doctor.locator(`${byTestId('referral-row')}[data-referral-id="${referralId}"]`);
    await accepted.locator(byTestId('referral-return')).click();
    await doctor.locator(byTestId('referral-return-summary')).fill('诊断：原发性高血压2级。调整为氨氯地平5mg加缬沙坦80mg，血压已降至135/85。');
    await doctor.locator(byTestId('referral-return-plan')).fill('每周测血压两次并记录；两周后到卫生院复诊；血压持续高于160/100时再次转诊。');
    await shot(doctor, 'admin-referral-return');
    await doctor.locator(byTestId('referral-return-submit')).click();
    await expect.poll(() => accepted.locator(byTestId('referral-status')).textContent(), SLOW).toBe('已转回基层');

    // The township sees the downward referral arrive.
    await page.reload();
    await page.locator(byTestId('referral-tab-incoming')).click();
    await expect.poll(() => page.locator(byTestId('referral-row')).first().textContent(), SLOW).toContain('下转');
    await shot(page, 'admin-referral-returned');
  });

  it('a community admin sets a township’s booking rules in the facility drawer; staff read them; residents get the new rules', async () => {
    const facilities = (await call<{ items: { id: string; name: string; level: string }[] }>('GET', `/facilities?township=${encodeURIComponent('白沙乡')}`)).body.items;
    const baisha = facilities.find((f) => f.level === 'township')!;
    const rulesText = (page: Page) => page.locator(byTestId('booking-rules-list')).textContent();

    // Clinic staff read the rules but cannot change them.
    const nurse = await newPage(browser, 'desktop');
    await signIn(nurse, 'qs.nurse');
    await nurse.goto(`${server.url}/admin/#/facilities?facility=${baisha.id}`);
    await expect.poll(() => rulesText(nurse)).toContain('号源提前7天开放，每天08:00放号');
    expect(await nurse.locator(byTestId('booking-rules-source')).textContent()).toBe('医共体默认');
    expect(await nurse.locator(byTestId('booking-rules-edit')).count()).toBe(0);

    const page = await newPage(browser, 'desktop');
    await signIn(page, 'admin');
    await page.goto(`${server.url}/admin/#/facilities?facility=${baisha.id}`);
    await page.locator(byTestId('booking-rules-edit')).click();
    const preview = page.locator(byTestId('policy-preview'));
    await expect.poll(() => preview.textContent()).toContain('号源提前7天开放');
    await page.locator(`${byTestId('policy-windowDays')} input, input${byTestId('policy-windowDays')}`).first().fill('14');
    await expect.poll(() => preview.textContent()).toContain('号源提前14天开放');
    // A time in words is refused by the field, before anything is sent.
    await page.locator(byTestId('policy-releaseTime')).fill('8点');
    await page.locator(byTestId('policy-save')).click();
    await page.locator('.ant-form-item-explain-error', { hasText: '时间格式为 HH:mm' }).waitFor();
    expect((await call('GET', `/facilities/${baisha.id}/booking-rules`)).body).toMatchObject({ isDefault: true, policy: { windowDays: 7 } });
    await shot(page, 'admin-booking-policy');

    await page.locator(byTestId('policy-releaseTime')).fill('07:30');
    await page.locator(byTestId('policy-save')).click();
    await expect.poll(() => rulesText(page), SLOW).toContain('号源提前14天开放，每天07:30放号');
    expect(await page.locator(byTestId('booking-rules-source')).textContent()).toBe('本机构规则');
    const saved = (await call('GET', `/facilities/${baisha.id}/booking-rules`)).body;
    expect(saved).toMatchObject({ isDefault: false, policy: { windowDays: 14, releaseTime: '07:30', maxOpenPerWeek: 3 } });
    // Opened again, the form holds the saved rules, not the ones it first showed.
    await page.locator(byTestId('booking-rules-edit')).click();
    await expect.poll(() => page.locator(`${byTestId('policy-windowDays')} input, input${byTestId('policy-windowDays')}`).first().inputValue()).toBe('14');
    expect(await page.locator(byTestId('policy-releaseTime')).inputValue()).toBe('07:30');
    await page.locator('.ant-modal-footer button', { hasText: /取\s*消/ }).filter({ visible: true }).click();
    // What residents read before booking here (the mini-program shows these items).
    expect(saved.items.find((i: { key: string }) => i.key === 'window').text).toBe('号源提前14天开放，每天07:30放号；当天号源可预约至该时段开始前。');
    await shot(page, 'admin-booking-rules');
  });

  it('community admins see the day’s reconciliation', async () => {
    const page = await newPage(browser, 'desktop');
    await signIn(page, 'admin');
    await page.locator(byTestId('nav-reconciliation')).click();
    await page.locator(byTestId('recon-summary')).waitFor();
    expect(await page.locator(byTestId('recon-paid')).textContent()).toContain('¥');
    await shot(page, 'admin-reconciliation');
  });
});
