/**
 * Bearer tokens for people and systems (HS256 via jose). The subject says who calls:
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

const ISSUER = 'liaison';
const AUDIENCE = 'liaison';

export class TokenSigner {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(subject: TokenSubject, ttlMinutes: number, extra: Record<string, unknown> = {}): Promise<string> {
    return new SignJWT(extra)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(`${subject.kind}:${subject.id}`)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setJti(crypto.randomUUID())
      .setExpirationTime(`${ttlMinutes}m`)
      .sign(this.key);
  }

  /** Returns the subject, or a reason the token is refused (never throws). */
  async verify(token: string): Promise<TokenSubject | { refused: string }> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      const match = /^(user|client):(.+)$/.exec(payload.sub ?? '');
      if (!match) return { refused: 'The token has no valid subject.' };
      const scope = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : undefined;
      return { kind: match[1] as 'user' | 'client', id: match[2]!, scope };
    } catch (err) {
      if (err instanceof errors.JWTExpired) return { refused: 'The token has expired.' };
      return { refused: 'The token is not valid.' };
    }
  }
}
