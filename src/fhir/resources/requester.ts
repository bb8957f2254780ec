/**
 * ServiceRequest.requester in and out. An EHR names its GP by a literal reference
 * (`Practitioner/{id}`), a contained Practitioner, or a logical reference: any identifier
 * registered for the GP (a national provider number, its own staff id, the e-mail address).
 * The use case matches identifiers among the practice's GPs only; a requester it cannot match,
 * or none, leaves the request with the practice and the requester as sent.
 */
import { referencedId } from '../../domain/ids.js';
import { USER_EMAIL_SYSTEM, type ConsultationRequest, type Identifier } from '../../domain/request.js';
import { arr, isObject, str, type Json } from '../types.js';

export type RequesterIn = { id: string } | { named: { identifiers: Identifier[]; display: string | null } } | null;

type Fail = (field: string, message: string, code?: string) => void;

const identifierOf = (i: Json): Identifier | null => (typeof i.value === 'string' ? { system: str(i.system) ?? '', value: i.value } : null);

export function requesterOf(requester: Json | undefined, contained: Map<string, Json>, fail: Fail): RequesterIn {
  if (!requester) return null;
  const ref = str(requester.reference);
  const literal = referencedId(ref, 'Practitioner');
  if (literal) return { id: literal };
  if (ref?.startsWith('#')) {
    const practitioner = contained.get(ref);
    if (practitioner?.resourceType !== 'Practitioner') {
      fail('requester', `The requester ${ref} is not a contained Practitioner.`, 'value');
      return null;
    }
    const emails = arr(practitioner.telecom).filter((t) => t.system === 'email' && typeof t.value === 'string').map((t) => ({ system: USER_EMAIL_SYSTEM, value: t.value as string }));
    const identifiers = [...arr(practitioner.identifier).flatMap((i) => identifierOf(i) ?? []), ...emails];
    const name = arr(practitioner.name)[0];
    const display = str(requester.display) ?? str(name?.text) ?? ([...arr(name?.given), name?.family].filter((p) => typeof p === 'string').join(' ') || null);
    return { named: { identifiers, display } };
  }
  if (ref) {
    fail('requester', 'The requester is a Practitioner: Practitioner/{id}, a contained Practitioner (#id), or a logical reference (identifier and display).', 'value');
    return null;
  }
  const identifier = isObject(requester.identifier) ? identifierOf(requester.identifier) : null;
  return { named: { identifiers: identifier ? [identifier] : [], display: str(requester.display) ?? null } };
}

/**
 * The requester on output: the GP Liaison matched (with the identifier the EHR named them by), or
 * exactly what the EHR sent when it named no GP Liaison knows; nothing when it named no one.
 */
export function requesterReference(r: Pick<ConsultationRequest, 'requesterId'>, requesterName: string | null | undefined, sent: Json | undefined): Json | undefined {
  if (r.requesterId === null) return sent;
  const own = { reference: `Practitioner/${r.requesterId}`, ...(requesterName ? { display: requesterName } : {}) };
  if (!sent) return own;
  // A contained Practitioner stays as sent, so the contained resource stays referenced.
  if (str(sent.reference)?.startsWith('#')) return sent;
  return { ...sent, ...own, ...(str(sent.display) ? { display: sent.display } : {}) };
}

/**
 * The requester elsewhere (Task, Appointment), where a contained Practitioner cannot be
 * referenced: the GP, or the requester as sent (identifier and display); nothing when none was named.
 */
export function requesterElsewhere(r: Pick<ConsultationRequest, 'requesterId' | 'requesterAsSent'>, requesterName: string | null | undefined): Json | undefined {
  if (r.requesterId !== null) return { reference: `Practitioner/${r.requesterId}`, ...(requesterName ? { display: requesterName } : {}) };
  const sent = r.requesterAsSent;
  if (!sent) return undefined;
  return { ...(sent.identifier ? { identifier: { ...(sent.identifier.system ? { system: sent.identifier.system } : {}), value: sent.identifier.value } } : {}), ...(sent.display ? { display: sent.display } : {}) };
}
