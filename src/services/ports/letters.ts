/** The letters repository: outcome letters and case-discussion conclusions as the GP receives them. */
import type { AccessScope } from '../../domain/access.js';
import type { Letter, LetterKind } from '../../domain/letter.js';
import type { PageCursor, RequestFilters } from '../queries.js';

export interface LettersPort {
  find(id: string): Promise<Letter | null>;
  /** A page of the letters on the requests the scope sees that match, oldest first (written, id), after `after`. */
  page(scope: AccessScope, filters: RequestFilters, kinds: LetterKind[] | undefined, after: PageCursor | null, limit: number): Promise<Letter[]>;
  count(scope: AccessScope, filters: RequestFilters, kinds: LetterKind[] | undefined): Promise<number>;
}
