/**
 * The demo EHR's SMART Backend Services key: an ES384 pair generated once into the data
 * directory; its public half is registered for the `demo-ehr` client, so the token endpoint
 * can be tried end to end (`npm run --silent smart:assertion`). Development only.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export const DEMO_EHR_CLIENT = 'demo-ehr';

export async function demoEhrKey(dataDir: string): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const file = join(dataDir, 'demo-ehr-key.json');
  if (!existsSync(file)) {
    const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
    const kid = `demo-ehr-${Date.now()}`;
    const key = { privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES384' }, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' } };
    writeFileSync(file, JSON.stringify(key, null, 2), { mode: 0o600 });
  }
  return JSON.parse(readFileSync(file, 'utf8')) as { privateJwk: JWK; publicJwk: JWK };
}
