/**
 * Letters to the GP (FHIR DocumentReference): outcome letters and case-discussion conclusions.
 * A letter is read by exactly those who may see its request (access.ts): what cannot be seen
 * does not exist. A group member who sees the case only pseudonymised gets nothing here.
 */
import { notFound } from '../domain/errors.js';
import { requestScopeOf } from '../domain/access.js';
import type { Actor } from '../domain/actor.js';
import type { Letter, LetterKind } from '../domain/letter.js';
import type { Store } from './ports/store.js';
import type { ListedRequest, PageCursor, RequestFilters } from './queries.js';

export interface LetterWithRequest {
  letter: Letter;
  request: ListedRequest;
}

export interface LetterPage {
  items: LetterWithRequest[];
  /** Where the next page starts (the last letter's time and id); null on the last page. */
  next: PageCursor | null;
}

export class LetterService {
  constructor(private readonly store: Store) {}

  async find(actor: Actor, id: string): Promise<LetterWithRequest> {
    const letter = await this.store.letters.find(id);
    const request = letter ? await this.store.requests.findVisible(letter.requestId, requestScopeOf(actor)) : null;
    if (!letter || !request) throw notFound('DocumentReference');
    return { letter, request };
  }

  /** A page of the letters on the requests the actor sees that match, oldest first. */
  async page(actor: Actor, filters: RequestFilters, kinds: LetterKind[] | undefined, after: PageCursor | null, limit: number): Promise<LetterPage> {
    const rows = await this.store.letters.page(requestScopeOf(actor), filters, kinds, after, limit + 1);
    const letters = rows.slice(0, limit);
    const last = letters.at(-1);
    return { items: await this.withRequests(actor, letters), next: rows.length > limit && last ? { at: last.writtenAt, id: last.id } : null };
  }

  count(actor: Actor, filters: RequestFilters, kinds: LetterKind[] | undefined): Promise<number> {
    return this.store.letters.count(requestScopeOf(actor), filters, kinds);
  }

  /** Each letter with its request (one query), which the page was already limited to. */
  private async withRequests(actor: Actor, letters: Letter[]): Promise<LetterWithRequest[]> {
    const ids = [...new Set(letters.map((l) => l.requestId))];
    const requests = ids.length ? await this.store.requests.list(requestScopeOf(actor), { ids }, null, ids.length) : [];
    const byId = new Map(requests.map((r) => [r.id, r]));
    return letters.flatMap((letter) => {
      const request = byId.get(letter.requestId);
      return request ? [{ letter, request }] : [];
    });
  }
}
