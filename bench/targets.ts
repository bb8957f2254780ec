/**
 * The targets of issue 10, each judged pass or fail on this run's numbers (or "not measured"
 * when the options left its measurement out). A failed target is reported, not hidden; it fails
 * the process only with --strict.
 */
import type { CaseName } from './cases.js';
import type { CaseResult } from './measure.js';
import type { BundleSize, EmbeddedStart } from './memory.js';
import type { ScaleResult } from './scale-section.js';

export interface Target {
  target: string;
  measured: string;
  /** null: not measured in this run. */
  pass: boolean | null;
}

const AT = 16;
const MIB = 1024 * 1024;

const find = (results: CaseResult[], name: CaseName, connections = AT) => results.find((r) => r.case === name && r.connections === connections);

function ratio(results: CaseResult[], name: CaseName, percent: number, ceiling: string): Target {
  const r = find(results, name);
  const target = `${name} ≥ ${percent}% of the ${ceiling} ceiling at ${AT} connections`;
  if (!r?.ceiling) return { target, measured: 'not measured', pass: null };
  return { target, measured: `${r.ceiling.percent.toFixed(1)}% (${r.median.rps.toFixed(0)} of ${r.ceiling.median.rps.toFixed(0)}/s)`, pass: r.ceiling.percent >= percent };
}

function latency(results: CaseResult[], name: CaseName, which: 'p95' | 'p99', limitMs: number, connections = AT, label = `${name} ${which} < ${limitMs} ms at ${connections} connections`): Target {
  const r = find(results, name, connections);
  if (!r) return { target: label, measured: 'not measured', pass: null };
  return { target: label, measured: `${r.median[which].toFixed(1)} ms`, pass: r.median[which] < limitMs };
}

export function judgeTargets(input: { results: CaseResult[]; bundle?: BundleSize | undefined; embedded?: EmbeddedStart | undefined; scale?: ScaleResult | undefined }): Target[] {
  const { results, bundle, embedded, scale } = input;
  const targets: Target[] = [
    ratio(results, 'create', 40, 'raw-insert'),
    ratio(results, 'read', 15, 'framework'),
    ratio(results, 'search', 15, 'framework'),
    latency(results, 'read', 'p99', 50),
    latency(results, 'search', 'p99', 50),
    latency(results, 'queue', 'p99', 50),
  ];
  const scaleTarget = 'triage queue p95 < 20 ms with 1,000,000 requests stored (1 connection)';
  if (scale && 'shapes' in scale && scale.shapes.length) {
    for (const shape of scale.shapes) {
      targets.push(latency(shape.results, 'queue', 'p95', 20, 1, `${scaleTarget.replace('1,000,000', shape.requests.toLocaleString('en'))}, ${shape.shape}`));
    }
  } else {
    targets.push({ target: scaleTarget, measured: scale && 'skipped' in scale ? `skipped: ${scale.skipped}` : 'not measured (--scale)', pass: null });
  }
  targets.push(
    bundle
      ? { target: 'Worker bundle < 1 MiB gzipped', measured: `${(bundle.gzipBytes / 1024).toFixed(0)} KiB`, pass: bundle.gzipBytes < MIB }
      : { target: 'Worker bundle < 1 MiB gzipped', measured: 'not measured', pass: null },
    embedded
      ? { target: 'embedded restart < 3 s', measured: `${(embedded.restartMs / 1000).toFixed(2)} s`, pass: embedded.restartMs < 3000 }
      : { target: 'embedded restart < 3 s', measured: 'not measured', pass: null },
  );
  return targets;
}
