/**
 * Worker scripts (tsx) in child processes: the load generator and the raw-insert client run this
 * way, never in the process that orchestrates or serves. One child per script is started on first
 * use and kept for the whole run (starting tsx costs about a second); runs go to it one at a
 * time over IPC (`{ id, options }` → `{ id, result }` or `{ id, error }`).
 */
import { fork, type ChildProcess } from 'node:child_process';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

const workers = new Map<string, { child: ChildProcess; pending: Map<number, Pending> }>();
let nextId = 0;

function workerFor(script: string) {
  let worker = workers.get(script);
  if (worker) return worker;
  const child = fork(script, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, Pending>();
  worker = { child, pending };
  workers.set(script, worker);
  child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if (!pending.size) child.channel?.unref();
    if (message.error !== undefined) waiting.reject(new Error(message.error));
    else waiting.resolve(message.result);
  });
  child.on('exit', (code, signal) => {
    workers.delete(script);
    for (const waiting of pending.values()) waiting.reject(new Error(`${script.split('/').pop()} exited (${code ?? signal})`));
    pending.clear();
  });
  // Neither the child nor its channel keeps this process alive while no run is pending.
  child.unref();
  child.channel?.unref();
  return worker;
}

export function runInChild<T>(script: string, options: unknown): Promise<T> {
  const { child, pending } = workerFor(script);
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    child.channel?.ref();
    child.send({ id, options });
  });
}

/** The worker side: answers each `{ id, options }` with `work`'s result, one run at a time; exits with its parent. */
export function serveRuns<O, T>(work: (options: O) => Promise<T>): void {
  let queue = Promise.resolve();
  process.on('message', ({ id, options }: { id: number; options: O }) => {
    queue = queue.then(() =>
      work(options).then(
        (result) => void process.send!({ id, result }),
        (err: unknown) => void process.send!({ id, error: err instanceof Error ? err.message : String(err) }),
      ),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

/** The percentile of sorted values (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
