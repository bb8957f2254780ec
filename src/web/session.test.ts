/** The sealed session cookie: read back as written, forgotten when idle, forged, or sealed with another key. */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { readSession, secureCookies, writeSession, type Session } from './session.js';

const KEY = 'a-session-test-key-that-is-long-enough-0123';

/** The cookie a response sets, then what a request carrying it reads at `now`. */
async function roundTrip(session: Session, now: number, readKey = KEY, idleMs = 60_000): Promise<Session> {
  const app = new Hono();
  app.get('/write', async (c) => {
    await writeSession(c, KEY, session, { secure: true, idleMs });
    return c.text('ok');
  });
  app.get('/read', async (c) => c.json(await readSession(c, readKey, idleMs, now)));
  const cookie = (await app.request('/write')).headers.get('Set-Cookie')!;
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  expect(cookie).toMatch(/Secure/);
  return (await app.request('/read', { headers: { Cookie: cookie.split(';')[0]! } })).json() as Promise<Session>;
}

describe('web session', () => {
  const session: Session = { userId: 'someone', csrf: 'token', seenAt: 1_000_000 };

  it('is read back while it is used', async () => {
    expect(await roundTrip(session, 1_000_000 + 59_000)).toEqual(session);
  });

  it('ends after the idle timeout', async () => {
    expect((await roundTrip(session, 1_000_000 + 61_000)).userId).toBeNull();
  });

  it('is worthless under another signing key', async () => {
    expect((await roundTrip(session, 1_000_000, 'another-key-that-is-long-enough-000000000')).userId).toBeNull();
  });

  it('is Secure except on plain localhost', () => {
    expect(secureCookies('http://127.0.0.1:8787')).toBe(false);
    expect(secureCookies('http://localhost:8787')).toBe(false);
    expect(secureCookies('http://liaison.example.org')).toBe(true);
    expect(secureCookies('https://localhost')).toBe(true);
  });
});
