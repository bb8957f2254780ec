/** Numbers as written: parsing keeps what JSON.parse would rewrite, writing puts it back. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberOf, parseFhirJson, withPlainNumbers, writeFhirJson } from './decimals.js';

describe('decimals as written', () => {
  it('keeps 2.50, 1.0, 1e2, -0 and long integers; plain numbers stay numbers', () => {
    const text = '{"a":2.50,"b":[1.0,1e2,-0,12345678901234567890],"c":2.5,"d":14,"e":"2.50 in a string","f":{"g":0.10}}';
    const parsed = parseFhirJson(text) as Record<string, unknown>;
    expect(parsed.c).toBe(2.5);
    expect(parsed.d).toBe(14);
    expect(numberOf(parsed.a)).toBe(2.5);
    expect(writeFhirJson(parsed)).toBe(text);
    // It survives storage as JSON (jsonb) and back.
    expect(writeFhirJson(JSON.parse(JSON.stringify(parsed)))).toBe(text);
    expect(withPlainNumbers(parsed)).toEqual(JSON.parse(text));
  });

  it('a body nested 10,000 deep is left to the validator, not a stack overflow', () => {
    const deep = parseFhirJson(`{"note":${'['.repeat(10_000)}2.50${']'.repeat(10_000)}}`);
    expect(() => withPlainNumbers(deep)).not.toThrow();
  });

  it('a malformed body still throws; a leading zero is not made valid', () => {
    for (const bad of ['{"a": 01}', '{"a": 1.}', '{"a": "2.50}', '[1.0 2]', '']) expect(() => parseFhirJson(bad), bad).toThrow(SyntaxError);
  });

  it('writes any JSON value as JSON.stringify does, compact and pretty', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(writeFhirJson(value)).toBe(JSON.stringify(value));
        expect(writeFhirJson(value, true)).toBe(JSON.stringify(value, null, 2));
        expect(parseFhirJson(JSON.stringify(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
    const withUndefined = { a: undefined, b: [undefined], c: new Date(0) };
    expect(writeFhirJson(withUndefined)).toBe(JSON.stringify(withUndefined));
  });

  it('a string or a member that only looks like a kept number is written as JSON.stringify writes it', () => {
    const lookalikes = { note: '{"$decimal":"2.50"}', other: { $decimal: 5 }, pair: { $decimal: '2.50', unit: 'mg' }, key: { '"$decimal":': 'x' } };
    expect(writeFhirJson(lookalikes)).toBe(JSON.stringify(lookalikes));
    expect(writeFhirJson(lookalikes, true)).toBe(JSON.stringify(lookalikes, null, 2));
    const mixed = { ...lookalikes, dose: parseFhirJson('2.50') };
    expect(writeFhirJson(mixed)).toBe(`${JSON.stringify(lookalikes).slice(0, -1)},"dose":2.50}`);
  });

  it('any number literal comes back exactly as written', () => {
    const literal = fc
      .tuple(fc.boolean(), fc.nat(), fc.option(fc.stringMatching(/^\d{1,12}$/)), fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.nat(400))))
      .map(([negative, whole, fraction, exponent]) => `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}${exponent ? `${exponent[0]}${exponent[1]}${exponent[2]}` : ''}`);
    fc.assert(
      fc.property(literal, (n) => {
        const text = `{"value":${n},"list":[${n}]}`;
        expect(writeFhirJson(parseFhirJson(text))).toBe(text);
      }),
    );
  });
});
