/**
 * Search parameters of DocumentReference (the letters to the GP), in the same table form as the
 * other types' (params.ts), so the same parser handles OR, modifiers, chains and strictness.
 */
import type { LetterKind } from '../../domain/letter.js';
import type { RequestFilters } from '../../services/queries.js';
import { CODE_SYSTEM, CONSULT_NOTE, SEARCH_PARAMETER } from '../canonical.js';
import { patientParam, type SearchParamDefinition } from './params.js';
import { idsOf, orValues, token, within } from './values.js';

/** The requests' filters, and which kinds of letter. */
export type LetterFilters = RequestFilters & { kinds?: LetterKind[] | undefined };

/** The kinds of letter, as codes of the document-type CodeSystem. */
export const LETTER_KINDS: readonly LetterKind[] = ['outcome-letter', 'case-discussion-conclusions'];

const spec = (name: string) => `http://hl7.org/fhir/SearchParameter/${name}`;

/** `related` (R4) and `based-on` (Liaison's, on the same element): the request the letter is about. */
const onRequest = (name: string, definition: string, documentation: string): SearchParamDefinition<LetterFilters> => ({
  name,
  type: 'reference',
  definition,
  documentation,
  apply: (f, values, _m, base) => {
    for (const v of values) f.ids = within(f.ids, idsOf(name, v, ['ServiceRequest'], base));
  },
});

/** The kinds a `type` token names: LOINC 11488-4 (Consult note) is every letter; a document-type code, its kind. */
function kindsOf(value: string): LetterKind[] {
  return orValues(value).flatMap((one) => {
    const t = token('type', one);
    const all = t.code === CONSULT_NOTE.code && (t.system === undefined || t.system === CONSULT_NOTE.system) ? LETTER_KINDS : [];
    const ours = LETTER_KINDS.filter((k) => k === t.code && (t.system === undefined || t.system === CODE_SYSTEM.documentType));
    return [...all, ...ours];
  });
}

export const DOCUMENT_REFERENCE_PARAMS: SearchParamDefinition<LetterFilters>[] = [
  onRequest('related', spec('DocumentReference-related'), 'The request the letter is about: ServiceRequest/{id} (comma-separated for several).'),
  onRequest('based-on', SEARCH_PARAMETER.documentReferenceBasedOn, "Liaison's SearchParameter (R4 has no based-on on DocumentReference): the same as related, ServiceRequest/{id}."),
  patientParam('subject', 'DocumentReference') as SearchParamDefinition<LetterFilters>,
  { ...(patientParam('patient', 'DocumentReference') as SearchParamDefinition<LetterFilters>), definition: spec('clinical-patient') },
  {
    name: 'type',
    type: 'token',
    definition: spec('clinical-type'),
    documentation: `${CONSULT_NOTE.system}|${CONSULT_NOTE.code} (every letter), or ${CODE_SYSTEM.documentType}|outcome-letter or |case-discussion-conclusions; comma-separated for several.`,
    apply: (f, values) => {
      for (const v of values) f.kinds = within(f.kinds, [...new Set(kindsOf(v))]);
    },
  },
];
