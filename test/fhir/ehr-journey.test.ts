/**
 * Issue 8's done-criterion, end to end: an EHR that knows nothing of Liaison but its
 * CapabilityStatement sends a consultation request shaped the way practice systems export one
 * (a SNOMED CT code, the question in a note, consent as a Consent resource, no requester Liaison
 * knows, no Liaison extension or code) and follows it — through fhir-kit-client only, using only
 * what the statement lists — to its appointment, its outcome letter and its care plan, including
 * the GP's answer to a recommendation.
 */
import { Client } from 'fhir-kit-client';
import { describe, expect, it } from 'vitest';
import { expectValidFhir, newCtx, type Ctx, type Json } from './helpers.js';
import { fresh, snomedNoRequester } from './as-sent/fixtures.js';

/** What the statement says a type supports: interactions, search parameters, revincludes. */
function reader(statement: Json) {
  const resources = statement.rest[0].resource as Json[];
  const of = (type: string): Json => {
    const found = resources.find((r) => r.type === type);
    expect(found, `${type} is listed in the CapabilityStatement`).toBeDefined();
    return found!;
  };
  return {
    interaction(type: string, code: string): void {
      expect((of(type).interaction as Json[]).map((i) => i.code), `${type} ${code}`).toContain(code);
    },
    searchParam(type: string, name: string): void {
      expect(((of(type).searchParam ?? []) as Json[]).map((p) => p.name), `${type}?${name}`).toContain(name);
    },
    revinclude(type: string, value: string): void {
      expect(of(type).searchRevInclude ?? [], `${type} _revinclude=${value}`).toContain(value);
    },
  };
}

const entries = (bundle: Json, type: string): Json[] => ((bundle.entry ?? []) as Json[]).map((e) => e.resource as Json).filter((r) => r.resourceType === type);

async function act(ctx: Ctx, id: string, action: string, body: Json): Promise<Json> {
  const res = await ctx.api.call('POST', `/api/requests/${id}/${action}`, { token: ctx.clinic.psychiatrist.token, body });
  expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

describe('an EHR that knows only the CapabilityStatement', () => {
  it('sends a request as practice systems export it and follows it to its outcome letter and care plan', async () => {
    const ctx = await newCtx();
    const client = new Client({ baseUrl: `${await ctx.api.serverUrl()}/fhir`, customHeaders: { Authorization: `Bearer ${ctx.clinic.ehr.token}` } });
    const statement = (await client.capabilityStatement()) as Json;
    expectValidFhir(statement);
    const can = reader(statement);

    // Which consulting services there are: psychiatry services, by SNOMED CT specialty.
    can.interaction('HealthcareService', 'search-type');
    can.searchParam('HealthcareService', 'specialty');
    // (The test database holds many clinics' services: the EHR pages through them to the one it refers to.)
    let page: Json | false = (await client.search({ resourceType: 'HealthcareService', searchParams: { specialty: 'http://snomed.info/sct|394587001' } })) as Json;
    let service: Json | undefined;
    while (page && !service) {
      service = entries(page, 'HealthcareService').find((s) => s.id === ctx.clinic.serviceId);
      page = service ? false : ((await client.nextPage({ bundle: page as never })) as Json | false);
    }
    expect(service, 'the clinic’s service is found by specialty').toBeDefined();

    // The request, as the practice system exports it, addressed to that service.
    can.interaction('ServiceRequest', 'create');
    const sent = { ...snomedNoRequester(fresh()), performer: [{ reference: `HealthcareService/${service!.id}` }] };
    const created = (await client.create({ resourceType: 'ServiceRequest', body: sent as never })) as Json;
    expectValidFhir(created);
    expect(created.status).toBe('active');
    const id = created.id as string;

    // The consulting side works the case in Liaison: accepts, books the video consultation, sends the outcome.
    await act(ctx, id, 'accept', { agreedForm: 'joint-video' });
    await act(ctx, id, 'schedule', { start: '2026-12-09T10:00:00.000Z', durationMinutes: 45, videoLink: 'https://video.example.org/room/7' });
    const done = await act(ctx, id, 'complete', {
      summary: 'Bipolar II disorder is unlikely; recurrent depression.',
      outcomeCode: 'managed-in-primary-care-with-advice',
      recommendations: [{ kind: 'medication-change', text: 'Switch citalopram to sertraline 50 mg.' }, 'Refer for group CBT.'],
      plan: [
        { who: 'gp', what: 'Review mood and side effects.', due: '2027-01-08' },
        { who: 'psychiatrist', what: 'Telephone advice if no response by then.' },
      ],
      followUpDate: '2027-02-01',
    });

    // Where the request stands: the Task the statement offers as _revinclude.
    can.revinclude('ServiceRequest', 'Task:focus');
    const withTask = (await client.search({ resourceType: 'ServiceRequest', searchParams: { _id: id, _revinclude: 'Task:focus' } })) as Json;
    const [task] = entries(withTask, 'Task');
    expectValidFhir(task);
    expect(task!.status).toBe('completed');

    // The appointment that took place.
    can.searchParam('Appointment', 'based-on');
    const [appointment] = entries((await client.search({ resourceType: 'Appointment', searchParams: { 'based-on': `ServiceRequest/${id}` } })) as Json, 'Appointment');
    expectValidFhir(appointment);
    expect(appointment!.start).toBe('2026-12-09T10:00:00.000Z');

    // The outcome letter, to file in the patient's record.
    can.searchParam('DocumentReference', 'based-on');
    const [letter] = entries((await client.search({ resourceType: 'DocumentReference', searchParams: { 'based-on': `ServiceRequest/${id}` } })) as Json, 'DocumentReference');
    expectValidFhir(letter);
    const text = Buffer.from(String(letter!.content[0].attachment.data), 'base64').toString('utf8');
    expect(text).toContain('recurrent depression');
    expect(text).toContain('sertraline');

    // The care plan: each recommendation for the GP, the shared-care steps with their owners.
    can.searchParam('CarePlan', 'based-on');
    const [plan] = entries((await client.search({ resourceType: 'CarePlan', searchParams: { 'based-on': `ServiceRequest/${id}` } })) as Json, 'CarePlan');
    expectValidFhir(plan);
    const activities = plan!.activity as Json[];
    const recommendations = activities.filter((a) => a.detail.description === 'Switch citalopram to sertraline 50 mg.' || a.detail.description === 'Refer for group CBT.');
    expect(recommendations.map((a) => a.detail.status)).toEqual(['not-started', 'not-started']);
    const gpStep = activities.find((a) => a.detail.description === 'Review mood and side effects.');
    expect(gpStep?.detail.scheduledPeriod?.end).toBe('2027-01-08');

    // A GP of the practice answers a recommendation (the EHR named none Liaison knows); the CarePlan follows.
    const recommendation = (done.outcome.recommendations as Json[])[0]!;
    const answered = await ctx.api.call('POST', `/api/requests/${id}/recommendations/${recommendation.id}/answer`, { token: ctx.clinic.gp.token, body: { accepted: true } });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    can.interaction('CarePlan', 'read');
    const reread = (await client.read({ resourceType: 'CarePlan', id: plan!.id })) as Json;
    expectValidFhir(reread);
    expect(Number(reread.meta.versionId)).toBeGreaterThan(Number(plan!.meta.versionId));
    expect((reread.activity as Json[]).find((a) => a.id === recommendation.id)?.detail.status).toBe('scheduled');
  });
});
