/** Organization, PractitionerRole and HealthcareService show what administrators set (issue 12). */
import { describe, expect, it } from 'vitest';
import { adminWorld, changeAs } from '../api/admin.fixtures.js';
import { expectValidFhir } from './helpers.js';

describe('the directory as administrators keep it, on FHIR', () => {
  it('an organisation with its identifiers; a psychiatrist with role, sub-specialties, teams and languages', async () => {
    const w = await adminWorld();
    const { specialistId, psychiatrist2, serviceId, otherServiceId, gp } = w.clinic;
    expect((await changeAs(w, w.providerAdmin, `/api/admin/organisations/${specialistId}`, { identifiers: [{ system: 'https://example.org/sid/provider', value: 'MH-7' }] })).status).toBe(200);
    expect((await changeAs(w, w.providerAdmin, `/api/admin/users/${psychiatrist2.id}`, { subSpecialties: ['perinatal'], languages: ['tr'] })).status).toBe(200);

    const organisation = await w.as(gp, 'GET', '/fhir/Organization?identifier=https://example.org/sid/provider|MH-7');
    expect(organisation.body.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([specialistId]);
    const role = await w.as(w.clinic.psychiatrist, 'GET', `/fhir/PractitionerRole/${psychiatrist2.id}`);
    expect(role.status).toBe(200);
    expect(role.body).toMatchObject({
      resourceType: 'PractitionerRole',
      practitioner: { reference: `Practitioner/${psychiatrist2.id}` },
      organization: { reference: `Organization/${specialistId}` },
      code: [{ coding: [{ code: '80584001' }] }],
      specialty: [{ coding: [{ code: 'perinatal' }] }],
      extension: [{ valueCode: 'tr' }],
    });
    expect((await changeAs(w, w.providerAdmin, `/api/admin/services/${serviceId}`, { businessHours: [{ weekday: 1, start: '08:30', end: '12:00' }], publicHolidays: ['2031-12-25'] })).status).toBe(200);
    const healthcareService = await w.as(gp, 'GET', `/fhir/HealthcareService/${serviceId}`);
    for (const resource of [healthcareService.body, role.body, organisation.body]) expectValidFhir(resource);
    expect(healthcareService.body).toMatchObject({
      availableTime: [{ daysOfWeek: ['mon'], availableStartTime: '08:30:00', availableEndTime: '12:00:00' }],
      notAvailable: [{ during: { start: '2031-12-25', end: '2031-12-25' } }],
    });
    expect(role.body.healthcareService.map((s: { reference: string }) => s.reference).sort()).toEqual([`HealthcareService/${serviceId}`, `HealthcareService/${otherServiceId}`].sort());
  });
});
