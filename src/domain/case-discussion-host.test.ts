import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.js';
import type { InviteeFacts } from './case-discussion.js';
import { leadersLack, mayJoin, maySetUp, type HostFacts } from './case-discussion-host.js';

const service: HostFacts = { kind: 'service', id: 'svc', organisationId: 'centre' };
const practice: HostFacts = { kind: 'practice', id: 'practice', organisationId: 'practice' };

const person = (role: InviteeFacts['role'], organisationId: string, linked = false): InviteeFacts => ({ userId: `${role}@${organisationId}`, role, organisationId, linked });
const gpHere = person('gp', 'practice');
const gpLinked = person('gp', 'elsewhere', true);
const psychiatrist = person('psychiatrist', 'centre');
const psychiatristLinked = person('psychiatrist', 'centre', true);
const psychologistLinked = person('group-leader', 'centre', true);
const admin = person('administrator', 'practice', true);

describe('who may be in a group, by its host', () => {
  it('a service’s group: its organisation’s psychiatrists and psychologists, and GPs of referring practices', () => {
    expect(mayJoin(service, psychiatrist)).toBe(true);
    expect(mayJoin(service, gpLinked)).toBe(true);
    expect(mayJoin(service, gpHere)).toBe(false);
    expect(mayJoin(service, person('psychiatrist', 'other-centre', true))).toBe(false);
    expect(mayJoin(service, admin)).toBe(false);
  });

  it('a practice’s group, the mirror: its own GPs, and the clinicians of the services it refers to', () => {
    expect(mayJoin(practice, gpHere)).toBe(true);
    expect(mayJoin(practice, psychiatristLinked)).toBe(true);
    expect(mayJoin(practice, psychologistLinked)).toBe(true);
    // Not working in a service the practice refers to; another practice's GP; the practice's administrator.
    expect(mayJoin(practice, psychiatrist)).toBe(false);
    expect(mayJoin(practice, gpLinked)).toBe(false);
    expect(mayJoin(practice, admin)).toBe(false);
  });

  it('leaders: one of the host; a practice’s group co-led with mental health', () => {
    expect(leadersLack(service, [psychiatrist])).toBeNull();
    expect(leadersLack(service, [gpLinked])).toMatch(/service’s organisation/);
    expect(leadersLack(practice, [gpHere, psychiatristLinked])).toBeNull();
    expect(leadersLack(practice, [gpHere])).toMatch(/co-led with mental health/);
    expect(leadersLack(practice, [psychologistLinked])).toMatch(/GP of the practice/);
  });

  it('who sets a group up: a psychiatrist or psychologist of the service, a GP of the practice; never a system', () => {
    const actor = (role: Actor['role'], organisationId: string, serviceIds: string[] = []): Actor => ({ kind: 'user', id: 'u', display: 'U', role, organisationId, serviceIds, scopes: [] });
    expect(maySetUp(actor('psychiatrist', 'centre', ['svc']), service)).toBe('yes');
    expect(maySetUp(actor('group-leader', 'centre', ['other']), service)).toBe('not-found');
    expect(maySetUp(actor('gp', 'practice'), practice)).toBe('yes');
    expect(maySetUp(actor('administrator', 'practice'), practice)).toBe('forbidden');
    expect(maySetUp(actor('psychiatrist', 'centre', ['svc']), practice)).toBe('not-found');
    expect(maySetUp({ ...actor('system', 'practice'), kind: 'client' }, practice)).toBe('forbidden');
  });
});
