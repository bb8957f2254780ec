/**
 * A letter that reaches the GP (FHIR DocumentReference): an outcome letter (the message that
 * completed a request; a case discussion's conclusions when the request was agreed as one), or
 * the conclusions of a case discussion on a request its GP presented (the agenda item).
 */

/** What a letter to the GP is (FHIR DocumentReference.type). */
export type LetterKind = 'outcome-letter' | 'case-discussion-conclusions';

export interface Letter {
  /** The outcome message's id, or the agenda item's. */
  id: string;
  kind: LetterKind;
  requestId: string;
  writtenAt: Date;
  /** Null only for conclusions recorded before authors were kept. */
  author: { kind: 'user' | 'client'; id: string; display: string } | null;
  text: string;
  outcomeCode: string | null;
  /** The case-discussion session the conclusions were drawn in. */
  session: { startsAt: Date; endsAt: Date; groupName: string } | null;
  /** Outcome letters of a re-opened request: the earlier letter this one replaces, the later one that replaces it. */
  replaces: string | null;
  replacedBy: string | null;
}
