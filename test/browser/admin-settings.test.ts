/**
 * The administrator's settings pages in a real browser at phone width (axe on each): the
 * organisation, the EHR clients (a client added with a pasted PEM public key then gets a token;
 * private keys refused), the outbound EHR connection (its secret never shown back), a service's
 * hours, triage team and intake, a person's role and profile, and paging on People and Dead
 * letters. Each meets a stale form.
 */
import { SignJWT, exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, DEMO_USERS } from '../../src/demo/directory.js';
import type { Store } from '../../src/services/ports/store.js';
import { checkPage as checkPageAt, launchBrowser, signInAs, startWebServer, type WebServer } from './harness.js';

let server: WebServer;
let browser: Browser;
let page: Page;

const EXTRA_PEOPLE = 60;
const DEAD = 55;

/** More people and dead letters than a page shows, for the paging. */
async function crowd(store: Store): Promise<void> {
  const at = new Date();
  for (let i = 0; i < EXTRA_PEOPLE; i++) {
    const n = String(i).padStart(2, '0');
    await store.administration.insertUser({ id: crypto.randomUUID(), organisationId: DEMO.practice.id, email: `locum-${n}@demo.liaison.test`, name: `Locum ${n}`, role: 'gp', identifiers: [], languages: [], subSpecialties: [], weeklyCapacity: null }, at);
  }
  await store.notifications.enqueue(
    Array.from({ length: DEAD }, (_, i) => ({ id: crypto.randomUUID(), channel: 'ehr-push' as const, requestId: null, organisationId: DEMO.practice.id, recipientUserId: null, recipient: 'https://ehr.example.org/fhir', payload: { kind: 'task-update' as const, requestId: crypto.randomUUID(), at: at.toISOString() }, digest: false, dueAt: at, createdAt: new Date(at.getTime() - i * 1000) })),
  );
  for (const n of await store.notifications.claim('ehr-push', new Date(at.getTime() + 1000), 500, 60_000)) await store.notifications.markFailed(n.id, 'HTTP 400', { state: 'dead' });
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer({}, crowd), launchBrowser()]);
  page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 800 } })).newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const checkPage = (name: string) => checkPageAt(page, `admin-${name}`);

