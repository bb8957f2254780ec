/**
 * Setting up Balint groups in a real browser: a psychiatrist sets up the service's group (a
 * missing name and leaders without one of the service are refused next to their fields), invites
 * and removes people later; a GP sets up a group hosted by the practice, co-led with mental
 * health (removing its only psychiatrist is refused); a leader starts a run, reads its measures and
 * extends it (a refusal next to the field).
 * axe on every page; the set-up and run pages at 360 px too.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, DEMO_USERS } from '../../src/demo/directory.js';
import { expectAccessible, expectNoSidewaysScroll, launchBrowser, screenshot, signInAs, startWebServer, type WebServer } from './harness.js';

const user = (email: string) => DEMO_USERS.find((u) => u.email === email)!;
const PSYCHIATRIST = user('psychiatrist@demo.liaison.test');
const PSYCHOLOGIST = user('leader@demo.liaison.test');
const GP = user('gp@demo.liaison.test');
const GP2 = user('gp2@demo.liaison.test');
const GROUP = 'Tuesday Balint group';

let server: WebServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  page = await (await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-US' })).newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const heading = () => page.getByRole('heading', { level: 1 }).textContent();
const main = () => page.locator('main').textContent();
const roleOf = (name: string) => page.getByLabel(`Role of ${name} in the group`);
let groupUrl = '';

describe('setting up a group in the browser', () => {
  it('a psychiatrist sets up the service’s group; refusals are shown next to the fields', async () => {
    await signInAs(page, server.url, PSYCHIATRIST.email);
    await page.getByRole('link', { name: 'Groups', exact: true }).click();
    await page.getByRole('link', { name: 'Set up a group' }).click();
    await expect.poll(heading).toBe('Set up a group');
    await expectAccessible(page);
    // The one setting it up co-leads by default; without them no leader is of the service.
    expect(await roleOf(PSYCHIATRIST.name).inputValue()).toBe('leader');
    await roleOf(PSYCHIATRIST.name).selectOption('');
    await roleOf(GP.name).selectOption('leader');
    await page.getByRole('button', { name: 'Set up the group' }).click();
    await expect.poll(() => page.locator('#f-name-error').textContent()).toContain('Fill this in');
    await page.getByLabel('Name of the group').fill(GROUP);
    await page.getByRole('button', { name: 'Set up the group' }).click();
    await expect.poll(() => page.locator('#f-people-error').textContent()).toContain('One leader at least is a psychiatrist or psychologist of the service');
    await expectAccessible(page);
    await screenshot(page, 'group-setup-refused');
    await roleOf(PSYCHIATRIST.name).selectOption('leader');
    await roleOf(PSYCHOLOGIST.name).selectOption('leader');
    await roleOf(GP.name).selectOption('member');
    await page.getByLabel(`Discipline of ${PSYCHOLOGIST.name}, if co-leading`).selectOption('psychologist');
    await page.getByLabel('Place').fill('Room 2.14');
    await page.getByLabel('Sessions fall in working time').check();
    await page.setViewportSize({ width: 360, height: 800 });
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'phone-group-setup');
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.getByRole('button', { name: 'Set up the group' }).click();
    await expect.poll(heading).toBe(GROUP);
    expect(await page.getByRole('status', { name: 'Done' }).textContent()).toContain('everyone you chose is invited');
    groupUrl = page.url();
    const text = (await main())!;
    expect(text).toContain(`${DEMO.service.name} (consulting service)`);
    expect(text).toContain('in working time');
    expect(text).toContain('Invited, not answered yet');
    await expectAccessible(page);
  });

  it('its leader invites another GP and removes one', async () => {
    await page.goto(groupUrl);
    await roleOf(GP2.name).selectOption('member');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    await expect.poll(() => page.getByRole('status', { name: 'Done' }).textContent()).toContain('Invited');
    expect(await page.getByRole('button', { name: `Remove ${GP2.name}` }).count()).toBe(1);
    await page.getByRole('button', { name: `Remove ${GP.name}` }).click();
    await expect.poll(() => page.getByRole('status', { name: 'Done' }).textContent()).toContain('Removed');
    expect(await page.getByRole('button', { name: `Remove ${GP.name}` }).count()).toBe(0);
    // Removed, they may be invited again: they are offered once more.
    expect(await roleOf(GP.name).count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'group-people');
  });

  it('a leader starts a run, reads its measures and extends it', async () => {
    await page.goto(groupUrl);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('First session').fill(`${tomorrow}T18:30`);
    await page.getByLabel('Number of sessions', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Start the run' }).click();
    await expect.poll(heading).toMatch(/^Run from /);
    const table = page.getByRole('table', { name: 'Measures of the run' });
    expect(await table.getByRole('row', { name: /Sessions held/ }).textContent()).toContain('0 of 2 planned');
    expect(await page.getByRole('img', { name: /Referrals by members to the service/ }).count()).toBe(1);
    await page.getByLabel('Number of sessions').fill('2');
    await page.getByRole('button', { name: 'Extend the run' }).click();
    await expect.poll(() => page.locator('#f-sessionCount-error').textContent()).toContain('More than the 2 sessions');
    await expectAccessible(page);
    await page.getByLabel('Number of sessions').fill('4');
    await page.getByRole('button', { name: 'Extend the run' }).click();
    await expect.poll(() => page.getByRole('status', { name: 'Run extended' }).count()).toBe(1);
    expect(await page.locator('ol.timeline li').count()).toBe(4);
    expect(await table.getByRole('row', { name: /Sessions held/ }).textContent()).toContain('0 of 4 planned');
    await expectAccessible(page);
    await screenshot(page, 'group-run-measures');
    await page.setViewportSize({ width: 360, height: 800 });
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'phone-group-run-measures');
    await page.setViewportSize({ width: 1200, height: 900 });
  });

  it('one working in two services chooses the host first, then sees whom its group may invite', async () => {
    await signInAs(page, server.url, 'psychiatrist2@demo.liaison.test');
    await page.goto(`${server.url}/groups/new`);
    expect(await main()).toContain(`Hosted by ${DEMO.service.name} (consulting service)`);
    await page.getByLabel('Host').selectOption({ label: `${DEMO.crisisService.name} (consulting service)` });
    await page.getByRole('button', { name: 'Show who can be invited' }).click();
    await expect.poll(main).toContain(`Hosted by ${DEMO.crisisService.name} (consulting service)`);
    expect(await page.locator('input[name=host]').getAttribute('value')).toBe(`service:${DEMO.crisisService.id}`);
    await expectAccessible(page);
  });

  it('a GP sets up a group hosted by the practice, co-led with a psychiatrist', async () => {
    await signInAs(page, server.url, GP.email);
    await page.goto(`${server.url}/groups/new`);
    expect(await main()).toContain(`Hosted by ${DEMO.practice.name} (practice)`);
    await page.getByLabel('Name of the group').fill('Practice Balint group');
    await page.getByRole('button', { name: 'Set up the group' }).click();
    await expect.poll(() => page.locator('#f-people-error').textContent()).toContain('co-led with mental health');
    await roleOf(PSYCHIATRIST.name).selectOption('leader');
    await roleOf(GP2.name).selectOption('member');
    await page.getByRole('button', { name: 'Set up the group' }).click();
    await expect.poll(heading).toBe('Practice Balint group');
    expect(await main()).toContain(`${DEMO.practice.name} (practice)`);
    // The psychiatrist is the group's only leader from mental health: removing them is refused, said by the list.
    await page.getByRole('button', { name: `Remove ${PSYCHIATRIST.name}` }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'co-led with mental health' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: `Remove ${PSYCHIATRIST.name}` }).count()).toBe(1);
    await expectAccessible(page);
  });
});
