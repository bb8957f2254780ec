import { describe, expect, it } from 'vitest';
import { LeastRecentlyUsed } from './least-recently-used.js';

describe('LeastRecentlyUsed', () => {
  it('drops the least recently read or written beyond its size', () => {
    const kept = new LeastRecentlyUsed<string, number>(2);
    kept.set('a', 1);
    kept.set('b', 2);
    expect(kept.get('a')).toBe(1);
    kept.set('c', 3);
    expect([kept.get('a'), kept.get('b'), kept.get('c'), kept.size]).toEqual([1, undefined, 3, 2]);
    kept.set('a', 4);
    kept.set('d', 5);
    expect([kept.get('a'), kept.get('c'), kept.get('d')]).toEqual([4, undefined, 5]);
  });
});
