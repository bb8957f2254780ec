/**
 * The SSRF guard on subscription endpoints, as production runs it (LIAISON_ALLOW_LOCAL_HOOKS off,
 * names resolved by DNS): only https endpoints on public addresses; anything else is a 400
 * OperationOutcome naming the endpoint, and nothing is stored.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { resolveHost } from '../../src/entry/host-lookup.js';
import { createStore } from '../../src/store/index.js';
import { TEST_SIGNING_KEY } from '../harness/clinic.js';
import { testDatabase } from '../harness/database.js';
import { newCtx, type Ctx } from '../api/helpers.js';
import { expectOutcome, expressionsOf } from './helpers.js';

const TOPIC = 'https://liaison.example.org/fhir/SubscriptionTopic/request-status-changed';
let ctx: Ctx;
let production: ReturnType<typeof createApp>;

const body = (endpoint: string) => ({ resourceType: 'Subscription', status: 'requested', reason: 'test', criteria: TOPIC, channel: { type: 'rest-hook', endpoint, payload: 'application/fhir+json' } });

async function post(endpoint: string) {
  const res = await production.request('http://liaison.test/fhir/Subscription', {
    method: 'POST',
    headers: { Authorization: `Bearer ${ctx.clinic.ehr.token}`, 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' },
    body: JSON.stringify(body(endpoint)),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any>, text: '' };
}

beforeAll(async () => {
  ctx = await newCtx();
  const store = createStore(await testDatabase());
  production = createApp({ config: { publicUrl: undefined, signingKey: TEST_SIGNING_KEY, tokenTtlMinutes: 60, maxBodyBytes: 64 * 1024, rateLimitPerMinute: 0 }, storeFor: () => store, resolveHost });
});

describe('subscription endpoints (SSRF guard)', () => {
  it.each([
    ['http://example.org/hook', /https/],
    ['https://127.0.0.1/hook', /127\.0\.0\.1/],
    ['https://10.1.2.3/hook', /private/],
    ['https://169.254.169.254/latest/meta-data', /link-local/],
    ['https://[::1]/hook', /::1/],
    ['https://[fd00::1]/hook', /private/],
    ['https://localhost/hook', /resolves to/],
    ['https://user:secret@example.org/hook', /user name/],
  ])('%s is refused with an OperationOutcome', async (endpoint, why) => {
    const res = await post(endpoint);
    const outcome = expectOutcome(res, 400);
    expect(outcome.issue[0].diagnostics).toMatch(why);
    expect(expressionsOf(outcome)).toContain('Subscription.channel.endpoint');
  });

  it('nothing is stored for a refused endpoint', async () => {
    await post('https://127.0.0.1/hook');
    const mine = await production.request('http://liaison.test/fhir/Subscription', { headers: { Authorization: `Bearer ${ctx.clinic.ehr.token}`, Accept: 'application/fhir+json' } });
    expect(((await mine.json()) as { entry?: unknown }).entry).toBeUndefined();
  });
});
