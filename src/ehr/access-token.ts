/**
 * Signing in to an organisation's FHIR server: a static bearer token, or SMART Backend Services
 * (https://hl7.org/fhir/smart-app-launch/backend-services.html) — a client_credentials grant with
 * a private_key_jwt assertion (RS384 or ES384, at most five minutes, a fresh jti, aud the token
 * endpoint). Tokens are kept until shortly before they expire.
 */
import { importJWK, SignJWT, type JWK } from 'jose';
import type { EhrAuth } from '../services/ports/ehr-connections.js';

/** A refusal by the EHR (its HTTP status), or a failure to reach it (no status). */
export class EhrError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const cache = new Map<string, { token: string; until: number }>();

export async function accessToken(auth: EhrAuth, now = Date.now()): Promise<string> {
  if (auth.kind === 'bearer') return auth.token;
  const key = `${auth.tokenUrl}|${auth.clientId}|${auth.scope}`;
  const cached = cache.get(key);
  if (cached && cached.until > now) return cached.token;
  const jwk = auth.privateJwk as JWK;
  const alg = jwk.kty === 'EC' ? 'ES384' : 'RS384';
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg, typ: 'JWT', ...(jwk.kid ? { kid: jwk.kid } : {}) })
    .setIssuer(auth.clientId)
    .setSubject(auth.clientId)
    .setAudience(auth.tokenUrl)
    .setJti(crypto.randomUUID())
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(now / 1000) + 240)
    .sign(await importJWK(jwk, alg));
  const body = new URLSearchParams({ grant_type: 'client_credentials', scope: auth.scope, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion });
  const response = await fetch(auth.tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new EhrError(`Token endpoint answered ${response.status}`, response.status);
  const granted = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
  if (typeof granted.access_token !== 'string') throw new EhrError('Token endpoint gave no access_token', 502);
  const seconds = typeof granted.expires_in === 'number' ? granted.expires_in : 300;
  // A minute early: a token about to expire is not sent.
  cache.set(key, { token: granted.access_token, until: now + Math.max(0, seconds - 60) * 1000 });
  return granted.access_token;
}
