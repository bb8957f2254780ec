/**
 * A PostgreSQL wire-protocol relay that counts what a client sends: statements executed (Execute
 * and simple Query messages), statements parsed (Parse: an unnamed statement is parsed on every
 * call, a prepared one once) and round trips: a Sync or simple Query sent while no answer is
 * outstanding on any connection starts one; statements pipelined behind it (sent before its
 * ReadyForQuery came back), or sent at once on other connections, share it — calls are counted one
 * at a time, so this is how often a call waits for PostgreSQL. Liaison is pointed at it to see what one call costs the database and how
 * many times it waits for it, measured from outside the process.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface StatementCounts {
  statements: number;
  parses: number;
  roundTrips: number;
}

export interface StatementCounter {
  /** The connection URL that goes through the relay. */
  url: string;
  counts(): StatementCounts;
  /** Resolves once nothing was sent for `quietMs` (work a call left for after its response). */
  quiet(quietMs?: number): Promise<void>;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;

export async function startStatementCounter(databaseUrl: string): Promise<StatementCounter> {
  const target = new URL(databaseUrl);
  const counts: StatementCounts = { statements: 0, parses: 0, roundTrips: 0 };
  let lastSent = Date.now();
  // Syncs and Queries sent (on any connection) whose ReadyForQuery has not come back yet.
  let outstanding = 0;
  const sockets = new Set<Socket>();

  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    let buffer = Buffer.alloc(0);
    let startup = true;
    let answers = Buffer.alloc(0);
    let sslAnswerPending = false;
    // The first ReadyForQuery ends the start-up, not a statement.
    let started = false;
    client.on('data', (chunk: Buffer) => {
      lastSent = Date.now();
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (startup) {
          if (buffer.length < 8) break;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) break;
          const code = buffer.readInt32BE(4);
          buffer = buffer.subarray(length);
          // After an SSL or GSS request the client sends its startup message again.
          if (code !== SSL_REQUEST && code !== GSS_REQUEST) startup = false;
          else sslAnswerPending = true;
          continue;
        }
        if (buffer.length < 5) break;
        const length = buffer.readInt32BE(1);
        if (buffer.length < 1 + length) break;
        const type = String.fromCharCode(buffer[0]!);
        if (type === 'E' || type === 'Q') counts.statements++;
        if (type === 'P') counts.parses++;
        if (type === 'S' || type === 'Q') {
          if (outstanding === 0) counts.roundTrips++;
          outstanding++;
        }
        buffer = buffer.subarray(1 + length);
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      answers = Buffer.concat([answers, chunk]);
      // The answer to an SSL or GSS request is one byte, without a length.
      if (sslAnswerPending && answers.length > 0) {
        answers = answers.subarray(1);
        sslAnswerPending = false;
      }
      while (answers.length >= 5) {
        const length = answers.readInt32BE(1);
        if (answers.length < 1 + length) break;
        if (answers[0] === 0x5a /* Z: ReadyForQuery */) {
          if (!started) started = true;
          else if (outstanding > 0) outstanding--;
        }
        answers = answers.subarray(1 + length);
      }
      client.write(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    counts: () => ({ ...counts }),
    async quiet(quietMs = 150) {
      while (Date.now() - lastSent < quietMs) await new Promise((r) => setTimeout(r, quietMs / 3));
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
