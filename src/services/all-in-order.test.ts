import { describe, expect, it } from 'vitest';
import { allInOrder } from './all-in-order.js';

const later = <T>(ms: number, value: T, fail = false) => new Promise<T>((resolve, reject) => setTimeout(() => (fail ? reject(new Error(String(value))) : resolve(value)), ms));

describe('allInOrder', () => {
  it('answers every value in the order given', async () => {
    await expect(allInOrder([later(20, 'a'), later(1, 2)])).resolves.toEqual(['a', 2]);
  });

  it('throws the first failure in the order given, not the first in time', async () => {
    await expect(allInOrder([later(30, 'first', true), later(1, 'second', true)])).rejects.toThrow('first');
  });

  it('waits for the rest to settle before throwing', async () => {
    let finished = false;
    const slow = later(30, 'ok').then((v) => ((finished = true), v));
    await expect(allInOrder([Promise.reject(new Error('at once')), slow])).rejects.toThrow('at once');
    expect(finished).toBe(true);
  });
});
