/**
 * Who a caller is, remembered for a few seconds (issue 10: "resolve the caller once, with a
 * short-lived cache invalidated on directory changes"). Every authenticated call needs the caller
 * as the directory has them now — active, their role, the services they work in, a client's
 * scopes — and reading it was one statement of the three a FHIR read costs. A change made through
 * this instance's administration use cases forgets every caller at once (the person deactivated is
 * refused on their next call); a change made by another instance, or in the database directly, is
 * seen within `ttlMs` (LIAISON_CALLER_CACHE_SECONDS). Only callers found are remembered: a person
 * created a moment ago is found on their first call.
 */
import type { Actor } from '../domain/actor.js';
import type { DirectoryPort } from './ports/directory.js';

type Callers = Pick<DirectoryPort, 'findUser' | 'findClient' | 'findUserByEmail' | 'findUserByIdentifier'>;

export class CallerCache {
  private readonly entries = new Map<string, { actor: Actor; until: number }>();
  /** Moves on every forget: a read begun before a change is not remembered after it. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly cap = 10_000,
  ) {}

  /** The directory's caller lookups, remembered; the others as they are. */
  callers(directory: Callers): Callers {
    if (this.ttlMs <= 0) return directory;
    return {
      findUser: (id) => this.find(`user:${id}`, () => directory.findUser(id)),
      findClient: (id) => this.find(`client:${id}`, () => directory.findClient(id)),
      findUserByEmail: (email) => directory.findUserByEmail(email),
      findUserByIdentifier: (identifier) => directory.findUserByIdentifier(identifier),
    };
  }

  /** Everyone is read again on their next call (the directory changed). */
  forget(): void {
    this.entries.clear();
    this.generation++;
  }

  private async find(key: string, load: () => Promise<Actor | null>): Promise<Actor | null> {
    const at = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > at) return hit.actor;
    const generation = this.generation;
    const actor = await load();
    if (!actor || generation !== this.generation) {
      this.entries.delete(key);
      return actor;
    }
    if (this.entries.size >= this.cap) this.entries.delete(this.entries.keys().next().value!);
    // Shared by concurrent calls: frozen, so none can change another's caller.
    const kept = Object.freeze({ ...actor, serviceIds: Object.freeze([...actor.serviceIds]), scopes: Object.freeze([...actor.scopes]) }) as Actor;
    this.entries.delete(key);
    this.entries.set(key, { actor: kept, until: at + this.ttlMs });
    return kept;
  }
}
