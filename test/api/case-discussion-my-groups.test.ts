/**
 * The groups a person is in, as the web app's *Groups* page lists them: only those they accepted
 * a place in — never one they are merely invited to, nor one they declined.
 */
import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/index.js';
import { testDatabase } from '../harness/database.js';
import { newCtx } from './helpers.js';

describe('a person’s groups', () => {
  it('lists the groups accepted, with the role in each; invited and declined ones are not theirs', async () => {
    const ctx = await newCtx();
    const { leader, psychiatrist, gp, otherGp } = ctx.clinic;
    const made = await ctx.api.call('POST', '/api/case-discussions', {
      token: leader.token,
      body: { serviceId: ctx.clinic.serviceId, name: 'Balint Nord', cadenceWeeks: 2, leaderIds: [leader.id, psychiatrist.id], memberIds: [gp.id, otherGp.id] },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const groupId = made.body.id as string;
    expect((await ctx.api.call('POST', `/api/me/invitations/${groupId}/accept`, { token: gp.token })).status).toBe(204);
    expect((await ctx.api.call('POST', `/api/me/invitations/${groupId}/decline`, { token: otherGp.token })).status).toBe(204);

    const groups = createStore(await testDatabase()).caseDiscussions;
    expect(await groups.groupsOf(leader.id)).toEqual([expect.objectContaining({ groupId, groupName: 'Balint Nord', role: 'leader' })]);
    expect(await groups.groupsOf(gp.id)).toEqual([expect.objectContaining({ groupId, role: 'member', invitedBy: { id: leader.id, name: expect.any(String) } })]);
    expect(await groups.groupsOf(psychiatrist.id)).toEqual([]);
    expect(await groups.groupsOf(otherGp.id)).toEqual([]);
    expect(await groups.invitationsOf(psychiatrist.id)).toEqual([expect.objectContaining({ groupId, role: 'leader' })]);
  });
});
