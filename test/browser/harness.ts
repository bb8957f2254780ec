/**
 * One Liaison server and one browser per test file: the app on an embedded database with the demo
 * data (demo sign-in on), served on a real socket, and Debian's Chromium driven by playwright-core
 * (never a downloaded browser). Screenshots go to .screenshots/ (the best are copied to docs/).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { createApp } from '../../src/app.js';
import type { WebConfig } from '../../src/config/app-config.js';
import { DEMO_USERS } from '../../src/demo/directory.js';
import { seedDemoData } from '../../src/demo/seed.js';
import { systemClock, type Store } from '../../src/services/ports/store.js';
import { createStore } from '../../src/store/index.js';
import { openNodeDatabase } from '../../src/store/open-node.js';
import { TEST_SIGNING_KEY } from '../harness/clinic.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(process.cwd(), '.screenshots');

export interface WebServer {
  url: string;
  /** The server's own store, for a test to set up what no page makes (a dead letter). */
  store: Store;
  close(): Promise<void>;
}

/** `prepare` sets up what no page creates (a case-discussion group, for one) before the server serves. */
export async function startWebServer(web: Partial<WebConfig> = {}, prepare?: (store: Store) => Promise<void>): Promise<WebServer> {
  const database = await openNodeDatabase({});
  await database.migrate();
  await seedDemoData(database.db, systemClock);
  const store = createStore(database.db);
  await prepare?.(store);
  const app = createApp({
    config: {
      publicUrl: undefined,
      signingKey: TEST_SIGNING_KEY,
      tokenTtlMinutes: 60,
      maxBodyBytes: 64 * 1024,
      rateLimitPerMinute: 0,
      requestLog: false,
      web: { production: false, demoUsers: DEMO_USERS.map((u) => u.email), sessionIdleMinutes: 30, ...web },
    },
    storeFor: () => store,
  });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        store,
        close: () => new Promise<void>((done) => server.close(() => void database.close().then(done, done))),
      }),
    );
  });
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** No serious or critical accessibility violation on the page as it is now (axe-core). */
export async function expectAccessible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(bad, `axe on ${page.url()}`).toEqual([]);
}

/** A full-page screenshot under .screenshots/ ; and at phone width, no sideways scrolling. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect(overflow, `sideways scrolling on ${page.url()}`).toBeLessThanOrEqual(0);
}

/** The page as it is now fits 360 px, passes axe, and is kept as a screenshot. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await expectNoSidewaysScroll(page);
  await expectAccessible(page);
  await screenshot(page, name);
}

/** Signs in with the demo page's button named by the person's e-mail address. */
export async function signInAs(page: Page, base: string, email: string): Promise<void> {
  // Whoever was signed in before is forgotten (a failed step may not have signed out).
  await page.context().clearCookies();
  await page.goto(`${base}/sign-in`);
  await page.getByRole('button', { name: email, exact: true }).click();
  await page.waitForLoadState('domcontentloaded');
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/sign-in/);
}
