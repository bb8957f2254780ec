/**
 * Building blocks of the fuzz tests: realistic bodies mutated the way a buggy or hostile client
 * would (fields dropped, wrong types, huge or unstorable text, deep nesting, unknown keys, numbers
 * and dates out of range), query strings and headers, and the run settings (bounded, seeded:
 * fast-check prints the seed and path of a failure; FUZZ_SEED=<seed> replays it; FUZZ_VERBOSE=1 prints each call's outcome).
 */
import fc from 'fast-check';

type Json = unknown;

export function fuzzRuns(numRuns: number): fc.Parameters<unknown> {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  return { numRuns, ...(seed !== undefined ? { seed } : {}), interruptAfterTimeLimit: 20_000, markInterruptAsFailure: false };
}

/** Text that is valid JSON but hard to store or to read: NUL, lone surrogates, huge, odd unicode. */
export const nastyString = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\ufeff', '\u202e\u0644\u0627', 'é'.normalize('NFD'), '💊🧠', '\r\n\t', '%00', '../../etc/passwd', "'; drop table consultation_requests; --", '${7*7}', '<script>alert(1)</script>', 'javascript:alert(1)', 'null', 'undefined', 'true', '-0', '1e309', 'NaN'),
  fc.constantFrom('0000-00-00', '2024-02-30', '1899-12-31', '9999-12-31T23:59:60Z', '10000-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '2026-13-01', 'T', '2026-01-01T00:00:00+25:00'),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '0'.repeat(36)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer({ min: 201, max: 9000 }).map((n) => 'Ω'.repeat(n)),
);

/** A value of the wrong kind, or the right kind out of range. */
export const nastyValue: fc.Arbitrary<Json> = fc.oneof(
  nastyString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, -0.000001, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 1, 1e308, -1e308, 27, 28, 3, 4, 21, 22),
  fc.double(),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.tuple(fc.integer({ min: 50, max: 500 }), fc.boolean()).map(([depth, arrays]) => nest(depth, arrays)),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  fc.integer({ min: 101, max: 400 }).map((n) => Array.from({ length: n }, (_, i) => `item ${i}`)),
);

/** [[[...]]] or {"a":{"a":...}} `depth` levels deep. */
function nest(depth: number, arrays: boolean): Json {
  let value: Json = 'deep';
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { a: value };
  return value;
}

/** Every path to a value inside a JSON value (the root is []), down to a depth worth mutating. */
export function pathsOf(value: Json, maxDepth = 12): (string | number)[][] {
  const paths: (string | number)[][] = [];
  const todo: [Json, (string | number)[]][] = [[value, []]];
  while (todo.length) {
    const [v, path] = todo.pop()!;
    paths.push(path);
    if (path.length >= maxDepth || !v || typeof v !== 'object') continue;
    const children: [string | number, Json][] = Array.isArray(v) ? v.map((c, i): [number, Json] => [i, c]) : Object.entries(v);
    for (const [k, c] of children.slice(0, 50)) todo.push([c, [...path, k]]);
  }
  return paths.reverse();
}

export type Mutation =
  | { kind: 'drop'; at: number }
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'add'; at: number; key: string; value: Json };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: nastyValue }),
  fc.record({
    kind: fc.constant('add' as const),
    at: fc.nat(),
    key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'meta', 'resourceType', 'version', 'status', 'organisationId', 'extension', 'modifierExtension', 'contained'), fc.string({ maxLength: 12 })),
    value: nastyValue,
  }),
);

/** The body with the mutations applied, each at a path chosen among the paths it has then. */
export function mutate(body: Json, mutations: Mutation[]): Json {
  let result = structuredClone(body);
  for (const original of mutations) {
    // Arbitraries may hand out one shared object ([] or {}): insert a copy, never the original.
    const m = 'value' in original ? { ...original, value: structuredClone(original.value) } : original;
    const paths = pathsOf(result);
    const path = paths[m.at % paths.length]!;
    if (m.kind === 'add') {
      const target = get(result, path);
      if (target && typeof target === 'object' && !Array.isArray(target)) Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
      else if (Array.isArray(target)) target.push(m.value);
      continue;
    }
    if (path.length === 0) {
      result = m.kind === 'drop' ? undefined : m.value;
      continue;
    }
    const parent = get(result, path.slice(0, -1)) as Record<string | number, Json>;
    const key = path[path.length - 1]!;
    if (m.kind === 'replace') parent[key] = m.value;
    else if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  }
  return result;
}

function get(value: Json, path: (string | number)[]): Json {
  return path.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k], value);
}

/** A valid body with one to three mutations; a few in ten unchanged, so valid calls are fuzzed too. */
export const mutated = (valid: () => Json): fc.Arbitrary<Json> =>
  fc.oneof({ weight: 1, arbitrary: fc.constant(null).map(() => valid()) }, { weight: 6, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => mutate(valid(), ms)) });

/** What goes on the wire: the JSON text of the body, or now and then broken JSON or something else. */
export const wireBody = (body: fc.Arbitrary<Json>): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 8, arbitrary: body.map((b) => (b === undefined ? '' : JSON.stringify(b))) },
    { weight: 1, arbitrary: fc.tuple(body, fc.nat()).map(([b, n]) => { const text = JSON.stringify(b) ?? ''; return text.slice(0, n % (text.length + 1)); }) },
    { weight: 1, arbitrary: fc.constantFrom('', 'null', '[]', '"text"', '{"a":1,"a":2}', '{"__proto__":{"admin":true}}', '\u0000', '{"x":"\\ud800"}', '{"x":"\\u0000"}', 'a=1&b=2', '<xml/>') },
  );

/** Headers a client might send along: odd content types, If-Match values, Accept, Prefer. */
export const oddHeaders = (contentTypes: string[]): fc.Arbitrary<Record<string, string>> =>
  fc.record(
    {
      'Content-Type': fc.oneof(fc.constantFrom(...contentTypes), fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded', '', '*/*'), fc.string({ unit: fc.constantFrom(...'abcjson/+;= -'.split('')), maxLength: 30 })),
      'If-Match': fc.oneof(fc.constantFrom('W/"0"', 'W/"1"', 'W/"2"', '"1"', '*', 'W/"-1"', 'W/"99999999999999999999"', 'W/"1.5"', 'W/', ''), fc.stringMatching(/^[ -~]{0,40}$/)),
      Accept: fc.constantFrom('application/json', 'application/fhir+json', 'application/xml', 'application/fhir+xml', '*/*', 'text/html', ''),
      Prefer: fc.constantFrom('return=minimal', 'return=representation', 'return=OperationOutcome', 'handling=strict', 'handling=lenient', 'nonsense'),
    },
    { requiredKeys: [] },
  );

/** A query string of known and unknown parameters with realistic and nasty values. */
export const queryString = (params: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...Object.keys(params)).chain((name) => params[name]!.map((value) => [name, value] as const)) },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...Object.keys(params)), nastyString) },
        { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })) },
      ),
      { maxLength: 5 },
    )
    .map((pairs) => new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, v])).toString());
