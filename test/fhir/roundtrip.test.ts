/**
 * The FHIR interface the way an EHR uses it: fhir-kit-client over a real socket. Conditional
 * create, read, paged search, versioned update, following the Task through question, answer,
 * acceptance and outcome, vread and history.
 */
import { Client } from 'fhir-kit-client';
import { describe, expect, it } from 'vitest';
import type { Person } from '../harness/clinic.js';
import { CS, ORDER_SYSTEM, EXT, createRequest, expectValidFhir, get, newCtx, put, serviceRequestBody, taskOutput, uniqueValue, type Ctx, type Json, type Resource } from './helpers.js';

interface Ehr {
  client: Client;
  base: string;
  /** Every HTTP request the client made: "METHOD url". */
  sent: string[];
}

async function clientFor(ctx: Ctx, who: Person): Promise<Ehr> {
  const base = `${await ctx.api.serverUrl()}/fhir`;
  const sent: string[] = [];
  const client = new Client({
    baseUrl: base,
    customHeaders: { Authorization: `Bearer ${who.token}` },
    requestSigner: (url, init) => void sent.push(`${init.method} ${url}`),
  });
  return { client, base, sent };
}

/** The HTTP response behind a fhir-kit-client result, after checking the body is valid R4. */
function httpOf(result: Json): Response {
  expectValidFhir(result);
  const { response } = Client.httpFor(result as never);
  if (!response) throw new Error('no response recorded');
  return response;
}

/** The status and OperationOutcome of a refused call. */
async function refusal(call: Promise<unknown>): Promise<{ status: number; data: Json }> {
  try {
    await call;
  } catch (err) {
    const response = (err as { response?: { status: number; data: Json } }).response;
    if (!response) throw err;
    expectValidFhir(response.data);
    expect(response.data.resourceType).toBe('OperationOutcome');
    return response;
  }
  throw new Error('expected the call to be refused');
}

const versionOf = (r: Json) => String(r.meta.versionId);
const ifMatch = (r: Json) => ({ headers: { 'If-Match': `W/"${versionOf(r)}"` } });

