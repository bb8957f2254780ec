/**
 * The CI dependency audit (.ci/audit-verdict.mjs) reads `npm audit --json`: high or critical
 * advisories fail the build, an unreachable advisory endpoint is a warning (never a silent pass),
 * and output it does not understand fails.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function verdict(report: unknown): { status: number | null; output: string } {
  const input = typeof report === 'string' ? report : JSON.stringify(report);
  const result = spawnSync(process.execPath, ['.ci/audit-verdict.mjs'], { input, encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

const counts = (high: number, critical: number, moderate = 0) => ({ info: 0, low: 0, moderate, high, critical, total: high + critical + moderate });
const advisory = (name: string, severity: string) => ({ name, severity, isDirect: true, via: [], effects: [], range: '<1.0.0', nodes: [`node_modules/${name}`], fixAvailable: true });

describe('the CI dependency audit', () => {
  it('passes a clean report, and one with only moderate advisories', () => {
    expect(verdict({ auditReportVersion: 2, vulnerabilities: {}, metadata: { vulnerabilities: counts(0, 0) } })).toMatchObject({ status: 0 });
    const moderate = verdict({ auditReportVersion: 2, vulnerabilities: { 'some-lib': advisory('some-lib', 'moderate') }, metadata: { vulnerabilities: counts(0, 0, 1) } });
    expect(moderate.status).toBe(0);
    expect(moderate.output).toContain('no high or critical');
  });

  it('fails on a high or critical advisory, naming the package', () => {
    const high = verdict({ auditReportVersion: 2, vulnerabilities: { 'bad-lib': advisory('bad-lib', 'high') }, metadata: { vulnerabilities: counts(1, 0) } });
    expect(high.status).toBe(1);
    expect(high.output).toContain('bad-lib (high)');
    const critical = verdict({ auditReportVersion: 2, vulnerabilities: { worse: advisory('worse', 'critical') }, metadata: { vulnerabilities: counts(0, 1) } });
    expect(critical.status).toBe(1);
    expect(critical.output).toContain('worse (critical)');
  });

  it('warns, without failing, when the advisory endpoint answers 405 or cannot be reached', () => {
    // What npm 11 prints with --json when the registry refuses the bulk advisory POST.
    const refused = verdict({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      method: 'POST',
      uri: 'https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      body: '',
      error: { summary: '', detail: '' },
    });
    expect(refused.status).toBe(0);
    expect(refused.output).toMatch(/^WARNING: npm audit could not reach the advisory endpoint \(405 Method Not Allowed.*NOT audited/m);
    const offline = verdict({ message: 'request to http://127.0.0.1:9/-/npm/v1/security/advisories/bulk failed, reason: connect ECONNREFUSED 127.0.0.1:9', error: { summary: '', detail: '' } });
    expect(offline.status).toBe(0);
    expect(offline.output).toContain('NOT audited');
  });

  it('fails on npm errors that are not about the endpoint, and on output it cannot read', () => {
    expect(verdict({ error: { code: 'ENOLOCK', summary: 'This command requires an existing lockfile.' } }).status).toBe(1);
    expect(verdict('npm ERR! something odd').status).toBe(1);
    expect(verdict('').status).toBe(1);
  });
});
