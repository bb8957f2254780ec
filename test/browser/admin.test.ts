/**
 * The administrator's pages in a real browser: the demo administrators sign in, open People,
 * Services, Dead letters and the Access log at phone width (360 px, axe on each), deactivate and
 * reactivate a person, replay a dead letter, change an SLA target (and meet a stale form), and
 * read who saw a request.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../src/demo/directory.js';
import { checkPage as checkPageAt, launchBrowser, signInAs, startWebServer, type WebServer } from './harness.js';

let server: WebServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 800 } })).newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const checkPage = (name: string) => checkPageAt(page, `admin-${name}`);

describe("the administrator's pages", () => {
  it('deactivates and reactivates a person on People', async () => {
    await signInAs(page, server.url, 'admin@demo.liaison.test');
    await page.waitForURL(/\/people$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('People');
    await checkPage('people');
    await page.getByRole('button', { name: 'Deactivate Dr. Jonas Keller' }).click();
    await page.getByRole('status', { name: 'Saved' }).waitFor();
    await page.getByRole('button', { name: 'Reactivate Dr. Jonas Keller' }).waitFor();
    // A tab read before the reactivation is stale: nothing is saved, the list is shown as it is now.
    const stale = await page.context().newPage();
    await stale.goto(`${server.url}/people`);
    await page.getByRole('button', { name: 'Reactivate Dr. Jonas Keller' }).click();
    await page.getByRole('button', { name: 'Deactivate Dr. Jonas Keller' }).waitFor();
    await stale.getByRole('button', { name: 'Reactivate Dr. Jonas Keller' }).click();
    await stale.getByRole('status', { name: 'Someone else changed this' }).waitFor();
    await stale.getByRole('button', { name: 'Deactivate Dr. Jonas Keller' }).waitFor();
    await stale.close();
    // A malformed id in the address is "not found", never a failure.
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    const malformed = await page.request.post(`${server.url}/people/not-a-uuid/active`, { form: { _csrf: csrf, version: '1', active: 'no' } });
    expect(malformed.status()).toBe(404);
    // The administrator cannot lock themselves out: the use case's refusal, in words.
    await page.getByRole('button', { name: 'Deactivate Practice Administrator' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('You cannot deactivate yourself');
  });

  it('replays a dead letter', async () => {
    await page.getByRole('link', { name: 'Dead letters' }).click();
    await page.getByText('No notification has given up').waitFor();
    // The demo's mail to the practice gives up (as after an SMTP 550).
    const mail = (await server.store.notifications.claim('email', new Date(), 500, 60_000)).filter((n) => n.organisationId === DEMO.practice.id);
    expect(mail.length).toBeGreaterThan(0);
    for (const n of mail) await server.store.notifications.markFailed(n.id, 'SMTP 550', { state: 'dead' });
    await page.reload();
    await checkPage('dead-letters');
    const replays = page.getByRole('button', { name: /^Replay / });
    await expect(replays.count()).resolves.toBe(mail.length);
    await expect(page.locator('main').textContent()).resolves.not.toContain('@');
    await replays.first().click();
    await page.getByRole('status', { name: 'Sent again' }).waitFor();
    await expect(page.getByRole('button', { name: /^Replay / }).count()).resolves.toBe(mail.length - 1);
    expect((await server.store.notifications.list(DEMO.practice.id, 'pending', null, 500)).length).toBe(1);
  });

  it('shows who saw a request in the Access log, asked by its reference or its id', async () => {
    await signInAs(page, server.url, 'gp@demo.liaison.test');
    await page.locator('ul.requests a').first().click();
    await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
    const requestId = new URL(page.url()).pathname.split('/').pop()!;
    const reference = /LSN-\d+/.exec((await page.locator('main').textContent()) ?? '')![0];
    await signInAs(page, server.url, 'admin@demo.liaison.test');
    await page.getByRole('link', { name: 'Access log' }).click();
    // By the reference the GP names it by (any case).
    await page.getByLabel('Request reference or id').fill(reference.toLowerCase());
    await page.getByRole('button', { name: 'Show the access log' }).click();
    const log = page.getByRole('region', { name: /Access log/ });
    // The GP's own view of it (the web app logs the request a page shows).
    await expect(log.textContent()).resolves.toContain('Dr. Anna BergWEB GET /requests/:id');
    await expect(log.textContent()).resolves.toContain('saw the request');
    const byReference = await log.textContent();
    await checkPage('access-log');
    // By its id: the same answer.
    await page.getByLabel('Request reference or id').fill(requestId);
    await page.getByRole('button', { name: 'Show the access log' }).click();
    await expect(page.getByRole('region', { name: /Access log/ }).textContent()).resolves.toBe(byReference);
    // A reference no request of the practice has is said next to the field.
    await page.getByLabel('Request reference or id').fill('LSN-999999');
    await page.getByRole('button', { name: 'Show the access log' }).click();
    await expect(page.locator('#f-request-error').textContent()).resolves.toContain('has this reference');
    // By person: what the GP did, chosen by name.
    await page.getByLabel('Request reference or id').fill('');
    await page.getByLabel('Person').selectOption({ label: 'Dr. Anna Berg' });
    await page.getByRole('button', { name: 'Show the access log' }).click();
    await expect(page.getByRole('region', { name: /Access log/ }).textContent()).resolves.not.toContain('Practice Administrator');
    await expect(page.getByRole('region', { name: /Access log/ }).textContent()).resolves.toContain('Dr. Anna Berg');
    await page.getByLabel('Request reference or id').fill('not-an-id');
    await page.getByRole('button', { name: 'Show the access log' }).click();
    await expect(page.locator('#f-request-error').textContent()).resolves.toContain('A request reference');
  });

  it("changes a service's SLA target, and a stale form says someone else changed it", async () => {
    await signInAs(page, server.url, 'centre-admin@demo.liaison.test');
    await page.getByRole('link', { name: 'Services' }).click();
    const clp = page.getByRole('region', { name: 'Consultation-Liaison Psychiatry' });
    await checkPage('services');
    // A second tab reads the same version before the first saves.
    const other = await page.context().newPage();
    await other.goto(`${server.url}/services`);
    await clp.getByLabel('Routine (business days)').fill('12');
    await clp.getByRole('button', { name: 'Save Consultation-Liaison Psychiatry' }).click();
    await page.getByRole('status', { name: 'Saved' }).waitFor();
    await expect(page.getByRole('region', { name: 'Consultation-Liaison Psychiatry' }).getByLabel('Routine (business days)').inputValue()).resolves.toBe('12');
    const stale = other.getByRole('region', { name: 'Consultation-Liaison Psychiatry' });
    await stale.getByLabel('Urgent (business days)').fill('3');
    await stale.getByRole('button', { name: 'Save Consultation-Liaison Psychiatry' }).click();
    await other.getByRole('status', { name: 'Someone else changed this' }).waitFor();
    await expect(other.getByRole('region', { name: 'Consultation-Liaison Psychiatry' }).getByLabel('Routine (business days)').inputValue()).resolves.toBe('12');
    await expect(other.getByRole('region', { name: 'Consultation-Liaison Psychiatry' }).getByLabel('Urgent (business days)').inputValue()).resolves.toBe('2');
    // A date that is no date is named next to its field.
    await clp.getByLabel('Public holidays').fill('2026-12-25\nChristmas');
    await clp.getByRole('button', { name: 'Save Consultation-Liaison Psychiatry' }).click();
    await expect(page.locator(`#f-${DEMO.service.id}-publicHolidays-error`).textContent()).resolves.toContain('One date a line');
  });
});
