/**
 * Bearer tokens for people and systems (HS256 via jose), always with an expiry, issued by and
 * for PUBLIC_URL (a fixed name in local development). The subject says who calls:
 * `user:<uuid>` or `client:<client id>`; who they are and what they may do is read from the
 * directory on each request, so a deactivated user loses access at once.
 */
import { SignJWT, jwtVerify, errors } from 'jose';

export interface TokenSubject {
  kind: 'user' | 'client';
  id: string;
  /** SMART scopes the token was issued with; absent on people's and development tokens. */
  scope?: string[] | undefined;
}

/** Without PUBLIC_URL (local development and tests) tokens name this fixed issuer and audience. */
const LOCAL_NAME = 'liaison';

/** Verified tokens remembered at most (a few MB). */
const VERIFIED_KEPT = 10_000;

type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

export class TokenSigner {
  private readonly secret: Uint8Array;
  /** The HMAC key, imported once: importing it for every call cost more than the signature itself. */
  private imported: Promise<HmacKey> | undefined;
  /** Who issues the tokens and for whom: this deployment, so another one's tokens are refused even with a shared key. */
  private readonly name: string;

  constructor(secret: string, publicUrl?: string | undefined) {
    this.secret = new TextEncoder().encode(secret);
    this.name = publicUrl ? publicUrl.replace(/\/+$/, '') : LOCAL_NAME;
  }

  private key(): Promise<HmacKey> {
    this.imported ??= crypto.subtle.importKey('raw', this.secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    return this.imported;
  }

  async issue(subject: TokenSubject, ttlMinutes: number, extra: Record<string, unknown> = {}): Promise<string> {
    return new SignJWT(extra)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(`${subject.kind}:${subject.id}`)
      .setIssuer(this.name)
      .setAudience(this.name)
      .setIssuedAt()
      .setJti(crypto.randomUUID())
      .setExpirationTime(`${ttlMinutes}m`)
      .sign(await this.key());
  }

  /**
   * Tokens whose signature and claims were checked, with their expiry: a client sends the same
   * token on every call, and checking its signature each time cost more than the call's own
   * database work. Only the expiry is checked again; the oldest are forgotten first.
   */
  private readonly verified = new Map<string, { subject: TokenSubject; expiresAt: number }>();

  /** Returns the subject, or a reason the token is refused (never throws). */
  async verify(token: string): Promise<TokenSubject | { refused: string }> {
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAt) return known.subject;
      this.verified.delete(token);
      return { refused: 'The token has expired.' };
    }
    const checked = await this.check(token);
    if ('subject' in checked) {
      while (this.verified.size >= VERIFIED_KEPT) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, checked);
      return checked.subject;
    }
    return checked;
  }

  private async check(token: string): Promise<{ subject: TokenSubject; expiresAt: number } | { refused: string }> {
    try {
      // A token without an expiry would be valid for ever: refused.
      const { payload } = await jwtVerify(token, await this.key(), { issuer: this.name, audience: this.name, algorithms: ['HS256'], requiredClaims: ['exp'] });
      const match = /^(user|client):(.+)$/.exec(payload.sub ?? '');
      if (!match) return { refused: 'The token has no valid subject.' };
      const scope = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : undefined;
      return { subject: { kind: match[1] as 'user' | 'client', id: match[2]!, scope }, expiresAt: payload.exp! * 1000 };
    } catch (err) {
      if (err instanceof errors.JWTExpired) return { refused: 'The token has expired.' };
      if (err instanceof errors.JWTClaimValidationFailed && err.claim === 'exp') return { refused: 'The token has no expiry (exp); ask for a new one.' };
      return { refused: 'The token is not valid.' };
    }
  }
}
