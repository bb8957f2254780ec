/**
 * The GP chooses among proposed times, in a real browser: the psychiatrist proposes times for the
 * demo's accepted joint video consultation; the GP sees them on the request's page and chooses one,
 * which books it for both. Plus the timeline in the clinic's words, and a request address that is
 * no UUID as a page saying so (404). axe on every page on the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/demo/directory.js';
import type { Store } from '../../src/services/ports/store.js';
import { expectAccessible, expectNoSidewaysScroll, launchBrowser, screenshot, signInAs, signOut, startWebServer, type WebServer } from './harness.js';

const GP = 'gp@demo.liaison.test';
const PSYCHIATRIST = 'psychiatrist@demo.liaison.test';

let server: WebServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // Both free on weekday mornings: the proposal's form is pre-filled from that.
  const mornings = { weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '12:00' })), unavailable: [] };
  const prepare = async (store: Store) => {
    for (const email of [GP, PSYCHIATRIST]) await store.directory.setAvailability(DEMO_USERS.find((u) => u.email === email)!.id, mornings);
  };
  [server, browser] = await Promise.all([startWebServer({}, prepare), launchBrowser()]);
  page = await (await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-US' })).newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const inDays = (days: number, time: string) => `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T${time}`;

describe('the GP chooses among proposed times', () => {
  let requestUrl = '';
  let reference = '';

  it('the psychiatrist proposes times for an accepted joint consultation', async () => {
    await signInAs(page, server.url, PSYCHIATRIST);
    await page.goto(`${server.url}/cases`);
    await page.getByRole('link', { name: /Rossi/ }).click();
    requestUrl = page.url().replace(/\?.*$/, '');
    reference = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Request ', '');
    await page.locator('summary', { hasText: /^Propose times$/ }).click();
    const form = page.locator('form[action$="/moves/propose-times"]');
    // Suggested: five mornings both are free, on five different days.
    const prefilled = await Promise.all([1, 2, 3, 4, 5].map((n) => form.getByLabel(`Time ${n}`).inputValue()));
    expect(new Set(prefilled.map((v) => v.slice(0, 10))).size, prefilled.join(' ')).toBe(5);
    for (const v of prefilled) expect(v.slice(11, 13), v).toMatch(/^(09|10|11)$/);
    // A time that has passed is refused next to its field, the rest kept as typed.
    await form.getByLabel('Time 1').fill(inDays(8, '10:00'));
    await form.getByLabel('Time 2').fill(inDays(-2, '10:00'));
    for (const n of [3, 4, 5]) await form.getByLabel(`Time ${n}`).fill('');
    await form.getByLabel('Video link').fill('https://video.example.org/room/7');
    await form.getByRole('button', { name: 'Propose times' }).click();
    await expect.poll(() => page.locator('form[action$="/moves/propose-times"] .error').first().textContent()).toContain('has passed');
    expect(await page.locator('#f-times-1').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);

    const again = page.locator('form[action$="/moves/propose-times"]');
    await again.getByLabel('Time 2').fill(inDays(9, '14:30'));
    await again.getByLabel('Time 3').fill(inDays(10, '09:15'));
    await again.getByRole('button', { name: 'Propose times' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Proposed times' }).textContent()).toContain('Waiting for the GP');
    expect(await page.getByRole('button', { name: /^Choose this time/ }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Timeline' }).textContent()).toContain('Times proposed by');
    await expectAccessible(page);
    await signOut(page);
  });

  it('the GP sees them and chooses one, which books the joint consultation', async () => {
    await signInAs(page, server.url, GP);
    // My requests says what needs doing next.
    await expect.poll(() => page.url()).toMatch(/\/requests$/);
    expect(await page.locator('#my-requests li', { hasText: reference }).textContent()).toContain('Times proposed: choose one');
    await page.goto(requestUrl);
    const proposed = page.getByRole('region', { name: 'Proposed times' });
    expect(await proposed.getByRole('button', { name: /^Choose this time/ }).count()).toBe(3);
    expect(await page.locator('summary', { hasText: /^None of these times suit me$/ }).count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'gp-proposed-times');
    await page.setViewportSize({ width: 360, height: 800 });
    await expectNoSidewaysScroll(page);
    await page.setViewportSize({ width: 1200, height: 900 });

    await proposed.getByRole('button', { name: /^Choose this time/ }).nth(1).click();
    await expect.poll(() => page.locator('#facts-heading').textContent()).toContain('Consultation booked');
    expect(await page.getByRole('status', { name: 'Done' }).textContent()).toContain('the joint consultation is booked');
    expect(await page.getByRole('heading', { name: 'Joint consultation' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Video link' }).getAttribute('href')).toBe('https://video.example.org/room/7');
    expect(await page.getByRole('region', { name: 'Proposed times' }).count()).toBe(0);
    const timeline = (await page.getByRole('region', { name: 'Timeline' }).textContent()) ?? '';
    expect(timeline).toContain('Time chosen, consultation booked by');
    expect(timeline).toContain('Submitted by');
    expect(timeline).not.toMatch(/→|propose times|choose time/);
    await expectAccessible(page);
    await signOut(page);
  });

  it('the psychiatrist finds it in the calendar', async () => {
    await signInAs(page, server.url, PSYCHIATRIST);
    await page.getByRole('link', { name: 'Calendar' }).click();
    expect(await page.locator('main').textContent()).toContain(reference);
    await signOut(page);
  });

  it('a request address that is no UUID is a page saying there is no such page', async () => {
    await signInAs(page, server.url, GP);
    for (const path of ['/requests/------------------------------------', '/requests/not-a-request', `${new URL(requestUrl).pathname.slice(0, -1)}x`]) {
      const res = await page.goto(`${server.url}${path}`);
      expect(res?.status(), path).toBe(404);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Not found');
    }
    await expectAccessible(page);
  });
});
