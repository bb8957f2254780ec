/** Sealing: node:crypto and WebCrypto write the same tokens, so either opens the other's. */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seal, sealsInPlace, unseal } from './sealing.js';

const node = { createCipheriv, createDecipheriv };
const web = undefined;
const plain = new TextEncoder().encode(JSON.stringify({ list: 'queue:x', payload: { at: '2026-11-30T12:00:00.000Z' } }));

describe('sealing', () => {
  it('seals in place on Node', () => {
    expect(sealsInPlace).toBe(true);
  });

  for (const [by, opener] of [
    ['node:crypto', web],
    ['WebCrypto', node],
  ] as const) {
    it(`opens what ${by} sealed with the other, and refuses it altered, cut short or under another purpose`, async () => {
      const sealer = opener === web ? node : web;
      const sealed = await seal('a-secret', 'page', plain, sealer);
      expect(sealed.length).toBe(12 + plain.length + 16);
      expect(await unseal('a-secret', 'page', sealed, opener)).toEqual(plain);
      for (const at of [0, 12, sealed.length - 1]) {
        const altered = sealed.slice();
        altered[at]! ^= 1;
        await expect(unseal('a-secret', 'page', altered, opener)).rejects.toThrow();
      }
      await expect(unseal('a-secret', 'page', sealed.subarray(0, 20), opener)).rejects.toThrow();
      await expect(unseal('a-secret', 'fhir-page', sealed, opener)).rejects.toThrow();
      await expect(unseal('another-secret', 'page', sealed, opener)).rejects.toThrow();
    });
  }

  it('never seals the same bytes twice alike', async () => {
    expect(await seal('a-secret', 'page', plain)).not.toEqual(await seal('a-secret', 'page', plain));
  });
});

describe('page tokens, remembered', () => {
  it('seals the same list and payload to the same token, which opens; anything else to another', async () => {
    const { openToken, sealPageToken } = await import('./paging.js');
    const first = await sealPageToken('a-secret', 'page', 'list:a', { at: '2026-11-30T12:00:00.000Z', id: 'x' });
    expect(await sealPageToken('a-secret', 'page', 'list:a', { at: '2026-11-30T12:00:00.000Z', id: 'x' })).toBe(first);
    expect(await openToken('a-secret', 'page', 'list:a', first, 'cursor', '', (p) => p)).toEqual({ at: '2026-11-30T12:00:00.000Z', id: 'x' });
    const others = [
      await sealPageToken('a-secret', 'page', 'list:a', { at: '2026-11-30T12:00:00.000Z', id: 'y' }),
      await sealPageToken('a-secret', 'page', 'list:b', { at: '2026-11-30T12:00:00.000Z', id: 'x' }),
      await sealPageToken('a-secret', 'fhir-page', 'list:a', { at: '2026-11-30T12:00:00.000Z', id: 'x' }),
      await sealPageToken('another-secret', 'page', 'list:a', { at: '2026-11-30T12:00:00.000Z', id: 'x' }),
    ];
    expect(new Set([first, ...others]).size).toBe(5);
    await expect(openToken('another-secret', 'page', 'list:a', first, 'cursor', '', (p) => p)).rejects.toThrow();
    expect(await openToken('another-secret', 'page', 'list:a', others[3]!, 'cursor', '', (p) => p)).toEqual({ at: '2026-11-30T12:00:00.000Z', id: 'x' });
  });
});
