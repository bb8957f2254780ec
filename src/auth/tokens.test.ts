/** Bearer tokens: a verified token is remembered, but its expiry is checked on every call. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokenSigner } from './tokens.js';

const SECRET = 'a-test-signing-key-of-at-least-32-characters';

describe('token verification', () => {
  afterEach(() => vi.useRealTimers());

  it('refuses a remembered token once it has expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-30T08:00:00Z'));
    const signer = new TokenSigner(SECRET);
    const token = await signer.issue({ kind: 'user', id: 'u-1' }, 5);
    expect(await signer.verify(token)).toEqual({ kind: 'user', id: 'u-1', scope: undefined });
    vi.setSystemTime(new Date('2026-11-30T08:04:59Z'));
    expect(await signer.verify(token)).toEqual({ kind: 'user', id: 'u-1', scope: undefined });
    vi.setSystemTime(new Date('2026-11-30T08:05:01Z'));
    expect(await signer.verify(token)).toEqual({ refused: 'The token has expired.' });
    expect(await signer.verify(token)).toEqual({ refused: 'The token has expired.' });
  });

  it('never remembers a token it refused, nor takes one signed with another key', async () => {
    const signer = new TokenSigner(SECRET);
    const other = new TokenSigner('another-signing-key-of-at-least-32-characters');
    const token = await signer.issue({ kind: 'client', id: 'ehr' }, 5);
    const [header, payload] = token.split('.');
    const tampered = `${header}.${payload}.${token.split('.')[2]!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`;
    expect(await signer.verify(tampered)).toEqual({ refused: 'The token is not valid.' });
    expect(await signer.verify(tampered)).toEqual({ refused: 'The token is not valid.' });
    expect(await other.verify(token)).toEqual({ refused: 'The token is not valid.' });
    expect(await signer.verify(token)).toMatchObject({ kind: 'client', id: 'ehr' });
  });
});
