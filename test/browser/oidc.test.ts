/**
 * OIDC sign-in against a real OpenID provider run in the test (oidc-provider, its development
 * login and consent pages): authorization code with PKCE; the person matched by e-mail or by a
 * professional identifier claim; an unknown person refused. Also the session cookie's attributes,
 * the return to the page a mail linked to, and forms without their CSRF token refused.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Provider from 'oidc-provider';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROVIDER_SYSTEM } from '../../src/demo/directory.js';
import { expectAccessible, launchBrowser, startWebServer, type WebServer } from './harness.js';

let server: WebServer;
let browser: Browser;
let provider: ReturnType<typeof createServer>;

beforeAll(async () => {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  provider = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(provider.address() as { port: number }).port}`;
  [server, browser] = await Promise.all([
    startWebServer({ demoUsers: [], oidc: { issuer, clientId: 'liaison', clientSecret: 'a-secret-of-the-test-provider', identifierClaim: 'provider_number', identifierSystem: DEMO_PROVIDER_SYSTEM } }),
    launchBrowser(),
  ]);
  const oidc = new Provider(issuer, {
    clients: [{ client_id: 'liaison', client_secret: 'a-secret-of-the-test-provider', redirect_uris: [`${server.url}/sign-in/oidc/callback`], grant_types: ['authorization_code'], response_types: ['code'] }],
    // A login with "@" is an e-mail address; anything else a provider number, without an e-mail.
    findAccount: async (_ctx: unknown, id: string) => ({ accountId: id, claims: async () => (id.includes('@') ? { sub: id, email: id, email_verified: true } : { sub: id, provider_number: id }) }),
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['provider_number'] },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
  });
  handle = oidc.callback();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  provider?.close();
});

async function signInWithProvider(page: Page, login: string, startAt = '/sign-in'): Promise<void> {
  await page.goto(`${server.url}${startAt}`);
  await page.getByRole('link', { name: 'Sign in with your organisation' }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('anything');
  await page.locator('button[type="submit"]').click();
  // The provider asks to share the account with Liaison once.
  const consent = page.locator('button[type="submit"]', { hasText: /continue/i });
  if (await consent.count()) await consent.click();
  await page.waitForURL((url) => url.origin === server.url);
}

describe('OIDC sign-in', () => {
  it('signs a GP in by e-mail, with PKCE, and offers no demo sign-in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const authorize: string[] = [];
    page.on('request', (r) => r.url().includes('/auth?') && authorize.push(r.url()));
    await page.goto(`${server.url}/sign-in`);
    expect(await page.getByRole('heading', { name: 'Demo sign-in' }).count()).toBe(0);
    await expectAccessible(page);
    await signInWithProvider(page, 'gp@demo.liaison.test');
    expect(page.url()).toBe(`${server.url}/requests`);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    const params = new URL(authorize[0]!).searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = (await context.cookies()).find((c) => c.name === 'liaison_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
    await context.close();
  });

  it('signs a GP in by their professional identifier claim', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInWithProvider(page, '01234568');
    expect(await page.locator('header').textContent()).toContain('Dr. Jonas Keller');
    await context.close();
  });

  it('refuses someone the directory does not know', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInWithProvider(page, 'stranger@elsewhere.example');
    expect(await page.getByRole('alert').textContent()).toContain('does not match an active Liaison user');
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await context.close();
  });

  it('opens the page a mail linked to after sign-in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInWithProvider(page, 'psychiatrist@demo.liaison.test', '/measures');
    expect(new URL(page.url()).pathname).toBe('/measures');
    await expectAccessible(page);
    await context.close();
  });

  it('refuses a form without its CSRF token, and one from another site', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInWithProvider(page, 'gp@demo.liaison.test');
    const noToken = await page.request.post(`${server.url}/requests/new`, { form: { intent: 'draft' } });
    expect(noToken.status()).toBe(403);
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    const crossSite = await page.request.post(`${server.url}/sign-out`, { form: { _csrf: token }, headers: { 'Sec-Fetch-Site': 'cross-site' } });
    expect(crossSite.status()).toBe(403);
    await page.goto(`${server.url}/requests`);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    await context.close();
  });
});
