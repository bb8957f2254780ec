/**
 * The required-binding walk over present elements finds what @medplum/core's crawler over every
 * defined element finds (the walk it replaced, still taken for a profile): the same issues in the
 * same order, on the shared cases and on resources with random bad codes, impossible dates, 32-bit
 * overflows, doubled choices and primitive extensions put anywhere.
 */
import { getDataType } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import valueSetsFile from './generated/r4-required-valuesets.json';
import { RequiredBindingChecker, type RequiredValueSetTable } from './required-bindings.js';
import { capabilityStatementSkeleton, invalidCases, transactionWithBadEntry, validServiceRequest, validTask } from './validator.cases.js';
import { validateFhir } from './validator.js';

type Json = Record<string, any>;

validateFhir({ resourceType: 'Task' }); // indexes the server's definitions
const checker = new RequiredBindingChecker((valueSetsFile as unknown as { valueSets: RequiredValueSetTable }).valueSets);
/** The issues, or what was thrown (a malformed primitive extension throws in both walks; the validator catches it). */
const outcome = (check: () => unknown) => {
  try {
    return check();
  } catch (e) {
    return { thrown: e instanceof Error ? e.message : String(e) };
  }
};
const walked = (r: Json) => outcome(() => checker.check(r as Resource));
const crawled = (r: Json) => outcome(() => checker.check(r as Resource, getDataType(r.resourceType as string)));

/** Issues in several elements and levels, for the order they are reported in. */
const manyIssues = (): Json => {
  const r: Json = { ...validServiceRequest(), status: 'bogus', priority: 'whenever', authoredOn: '2023-04-31' };
  r.contained[0].birthDate = '2023-02-30';
  r.contained[0].gender = 'robot';
  return r;
};
const bases: (() => Json)[] = [validServiceRequest, validTask, transactionWithBadEntry, capabilityStatementSkeleton, manyIssues];

/** The same JSON with every object's keys in reverse order: the walk must report in definition order. */
const reversed = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(reversed) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;

describe('the present-elements walk finds what the crawler finds', () => {
  test('on every shared case', () => {
    const cases = [...bases.map((b) => b()), ...invalidCases().map((c) => c.resource)];
    for (const r of [...cases, ...cases.map((c) => reversed(c) as Json)]) expect(walked(r), JSON.stringify(r).slice(0, 80)).toEqual(crawled(r));
    // The cases hold issues of each kind, so the equality above compares something.
    const kinds = new Set(cases.flatMap((r) => checker.check(r as Resource).map((i) => i.code)));
    expect([...kinds].sort()).toEqual(['code-invalid', 'structure', 'value']);
  });

  const values = fc.constantFrom<unknown>(
    'whenever', 'active', 'female', 'robot', '2023-02-30', '2024-02-29', '2023-04-31T10:00:00Z', 2_147_483_648, 7, true,
    { coding: [{ system: 'http://hl7.org/fhir/request-priority', code: 'nope' }] },
    { system: 'urn:x', code: 'y' },
    { url: 'http://example.org/x', valueDate: '2023-02-30' },
    { extension: [{ url: 'http://example.org/p', valueBoolean: true }] },
    [{ url: 'http://example.org/a', valueString: 'a', valueBoolean: false }],
    [{ url: 'http://example.org/b', valueInteger: 2_147_483_648, valueDate: '2023-02-30' }],
  );
  const keys = fc.constantFrom(
    'status', 'priority', 'intent', 'gender', 'birthDate', '_birthDate', 'authoredOn', '_authoredOn', 'occurrenceDateTime', 'occurrencePeriod',
    'valueString', 'valueDate', 'valueInteger', 'extension', 'code', 'category', 'count', 'repeat', 'system', 'use',
  );
  /** Puts `value` under `key` in the object the path of indices leads to. */
  const put = (root: Json, steps: number[], key: string, value: unknown) => {
    let at: any = root;
    for (const step of steps) {
      const children = Object.values(at).filter((v) => v !== null && typeof v === 'object');
      if (!children.length) break;
      const next = children[step % children.length];
      at = Array.isArray(next) ? next[step % next.length] ?? next : next;
      if (at === null || typeof at !== 'object' || Array.isArray(at)) return;
    }
    at[key] = structuredClone(value);
  };

  test('on resources changed at random', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: bases.length - 1 }),
        fc.array(fc.tuple(fc.array(fc.nat(9), { maxLength: 5 }), keys, values), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (base, changes, reverse) => {
          let r = bases[base]!();
          for (const [steps, key, value] of changes) put(r, steps, key, value);
          if (reverse) r = reversed(r) as Json;
          expect(walked(r)).toEqual(crawled(r));
        },
      ),
      { numRuns: 500 },
    );
  });
});
