/**
 * Hearing that requests changed: PostgreSQL notifies `liaison_requests_changed` after every
 * transaction that wrote a request, its identifiers, a person or a service (triggers, migration
 * 0024), whichever instance or tool wrote it. An instance listens on a connection of its own and
 * counts what it hears; search pages kept at one count (search-pages.ts) hold until it moves.
 *
 * The count also moves when the instance commits a change itself (before PostgreSQL's notice
 * arrives: a search right after a create sees the create), whenever the listening connection
 * closes or opens, and when it stops answering a heartbeat. While it is not listening, `current`
 * is null and nothing is kept: a notice missed is a page kept stale.
 */
import postgres from 'postgres';

export const REQUESTS_CHANGED = 'liaison_requests_changed';

export interface RequestChanges {
  /** A count that moves whenever requests may have changed; null while changes cannot be heard. */
  current(): number | null;
  /** This instance committed a change. */
  committed(): void;
}

/** How often the listening connection is asked to answer, and how long it has to. */
const HEARTBEAT_MS = 2000;
const ANSWER_WITHIN_MS = 1000;
/** After the listening connection is lost, how long before listening again. */
const RETRY_MS = 1000;

export interface ListeningForChanges extends RequestChanges {
  /** Resolves once the first LISTEN is in place (or failed: then it retries). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function listenForChanges(url: string): ListeningForChanges {
  let count = 0;
  let listening = false;
  let closed = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const lost = () => {
    listening = false;
    count++;
  };
  // postgres.js hands a connection's notifications to `onnotify` (what its own `listen` uses); its types leave it out.
  const options: postgres.Options<Record<string, postgres.PostgresType>> & { onnotify: () => void } = {
    max: 1,
    idle_timeout: 0,
    max_lifetime: null,
    fetch_types: false,
    onnotice: () => {},
    onnotify: () => {
      count++;
    },
    onclose: () => {
      lost();
      if (!closed) listenSoon();
    },
  };
  const sql = postgres(url, options);
  const listen = async () => {
    try {
      await sql.unsafe(`listen ${REQUESTS_CHANGED}`);
      if (closed) return;
      count++;
      listening = true;
    } catch {
      lost();
      if (!closed) listenSoon();
    }
  };
  const listenSoon = () => {
    clearTimeout(retry);
    retry = setTimeout(() => void listen(), RETRY_MS);
    retry.unref();
  };
  const heartbeat = setInterval(() => {
    if (!listening) return;
    let answered = false;
    const late = setTimeout(() => {
      if (!answered) lost();
    }, ANSWER_WITHIN_MS);
    late.unref();
    sql`select 1`.then(
      () => {
        answered = true;
        clearTimeout(late);
        // A late answer: the connection is back, but a notice may have come after the count moved.
        if (!listening && !closed) void listen();
      },
      () => {
        answered = true;
        clearTimeout(late);
      },
    );
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const ready = listen();
  return {
    ready,
    current: () => (listening ? count : null),
    committed: () => {
      count++;
    },
    close: async () => {
      closed = true;
      lost();
      clearInterval(heartbeat);
      clearTimeout(retry);
      await sql.end({ timeout: 5 });
    },
  };
}
