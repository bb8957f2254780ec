/** The JSON API's OpenAPI document, as the running app serves it, passes Redocly's `recommended` rules (CLI pinned in package.json). */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../harness/api.js';
import type { Json } from './helpers.js';

const REDOCLY = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

interface LintProblem {
  ruleId: string;
  severity: string;
  message: string;
  location: { pointer: string }[];
}

/**
 * The one problem accepted, on purpose: POST /case-discussions/{groupId}/sessions and
 * GET /case-discussions/sessions/{sessionId} look alike to a linter that ignores methods and
 * parameter types. Renaming either URL would break clients; the last test shows no call reaches both.
 */
const AMBIGUOUS = ['/case-discussions/{groupId}/sessions', '/case-discussions/sessions/{sessionId}'];
const accepted = (p: LintProblem) => p.ruleId === 'no-ambiguous-paths' && p.message.endsWith(`paths: \`${AMBIGUOUS[0]}\` and \`${AMBIGUOUS[1]}\`.`);

/** Runs the pinned Redocly CLI on the document: offline, no telemetry, no configuration but `recommended`. */
async function lint(doc: Json): Promise<LintProblem[]> {
  const dir = await mkdtemp(join(tmpdir(), 'liaison-openapi-'));
  try {
    await writeFile(join(dir, 'openapi.json'), JSON.stringify(doc));
    const stdout = await new Promise<string>((resolve, reject) => {
      const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
      // Exit code 1 means errors were found: they are in the report like warnings.
      execFile(process.execPath, [REDOCLY, 'lint', '--extends=recommended', '--format=json', 'openapi.json'], { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 }, (error, out, err) =>
        out.trim().startsWith('{') ? resolve(out) : reject(new Error(`redocly lint failed: ${error?.message ?? ''}\n${err}`)),
      );
    });
    return (JSON.parse(stdout) as { problems: LintProblem[] }).problems;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const operationsOf = (doc: Json) =>
  Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation: operation as Json })),
  );

describe('the OpenAPI document of the JSON API', () => {
  let doc: Json;
  beforeAll(async () => {
    doc = (await (await testApi()).call('GET', '/api/openapi.json')).body as Json;
  }, 120_000);

  it("passes Redocly's recommended rules", async () => {
    const problems = (await lint(doc)).filter((p) => !accepted(p));
    // Printed in full when it fails: rule, where, and what.
    expect(problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
  });

  it('names every operation once, in camelCase, for client generators', () => {
    const ids = operationsOf(doc).map(({ operation }) => operation.operationId as string);
    expect(ids.filter((id) => !/^[a-z][a-zA-Z]+$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['submitRequest', 'listTriageQueue', 'sendMessage', 'whoAmI']));
  });

  it('documents every refusal as a problem (application/problem+json), with the ones every operation can give', () => {
    for (const { route, operation } of operationsOf(doc)) {
      const refusals = Object.entries(operation.responses as Record<string, Json>).filter(([status]) => Number(status) >= 400);
      expect(refusals.map(([status]) => status), route).toEqual(expect.arrayContaining(['400', '401', '429', '500']));
      for (const [status, response] of refusals) {
        expect(response.content, `${route} ${status}`).toEqual({ 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } });
      }
    }
  });

  it("carries the project's licence", async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as Json;
    expect(doc.info.license.name).toBe(pkg.license);
  });

  it('the two paths that look alike never answer the same call', () => {
    const [groupSessions, session] = AMBIGUOUS.map((path) => doc.paths[path] as Json) as [Json, Json];
    expect(groupSessions && session, 'both paths still exist (if not, drop AMBIGUOUS and this test)').toBeTruthy();
    // Different methods, and a group id is a UUID: the word `sessions` is never one.
    expect(Object.keys(groupSessions).filter((method) => METHODS.includes(method) && method in session)).toEqual([]);
    for (const operation of Object.values(groupSessions) as Json[]) {
      expect(operation.parameters.find((p: Json) => p.name === 'groupId').schema).toMatchObject({ type: 'string', format: 'uuid' });
    }
  });
});
