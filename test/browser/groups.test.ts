/**
 * A Balint group in a real browser: the leader starts a run; a member accepts the invitation and
 * presents an own case (an identifier is refused next to the field, then a clean text accepted);
 * another member sees it without any identity; the leader records attendance, a private note and
 * the group's reflection (members never see the note); the presenter keeps the reflection; the
 * questionnaire and the certificate download. axe on every page; the session page at 360 px too.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, DEMO_USERS } from '../../src/demo/directory.js';
import { buildServices } from '../../src/services/index.js';
import { systemClock } from '../../src/services/ports/store.js';
import { expectAccessible, expectNoSidewaysScroll, launchBrowser, screenshot, signInAs, startWebServer, type WebServer } from './harness.js';

const user = (email: string) => DEMO_USERS.find((u) => u.email === email)!;
const LEADER = user('leader@demo.liaison.test');
const PRESENTER = user('gp@demo.liaison.test');
const MEMBER = user('gp2@demo.liaison.test');
const GROUP = 'Thursday Balint group';
const NOTE = 'Dr. Berg seemed exhausted; ask next time how she is.';
const REFLECTION = 'The group felt the family’s fear more than their demands.';

let server: WebServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // Set up through the use case, as the JSON API would (the set-up page has its own test: group-setup.test.ts).
  const setUp = async (store: Parameters<NonNullable<Parameters<typeof startWebServer>[1]>>[0]) => {
    const leader = (await store.directory.findUser(LEADER.id))!;
    await buildServices(store, systemClock).caseDiscussions.createGroup(leader, { host: { kind: 'service', id: DEMO.service.id }, name: GROUP, cadenceWeeks: 2, leaderIds: [LEADER.id], memberIds: [PRESENTER.id, MEMBER.id], place: 'Room 2.14' });
  };
  [server, browser] = await Promise.all([startWebServer({}, setUp), launchBrowser()]);
  page = await (await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-US', acceptDownloads: true })).newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const heading = () => page.getByRole('heading', { level: 1 }).textContent();
let sessionUrl = '';

async function acceptInvitation(email: string) {
  await signInAs(page, server.url, email);
  await page.getByRole('link', { name: 'Groups', exact: true }).click();
  await expect.poll(heading).toBe('Case-discussion groups');
  await expectAccessible(page);
  await page.getByRole('button', { name: `Accept the invitation to ${GROUP}` }).click();
  await expect.poll(heading).toBe(GROUP);
}

describe('a case-discussion group in the browser', () => {
  it('a leader starts a run of sessions', async () => {
    await signInAs(page, server.url, LEADER.email);
    await page.goto(`${server.url}/groups`);
    await page.getByRole('link', { name: GROUP }).click();
    await expectAccessible(page);
    await page.getByLabel('Number of sessions').fill('0');
    await page.getByRole('button', { name: 'Start the run' }).click();
    await expect.poll(() => page.locator('#f-sessionCount-error').textContent()).toContain('A whole number from 1 to 52');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('First session').fill(`${tomorrow}T18:30`);
    await page.getByLabel('Number of sessions').fill('6');
    await screenshot(page, 'group-leader-start-run');
    await page.getByRole('button', { name: 'Start the run' }).click();
    await expect.poll(heading).toMatch(/^Run from /);
    expect(await page.getByRole('listitem').filter({ hasText: 'closing feedback session' }).count()).toBe(1);
    await expectAccessible(page);
    sessionUrl = new URL((await page.locator('ol.timeline a').first().getAttribute('href'))!, server.url).href;
  });

  it('a member accepts the invitation and presents an own case; an identifier is refused next to the field', async () => {
    await acceptInvitation(PRESENTER.email);
    await page.getByRole('link', { name: /^Run from / }).click();
    await page.locator('ol.timeline a').first().click();
    await expectAccessible(page);
    await page.getByLabel('Title').fill('A demanding family');
    await page.getByLabel('Your question to the group').fill('The daughter calls me daily on 0612345678 and I feel manipulated.');
    await page.getByRole('button', { name: 'Present this case' }).click();
    await expect.poll(() => page.locator('#f-question-error').textContent()).toContain('long run of digits');
    expect(await page.getByLabel('Your question to the group').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Title').getAttribute('aria-invalid')).toBeNull();
    await expectAccessible(page);
    await screenshot(page, 'group-present-refused');
    await page.getByLabel('Your question to the group').fill('An 84-year-old refuses cognitive screening; the daughter calls daily and I feel manipulated.');
    await page.getByRole('button', { name: 'Present this case' }).click();
    await expect.poll(() => page.getByRole('status', { name: 'Done' }).textContent()).toContain('on the agenda');
    expect(await page.getByRole('heading', { name: 'A demanding family' }).count()).toBe(1);
  });

  it('another member sees the presentation without any identity, and no leaders’ notes', async () => {
    await acceptInvitation(MEMBER.email);
    await page.goto(sessionUrl);
    const text = (await page.getByRole('region', { name: 'Agenda' }).textContent())!;
    expect(text).toContain('An 84-year-old refuses cognitive screening');
    expect(text).not.toContain('0612345678');
    expect(text).not.toMatch(/Visser|Noor|\d{6,}/);
    expect(await page.getByRole('heading', { name: 'Leaders’ private notes' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Record attendance' }).count()).toBe(0);
    await page.setViewportSize({ width: 360, height: 800 });
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'phone-group-session');
    await page.setViewportSize({ width: 1200, height: 900 });
  });

  it('the leader records attendance, a private note and the group’s reflection', async () => {
    await signInAs(page, server.url, LEADER.email);
    await page.goto(sessionUrl);
    await page.getByLabel(PRESENTER.name).check();
    await page.getByLabel(LEADER.name).check();
    await page.getByRole('button', { name: 'Record attendance' }).click();
    await expect.poll(() => page.getByRole('status', { name: 'Done' }).textContent()).toContain('Attendance recorded');
    await page.getByLabel('New private note').fill(NOTE);
    await page.getByRole('button', { name: 'Save the note' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain(NOTE);
    await page.getByLabel('Reflection on “A demanding family”').fill(REFLECTION);
    await page.getByRole('button', { name: 'Save the reflection' }).click();
    await expect.poll(() => page.getByRole('status', { name: 'Done' }).textContent()).toContain('Reflection saved');
    await expectAccessible(page);
    await screenshot(page, 'group-session-leader');
  });

  it('members never see the note; the presenter alone takes the reflection back', async () => {
    await signInAs(page, server.url, MEMBER.email);
    await page.goto(sessionUrl);
    expect(await page.locator('main').textContent()).toContain(REFLECTION);
    expect(await page.locator('main').textContent()).not.toContain(NOTE);
    expect(await page.getByRole('button', { name: 'Keep it as a note for me' }).count()).toBe(0);
    // A member sending the leaders' form anyway (with a valid token) is refused by the use case.
    const csrf = (await page.locator('input[name=_csrf]').first().getAttribute('value'))!;
    const forged = await page.request.post(`${sessionUrl}/notes`, { form: { _csrf: csrf, note: 'A member’s note' } });
    expect(forged.status()).toBe(403);
    // Someone outside the group: the session does not exist for them.
    await signInAs(page, server.url, 'gp@other.liaison.test');
    expect((await page.goto(sessionUrl))!.status()).toBe(404);
    await signInAs(page, server.url, PRESENTER.email);
    await page.goto(sessionUrl);
    expect(await page.locator('main').textContent()).not.toContain(NOTE);
    await page.getByRole('button', { name: 'Keep it as a note for me' }).click();
    await expect.poll(() => page.getByRole('status', { name: 'Done' }).textContent()).toContain('where you chose');
    await page.getByRole('link', { name: 'Groups', exact: true }).click();
    expect(await page.getByRole('region', { name: 'Reflection on A demanding family' }).textContent()).toContain(REFLECTION);
  });

  it('the feedback questionnaire and the attendance certificate', async () => {
    await page.goto(sessionUrl);
    await page.getByRole('link', { name: 'The run’s sessions' }).click();
    await page.getByRole('link', { name: 'Feedback questionnaire' }).click();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Send my answers' }).click();
    await expect.poll(() => page.locator('#f-learnt-error').textContent()).toContain('Fill this in');
    await page.goBack();
    await page.goBack();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download my attendance certificate' }).click()]);
    const certificate = readFileSync((await download.path())!, 'utf8');
    expect(certificate).toContain(`${PRESENTER.name} attended 1 session (1.5 hours)`);
    expect(certificate).not.toMatch(/refuses|daughter/);
  });

  it('a case linked to the presenter’s own request: the group sees its reference only; the presenter shares the reflection onto it', async () => {
    await signInAs(page, server.url, PRESENTER.email);
    await page.goto(sessionUrl);
    const linked = page.getByLabel('About one of my requests (optional)');
    const value = async (option: string) => (await linked.locator('option', { hasText: option }).first().getAttribute('value'))!;
    const open = linked.locator('option:not([value=""])', { hasNotText: '(Closed)' }).first();
    const choice = (await open.getAttribute('value'))!;
    const reference = (await open.textContent())!.split(' ')[0]!;
    const present = async (title: string, requestId: string) => {
      await page.getByLabel('About one of my requests (optional)').selectOption(requestId);
      await page.getByLabel('Title').fill(title);
      await page.getByLabel('Your question to the group').fill('Nothing I suggest seems to help, and I dread the visits.');
      await page.getByRole('button', { name: 'Present this case' }).click();
      await expect.poll(() => page.getByRole('status', { name: 'Done' }).textContent()).toContain('on the agenda');
    };
    await present('Feeling helpless', choice);
    // A closed request takes no message: sharing onto it is refused, said on the session's page.
    await present('An old case', await value('(Closed)'));
    await page.goto(`${server.url}/requests/${choice}`);
    // Given and family name, identifier, birth date: what the request's own page shows of the patient.
    const patient = (await page.locator('dl.facts dd').first().textContent())!.split(' · ').slice(0, 3).flatMap((part) => part.replace('born ', '').split(' '));

    await signInAs(page, server.url, MEMBER.email);
    await page.goto(sessionUrl);
    const seen = (await page.getByRole('region', { name: 'Agenda' }).textContent())!;
    expect(seen).toContain('Feeling helpless');
    expect(patient.length).toBeGreaterThanOrEqual(4);
    for (const identifying of patient) expect(seen).not.toContain(identifying);
    expect(seen).toContain(reference);

    await signInAs(page, server.url, LEADER.email);
    await page.goto(sessionUrl);
    for (const title of ['Feeling helpless', 'An old case']) {
      await page.getByLabel(`Reflection on “${title}”`).fill('Helplessness may be the patient’s, felt by the doctor.');
      await page.getByRole('region', { name: title }).getByRole('button', { name: 'Save the reflection' }).click();
      await expect.poll(() => page.getByRole('status', { name: 'Done' }).textContent()).toContain('Reflection saved');
    }

    await signInAs(page, server.url, PRESENTER.email);
    await page.goto(sessionUrl);
    await page.getByRole('region', { name: 'An old case' }).getByRole('button', { name: 'Share it on my request' }).click();
    await expect.poll(() => page.getByRole('alert', { name: 'Not done' }).textContent()).toContain('closed request');
    await page.getByRole('region', { name: 'Feeling helpless' }).getByRole('button', { name: 'Share it on my request' }).click();
    await expect.poll(() => page.getByRole('status', { name: 'Done' }).textContent()).toContain('where you chose');
    await page.goto(`${server.url}/requests/${choice}`);
    expect(await page.locator('main').textContent()).toContain('Helplessness may be the patient’s');
  });

  it('the leaders read the questionnaire only summarised, and not before enough members answered', async () => {
    await signInAs(page, server.url, LEADER.email);
    await page.goto(sessionUrl);
    await page.getByRole('link', { name: 'The run’s sessions' }).click();
    await page.getByRole('link', { name: 'Feedback summary' }).click();
    await expect.poll(heading).toBe('Feedback summary');
    expect(await page.locator('main').textContent()).toContain('0 of at least');
    expect(await page.getByRole('button', { name: 'Send my answers' }).count()).toBe(0);
    await expectAccessible(page);
  });
});
