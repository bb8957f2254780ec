import { describe, expect, it } from 'vitest';
import type { Actor } from '../domain/actor.js';
import { CallerCache } from './caller-cache.js';

const gp: Actor = { kind: 'user', id: 'u1', display: 'Dr. A', role: 'gp', organisationId: 'o1', serviceIds: [], scopes: [] };

function directory(people: Record<string, Actor | null>) {
  const reads: string[] = [];
  return {
    reads,
    findUser: async (id: string) => (reads.push(id), people[id] ?? null),
    findClient: async (id: string) => (reads.push(`client:${id}`), people[`client:${id}`] ?? null),
    findUserByEmail: async () => null,
    findUserByIdentifier: async () => null,
  };
}

describe('CallerCache', () => {
  it('reads a caller once within its time, again after it', async () => {
    let now = 1_000;
    const dir = directory({ u1: gp });
    const callers = new CallerCache(5_000, () => now).callers(dir);
    expect(await callers.findUser('u1')).toEqual(gp);
    now += 4_999;
    expect(await callers.findUser('u1')).toEqual(gp);
    expect(dir.reads).toEqual(['u1']);
    now += 1;
    await callers.findUser('u1');
    expect(dir.reads).toEqual(['u1', 'u1']);
  });

  it('forgets everyone when the directory changes, and never keeps a read begun before the change', async () => {
    const people: Record<string, Actor | null> = { u1: gp };
    const dir = directory(people);
    const cache = new CallerCache(60_000);
    const callers = cache.callers(dir);
    await callers.findUser('u1');
    people.u1 = null;
    cache.forget();
    expect(await callers.findUser('u1')).toBeNull();
    // A read that was on its way while the change was made is used once, not remembered.
    people.u1 = gp;
    let release!: () => void;
    const slow = { ...dir, findUser: async (id: string) => {
      const read = await dir.findUser(id);
      await new Promise<void>((r) => (release = r));
      return read;
    } };
    const racing = cache.callers(slow).findUser('u1');
    await new Promise((r) => setTimeout(r, 0));
    cache.forget();
    people.u1 = { ...gp, role: 'psychiatrist' };
    release();
    expect((await racing)?.role).toBe('gp');
    expect((await callers.findUser('u1'))?.role).toBe('psychiatrist');
  });

  it('does not remember who was not found; users and clients apart; off at 0 seconds', async () => {
    const people: Record<string, Actor | null> = {};
    const dir = directory(people);
    const callers = new CallerCache(60_000).callers(dir);
    expect(await callers.findUser('u1')).toBeNull();
    people.u1 = gp;
    expect(await callers.findUser('u1')).toEqual(gp);
    expect(await callers.findClient('u1')).toBeNull();
    const off = directory({ u1: gp });
    const uncached = new CallerCache(0).callers(off);
    await uncached.findUser('u1');
    await uncached.findUser('u1');
    expect(off.reads).toEqual(['u1', 'u1']);
  });

  it('hands out frozen callers, and keeps at most its cap', async () => {
    const people = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`u${i}`, { ...gp, id: `u${i}` }]));
    const dir = directory(people);
    const callers = new CallerCache(60_000, Date.now, 3).callers(dir);
    const first = (await callers.findUser('u0'))!;
    expect(() => first.serviceIds.push('s1')).toThrow(TypeError);
    for (const id of ['u1', 'u2', 'u3']) await callers.findUser(id);
    dir.reads.length = 0;
    await callers.findUser('u3');
    await callers.findUser('u0');
    expect(dir.reads).toEqual(['u0']);
  });
});
