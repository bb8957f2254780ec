import { describe, expect, it } from 'vitest';
import { parseFhirJson, writeFhirJson } from './decimals.js';
import { Renderings, writeResponseJson } from './renderings.js';
import type { Resource } from './types.js';

const resource = (id: string): Resource => ({ resourceType: 'ServiceRequest', id, identifier: [{ value: id }] });

describe('Renderings', () => {
  it('gives a rendering back only at the stamp it was made at', () => {
    const kept = new Renderings(10);
    const r = kept.keep('ServiceRequest/a', '1.1.1.0', resource('a'));
    expect(kept.at('ServiceRequest/a', '1.1.1.0')).toBe(r);
    expect(kept.at('ServiceRequest/a', '2.1.1.0')).toBeUndefined();
    expect(kept.at('Task/a', '1.1.1.0')).toBeUndefined();
    kept.keep('ServiceRequest/a', '2.1.1.0', resource('a2'));
    expect(kept.at('ServiceRequest/a', '1.1.1.0')).toBeUndefined();
    expect(kept.at('ServiceRequest/a', '2.1.1.0')?.id).toBe('a2');
    expect(kept.size).toBe(1);
  });

  it('lets the least recently used go beyond its size, and keeps none at 0', () => {
    const kept = new Renderings(2);
    kept.keep('a', '1', resource('a'));
    kept.keep('b', '1', resource('b'));
    expect(kept.at('a', '1')).toBeDefined();
    kept.keep('c', '1', resource('c'));
    expect(kept.at('b', '1')).toBeUndefined();
    expect(kept.at('a', '1')).toBeDefined();
    expect(kept.at('c', '1')).toBeDefined();
    const none = new Renderings(0);
    none.keep('a', '1', resource('a'));
    expect(none.at('a', '1')).toBeUndefined();
  });

  it('freezes what it keeps, so that no response changes what another receives', () => {
    const kept = new Renderings(1).keep('a', '1', resource('a'));
    expect(() => {
      (kept.identifier as { value: string }[])[0]!.value = 'changed';
    }).toThrow(TypeError);
    expect(() => {
      kept.status = 'revoked';
    }).toThrow(TypeError);
  });
});

describe('writeResponseJson', () => {
  const bundle = (...resources: Resource[]): Resource => ({
    resourceType: 'Bundle',
    type: 'searchset',
    link: [{ relation: 'self', url: 'https://liaison.test/fhir/ServiceRequest' }],
    entry: resources.map((resource) => ({ fullUrl: `https://liaison.test/fhir/ServiceRequest/${resource.id}`, resource, search: { mode: 'match' } })),
  });
  const withDecimal = (id: string): Resource => parseFhirJson(`{"resourceType":"ServiceRequest","id":"${id}","quantityQuantity":{"value":2.50}}`) as Resource;

  it('writes a Bundle of kept renderings exactly as writeFhirJson writes it, kept decimals included', () => {
    const kept = new Renderings(10);
    const held = [kept.keep('a', '1', resource('a')), kept.keep('b', '1', withDecimal('b'))];
    const mixed = bundle(held[0]!, resource('c'), held[1]!, { resourceType: 'ServiceRequest', id: 'd', note: [{ text: 'a "quoted" \u0000 text' }] });
    for (let i = 0; i < 2; i++) expect(writeResponseJson(mixed, false)).toBe(writeFhirJson(mixed));
    expect(writeResponseJson(mixed, false)).toContain('"value":2.50');
    expect(writeResponseJson(mixed, true)).toBe(writeFhirJson(mixed, true));
    expect(writeResponseJson(bundle(), false)).toBe(writeFhirJson(bundle()));
  });
});
