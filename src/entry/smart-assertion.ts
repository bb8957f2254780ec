/**
 * Prints a SMART Backend Services client assertion for the demo EHR, to exchange at the
 * token endpoint (README, "SMART Backend Services"):
 *   npm run --silent smart:assertion [-- <token endpoint URL>]
 */
import { SignJWT, importJWK } from 'jose';
import { DEMO_EHR_CLIENT, demoEhrKey } from './demo-ehr-key.js';
import { loadNodeSetup, privateDataDir } from './node-setup.js';

const setup = loadNodeSetup();
const origin = (setup.raw.PUBLIC_URL ?? `http://127.0.0.1:${setup.raw.PORT}`).replace(/\/$/, '');
const audience = process.argv[2] ?? `${origin}/auth/token`;
const { privateJwk } = await demoEhrKey(privateDataDir(setup.dataDir));
const assertion = await new SignJWT({})
  .setProtectedHeader({ alg: 'ES384', kid: privateJwk.kid!, typ: 'JWT' })
  .setIssuer(DEMO_EHR_CLIENT)
  .setSubject(DEMO_EHR_CLIENT)
  .setAudience(audience)
  .setJti(crypto.randomUUID())
  .setIssuedAt()
  .setExpirationTime('4m')
  .sign(await importJWK(privateJwk, 'ES384'));
console.log(assertion);