describe("the administrator's settings", () => {
  it('changes the organisation, with errors next to their fields and a stale form', async () => {
    await signInAs(page, server.url, 'admin@demo.liaison.test');
    await page.getByRole('link', { name: 'Organisation' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Organisation');
    await checkPage('organisation');
    const other = await page.context().newPage();
    await other.goto(`${server.url}/organisation`);
    await page.getByLabel('Name').fill('Demo Family Practice Riverside');
    await page.getByLabel('Identifiers').fill('https://example.org/sid/practice|P123');
    await page.getByLabel('Default consulting service').selectOption({ label: 'Crisis Resolution Team (Demo Mental Health Centre)' });
    await page.getByLabel('Time zone').selectOption('Europe/Amsterdam');
    await page.getByRole('button', { name: 'Save the organisation' }).click();
    await page.getByRole('status', { name: 'Saved' }).waitFor();
    await expect(page.getByLabel('Name').inputValue()).resolves.toBe('Demo Family Practice Riverside');
    await expect(page.getByLabel('Time zone').inputValue()).resolves.toBe('Europe/Amsterdam');
    await expect(page.getByLabel('Default consulting service').inputValue()).resolves.toBe(DEMO.crisisService.id);
    // A line that is no identifier is said next to the field, and nothing is saved.
    await page.getByLabel('Identifiers').fill('P123');
    await page.getByRole('button', { name: 'Save the organisation' }).click();
    await expect(page.locator('#f-identifiers-error').textContent()).resolves.toContain('system|value');
    await checkPage('organisation-refused');
    // The tab read before the save is stale: it shows the organisation as it is now.
    await other.getByLabel('Name').fill('Someone else’s name');
    await other.getByRole('button', { name: 'Save the organisation' }).click();
    await other.getByRole('status', { name: 'Someone else changed this' }).waitFor();
    await expect(other.getByLabel('Name').inputValue()).resolves.toBe('Demo Family Practice Riverside');
    await other.close();
  });

  it('adds an EHR client with a pasted public key that then gets a token; private keys are refused', async () => {
    await page.getByRole('link', { name: 'EHR clients' }).click();
    await page.getByText('Demo Practice EHR', { exact: true }).waitFor();
    await checkPage('ehr-clients');
    const { publicKey, privateKey } = await generateKeyPair('ES384', { extractable: true });
    const add = page.getByRole('region', { name: 'Add an EHR client' });
    await add.getByLabel('Name').fill('Riverside EHR');
    await add.getByLabel('Scopes').fill('system/ServiceRequest.rs system/Task.rs');
    // A private key pasted by mistake is refused, and not kept in the form.
    await add.getByLabel('Public keys').fill(await exportPKCS8(privateKey));
    await add.getByRole('button', { name: 'Add the EHR client' }).click();
    await expect(page.locator('#f-new-jwks-error').textContent()).resolves.toContain('This is a private key');
    await page.getByRole('region', { name: 'Add an EHR client' }).getByLabel('Public keys').fill(await exportSPKI(publicKey));
    await page.getByRole('region', { name: 'Add an EHR client' }).getByRole('button', { name: 'Add the EHR client' }).click();
    await page.getByRole('status', { name: 'Saved' }).waitFor();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Riverside EHR' }) });
    await expect(card.textContent()).resolves.toContain('1 registered public key');
    const clientId = /Client id: (client-[0-9a-f-]{36})/.exec((await card.textContent()) ?? '')![1]!;
    // The EHR signs in with the key registered from the PEM (its kid is the key's thumbprint).
    const kid = /"kid": "([^"]+)"/.exec(await card.getByLabel('Public keys').inputValue())![1]!;
    const tokenFor = async (scope: string) => {
      const assertion = await new SignJWT({}).setProtectedHeader({ alg: 'ES384', kid, typ: 'JWT' }).setIssuer(clientId).setSubject(clientId).setAudience(`${server.url}/auth/token`).setJti(crypto.randomUUID()).setIssuedAt().setExpirationTime('4m').sign(privateKey);
      return page.request.post(`${server.url}/auth/token`, { form: { grant_type: 'client_credentials', scope, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion } });
    };
    const token = await tokenFor('system/Task.rs');
    expect(token.status(), await token.text()).toBe(200);
    // A private JWK pasted into the change form is refused by the clients use case, next to the field.
    await card.getByText('Change Riverside EHR').click();
    await card.getByLabel('Public keys').fill(JSON.stringify({ kty: 'EC', crv: 'P-384', x: 'a', y: 'b', d: 'c' }));
    await card.getByRole('button', { name: 'Save Riverside EHR' }).click();
    await expect(page.locator(`#f-${clientId}-jwks-error`).textContent()).resolves.toContain('not a public key');
    // A tab read before a change is stale: deactivating from it changes nothing.
    const stale = await page.context().newPage();
    await stale.goto(`${server.url}/ehr-clients`);
    await page.goto(`${server.url}/ehr-clients`);
    const fresh = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Riverside EHR' }) });
    await fresh.getByText('Change Riverside EHR').click();
    await fresh.getByLabel('Scopes').fill('system/ServiceRequest.rs');
    await fresh.getByRole('button', { name: 'Save Riverside EHR' }).click();
    await page.getByRole('status', { name: 'Saved' }).waitFor();
    await stale.getByRole('button', { name: 'Deactivate Riverside EHR' }).click();
    await stale.getByRole('status', { name: 'Someone else changed this' }).waitFor();
    await stale.close();
    await page.getByRole('button', { name: 'Deactivate Riverside EHR' }).click();
    await page.getByRole('button', { name: 'Reactivate Riverside EHR' }).waitFor();
    // A deactivated client's next token request is refused; reactivated, it signs in again.
    expect((await tokenFor('system/ServiceRequest.rs')).status()).toBe(401);
    await page.getByRole('button', { name: 'Reactivate Riverside EHR' }).click();
    await page.getByRole('button', { name: 'Deactivate Riverside EHR' }).waitFor();
    expect((await tokenFor('system/ServiceRequest.rs')).status()).toBe(200);
  });

  it('sets the EHR connection and never shows its secret back', async () => {
    const section = () => page.getByRole('region', { name: 'EHR connection' });
    await section().getByLabel('FHIR base URL').fill('https://ehr.example.org/fhir');
    await section().getByLabel('How Liaison signs in').selectOption({ label: 'A bearer token' });
    await section().getByRole('button', { name: 'Save the EHR connection' }).click();
    // No token saved yet: the use case asks for one, next to the field.
    await expect(page.locator('#f-auth-token-error').textContent()).resolves.toContain('bearer token');
    await section().getByLabel('Bearer token').fill('very-secret-token-77');
    await section().getByRole('button', { name: 'Save the EHR connection' }).click();
    await page.getByRole('status', { name: 'Saved' }).waitFor();
    await expect(page.content()).resolves.not.toContain('very-secret-token-77');
    await expect(section().textContent()).resolves.toContain('A secret is saved');
    await checkPage('ehr-connection');
    // Another address, the token left empty: it is kept.
    const stale = await page.context().newPage();
    await stale.goto(`${server.url}/ehr-clients`);
    await section().getByLabel('FHIR base URL').fill('https://ehr.example.org/r4');
    await section().getByRole('button', { name: 'Save the EHR connection' }).click();
    await page.getByRole('status', { name: 'Saved' }).waitFor();
    await expect(section().getByLabel('FHIR base URL').inputValue()).resolves.toBe('https://ehr.example.org/r4');
    // SMART Backend Services without its private key: refused next to the key.
    await section().getByLabel('How Liaison signs in').selectOption('smart-backend-services');
    await section().getByLabel('Token URL').fill('https://ehr.example.org/token');
    await section().getByLabel('Client id').fill('liaison');
    await section().getByRole('button', { name: 'Save the EHR connection' }).click();
    await expect(page.locator('#f-auth-privateJwk-error').textContent()).resolves.toContain('private key');
    // The tab read before the change is stale.
    await stale.getByRole('region', { name: 'EHR connection' }).getByLabel('FHIR base URL').fill('https://elsewhere.example.org/fhir');
    await stale.getByRole('region', { name: 'EHR connection' }).getByRole('button', { name: 'Save the EHR connection' }).click();
    await stale.getByRole('status', { name: 'Someone else changed this' }).waitFor();
    await expect(stale.getByRole('region', { name: 'EHR connection' }).getByLabel('FHIR base URL').inputValue()).resolves.toBe('https://ehr.example.org/r4');
    await stale.close();
  });

  it("sets a service's business hours, triage team and intake", async () => {
    await signInAs(page, server.url, 'centre-admin@demo.liaison.test');
    await page.getByRole('link', { name: 'Services' }).click();
    const clp = () => page.getByRole('region', { name: 'Consultation-Liaison Psychiatry' });
    await expect(clp().getByLabel('Monday').inputValue()).resolves.toBe('09:00-17:00');
    await checkPage('service-hours');
    const other = await page.context().newPage();
    await other.goto(`${server.url}/services`);
    await clp().getByLabel('Saturday').fill('09:00-13:00');
    await clp().getByLabel('Dr. Lukas Brandt (Psychiatrist)').uncheck();
    await clp().getByLabel('Only the practices ticked below').check();
    // (Renamed by the organisation's test: "Demo Family Practice Riverside".)
    await clp().getByLabel('Demo Family Practice').check();
    await clp().getByRole('button', { name: 'Save Consultation-Liaison Psychiatry' }).click();
    await page.getByRole('status', { name: 'Saved' }).waitFor();
    await expect(clp().getByLabel('Saturday').inputValue()).resolves.toBe('09:00-13:00');
    await expect(clp().getByLabel('Dr. Lukas Brandt (Psychiatrist)').isChecked()).resolves.toBe(false);
    await expect(clp().getByLabel('Dr. Miriam Okafor (Psychiatrist)').isChecked()).resolves.toBe(true);
    await expect(clp().getByLabel('Only the practices ticked below').isChecked()).resolves.toBe(true);
    await expect(clp().getByLabel('Other Practice').isChecked()).resolves.toBe(false);
    // Hours that are no hours are said next to their day.
    await clp().getByLabel('Sunday').fill('9 to 5');
    await clp().getByRole('button', { name: 'Save Consultation-Liaison Psychiatry' }).click();
    await expect(page.locator(`#f-${DEMO.service.id}-hours-7-error`).textContent()).resolves.toContain('08:00-17:00');
    await checkPage('service-refused');
    // The tab read before the save is stale.
    const stale = other.getByRole('region', { name: 'Consultation-Liaison Psychiatry' });
    await stale.getByLabel('Any practice').check();
    await stale.getByRole('button', { name: 'Save Consultation-Liaison Psychiatry' }).click();
    await other.getByRole('status', { name: 'Someone else changed this' }).waitFor();
    await expect(other.getByRole('region', { name: 'Consultation-Liaison Psychiatry' }).getByLabel('Only the practices ticked below').isChecked()).resolves.toBe(true);
    await other.close();
  });

  it('pages through People and Dead letters', async () => {
    await signInAs(page, server.url, 'admin@demo.liaison.test');
    await page.waitForURL(/\/people$/);
    const people = page.getByRole('list', { name: 'People of your organisation' }).getByRole('listitem');
    await expect(people.count()).resolves.toBe(50);
    const firstPage = await people.allTextContents();
    await page.getByRole('link', { name: 'Later entries' }).click();
    await expect(people.count()).resolves.toBe(3 + EXTRA_PEOPLE - 50);
    await expect(page.getByRole('link', { name: 'Later entries' }).count()).resolves.toBe(0);
    await checkPage('people-page-2');
    // A change on the second page comes back to it.
    const locum = (await people.first().locator('strong').textContent())!;
    expect(locum).toMatch(/^Locum /);
    await page.getByRole('button', { name: `Deactivate ${locum}` }).click();
    await page.getByRole('status', { name: 'Saved' }).waitFor();
    await expect(people.count()).resolves.toBe(3 + EXTRA_PEOPLE - 50);
    await page.getByRole('link', { name: 'Earlier' }).click();
    await expect(people.allTextContents()).resolves.toEqual(firstPage);
    await expect(page.getByRole('link', { name: 'Earlier' }).count()).resolves.toBe(0);

    await page.getByRole('link', { name: 'Dead letters' }).click();
    const replays = page.getByRole('button', { name: /^Replay / });
    await expect(replays.count()).resolves.toBe(50);
    await page.getByRole('link', { name: 'Later entries' }).click();
    await expect(replays.count()).resolves.toBe(DEAD - 50);
    await checkPage('dead-letters-page-2');
    await page.getByRole('link', { name: 'Earlier' }).click();
    await expect(replays.count()).resolves.toBe(50);
    // An address that is no page of Liaison's is refused, never a failure.
    expect((await page.request.get(`${server.url}/dead-letters?after=junk`)).status()).toBe(400);
  });

  it("changes a person's role and profile, with errors next to their fields, a stale form, and never your own role", async () => {
    await signInAs(page, server.url, 'admin@demo.liaison.test');
    await page.getByRole('link', { name: "Change Locum 00's details" }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Locum 00');
    await checkPage('person');
    const other = await page.context().newPage();
    await other.goto(page.url());
    await page.getByLabel('Role').selectOption({ label: 'Psychiatrist' });
    await page.getByLabel('Languages').fill('nl, tr');
    await page.getByLabel('Perinatal').check();
    await page.getByLabel('Weekly capacity').fill('6');
    await page.getByLabel('Professional identifiers').fill('https://example.org/sid/provider|99887766');
    await page.getByRole('button', { name: 'Save the person' }).click();
    await page.getByRole('status', { name: 'Saved' }).waitFor();
    await expect(page.getByLabel('Role').inputValue()).resolves.toBe('psychiatrist');
    await expect(page.getByLabel('Languages').inputValue()).resolves.toBe('nl, tr');
    await expect(page.getByLabel('Perinatal').isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('Weekly capacity').inputValue()).resolves.toBe('6');
    // What is no language tag is said next to the field, and the form keeps what was typed.
    await page.getByLabel('Languages').fill('Dutch please');
    await page.getByRole('button', { name: 'Save the person' }).click();
    await expect(page.locator('#f-languages-error').textContent()).resolves.toContain('Language tags');
    await expect(page.getByLabel('Languages').inputValue()).resolves.toBe('Dutch please');
    await checkPage('person-refused');
    // The tab read before the save is stale: it shows the person as they are now.
    await other.getByLabel('Weekly capacity').fill('2');
    await other.getByRole('button', { name: 'Save the person' }).click();
    await other.getByRole('status', { name: 'Someone else changed this' }).waitFor();
    await expect(other.getByLabel('Weekly capacity').inputValue()).resolves.toBe('6');
    await other.close();
    // An administrator never gives up their own role: said next to the field.
    const self = DEMO_USERS.find((u) => u.email === 'admin@demo.liaison.test')!;
    await page.goto(`${server.url}/people/${self.id}`);
    await page.getByLabel('Role').selectOption({ label: 'GP' });
    await page.getByRole('button', { name: 'Save the person' }).click();
    await expect(page.locator('#f-role-error').textContent()).resolves.toContain('your own account');
  });

  it('invites someone by e-mail; their sign-in link works once', async () => {
    await signInAs(page, server.url, 'admin@demo.liaison.test');
    await page.waitForURL(/\/people$/);
    const invite = () => page.getByRole('region', { name: 'Invite someone' });
    // An address someone already signs in with is said next to the field.
    await invite().getByLabel('E-mail').fill('gp@demo.liaison.test');
    await invite().getByLabel('Name').fill('Robin Invited');
    await invite().getByRole('button', { name: 'Send the invitation' }).click();
    await expect(page.locator('#f-invite-email-error').textContent()).resolves.toContain('Already in use');
    await expect(invite().getByLabel('Name').inputValue()).resolves.toBe('Robin Invited');
    await invite().getByLabel('E-mail').fill('robin.invited@demo.liaison.test');
    await invite().getByLabel('Role').selectOption({ label: 'GP' });
    await invite().getByRole('button', { name: 'Send the invitation' }).click();
    await page.getByRole('status', { name: 'Saved' }).waitFor();
    await checkPage('people-invited');
    // Robin is on the second page by name, marked as invited until the link expires.
    await page.getByRole('link', { name: 'Later entries' }).click();
    const robin = page.getByRole('listitem').filter({ hasText: 'Robin Invited' });
    await expect(robin.textContent()).resolves.toContain('Invited: the sign-in link works until');
    // The mail in the outbox: the link, and nothing on the page shows it.
    const mail = (await server.store.notifications.pending('email', 1000)).find((n) => n.recipient === 'robin.invited@demo.liaison.test')!;
    const token = (mail.payload as { token: string }).token;
    await expect(page.content()).resolves.not.toContain(token);
    await page.context().clearCookies();
    await page.goto(`${server.url}/sign-in/invitation/${token}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Welcome to Liaison');
    await checkPage('invitation');
    await page.getByRole('button', { name: 'Sign in to Liaison' }).click();
    await page.waitForURL(/\/requests$/);
    await expect(page.locator('header').textContent()).resolves.toContain('Robin Invited');
    // Once used, the link is refused (a mail scanner's visit alone would not have used it).
    await page.context().clearCookies();
    await page.goto(`${server.url}/sign-in/invitation/${token}`);
    await page.getByRole('button', { name: 'Sign in to Liaison' }).click();
    await page.getByRole('alert', { name: 'Sign-in link not accepted' }).waitFor();
    await expect(page.locator('header').textContent()).resolves.not.toContain('Robin Invited');
  });
});
