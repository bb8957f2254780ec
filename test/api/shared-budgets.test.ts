/**
 * Rate-limit budgets shared through the database (src/http/shared-budgets.ts), two instances in
 * one test over the real call_counts table: calls are counted locally and shared in batches, so
 * the budget holds across instances within the slack of one flush; a window that ended is
 * forgotten; a failed flush is sent again later; keys are stored as keyed digests.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { SharedBudgets } from '../../src/http/shared-budgets.js';
import type { CallCountsPort } from '../../src/services/ports/call-counts.js';
import { CallCountRepository } from '../../src/store/call-counts.js';
import { callCounts } from '../../src/store/schema.js';
import { testDatabase } from '../harness/database.js';

const MINUTE = 60_000;

/** A minute nobody else counts in (the clock of these budgets is handed in). */
const freshMinute = () => Date.UTC(2033, 0, 1) + Math.floor(Math.random() * 1e6) * MINUTE;

async function instances(options: { secret?: string; port?: CallCountsPort } = {}) {
  const db = await testDatabase();
  const port = options.port ?? new CallCountRepository(db);
  let now = freshMinute() + 5_000;
  const lines: string[] = [];
  // flushMs far away: the test flushes by hand, so nothing depends on timers.
  const make = () => new SharedBudgets(port, { secret: options.secret ?? 'test-secret-of-the-shared-budgets', log: (l) => lines.push(l), flushMs: 3_600_000, now: () => now });
  const rowsAt = async (windowStart: number) =>
    db.select({ key: callCounts.budgetKey, calls: callCounts.calls }).from(callCounts).where(eq(callCounts.windowStart, new Date(windowStart)));
  return { a: make(), b: make(), lines, db, rowsAt, at: () => now, set: (t: number) => (now = t) };
}

const key = () => `caller:user:${crypto.randomUUID()}`;

describe('rate budgets shared through the database', () => {
  it('holds the budget across two instances within one call of the other when each shares its calls at once', async () => {
    const { a, b } = await instances();
    const k = key();
    let admitted = 0;
    for (let i = 0; i < 20; i++) {
      const instance = i % 2 ? b : a;
      if (instance.take(k, 7) === undefined) admitted++;
      await instance.flush();
    }
    // Each instance knows the total as of its own last flush: the other's latest call is the slack.
    expect(admitted).toBe(8);
    await Promise.all([a.close(), b.close()]);
  });

  it('lets through at most the calls not yet shared beyond the budget, and never more than the budget on one instance', async () => {
    const { a, b, at } = await instances();
    const k = key();
    // Neither has heard of the other: each lets the budget through on its own, never more.
    const first = Array.from({ length: 12 }, () => a.take(k, 10));
    expect(first.filter((r) => r === undefined)).toHaveLength(10);
    expect(first.at(-1)).toBe(Math.ceil((MINUTE - (at() % MINUTE)) / 1000));
    await a.flush();
    expect(b.take(k, 10)).toBeUndefined(); // the slack: b has not shared yet
    await b.flush();
    expect(b.take(k, 10)).toBe(55);
    await Promise.all([a.close(), b.close()]);
  });

  it('starts again in the next minute, and forgets the windows that ended', async () => {
    const { a, rowsAt, at, set } = await instances();
    const k = key();
    const minute = at() - (at() % MINUTE);
    for (let i = 0; i < 3; i++) a.take(k, 2);
    await a.flush();
    expect(await rowsAt(minute)).toEqual([{ key: expect.any(String), calls: 2 }]);
    set(minute + MINUTE + 1_000);
    expect(a.take(k, 2)).toBeUndefined();
    await a.flush();
    expect(await rowsAt(minute + MINUTE)).toHaveLength(1);
    // Once a minute an instance deletes the windows before the last one.
    set(minute + 2 * MINUTE + 1_000);
    a.take(k, 2);
    await a.flush();
    expect(await rowsAt(minute)).toEqual([]);
    expect(await rowsAt(minute + 2 * MINUTE)).toHaveLength(1);
    await a.close();
  });

  it('keeps counting when the database does not answer, reports it once, and shares the calls later', async () => {
    const db = await testDatabase();
    const real = new CallCountRepository(db);
    let failing = true;
    const port: CallCountsPort = {
      add: (counts) => (failing ? Promise.reject(Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' })) : real.add(counts)),
      forgetBefore: (before) => real.forgetBefore(before),
    };
    const { a, lines, rowsAt, at } = await instances({ port });
    const k = key();
    for (let i = 0; i < 3; i++) expect(a.take(k, 5)).toBeUndefined();
    await a.flush();
    await a.flush();
    expect(lines).toEqual([expect.stringMatching(/^Rate-limit counts could not be shared with the other instances \(Error ECONNREFUSED\)/)]);
    for (let i = 0; i < 2; i++) expect(a.take(k, 5)).toBeUndefined();
    expect(a.take(k, 5)).toBeGreaterThan(0);
    failing = false;
    await a.flush();
    expect(await rowsAt(at() - (at() % MINUTE))).toEqual([{ key: expect.any(String), calls: 5 }]);
    await a.close();
  });

  it('stores a digest keyed with the signing key: the same for every instance, never the caller or the address', async () => {
    const first = await instances({ secret: 'one-signing-key-long-enough-for-the-test' });
    const other = await instances({ secret: 'another-signing-key-long-enough-for-it!' });
    other.set(first.at());
    const k = 'address:203.0.113.7';
    first.a.take(k, 5);
    first.b.take(k, 5);
    other.a.take(k, 5);
    await Promise.all([first.a.flush(), first.b.flush(), other.a.flush()]);
    const minute = first.at() - (first.at() % MINUTE);
    const rows = await first.db
      .select({ key: callCounts.budgetKey, calls: callCounts.calls })
      .from(callCounts)
      .where(eq(callCounts.windowStart, new Date(minute)));
    expect(rows.map((r) => r.calls).sort()).toEqual([1, 2]);
    expect(rows.every((r) => /^[A-Za-z0-9_-]{22}$/.test(r.key) && !r.key.includes('203.0.113'))).toBe(true);
    await Promise.all([first.a.close(), first.b.close(), other.a.close()]);
  });
});
