import { addDays, localDate } from '@ygt/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF_PASSWORD } from '../../api/src/modules/staff/seed';
import { byTestId, launchBrowser, newPage, type RunningServer, shot, startServer } from './support';

let server: RunningServer;
let browser: Browser;
let phone: Page;
let desk: Page;

interface Slot {
  id: string;
  startTime: string;
  state: string;
  referralRemaining: number;
}
interface Schedule {
  id: string;
  date: string;
  feeFen: number;
  isVisiting: boolean;
  remaining: number;
  referralRemaining: number;
  bookingOpen: boolean;
  department: { id: string; name: string };
  doctor: { id: string; name: string };
  slots: Slot[];
}
interface Facility {
  id: string;
  name: string;
}

let zhang: string;
let nurse: string;
let qingshi: Facility;
let county: Facility;
let family: { id: string; personId: string; name: string }[];
const member = (masked: string) => family.find((m) => m.name === masked)!;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  zhang = (await api<{ token: string }>('POST', '/api/v1/auth/demo/login', { body: { residentKey: 'zhang' } })).token;
  nurse = await staffToken('qs.nurse');
  qingshi = (await api<{ items: Facility[] }>('GET', '/api/v1/facilities?level=township')).items.find((f) => f.name === '青石镇中心卫生院')!;
  county = (await api<{ items: Facility[] }>('GET', '/api/v1/facilities?level=county')).items.find((f) => f.name === '云溪县人民医院')!;
  family = (await api<{ items: { id: string; personId: string; name: string }[] }>('GET', '/api/v1/me/family', { token: zhang })).items;
  phone = await newPage(browser, 'phone');
  desk = await newPage(browser, 'desktop');
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function api<T>(method: 'GET' | 'POST', path: string, init: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  expect(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`).toBe(true);
  return (await res.json()) as T;
}

async function staffToken(username: string): Promise<string> {
  return (await api<{ token: string }>('POST', '/api/v1/auth/staff/login', { body: { username, password: DEMO_STAFF_PASSWORD } })).token;
}

/** Taro keeps earlier pages in the DOM on H5: act on the one on screen. */
const visible = (page: Page, id: string) => page.locator(`${byTestId(id)}:visible`);

async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(500); // the page transition, before a picture
}

/** Two days ahead or later: free cancellation (until 18:00 the day before) holds whatever the hour the test runs. */
function fromDay(): string {
  return addDays(localDate(Date.now()), 2);
}

async function scheduleDetail(id: string): Promise<Schedule> {
  return api<Schedule>('GET', `/api/v1/schedules/${id}`);
}

/** The first 全科医学科 session at 青石镇 with places and a fee, two days ahead or later. */
async function townshipSchedule(): Promise<Schedule> {
  const { items } = await api<{ items: Schedule[] }>('GET', `/api/v1/schedules?facilityId=${qingshi.id}`);
  const s = items.find((x) => x.date >= fromDay() && x.department.name === '全科医学科' && !x.isVisiting && x.bookingOpen && x.remaining > 1 && x.feeFen > 0);
  expect(s, 'a bookable township session').toBeDefined();
  return scheduleDetail(s!.id);
}

const firstOpenSlot = (s: Schedule) => s.slots.find((x) => x.state === 'available')!;

/** Books and pays (demo) over HTTP, as another tap in the app would. */
async function bookAndPay(slotId: string, memberId: string): Promise<string> {
  const booking = await api<{ id: string; status: string }>('POST', '/api/v1/me/bookings', {
    token: zhang,
    body: { slotId, memberId },
    headers: { 'Idempotency-Key': `e2e-${slotId}-${memberId}` },
  });
  expect(booking.status).toBe('pending_payment');
  const { items } = await api<{ items: { id: string }[] }>('GET', `/api/v1/payments/orders?payableType=booking&payableId=${booking.id}`, { token: zhang });
  await api('POST', `/api/v1/payments/orders/${items[0].id}/prepay`, { token: zhang });
  await api('POST', `/api/v1/payments/orders/${items[0].id}/demo-confirm`, { token: zhang });
  return booking.id;
}

async function signInResident(page: Page): Promise<void> {
  await page.goto(`${server.url}/h5/#/pages/mine/index`);
  await visible(page, 'mine-signin').click();
  await visible(page, 'demo-login-zhang').click();
  await visible(page, 'mine-self-name').waitFor();
}

async function consoleSignIn(page: Page, username: string): Promise<void> {
  await page.goto(`${server.url}/admin/#/login`);
  await page.locator(`${byTestId('login-username')} input, input${byTestId('login-username')}`).first().fill(username);
  await page.locator(`${byTestId('login-password')} input, input${byTestId('login-password')}`).first().fill(DEMO_STAFF_PASSWORD);
  await page.locator(byTestId('login-submit')).click();
  await page.locator(byTestId('current-user')).waitFor();
}

/** The console's booking queue of 青石镇 for a day, and the row of one booking. */
async function queueRow(page: Page, date: string, bookingId: string) {
  await page.goto(`${server.url}/admin/#/bookings?facilityId=${qingshi.id}&date=${date}`);
  const row = page.locator(`${byTestId('booking-queue-row')}[data-booking-id="${bookingId}"]`);
  await row.waitFor();
  return row;
}

/** Opens a booking's page afresh (a new hash alone may bring back the page Taro keeps for an earlier one). */
async function openBooking(page: Page, bookingId: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${server.url}/h5/#/packages/booking/pages/detail/index?id=${bookingId}`);
  await visible(page, 'booking-status').waitFor();
}

/** Reloads a page until a test id reads as expected (the server settles refunds after the answer). */
async function untilText(page: Page, id: string, expected: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const el = visible(page, id).first();
        if (!(await el.count())) {
          await page.reload();
          await visible(page, 'booking-status').waitFor();
        }
        return (await el.textContent().catch(() => '')) ?? '';
      },
      { timeout: 15_000, interval: 500 },
    )
    .toContain(expected);
}

