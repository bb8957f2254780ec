/** A Balint group of the test clinic, everyone in it by an accepted invitation, and calls on its runs. */
import { expect } from 'vitest';
import type { Person } from '../harness/clinic.js';
import type { Ctx, Json } from './helpers.js';

/** Leaders: the psychologist (group leader) and the psychiatrist; members: both practice GPs and the other practice's GP. */
export async function balintGroup(ctx: Ctx, extra: Json = {}): Promise<string> {
  const { leader, psychiatrist, gp, gp2, otherGp, serviceId } = ctx.clinic;
  const made = await ctx.api.call('POST', '/api/case-discussions', {
    token: leader.token,
    body: { serviceId, name: 'Balint group Mitte', cadenceWeeks: 2, leaderIds: [leader.id, psychiatrist.id], memberIds: [gp.id, gp2.id, otherGp.id], ...extra },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  for (const who of [psychiatrist, gp, gp2, otherGp]) {
    expect((await ctx.api.call('POST', `/api/me/invitations/${made.body.id}/accept`, { token: who.token })).status).toBe(204);
  }
  return made.body.id as string;
}

export const startRun = (ctx: Ctx, who: Person, body: Json) => ctx.api.call('POST', '/api/case-discussion-runs', { token: who.token, body });

export const runMove = (ctx: Ctx, who: Person, runId: string, move: string, body?: Json) =>
  ctx.api.call('POST', `/api/case-discussion-runs/${runId}/${move}`, { token: who.token, ...(body ? { body } : {}) });

/** The run's sessions as `[UTC start, status]`, closing session marked with a `*`. */
export const schedule = (run: Json) => (run.sessions as Json[]).map((s) => `${s.startsAt} ${s.status}${s.closing ? ' *' : ''}`);
