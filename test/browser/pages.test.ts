/**
 * The pages beyond the journey: a request submitted with the keyboard alone; every main page at
 * phone width (360 px) without sideways scrolling, screenshotted, with axe; errors next to their
 * fields; a stale form (412) saying someone else changed the request; a move no longer possible (409).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, expectNoSidewaysScroll, launchBrowser, screenshot, signInAs, startWebServer, type WebServer } from './harness.js';

let server: WebServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function withPage<T>(options: Parameters<Browser['newContext']>[0], work: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ locale: 'en-US', ...options });
  try {
    return await work(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

/** Presses Tab until the control named `name` has the focus: the keyboard alone. */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate<string>('document.activeElement && (document.activeElement.tagName === "BUTTON" ? document.activeElement.textContent : document.activeElement.name)')) === name) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

describe('the web app beyond the journey', () => {
  it('submits a new request with the keyboard alone', async () => {
    await withPage({ viewport: { width: 1000, height: 800 } }, async (page) => {
      await page.goto(`${server.url}/sign-in`);
      await tabTo(page, 'gp2@demo.liaison.test');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/requests$/);
      await page.goto(`${server.url}/requests/new`);
      const typeInto = async (name: string, text: string) => {
        await tabTo(page, name);
        await page.keyboard.type(text);
      };
      await typeInto('patient.identifier.value', '999933311');
      await typeInto('patient.name.family', 'Jansen');
      await typeInto('patient.name.given', 'Eva');
      await typeInto('patient.birthDate', '03121990');
      await typeInto('clinicalQuestion', 'Panic attacks despite CBT; is an SSRI appropriate?');
      await tabTo(page, 'consent.given');
      await page.keyboard.press('Space');
      await tabTo(page, 'Submit request');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/requests\/[0-9a-f-]{36}/);
      expect(await page.locator('#facts-heading').textContent()).toContain('Submitted');
      expect(await page.locator('main').textContent()).toContain('Jansen');
    });
  });

  it('shows errors next to the fields that caused them, and keeps what was typed', async () => {
    await withPage({}, async (page) => {
      await signInAs(page, server.url, 'gp@demo.liaison.test');
      await page.goto(`${server.url}/requests/new`);
      await page.getByLabel('Family name').fill('Peeters');
      await page.getByLabel('PHQ-9 item 9').fill('7');
      await page.getByRole('button', { name: 'Submit request' }).click();
      const item9 = page.getByLabel('PHQ-9 item 9');
      expect(await item9.getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator(`#${await item9.getAttribute('aria-describedby').then((d) => d!.split(' ').at(-1))}`).textContent()).toBe('A whole number from 0 to 3.');
      expect(await page.getByLabel('Family name').inputValue()).toBe('Peeters');
      await expectAccessible(page);
      // The consent rule is the use case's: its refusal lands next to the consent box.
      await page.getByLabel('Patient identifier').fill('999944422');
      await page.getByLabel('Given name').fill('Jan');
      await page.getByLabel('Birth date').fill('1970-01-01');
      await page.getByLabel('Clinical question').fill('Low mood after bereavement.');
      await item9.fill('0');
      await page.getByRole('button', { name: 'Submit request' }).click();
      expect(await page.locator('#f-consent-given-error').textContent()).toContain('consent');
    });
  });

  it('tells a stale form that someone else changed the request (412), and a move no longer possible (409)', async () => {
    await withPage({}, async (page, context) => {
      await signInAs(page, server.url, 'psychiatrist@demo.liaison.test');
      await page.locator('#triage-queue li', { hasText: 'Submitted' }).last().getByRole('link').click();
      const requestUrl = page.url();
      const other = await context.newPage();
      await other.goto(requestUrl);
      await page.locator('summary', { hasText: /^Ask a question$/ }).click();
      await page.getByLabel('Question', { exact: true }).fill('Which dose now?');
      await page.getByRole('button', { name: 'Send question' }).click();
      await other.locator('summary', { hasText: /^Accept$/ }).click();
      await other.locator('form[action$="/moves/accept"]').getByRole('button', { name: 'Accept' }).click();
      expect(await other.getByRole('status', { name: 'Someone else changed the request' }).count()).toBe(1);
      expect(await other.locator('#facts-heading').textContent()).toContain('Question for the GP');
      // The same move sent again with the current version: not possible now, and the page says what is.
      const csrf = await other.locator('input[name="_csrf"]').first().inputValue();
      const current = await other.locator('input[name="version"]').first().inputValue();
      const refused = await other.request.post(`${requestUrl}/moves/accept`, { form: { _csrf: csrf, version: current, agreedForm: 'joint-video' } });
      expect(refused.status()).toBe(409);
      expect(await refused.text()).toContain('Possible now:');
    });
  });

  it('refreshes the triage queue by itself when a request arrives', async () => {
    await withPage({}, async (queue) => {
      await signInAs(queue, server.url, 'psychiatrist2@demo.liaison.test');
      await queue.waitForURL(/\/queue$/);
      await withPage({}, async (gp) => {
        await signInAs(gp, server.url, 'gp@demo.liaison.test');
        await gp.goto(`${server.url}/requests/new`);
        await gp.getByLabel('Patient identifier').fill('999955533');
        await gp.getByLabel('Family name').fill('Arrives');
        await gp.getByLabel('Given name').fill('Later');
        await gp.getByLabel('Birth date').fill('1980-05-05');
        await gp.getByLabel('Clinical question').fill('Does the queue show me without a reload?');
        await gp.getByLabel('Patient consents to a shared consultation').check();
        await gp.getByRole('button', { name: 'Submit request' }).click();
        await gp.waitForURL(/\/requests\/[0-9a-f-]{36}/);
      });
      // No reload: the page's own polling (every 20 s) brings it in.
      await expect.poll(() => queue.locator('#triage-queue').textContent(), { timeout: 30_000, interval: 1000 }).toContain('Arrives, Later');
    });
  });

  it('fits every main page into a phone’s width, accessibly', async () => {
    const pages: [string, string[]][] = [
      ['gp@demo.liaison.test', ['/requests', '/requests/new']],
      ['psychiatrist@demo.liaison.test', ['/queue', '/cases', '/calendar', '/availability', '/measures']],
    ];
    for (const [email, paths] of pages) {
      await withPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true }, async (page) => {
        await signInAs(page, server.url, email);
        for (const path of paths) {
          await page.goto(`${server.url}${path}`);
          await expectNoSidewaysScroll(page);
          await expectAccessible(page);
          await screenshot(page, `phone${path.replaceAll('/', '-')}`);
        }
        await page.locator('ul.requests a').first().click().catch(() => undefined);
        if (/\/requests\/[0-9a-f-]{36}/.test(page.url())) {
          await expectNoSidewaysScroll(page);
          await expectAccessible(page);
          await screenshot(page, `phone-request-${email.split('@')[0]}`);
        }
      });
    }
    await withPage({ viewport: { width: 360, height: 740 } }, async (page) => {
      await page.goto(`${server.url}/sign-in`);
      await expectNoSidewaysScroll(page);
      await expectAccessible(page);
      await screenshot(page, 'phone-sign-in');
    });
  });
});