describe('conditional create', () => {
  it('creates once: 201 with Location and ETag, then 200 with the same resource, one request stored', async () => {
    const ctx = await newCtx();
    const { client, base, sent } = await clientFor(ctx, ctx.clinic.ehr);
    const order = uniqueValue('ORD');
    const body = serviceRequestBody(ctx.clinic, { order });
    const options = { headers: { 'If-None-Exist': `identifier=${ORDER_SYSTEM}|${order}` } };

    const first = (await client.create({ resourceType: 'ServiceRequest', body, options })) as Resource;
    const created = httpOf(first);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${base}/ServiceRequest/${first.id}/_history/${versionOf(first)}`);
    expect(created.headers.get('etag')).toBe(`W/"${versionOf(first)}"`);
    expect(first).toMatchObject({ status: 'active', intent: 'order', identifier: expect.arrayContaining([{ system: ORDER_SYSTEM, value: order }]) });

    const second = (await client.create({ resourceType: 'ServiceRequest', body, options })) as Resource;
    expect(httpOf(second).status).toBe(200);
    expect(second.id).toBe(first.id);
    expect(versionOf(second)).toBe(versionOf(first));

    expect(sent).toEqual([`POST ${base}/ServiceRequest`, `POST ${base}/ServiceRequest`]);
    expect((await ctx.api.rowsOf(ctx.clinic.practiceId)).requests).toBe(1);
    const found = (await client.search({ resourceType: 'ServiceRequest', searchParams: { identifier: `${ORDER_SYSTEM}|${order}` } })) as Resource;
    expectValidFhir(found);
    expect(found.entry.map((e: Json) => e.resource.id)).toEqual([first.id]);
  });
});

describe('read and paged search', () => {
  it('follows next links to the end: every request once, links absolute and opaque', async () => {
    const ctx = await newCtx();
    const { client, base } = await clientFor(ctx, ctx.clinic.ehr);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push(String(((await client.create({ resourceType: 'ServiceRequest', body: serviceRequestBody(ctx.clinic) })) as Json).id));

    const read = (await client.read({ resourceType: 'ServiceRequest', id: made[0]! })) as Resource;
    expect(httpOf(read).headers.get('etag')).toBe(`W/"${versionOf(read)}"`);
    expect(read.id).toBe(made[0]);

    let page = (await client.search({ resourceType: 'ServiceRequest', searchParams: { status: 'active', _count: 2 } })) as Resource;
    const seen: string[] = [];
    const sizes: number[] = [];
    for (;;) {
      expectValidFhir(page);
      expect(page).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
      sizes.push(page.entry?.length ?? 0);
      seen.push(...(page.entry ?? []).map((e: Json) => String(e.resource.id)));
      const next = page.link.find((l: Json) => l.relation === 'next')?.url as string | undefined;
      if (!next) break;
      const url = new URL(next);
      expect(`${url.origin}${url.pathname}`).toBe(`${base}/ServiceRequest`);
      expect([...url.searchParams.keys()]).toEqual(['_page']);
      page = (await client.nextPage({ bundle: page as never })) as Resource;
    }
    expect(sizes).toEqual([2, 2, 1]);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...made].sort());
  });
});

describe('versioned update', () => {
  it('changes a draft with a fresh If-Match, refuses a stale one (412, nothing changed), then submits it', async () => {
    const ctx = await newCtx();
    const { client } = await clientFor(ctx, ctx.clinic.ehr);
    const draft = (await client.create({ resourceType: 'ServiceRequest', body: serviceRequestBody(ctx.clinic, { status: 'draft' }) })) as Resource;
    expect(draft).toMatchObject({ status: 'draft', meta: { versionId: '1' } });

    const question = (text: string) => [...draft.extension.filter((e: Json) => e.url !== EXT.clinicalQuestion), { url: EXT.clinicalQuestion, valueString: text }];
    const edited = (await client.update({ resourceType: 'ServiceRequest', id: draft.id, body: { ...draft, extension: question('Bipolar or unipolar?') }, options: ifMatch(draft) })) as Resource;
    expect(httpOf(edited).headers.get('etag')).toBe('W/"2"');
    expect(edited.extension).toContainEqual({ url: EXT.clinicalQuestion, valueString: 'Bipolar or unipolar?' });

    const stale = await refusal(client.update({ resourceType: 'ServiceRequest', id: draft.id, body: { ...draft, extension: question('Lost update?') }, options: ifMatch(draft) }));
    expect(stale.status).toBe(412);
    const after = (await client.read({ resourceType: 'ServiceRequest', id: draft.id })) as Resource;
    expect(after.meta.versionId).toBe('2');
    expect(after.extension).toContainEqual({ url: EXT.clinicalQuestion, valueString: 'Bipolar or unipolar?' });

    const submitted = (await client.update({ resourceType: 'ServiceRequest', id: draft.id, body: { ...after, status: 'active' }, options: ifMatch(after) })) as Resource;
    expectValidFhir(submitted);
    expect(submitted.status).toBe('active');
    expect(Number(submitted.meta.versionId)).toBeGreaterThan(2);
    const task = (await client.read({ resourceType: 'Task', id: draft.id })) as Resource;
    expectValidFhir(task);
    expect(task).toMatchObject({ status: 'requested', businessStatus: { coding: [{ system: CS.businessStatus, code: 'submitted' }] } });
  });

  it('revokes an active request with If-Match: the Task is cancelled', async () => {
    const ctx = await newCtx();
    const { client } = await clientFor(ctx, ctx.clinic.ehr);
    const sr = (await client.create({ resourceType: 'ServiceRequest', body: serviceRequestBody(ctx.clinic) })) as Resource;
    const revoked = (await client.update({ resourceType: 'ServiceRequest', id: sr.id, body: { ...sr, status: 'revoked' }, options: ifMatch(sr) })) as Resource;
    expectValidFhir(revoked);
    expect(revoked.status).toBe('revoked');
    const task = (await client.read({ resourceType: 'Task', id: sr.id })) as Resource;
    expectValidFhir(task);
    expect(task).toMatchObject({ status: 'cancelled', businessStatus: { coding: [{ code: 'cancelled' }] } });
  });
});

describe('following the Task', () => {
  it('question, answer, acceptance and outcome; the outcome letter, vread and history', async () => {
    const ctx = await newCtx();
    const { clinic } = ctx;
    const { client: ehr } = await clientFor(ctx, clinic.ehr);
    const { client: psychiatrist } = await clientFor(ctx, clinic.psychiatrist);
    const sr = (await ehr.create({ resourceType: 'ServiceRequest', body: serviceRequestBody(clinic) })) as Resource;
    const readTask = async (client: Client) => {
      const task = (await client.read({ resourceType: 'Task', id: sr.id })) as Resource;
      expectValidFhir(task);
      return task;
    };
    const business = (task: Json) => `${task.status}/${task.businessStatus?.coding?.[0]?.code}`;

    let task = await readTask(ehr);
    expect(task).toMatchObject({ focus: { reference: `ServiceRequest/${sr.id}` }, basedOn: [{ reference: `ServiceRequest/${sr.id}` }], owner: { reference: `HealthcareService/${clinic.serviceId}` } });
    expect(business(task)).toBe('requested/submitted');

    const question = (await psychiatrist.create({
      resourceType: 'Communication',
      body: { resourceType: 'Communication', status: 'completed', basedOn: [{ reference: `ServiceRequest/${sr.id}` }], payload: [{ contentString: 'Any periods of elevated mood?' }] },
    })) as Resource;
    expect(httpOf(question).status).toBe(201);
    expect(business(await readTask(ehr))).toBe('on-hold/awaiting-information');

    const answer = (await ehr.create({
      resourceType: 'Communication',
      body: {
        resourceType: 'Communication',
        status: 'completed',
        basedOn: [{ reference: `ServiceRequest/${sr.id}` }],
        inResponseTo: [{ reference: `Communication/${question.id}` }],
        payload: [{ contentString: 'None that she or her partner recall.' }],
      },
    })) as Resource;
    expect(httpOf(answer).status).toBe(201);
    expect(answer.inResponseTo).toEqual([{ reference: `Communication/${question.id}` }]);
    expect(business(await readTask(ehr))).toBe('requested/submitted');

    task = await readTask(psychiatrist);
    const accepted = (await psychiatrist.update({
      resourceType: 'Task',
      id: sr.id,
      body: { ...task, status: 'accepted', owner: { reference: `Practitioner/${clinic.psychiatrist.id}` } },
      options: ifMatch(task),
    })) as Resource;
    expect(httpOf(accepted).status).toBe(200);
    expect(business(accepted)).toBe('accepted/accepted');
    expect(accepted.owner.reference).toBe(`Practitioner/${clinic.psychiatrist.id}`);

    const completed = (await psychiatrist.update({
      resourceType: 'Task',
      id: sr.id,
      body: {
        ...accepted,
        status: 'completed',
        output: [
          taskOutput('outcome', { valueString: 'Moderate depressive episode; switch to mirtazapine.' }),
          taskOutput('outcome-code', { valueCoding: { system: CS.outcome, code: 'managed-in-primary-care-with-advice' } }),
        ],
      },
      options: ifMatch(accepted),
    })) as Resource;
    expectValidFhir(completed);
    expect(business(completed)).toBe('completed/outcome-sent');

    task = await readTask(ehr);
    expect((await ehr.read({ resourceType: 'ServiceRequest', id: sr.id })) as Json).toMatchObject({ status: 'completed' });
    const letterRef = task.output.find((o: Json) => o.type.coding.some((c: Json) => c.code === 'outcome'))?.valueReference?.reference as string;
    expect(letterRef).toMatch(/^Communication\/[0-9a-f-]{36}$/);
    const letter = (await ehr.read({ resourceType: 'Communication', id: letterRef.split('/')[1]! })) as Resource;
    expectValidFhir(letter);
    expect(letter).toMatchObject({ basedOn: [{ reference: `ServiceRequest/${sr.id}` }], category: [{ coding: [{ system: CS.messageKind, code: 'outcome' }] }] });
    expect(letter.payload[0].contentString).toContain('switch to mirtazapine');

    const history = (await ehr.resourceHistory({ resourceType: 'ServiceRequest', id: sr.id })) as Resource;
    expectValidFhir(history);
    expect(history).toMatchObject({ resourceType: 'Bundle', type: 'history' });
    const versions = history.entry.map((e: Json) => Number(e.resource.meta.versionId));
    expect(versions).toEqual([...versions].sort((a, b) => b - a));
    // The ServiceRequest has its own versions: the Task's moves are not new ServiceRequests.
    expect(versions[0]).toBe(Number(((await ehr.read({ resourceType: 'ServiceRequest', id: sr.id })) as Json).meta.versionId));
    expect(new Set(versions).size).toBe(versions.length);

    const oldest = history.entry.at(-1).resource as Json;
    const first = (await ehr.vread({ resourceType: 'ServiceRequest', id: sr.id, version: versionOf(oldest) })) as Resource;
    expect(httpOf(first).headers.get('etag')).toBe(`W/"${versionOf(oldest)}"`);
    expect(first).toEqual(oldest);

    const taskHistory = (await ehr.resourceHistory({ resourceType: 'Task', id: sr.id })) as Resource;
    expectValidFhir(taskHistory);
    const held = taskHistory.entry.map((e: Json) => e.resource).find((t: Json) => t.status === 'on-hold') as Resource;
    const onHold = (await ehr.vread({ resourceType: 'Task', id: sr.id, version: versionOf(held) })) as Resource;
    expectValidFhir(onHold);
    expect(business(onHold)).toBe('on-hold/awaiting-information');
  });

  it('a decline: Task rejected with the reason and advice; the GP revokes, the Task stays rejected', async () => {
    const ctx = await newCtx();
    const { clinic } = ctx;
    const sr = await createRequest(ctx);
    const task = await get(ctx, clinic.psychiatrist, `/Task/${sr.id}`);
    const statusReason = { coding: [{ system: CS.declineReason, code: 'manageable-in-primary-care' }], text: 'Start sertraline 50 mg; review in four weeks.' };
    const declined = await put(ctx, clinic.psychiatrist, task, { status: 'rejected', statusReason });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    expect(declined.body).toMatchObject({ status: 'rejected', businessStatus: { coding: [{ code: 'declined' }] }, statusReason });
    const advice = declined.body.output.find((o: Json) => o.type.coding[0].code === 'decline-advice').valueReference.reference as string;
    expect((await get(ctx, clinic.ehr, `/${advice}`)).payload[0].contentString).toBe(statusReason.text);
    const active = await get(ctx, clinic.ehr, `/ServiceRequest/${sr.id}`);
    expect(active.status).toBe('active');
    const closed = await put(ctx, clinic.ehr, active, { status: 'revoked' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.status).toBe('revoked');
    expect(await get(ctx, clinic.ehr, `/Task/${sr.id}`)).toMatchObject({ status: 'rejected', businessStatus: { coding: [{ code: 'declined' }] } });
  });

  it('advice only: Task in-progress/advice-given with the advice as output; the request stays active', async () => {
    const ctx = await newCtx();
    const { clinic } = ctx;
    const sr = await createRequest(ctx, { form: 'advice-only' });
    const task = await get(ctx, clinic.psychiatrist, `/Task/${sr.id}`);
    const advised = await put(ctx, clinic.psychiatrist, task, {
      status: 'in-progress',
      businessStatus: { coding: [{ system: CS.businessStatus, code: 'advice-given' }] },
      output: [taskOutput('advice', { valueString: 'Switch to sertraline; refer if no response in six weeks.' })],
    });
    expect(advised.status, JSON.stringify(advised.body)).toBe(200);
    expect(advised.body).toMatchObject({ status: 'in-progress', businessStatus: { coding: [{ code: 'advice-given' }] }, owner: { reference: `Practitioner/${clinic.psychiatrist.id}` } });
    const letter = advised.body.output.find((o: Json) => o.type.coding[0].code === 'advice').valueReference.reference as string;
    expect((await get(ctx, clinic.ehr, `/${letter}`)).payload[0].contentString).toContain('Switch to sertraline');
    expect((await get(ctx, clinic.ehr, `/ServiceRequest/${sr.id}`)).status).toBe('active');
  });
});
