/**
 * The whole journey in a real browser: a GP submits a request; the psychiatrist finds it
 * at the top of the triage queue and asks a question; the GP answers; the psychiatrist accepts and
 * books a joint consultation, which both see; the psychiatrist records the outcome; the GP reads
 * it, answers the recommendations and closes the request. axe runs on every page on the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, screenshot, signInAs, signOut, startWebServer, type WebServer } from './harness.js';

const GP = 'gp@demo.liaison.test';
const PSYCHIATRIST = 'psychiatrist@demo.liaison.test';

let server: WebServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  page = await (await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-US' })).newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const open = (summary: string) => page.locator('summary', { hasText: new RegExp(`^${summary}$`) }).click();

describe('the whole journey of a request', () => {
  let reference = '';
  let requestUrl = '';

  it('a GP signs in and submits a request, seeing the risk rule before submitting', async () => {
    await signInAs(page, server.url, GP);
    await expect.poll(() => page.url()).toMatch(/\/requests$/);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'New request', exact: true }).first().click();
    await page.getByLabel('Patient identifier').fill('999911120');
    await page.getByLabel('Family name').fill('Visser');
    await page.getByLabel('Given name').fill('Noor');
    await page.getByLabel('Birth date').fill('1987-04-02');
    await page.getByLabel('Sex').selectOption('female');
    await page.getByLabel('Clinical question').fill('Recurrent depressive episodes despite sertraline 100 mg. Switch or augment?');
    await page.getByLabel('Reason').fill('Recurrent depression');
    await page.getByLabel('Priority').selectOption('routine');
    await page.getByLabel('Form of consultation').selectOption('joint-video');
    await page.getByLabel('PHQ-9 total').fill('17');
    await page.getByLabel('PHQ-9 item 9').fill('1');
    await page.getByLabel('GAD-7 total').fill('9');
    await page.getByLabel('PHQ-9 item 9').blur();
    await expect.poll(() => page.locator('#risk-preview').textContent()).toContain('raised to urgent');
    await page.getByLabel('Priority').selectOption('asap');
    await page.getByLabel('Patient consents to a shared consultation').check();
    await expectAccessible(page);
    await screenshot(page, 'gp-new-request');
    await page.getByRole('button', { name: 'Submit request' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Request LSN-\d+/);
    reference = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Request ', '');
    requestUrl = page.url().replace(/\?.*$/, '');
    expect(await page.getByRole('status', { name: 'Done' }).count()).toBe(1);
    await expectAccessible(page);
    await signOut(page);
  });

  it('the psychiatrist sees it at the top of the triage queue and asks a question', async () => {
    await signInAs(page, server.url, PSYCHIATRIST);
    await expect.poll(() => page.url()).toMatch(/\/queue$/);
    const first = page.locator('#triage-queue li').first();
    expect(await first.textContent()).toContain(reference);
    expect(await first.textContent()).toContain('At risk');
    await expectAccessible(page);
    await screenshot(page, 'psychiatrist-triage-queue');
    await first.getByRole('link').click();
    await open('Ask a question');
    await page.getByLabel('Question', { exact: true }).fill('Any history of hypomania?');
    await page.getByRole('button', { name: 'Send question' }).click();
    await expect.poll(() => page.locator('#facts-heading').textContent()).toContain('Question for the GP');
    await expectAccessible(page);
    await signOut(page);
  });

  it('the GP answers', async () => {
    await signInAs(page, server.url, GP);
    await page.getByRole('link', { name: new RegExp(reference) }).click();
    await page.getByLabel('Answer', { exact: true }).fill('None known; a sister has bipolar disorder.');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await expect.poll(() => page.locator('#facts-heading').textContent()).toContain('Submitted');
    expect(await page.getByRole('region', { name: 'Conversation' }).textContent()).toContain('Any history of hypomania?');
    await signOut(page);
  });

  it('the psychiatrist accepts and books a joint consultation', async () => {
    await signInAs(page, server.url, PSYCHIATRIST);
    await page.goto(requestUrl);
    await open('Accept');
    await page.getByLabel('Form of consultation').selectOption('joint-video');
    await page.locator('form[action$="/moves/accept"]').getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => page.locator('#facts-heading').textContent()).toContain('Accepted');
    await open('Book consultation');
    const booking = page.locator('form[action$="/moves/schedule"]');
    const slots = booking.getByRole('radio', { name: 'Another time (below)' });
    if (await slots.count()) await slots.check();
    const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await booking.getByLabel('Start').fill(`${day}T14:00`);
    await booking.getByLabel('Duration (minutes)').fill('45');
    await booking.getByLabel('Video link').fill('https://video.example.org/room/42');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Book consultation' }).click();
    await expect.poll(() => page.locator('#facts-heading').textContent()).toContain('Consultation booked');
    await screenshot(page, 'psychiatrist-request');
    await page.getByRole('link', { name: 'Calendar' }).click();
    expect(await page.locator('main').textContent()).toContain(reference);
    await expectAccessible(page);
    await signOut(page);
  });

  it('the GP sees the booked consultation', async () => {
    await signInAs(page, server.url, GP);
    await page.goto(requestUrl);
    expect(await page.getByRole('heading', { name: 'Joint consultation' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Video link' }).getAttribute('href')).toBe('https://video.example.org/room/42');
    await signOut(page);
  });

  it('the psychiatrist records the outcome', async () => {
    await signInAs(page, server.url, PSYCHIATRIST);
    await page.goto(requestUrl);
    await open('Record outcome');
    await page.getByLabel('Summary').fill('Seen jointly. Recurrent depression without bipolar features.');
    await page.getByLabel('Outcome', { exact: true }).selectOption('managed-in-primary-care-with-advice');
    await page.locator('form[action$="/moves/complete"]').getByLabel('Recommendations').fill('Switch to venlafaxine 75 mg, titrate to 150 mg\nReview in 4 weeks');
    await page.getByLabel('Shared-care plan').fill('GP: review mood and blood pressure in 4 weeks\nPsychiatrist: available for a follow-up question');
    await page.getByRole('button', { name: 'Record outcome' }).click();
    await expect.poll(() => page.locator('#facts-heading').textContent()).toContain('Outcome sent');
    await signOut(page);
  });

  it('the GP reads the outcome, answers each recommendation and closes the request', async () => {
    await signInAs(page, server.url, GP);
    await page.goto(requestUrl);
    expect(await page.getByRole('heading', { name: 'Shared-care plan' }).count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'gp-outcome');
    await page.getByRole('group', { name: /venlafaxine/ }).getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('titrate to 150 mg — Accepted');
    // The reason is asked only behind Decline, and named after its recommendation.
    expect(await page.getByLabel(/^Reason for declining/).count()).toBe(1);
    const review = page.getByRole('group', { name: /Review in 4 weeks/ });
    await review.locator('summary', { hasText: 'Decline' }).click();
    await review.getByLabel('Reason for declining “Review in 4 weeks”').fill('The patient moves away next week.');
    await review.getByRole('button', { name: 'Decline' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Declined: The patient moves away next week.');
    await open('Close request');
    await page.getByRole('radio', { name: 'Yes' }).check();
    await page.locator('form[action$="/moves/close"]').getByRole('button', { name: 'Close request' }).click();
    await expect.poll(() => page.locator('#facts-heading').textContent()).toContain('Closed');
    await expectAccessible(page);
  });
});
