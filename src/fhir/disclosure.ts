/**
 * Which consultation requests a FHIR response carries, read off the response itself so that no
 * interaction, `_include`, `_revinclude` or Bundle can forget to tell the access log:
 * ServiceRequest, Task and Appointment share their request's id; a Communication is basedOn it, a
 * DocumentReference (a letter) has it in context.related;
 * Bundles (searchset, history, transaction-response) are walked entry by entry, locations included.
 */
import { UUID_PATTERN, isUuid, referencedId } from '../domain/ids.js';
import { arr, isObject } from './types.js';

const SHARES_REQUEST_ID = new Set(['ServiceRequest', 'Task', 'Appointment']);
const LOCATION = new RegExp(`(?:^|/)(?:ServiceRequest|Task|Appointment)/(${UUID_PATTERN})(?:/|$)`, 'i');

export function requestsDisclosedBy(resource: unknown): string[] {
  const ids = new Set<string>();
  const visit = (r: unknown): void => {
    if (!isObject(r)) return;
    if (typeof r.resourceType === 'string' && SHARES_REQUEST_ID.has(r.resourceType) && isUuid(r.id)) ids.add(r.id.toLowerCase());
    if (r.resourceType === 'Communication') {
      for (const basedOn of arr(r.basedOn)) {
        const id = referencedId(basedOn.reference, 'ServiceRequest');
        if (id) ids.add(id);
      }
    }
    if (r.resourceType === 'DocumentReference' && isObject(r.context)) {
      for (const related of arr(r.context.related)) {
        const id = referencedId(related.reference, 'ServiceRequest');
        if (id) ids.add(id);
      }
    }
    if (r.resourceType === 'Bundle') {
      for (const entry of arr(r.entry)) {
        visit(entry.resource);
        const location = isObject(entry.response) ? LOCATION.exec(String(entry.response.location ?? '')) : null;
        if (location?.[1]) ids.add(location[1].toLowerCase());
      }
    }
  };
  visit(resource);
  return [...ids];
}
