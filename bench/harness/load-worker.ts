/**
 * The load process (forked by load.ts): runs autocannon with the options it receives over IPC,
 * records every response's status and latency, and sends back one LoadResult.
 */
import autocannon from 'autocannon';
import { percentile, serveRuns } from './child.js';
import type { LoadOptions, LoadResult } from './load.js';

function run(options: LoadOptions): Promise<LoadResult> {
  const paths = Array.isArray(options.path) ? options.path : [options.path];
  const prefix = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  let sent = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let non2xx = 0;
  const replace = (text: string, value: string) => (options.unique ? text.split(options.unique).join(value) : text);
  const request: autocannon.Request = {
    method: options.method ?? 'GET',
    path: paths[0]!,
    headers: options.headers ?? {},
    ...(options.body !== undefined ? { body: options.body } : {}),
    // Called for every request autocannon sends (and once per connection before its first).
    setupRequest: (req: any) => {
      const n = sent++;
      const unique = `${prefix}-${n}`;
      const headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k, replace(v, unique)]));
      return { ...req, path: paths[n % paths.length], headers, ...(options.body !== undefined ? { body: replace(options.body, unique) } : {}) };
    },
  };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds }),
        requests: [request],
        timeout: 30,
      },
      (err, result) => {
        if (err) return reject(err);
        const seconds = (performance.now() - started) / 1000;
        latencies.sort((a, b) => a - b);
        resolve({
          rps: latencies.length / seconds,
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          p99: percentile(latencies, 99),
          responses: latencies.length,
          non2xx,
          errors: result.errors + result.timeouts,
          seconds,
          statuses,
        });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      if (statusCode < 200 || statusCode > 299) {
        non2xx++;
        statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      }
    });
  });
}

serveRuns(run);
