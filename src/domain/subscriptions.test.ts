import { describe, expect, it } from 'vitest';
import { endpointRefusal, heartbeatDue, isPublicAddress, matchesFilter } from './subscriptions.js';

describe('isPublicAddress', () => {
  it.each(['10.0.0.1', '127.0.0.1', '169.254.169.254', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd12::1', '::ffff:127.0.0.1', '::ffff:7f00:1'])('%s is not public', (a) => {
    expect(isPublicAddress(a)).toBe(false);
  });
  it.each(['93.184.216.34', '172.32.0.1', '8.8.8.8', '2606:4700::1111'])('%s is public', (a) => expect(isPublicAddress(a)).toBe(true));
});

describe('endpointRefusal', () => {
  it('allows https on public addresses only, unless local hooks are allowed', () => {
    expect(endpointRefusal('https://ehr.example/hook', ['93.184.216.34'], false)).toBeUndefined();
    expect(endpointRefusal('https://ehr.example/hook', ['93.184.216.34', '10.0.0.1'], false)).toMatch(/10\.0\.0\.1/);
    expect(endpointRefusal('https://ehr.example/hook', [], false)).toMatch(/does not resolve/);
    expect(endpointRefusal('http://ehr.example/hook', ['93.184.216.34'], false)).toMatch(/https/);
    expect(endpointRefusal('http://127.0.0.1:9/hook', null, true)).toBeUndefined();
    expect(endpointRefusal('https://127.0.0.1/hook', null, false)).toMatch(/loopback/);
    expect(endpointRefusal('ftp://x', null, true)).toMatch(/https/);
  });
});

describe('filters and heartbeats', () => {
  it('matches services and states; empty lists match all', () => {
    expect(matchesFilter({ serviceIds: [], states: [] }, { serviceId: 's', state: 'accepted' })).toBe(true);
    expect(matchesFilter({ serviceIds: ['t'], states: [] }, { serviceId: 's', state: 'accepted' })).toBe(false);
    expect(matchesFilter({ serviceIds: ['s'], states: ['declined'] }, { serviceId: 's', state: 'accepted' })).toBe(false);
  });
  it('a heartbeat is due after a whole quiet period', () => {
    const last = new Date('2030-01-01T00:00:00Z');
    expect(heartbeatDue(60, last, new Date('2030-01-01T00:00:59Z'))).toBe(false);
    expect(heartbeatDue(60, last, new Date('2030-01-01T00:01:00Z'))).toBe(true);
    expect(heartbeatDue(null, last, new Date('2031-01-01T00:00:00Z'))).toBe(false);
  });
});
