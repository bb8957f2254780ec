/* global process, console */
// Reads `npm audit --json` on stdin and decides the CI step: fail (exit 1) on high or critical
// vulnerabilities in production dependencies; warn and pass (exit 0) when the advisory endpoint
// could not be asked (an offline or restricted registry answers 405 or nothing) — that is "not
// audited", never "clean"; fail on output it does not understand rather than guess.
import { readFileSync } from 'node:fs';

const text = readFileSync(0, 'utf8');
let report;
try {
  report = JSON.parse(text);
} catch {
  console.error(`npm audit: unreadable output, failing:\n${text.slice(0, 500)}`);
  process.exit(1);
}

const counts = report?.metadata?.vulnerabilities;
if (report?.auditReportVersion && counts && typeof counts === 'object') {
  const serious = Object.entries(report.vulnerabilities ?? {})
    .filter(([, v]) => v?.severity === 'high' || v?.severity === 'critical')
    .map(([name, v]) => `${name} (${v.severity})`);
  if ((counts.high ?? 0) + (counts.critical ?? 0) > 0) {
    console.error(`npm audit: high or critical vulnerabilities in production dependencies: ${serious.join(', ') || `${counts.high} high, ${counts.critical} critical`}`);
    process.exit(1);
  }
  console.log(`npm audit: no high or critical vulnerabilities in production dependencies (${counts.total ?? 0} lower-severity).`);
  process.exit(0);
}

// npm's own errors (no lockfile, bad arguments) are not an unreachable endpoint: they fail below.
const unreachable = /security\/advisories|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|ECONNRESET/;
const why = String(report?.message ?? report?.error?.summary ?? '');
if (report && typeof report === 'object' && (typeof report.statusCode === 'number' || unreachable.test(why) || unreachable.test(String(report.error?.code ?? '')))) {
  console.log(`WARNING: npm audit could not reach the advisory endpoint (${why.split('\n')[0] || report.error?.code}); production dependencies were NOT audited.`);
  process.exit(0);
}

console.error(`npm audit: output not understood, failing:\n${text.slice(0, 500)}`);
process.exit(1);
