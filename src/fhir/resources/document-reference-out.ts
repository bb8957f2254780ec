/**
 * A letter to the GP → DocumentReference (https://hl7.org/fhir/R4/documentreference.html): the
 * outcome letter or a case discussion's conclusions, inline as UTF-8 text, related to the request.
 * Letters do not change once written: the resource has no versions (no versionId, no ETag).
 */
import type { Letter, LetterKind } from '../../domain/letter.js';
import type { ListedRequest } from '../../services/queries.js';
import { CODE_SYSTEM, CONSULT_NOTE, PROFILE } from '../canonical.js';
import type { Json, Resource } from '../types.js';
import { identifierOf } from './service-request-out.js';

const TITLE: Record<LetterKind, string> = {
  'outcome-letter': 'Outcome letter',
  'case-discussion-conclusions': 'Case-discussion conclusions',
};

export const LETTER_CONTENT_TYPE = 'text/plain; charset=utf-8';

/**
 * `current`; `superseded` once a re-opened request got a newer outcome letter (which `replaces`
 * it); `entered-in-error` with its request.
 */
function statusOf(letter: Letter, request: ListedRequest): string {
  if (request.state === 'entered-in-error') return 'entered-in-error';
  return letter.replacedBy ? 'superseded' : 'current';
}

export function toDocumentReference(letter: Letter, request: ListedRequest): Resource {
  const written = letter.writtenAt.toISOString();
  const title = letter.session ? `${TITLE[letter.kind]} of ${letter.session.groupName}` : TITLE[letter.kind];
  const bytes = new TextEncoder().encode(letter.text);
  const author: Json | null = letter.author && (letter.author.kind === 'user' ? { reference: `Practitioner/${letter.author.id}`, display: letter.author.display } : { display: letter.author.display });
  return {
    resourceType: 'DocumentReference',
    id: letter.id,
    meta: { lastUpdated: written, profile: [PROFILE.documentReference] },
    status: statusOf(letter, request),
    docStatus: 'final',
    // Every letter is a consult note (LOINC); Liaison's document-type code says which kind.
    type: { coding: [CONSULT_NOTE, { system: CODE_SYSTEM.documentType, code: letter.kind, display: TITLE[letter.kind] }], text: TITLE[letter.kind] },
    // What the consultation or the group concluded for the patient's further care.
    ...(letter.outcomeCode ? { category: [{ coding: [{ system: CODE_SYSTEM.outcome, code: letter.outcomeCode }] }] } : {}),
    subject: { identifier: identifierOf(request.patient.identifier) },
    date: written,
    ...(author ? { author: [author] } : {}),
    description: `${title}, ${request.reference}`,
    ...(letter.replaces ? { relatesTo: [{ code: 'replaces', target: { reference: `DocumentReference/${letter.replaces}` } }] } : {}),
    content: [{ attachment: { contentType: LETTER_CONTENT_TYPE, data: base64(bytes), size: bytes.length, title, creation: written } }],
    context: {
      ...(letter.session ? { period: { start: letter.session.startsAt.toISOString(), end: letter.session.endsAt.toISOString() } } : {}),
      related: [{ reference: `ServiceRequest/${request.id}` }],
    },
  };
}

/** Base64 of the bytes, in chunks (a long letter would overflow one call's arguments); Node and Workers alike. */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
