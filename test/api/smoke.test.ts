import { describe, expect, it } from 'vitest';
import { testApi } from '../harness/api.js';

describe('smoke', () => {
  it('creates and reads a request', async () => {
    const api = await testApi();
    const clinic = await api.clinic();
    const created = await api.call('POST', '/api/requests', {
      token: clinic.gp.token,
      body: {
        patient: { identifier: { system: 'urn:test', value: '1' }, name: { family: 'Doe', given: ['Jane'] }, birthDate: '1980-01-01', sex: 'female' },
        clinicalQuestion: 'Q?',
        requestedForm: 'advice-only',
        consent: { given: true },
        submit: true,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('submitted');
    const read = await api.call('GET', `/api/requests/${created.body.id}`, { token: clinic.psychiatrist.token });
    expect(read.status).toBe(200);
    const hidden = await api.call('GET', `/api/requests/${created.body.id}`, { token: clinic.otherGp.token });
    expect(hidden.status).toBe(404);
  });
});
