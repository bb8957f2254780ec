/** Demo sign-in exists only in development with demo people: production mode never offers it, whatever it is handed. */
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import type { WebConfig } from '../config/app-config.js';
import type { Store } from '../services/ports/store.js';

// The sign-in page of a signed-out visitor reads nothing from the database.
const appWith = (web: WebConfig) =>
  createApp({ config: { publicUrl: undefined, signingKey: 'a-sign-in-test-key-that-is-long-enough-01', tokenTtlMinutes: 60, maxBodyBytes: 65536, rateLimitPerMinute: 0, requestLog: false, web }, storeFor: () => ({}) as Store });

describe('demo sign-in', () => {
  it('lists the demo people by e-mail in development', async () => {
    const page = await (await appWith({ production: false, demoUsers: ['gp@demo.liaison.test'], sessionIdleMinutes: 30 }).request('/sign-in')).text();
    expect(page).toContain('Demo sign-in');
    expect(page).toContain('>gp@demo.liaison.test</button>');
  });

  it('is never offered in production mode, and its form is refused there', async () => {
    const app = appWith({ production: true, demoUsers: ['gp@demo.liaison.test'], sessionIdleMinutes: 30 });
    const page = await app.request('/sign-in');
    expect(await page.text()).not.toContain('Demo sign-in');
    const cookie = page.headers.get('Set-Cookie')!.split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await app.request('/sign-in', { headers: { Cookie: cookie } })).text());
    expect(csrf).toBeNull();
    const posted = await app.request('/sign-in/demo', { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'email=gp%40demo.liaison.test' });
    expect(posted.status).toBe(403);
  });
});
