/**
 * Paging by keyset in a page's address: `after` is the cursor the page starts after (the last
 * row of the page before), `trail` the cursors the earlier pages started after, so "Earlier"
 * goes back one page and "Later entries" on one — no offset, no state on the server.
 */
import { DomainError } from '../domain/errors.js';

/** The first page's place in a trail. */
const FIRST = '0';
/** The most pages a trail remembers (about 2 kB of address); beyond, "Earlier" stops there. */
const REMEMBERED = 40;

export interface Trail {
  /** The cursor this page starts after; null on the first page. */
  after: string | null;
  earlier: string[];
}

/** The trail in the address; a cursor that is not one of `cursor`'s shape is a bad address (400). */
export function trailOf(query: (name: string) => string | undefined, cursor: RegExp): Trail {
  const after = query('after') || null;
  const earlier = (query('trail') ?? '').split('.').filter(Boolean);
  if ((after && !cursor.test(after)) || earlier.some((t) => t !== FIRST && !cursor.test(t))) {
    throw new DomainError('invalid_input', 'This page’s address is not one Liaison made: go back to the first page.');
  }
  return { after, earlier };
}

export function laterHref(path: string, trail: Trail, next: string): string {
  const earlier = [...trail.earlier, trail.after ?? FIRST].slice(-REMEMBERED);
  return `${path}?${new URLSearchParams({ after: next, trail: earlier.join('.') })}`;
}

export function earlierHref(path: string, trail: Trail): string | null {
  if (!trail.after) return null;
  const back = trail.earlier.at(-1);
  if (!back || back === FIRST) return path;
  return `${path}?${new URLSearchParams({ after: back, trail: trail.earlier.slice(0, -1).join('.') })}`;
}

/** "Earlier" and "Later entries" under a list, when there are any. */
export function Pager({ path, trail, next, label }: { path: string; trail: Trail; next: string | null; label: string }) {
  const earlier = earlierHref(path, trail);
  if (!earlier && !next) return null;
  return (
    <nav class="pager" aria-label={label}>
      {earlier && <a href={earlier}>Earlier</a>}
      {next && <a href={laterHref(path, trail, next)}>Later entries</a>}
    </nav>
  );
}