describe('booking in the H5 build, with the desk in the console', () => {
  let bookingId: string;
  let session: Schedule;

  it('(a) 张建国 books a 青石镇 slot for his mother, pays with demo pay and sees it waiting for the clinic; the clinic confirms it', async () => {
    session = await townshipSchedule();
    const slot = firstOpenSlot(session);
    await signInResident(phone);

    // Home -> 预约挂号 -> 按医院找 -> 乡镇卫生院 -> 青石镇中心卫生院 -> 全科医学科.
    await phone.goto(`${server.url}/h5/#/pages/index/index`);
    await visible(phone, 'entry-booking').click();
    await visible(phone, 'booking-way-experts').waitFor();
    await settle(phone);
    await shot(phone, 'h5-booking-home');
    await visible(phone, 'booking-way-facility').click();
    await visible(phone, 'booking-facility').filter({ hasText: '青石镇中心卫生院' }).click();
    await visible(phone, 'booking-department').filter({ hasText: '全科医学科' }).click();

    // The next 7 days, the chosen day's doctors with places and fee.
    await visible(phone, `schedule-date-${session.date}`).click();
    const card = phone.locator(`${byTestId('schedule-item')}[data-schedule-id="${session.id}"]:visible`);
    expect(await card.locator(byTestId('schedule-places')).textContent()).toMatch(/剩\d+个/);
    expect(await card.textContent()).toContain('挂号费 ¥5.00');
    await settle(phone);
    await shot(phone, 'h5-booking-schedules');
    await card.click();

    // The rules before the tap, then the segments with places left.
    await visible(phone, 'booking-rules').waitFor();
    expect(await visible(phone, 'booking-rule-window').textContent()).toContain('08:00放号');
    expect(await visible(phone, 'booking-rule-cancel').textContent()).toContain('18:00前可在线退号');
    expect(await visible(phone, `segment-${slot.startTime}`).textContent()).toMatch(/剩\d+个/);
    await settle(phone);
    await shot(phone, 'h5-booking-schedule');
    await visible(phone, `segment-${slot.startTime}`).click();

    // Confirm for 李桂芳: doctor, time, place, fee and the cancellation deadline.
    await visible(phone, 'member-picker-item').filter({ hasText: '李*芳' }).click();
    expect(await visible(phone, 'member-picker-item').filter({ hasText: '李*芳' }).getAttribute('aria-checked')).toBe('true');
    const summary = (await visible(phone, 'booking-summary').textContent()) ?? '';
    expect(summary).toContain(session.doctor.name);
    expect(summary).toContain('青石镇中心卫生院');
    expect(summary).toContain('¥5.00');
    expect(await visible(phone, 'booking-cancel-deadline-hint').textContent()).toContain('18:00前可免费取消');
    await settle(phone);
    await shot(phone, 'h5-booking-confirm');
    // A double tap books once (one Idempotency-Key per confirm screen).
    await visible(phone, 'booking-confirm').dblclick();

    // Held for 15 minutes while unpaid; the demo pay sheet says no money moves.
    await expect.poll(() => visible(phone, 'booking-status').textContent()).toBe('待支付');
    expect(await visible(phone, 'pay-countdown').textContent()).toMatch(/请在 1[45]:\d\d 内支付/);
    bookingId = new URL(phone.url().replace('#/', '')).searchParams.get('id')!;
    const mine = (await api<{ items: { id: string; patient: { name: string } }[] }>('GET', '/api/v1/me/bookings?scope=upcoming', { token: zhang })).items;
    expect(mine.filter((b) => b.patient.name === '李*芳')).toHaveLength(1);
    await settle(phone);
    await shot(phone, 'h5-booking-pending-payment');
    await visible(phone, 'pay-now').click();
    await visible(phone, 'demo-pay-sheet').waitFor();
    expect(await visible(phone, 'demo-pay-sheet').textContent()).toContain('演示模式：不会真实扣款');
    await settle(phone);
    await shot(phone, 'h5-booking-demo-pay');
    await visible(phone, 'demo-pay-confirm').click();
    await expect.poll(() => visible(phone, 'booking-status').textContent()).toBe('待医院确认');
    expect(await visible(phone, 'booking-status-hint').textContent()).toContain('已支付，等待医院确认');
    expect(await visible(phone, 'payment-state').textContent()).toBe('已支付');
    expect(await visible(phone, 'booking-cancel-deadline').textContent()).toContain('18:00 前可免费取消');
    await settle(phone);
    await shot(phone, 'h5-booking-paid');

    // 周春梅 at the 青石镇 desk confirms it in the console's booking queue.
    await consoleSignIn(desk, 'qs.nurse');
    const row = await queueRow(desk, session.date, bookingId);
    expect(await row.textContent()).toContain('李桂芳');
    await shot(desk, 'admin-booking-queue-resident-journey');
    await row.locator(byTestId('booking-confirm')).click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('confirmed');

    // 张建国 sees it confirmed, with who did what in the history.
    await phone.reload();
    await expect.poll(() => visible(phone, 'booking-status').textContent()).toBe('已确认');
    const history = (await visible(phone, 'booking-history').textContent()) ?? '';
    expect(history).toContain('已确认');
    expect(history).toContain('周春梅');
    await settle(phone);
    await shot(phone, 'h5-booking-confirmed');

    // 我的 -> 我的预约 lists it with its status in words.
    await phone.goto(`${server.url}/h5/#/pages/mine/index`);
    await visible(phone, 'mine-bookings').click();
    const item = phone.locator(`${byTestId('booking-item')}[data-booking-id="${bookingId}"]:visible`);
    expect(await item.locator(byTestId('booking-item-status')).textContent()).toBe('已确认');
    await settle(phone);
    await shot(phone, 'h5-my-bookings');
  });

  it('(b) the clinic rejects a paid booking; the resident sees why, and the refund with its amount and state', async () => {
    const slot = session.slots.filter((x) => x.state === 'available')[1];
    const rejectedId = await bookAndPay(slot.id, member('张*国').id);

    const row = await queueRow(desk, session.date, rejectedId);
    await row.locator(byTestId('booking-reject')).click();
    await desk.locator(`textarea${byTestId('booking-reject-reason')}, ${byTestId('booking-reject-reason')} textarea`).first().fill('医生临时外出会诊，请改约其他时间');
    await desk.locator(byTestId('booking-reject-submit')).click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('rejected');

    await openBooking(phone, rejectedId);
    expect(await visible(phone, 'booking-status').textContent()).toBe('未通过');
    expect(await visible(phone, 'booking-status-reason').textContent()).toContain('医生临时外出会诊');
    await untilText(phone, 'refund-state', '退款成功');
    expect(await visible(phone, 'refund-amount').textContent()).toBe('退款 ¥5.00');
    expect(await visible(phone, 'payment-state').textContent()).toBe('已退款');
    await settle(phone);
    await shot(phone, 'h5-booking-rejected-refund');

    // The refund page (where a refund message leads) says the same.
    await visible(phone, 'refund-item').click();
    await visible(phone, 'refund-detail').waitFor();
    expect(await visible(phone, 'refund-detail').textContent()).toContain('退款成功');
    await settle(phone);
    await shot(phone, 'h5-refund-detail');
  });

  it('the resident cancels before the deadline, after confirming, and the fee goes back', async () => {
    const slot = session.slots.filter((x) => x.state === 'available')[2];
    const id = await bookAndPay(slot.id, member('张*雨').id);

    await openBooking(phone, id);
    await visible(phone, 'booking-cancel').click();
    const sheet = visible(phone, 'booking-cancel-sheet');
    expect(await sheet.textContent()).toContain('会原路退回');
    await settle(phone);
    await shot(phone, 'h5-booking-cancel-sheet');
    await visible(phone, 'booking-cancel-confirm').click();
    await expect.poll(() => visible(phone, 'booking-status').textContent()).toBe('已取消');
    await untilText(phone, 'refund-state', '退款成功');
  });

  it('(c) the township doctor refers 李桂芳 up to the county; the family sees the referral and its booking', async () => {
    const doctor = await staffToken('qs.doctor');
    const departments = (await api<{ items: { id: string; name: string }[] }>('GET', `/api/v1/facilities/${county.id}/departments`)).items;
    const cardiology = departments.find((d) => d.name === '心血管内科')!;
    const { items } = await api<{ items: Schedule[] }>('GET', `/api/v1/schedules?facilityId=${county.id}&departmentId=${cardiology.id}`);
    const reserved = items.find((s) => s.date >= addDays(fromDay(), 1) && s.referralRemaining > 0)!;
    const slot = (await scheduleDetail(reserved.id)).slots.find((s) => s.referralRemaining > 0)!;
    const referral = await api<{ id: string }>('POST', '/api/v1/staff/referrals', {
      token: doctor,
      body: {
        personId: member('李*芳').personId,
        toDepartmentId: cardiology.id,
        reason: '血压控制不佳，反复胸闷',
        summary: '高血压10年，近两周胸闷，心电图ST段改变，建议上级医院心内科进一步检查。',
        slotId: slot.id,
      },
    });

    await phone.goto(`${server.url}/h5/#/packages/booking/pages/index/index`);
    await visible(phone, 'booking-referrals').click();
    const item = phone.locator(`${byTestId('referral-item')}[data-referral-id="${referral.id}"]:visible`);
    await item.waitFor();
    const text = (await item.textContent()) ?? '';
    expect(text).toContain('上转');
    expect(text).toContain('青石镇中心卫生院 → 云溪县人民医院 心血管内科');
    expect(await item.locator(byTestId('referral-status')).textContent()).toBe('待接收');
    await settle(phone);
    await shot(phone, 'h5-referrals');

    await item.click();
    expect(await visible(phone, 'referral-reason').textContent()).toContain('血压控制不佳');
    expect(await visible(phone, 'referral-booking').textContent()).toContain('心血管内科');
    await settle(phone);
    await shot(phone, 'h5-referral-detail');
    await visible(phone, 'referral-booking').click();
    await visible(phone, 'booking-referral-link').waitFor();
    expect(await visible(phone, 'booking-status').textContent()).toBe('待医院确认');
  });

  it('a full schedule takes a waitlist; a freed place is offered, accepted and paid', async () => {
    // A one-place evening session at 青石镇 (中医科, so no other booking of hers clashes), taken by 张建国.
    const doctors = (await api<{ items: { id: string; name: string; departmentId: string }[] }>('GET', `/api/v1/facilities/${qingshi.id}/doctors`)).items;
    const tcm = doctors.find((d) => d.name === '李雅琴')!;
    const date = addDays(fromDay(), 1);
    const full = await api<Schedule>('POST', '/api/v1/staff/schedules', {
      token: nurse,
      body: { facilityId: qingshi.id, date, departmentId: tcm.departmentId, doctorId: tcm.id, period: 'evening', startTime: '18:00', endTime: '18:30', capacityPerSegment: 1, feeFen: 500 },
    });
    const blocker = await bookAndPay(full.slots[0].id, member('张*国').id);

    await phone.goto(`${server.url}/h5/#/packages/booking/pages/schedule/index?id=${full.id}`);
    await visible(phone, 'segment-full').waitFor();
    expect(await visible(phone, 'segment-18:00').getAttribute('data-state')).toBe('full');
    await settle(phone);
    await shot(phone, 'h5-booking-full-waitlist');
    await visible(phone, 'waitlist-join').click();
    await visible(phone, 'member-picker-item').filter({ hasText: '李*芳' }).click();
    await visible(phone, 'waitlist-join-confirm').click();
    await expect.poll(() => visible(phone, 'waitlist-status').textContent()).toBe('候补中');
    expect(await visible(phone, 'waitlist-position').textContent()).toContain('第 1 位');
    await settle(phone);
    await shot(phone, 'h5-waitlist-joined');

    // 张建国 gives his place back: it is offered to her, with the time to accept.
    await api('POST', `/api/v1/me/bookings/${blocker}/cancel`, { token: zhang, body: {} });
    await phone.reload();
    await visible(phone, 'waitlist-offer').waitFor();
    expect(await visible(phone, 'waitlist-offer-countdown').textContent()).toMatch(/请在 \d\d:\d\d 内确认/);
    await settle(phone);
    await shot(phone, 'h5-waitlist-offer');
    await visible(phone, 'waitlist-accept').click();
    await expect.poll(() => visible(phone, 'booking-status').textContent()).toBe('待支付');
    await visible(phone, 'pay-now').click();
    await visible(phone, 'demo-pay-confirm').click();
    await expect.poll(() => visible(phone, 'booking-status').textContent()).toBe('待医院确认');
  });

  it('关怀版: the booking pages grow with elder mode, 专家来我乡 first', async () => {
    await phone.goto(`${server.url}/h5/#/pages/mine/index`);
    await visible(phone, 'elder-toggle').click();
    await phone.goto(`${server.url}/h5/#/packages/booking/pages/index/index`);
    const first = phone.locator('.bk-way:visible').first();
    await first.waitFor();
    expect(await first.getAttribute('data-testid')).toBe('booking-way-experts');
    await settle(phone);
    await shot(phone, 'h5-booking-home-elder');
    // Fewer steps: it opens on the family's township (from their bookings), no choosing needed.
    await first.click();
    await visible(phone, 'experts-list').waitFor();
    expect(await visible(phone, 'experts-change-township').count()).toBe(1);
    await settle(phone);
    await shot(phone, 'h5-booking-experts-elder');
    await openBooking(phone, bookingId);
    await settle(phone);
    await shot(phone, 'h5-booking-detail-elder');
  });
});
