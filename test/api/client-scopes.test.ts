/** System clients use the JSON API within their SMART scopes, as on FHIR. */
import { describe, expect, it } from 'vitest';
import { testApi } from '../harness/api.js';
import { draftBody } from './helpers.js';

describe('system clients on the JSON API', () => {
  it('read and search with a read-only registration, and are refused writes', async () => {
    const api = await testApi();
    const clinic = await api.clinic({ ehrScopes: 'system/ServiceRequest.rs' });
    const made = await api.call('POST', '/api/requests', { token: clinic.gp.token, body: { ...draftBody(), submit: true } });
    expect(made.status).toBe(201);

    expect((await api.call('GET', '/api/requests', { token: clinic.ehr.token })).status).toBe(200);
    expect((await api.call('GET', `/api/requests/${made.body.id}`, { token: clinic.ehr.token })).status).toBe(200);
    const create = await api.call('POST', '/api/requests', { token: clinic.ehr.token, body: { ...draftBody(), requesterId: clinic.gp.id } });
    expect(create.status).toBe(403);
    expect(create.body.detail).toContain('system/ServiceRequest.c');
    const cancel = await api.call('POST', `/api/requests/${made.body.id}/cancel`, { token: clinic.ehr.token, body: { reason: 'Duplicate' } });
    expect(cancel.status).toBe(403);
    expect((await api.call('GET', `/api/requests/${made.body.id}`, { token: clinic.gp.token })).body.status).toBe('submitted');
  });

  it('create and move requests with write scopes', async () => {
    const api = await testApi();
    const clinic = await api.clinic({ ehrScopes: 'system/ServiceRequest.cruds' });
    const create = await api.call('POST', '/api/requests', { token: clinic.ehr.token, body: { ...draftBody(), requesterId: clinic.gp.id, submit: true } });
    expect(create.status).toBe(201);
    const cancel = await api.call('POST', `/api/requests/${create.body.id}/cancel`, { token: clinic.ehr.token, body: { reason: 'Entered twice' } });
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
  });
});
