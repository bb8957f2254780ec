/**
 * The Node entry as a real process for the process tests: one node process (tsx as an import
 * hook, so a signal reaches the server itself, not a wrapper), its stdout and stderr kept.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  /** The environment the settings are laid over (default: this process's). */
  baseEnv?: NodeJS.ProcessEnv;
  /** The interface to listen on (default 127.0.0.1; 0.0.0.0 implies production mode). */
  host?: string;
  /** The line of output that means it is ready (default: the "listening" line). */
  readyLine?: string;
  /** `npm start`'s entry (src/entry/start.mjs: compiled, run by Node alone) instead of src/entry/node.ts through tsx. */
  compiled?: boolean;
}

/** Starts `src/entry/node.ts` (or `npm start`'s compiled entry) with the given environment and waits until it is ready. */
export async function startServer(env: Record<string, string>, port: number, options: StartOptions = {}): Promise<ServerProcess> {
  const readyLine = options.readyLine ?? 'Liaison is listening on';
  const child = spawn(process.execPath, options.compiled ? ['src/entry/start.mjs'] : ['--import', 'tsx', 'src/entry/node.ts'], {
    env: { ...(options.baseEnv ?? process.env), ...env, PORT: String(port), HOST: options.host ?? '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Liaison did not start:\n${output}`)), 100_000);
    child.stdout!.on('data', () => {
      if (output.includes(readyLine)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`Liaison exited (${code ?? signal}):\n${output}`));
    });
  });
  return { child, url: `http://127.0.0.1:${port}`, output: () => output };
}

/** SIGTERM (a clean stop) or SIGKILL (a crash); resolves with the exit code when the process is gone. */
export async function stopServer(server: ServerProcess, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<number | null> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.child.exitCode;
  const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
  server.child.kill(signal);
  return exited;
}
