/**
 * Hearing that requests changed, on channel `liaison_requests_changed`. Each instance announces
 * its own changes there once they are committed (`committed`: one NOTIFY for all the commits made
 * while the previous one was on its way, so a busy instance sends about one a round trip), and
 * PostgreSQL announces every change of a person or a service, whoever made it (triggers,
 * migration 0024). An instance listens on a connection of its own and counts what it hears; what
 * is kept at one count (kept-until-change.ts) holds until it moves.
 *
 * The announcement is not sent inside the change's transaction: PostgreSQL commits transactions
 * that notify one at a time, flush included, which would cap every instance's writes together at
 * what one disk flush after another allows. So a request changed by SQL from outside Liaison, or
 * by a Worker on the same database, is not announced: the kept pages drop it within their 30 s.
 *
 * The count also moves at once when the instance commits (before any notice comes back: a search
 * right after a create sees the create), whenever the listening connection closes or opens, and
 * when a heartbeat finds it gone, replaced or no longer listening (a transaction-mode pooler
 * accepts LISTEN and then hands the session to others: nothing would ever be heard). While it is
 * not listening `current` is null and nothing is kept: a notice missed is a page kept stale.
 */
import postgres from 'postgres';

export const REQUESTS_CHANGED = 'liaison_requests_changed';

/** A timer that never keeps the process alive on its own (workerd's timers have no unref). */
const unref = (timer: unknown) => (timer as { unref?: () => void }).unref?.();

export interface RequestChanges {
  /** A count that moves whenever requests may have changed; null while changes cannot be heard. */
  current(): number | null;
  /** This instance committed a change: counted at once, and announced to the others. */
  committed(): void;
}

/** How often the listening connection is asked whether it still listens, and how long it has to answer. */
const HEARTBEAT_MS = 2000;
const ANSWER_WITHIN_MS = 1000;
/** After the listening connection is lost, how long before listening again. */
const RETRY_MS = 1000;

export interface ListeningForChanges extends RequestChanges {
  /** Resolves once the first LISTEN is in place (or failed: then it retries). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Listens on a connection of its own to `url`; announces through `pool` (the instance's, so an announcement never waits for a lost listener). */
export function listenForChanges(url: string, pool: postgres.Sql): ListeningForChanges {
  let count = 0;
  let listening = false;
  let closed = false;
  let backend: number | undefined;
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
  const sessionNow = () => sql<{ pid: number; listens: boolean }[]>`select pg_backend_pid() as pid, ${REQUESTS_CHANGED} = any(array(select pg_listening_channels())) as listens`;
  const listen = async () => {
    try {
      await sql.unsafe(`listen ${REQUESTS_CHANGED}`);
      const [session] = await sessionNow();
      if (closed) return;
      // The connection may have been replaced between the two statements: then listen again.
      if (!session!.listens) throw new Error('not listening');
      backend = session!.pid;
      count++;
      listening = true;
    } catch {
      lost();
      if (!closed) listenSoon();
    }
  };
  const listenSoon = () => {
    if (retry !== undefined) clearTimeout(retry);
    retry = setTimeout(() => void listen(), RETRY_MS);
    unref(retry);
  };
  const heartbeat = setInterval(() => {
    if (!listening) return;
    let answered = false;
    const late = setTimeout(() => {
      if (!answered) lost();
    }, ANSWER_WITHIN_MS);
    unref(late);
    const settle = (still: boolean) => {
      answered = true;
      clearTimeout(late);
      if (!still && listening) lost();
      // Late, refused or no longer listening: listen again (LISTEN twice on one session is harmless).
      if (!listening && !closed) listenSoon();
    };
    sessionNow().then(
      ([session]) => settle(session!.pid === backend && session!.listens),
      () => settle(false),
    );
  }, HEARTBEAT_MS);
  unref(heartbeat);

  // One announcement on its way at a time; commits made meanwhile share the next. One that fails,
  // or has no answer within ANSWER_WITHIN_MS, is sent again (the others' pages hold until it arrives).
  let announcing = false;
  let again = false;
  const announce = () => {
    if (closed) return;
    if (announcing) {
      again = true;
      return;
    }
    announcing = true;
    again = false;
    let settled = false;
    const settle = (failed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(late);
      announcing = false;
      if (failed) again = true;
      if (again) {
        if (failed) unref(setTimeout(announce, RETRY_MS / 10));
        else announce();
      }
    };
    const late = setTimeout(() => settle(true), ANSWER_WITHIN_MS);
    unref(late);
    pool`select pg_notify(${REQUESTS_CHANGED}, '')`.then(
      () => settle(false),
      () => settle(true),
    );
  };

  const ready = listen();
  return {
    ready,
    current: () => (listening ? count : null),
    committed: () => {
      count++;
      announce();
    },
    close: async () => {
      closed = true;
      lost();
      clearInterval(heartbeat);
      if (retry !== undefined) clearTimeout(retry);
      await sql.end({ timeout: 5 });
    },
  };
}
