import { describe, expect, it } from 'vitest';
import { Budget, networkOf } from './rate-limit.js';

describe('a request budget', () => {
  it('refuses the call over budget and says how long to wait', () => {
    const budget = new Budget(2);
    const at = Date.parse('2026-03-02T10:00:00Z');
    expect(budget.take('a', at)).toBeUndefined();
    expect(budget.take('a', at + 1000)).toBeUndefined();
    expect(budget.take('a', at + 15_000)).toBe(45);
    expect(budget.take('b', at + 15_000)).toBeUndefined();
    expect(budget.take('a', at + 60_000)).toBeUndefined();
  });

  it('remembers at most its cap of callers, even when thousands call within one minute', () => {
    const budget = new Budget(1, 100);
    const at = Date.parse('2026-03-02T10:00:00Z');
    for (let i = 0; i < 5000; i++) budget.take(`address:10.0.${i >> 8}.${i & 255}`, at + i);
    expect(budget.tracked).toBeLessThanOrEqual(100);
    // The most recent callers are still counted.
    expect(budget.take('address:10.0.19.135', at + 5000)).toBe(60);
  });
});

describe('the network of an address', () => {
  it('is the address itself for IPv4, and the /64 for IPv6', () => {
    expect(networkOf('203.0.113.7')).toBe('203.0.113.7');
    expect(networkOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(networkOf('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(networkOf('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(networkOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(networkOf('::1')).toBe('0:0:0:0::/64');
  });
});
