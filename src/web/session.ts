/**
 * The browser session: a cookie sealed with the deployment's signing key (AES-GCM, services/paging.ts),
 * so any instance opens it and nothing is kept in one process's memory. It holds who signed in, the
 * CSRF token of the forms, and when it was last used: idle longer than the configured minutes, it
 * is over. Who the person is, is read fresh from the directory on every request (a deactivated
 * account is out at once). HttpOnly, SameSite=Lax, Secure unless the site is plain localhost.
 */
import type { Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { openToken, sealToken } from '../services/paging.js';

export const SESSION_COOKIE = 'liaison_session';
const PURPOSE = 'web-session';

export interface Session {
  /** The signed-in person; null before sign-in. */
  userId: string | null;
  /** Every form carries it back (synchronizer token); renewed at sign-in. */
  csrf: string;
  /** Milliseconds since the epoch of the last request the person made. */
  seenAt: number;
}

export const newCsrfToken = (): string => [...crypto.getRandomValues(new Uint8Array(18))].map((b) => b.toString(16).padStart(2, '0')).join('');

export const anonymousSession = (now: number): Session => ({ userId: null, csrf: newCsrfToken(), seenAt: now });

/** The session the cookie carries; a forged, altered or idle one is an anonymous session. */
export async function readSession(c: Context, secret: string, idleMs: number, now: number): Promise<Session> {
  const cookie = getCookie(c, SESSION_COOKIE);
  if (!cookie) return anonymousSession(now);
  try {
    const opened = await openToken(secret, PURPOSE, 'session', cookie, 'session', '', (payload) => payload as Session);
    if (typeof opened.csrf !== 'string' || typeof opened.seenAt !== 'number') return anonymousSession(now);
    if (now - opened.seenAt > idleMs) return anonymousSession(now);
    return { userId: typeof opened.userId === 'string' ? opened.userId : null, csrf: opened.csrf, seenAt: opened.seenAt };
  } catch {
    return anonymousSession(now);
  }
}

/** Plain http on a loopback name is the only place a session cookie travels without Secure. */
export function secureCookies(siteUrl: string): boolean {
  const url = new URL(siteUrl);
  return !(url.protocol === 'http:' && /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname));
}

export async function writeSession(c: Context, secret: string, session: Session, options: { secure: boolean; idleMs: number }): Promise<void> {
  const sealed = await sealToken(secret, PURPOSE, 'session', session);
  setCookie(c, SESSION_COOKIE, sealed, { httpOnly: true, secure: options.secure, sameSite: 'Lax', path: '/', maxAge: Math.ceil(options.idleMs / 1000) });
}

export function endSession(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure, httpOnly: true, sameSite: 'Lax' });
}
