/**
 * What `_include` and `_revinclude` add to a page of requests: the requesting GPs (Practitioner),
 * the consulting services (HealthcareService), the Tasks, the Communications, the CarePlans and
 * the letters (DocumentReference). Each included
 * type is read like any read of it: a system client without its read scope is refused (403),
 * never quietly served less.
 */
import type { ListedRequest } from '../../services/queries.js';
import type { SearchEntry } from '../bundle.js';
import { authorise, type FhirContext } from '../exchange.js';
import type { Resource } from '../types.js';
import { renderCarePlan } from './care-plan-out.js';
import { toCommunication } from './communication.js';
import { toHealthcareService, toPractitioner } from './directory.js';
import { toDocumentReference } from './document-reference-out.js';
import { toTask } from './task-out.js';

/** Each include served, and the resource type it adds. */
export const INCLUDED_TYPE: Record<string, string> = {
  'ServiceRequest:requester': 'Practitioner',
  'ServiceRequest:performer': 'HealthcareService',
  'Task:focus': 'Task',
  'Communication:based-on': 'Communication',
  'CarePlan:based-on': 'CarePlan',
  'DocumentReference:related': 'DocumentReference',
};

/** Messages included per page at most; more are read with Communication?based-on, page by page. */
const MESSAGES_PER_PAGE = 500;
/** Letters likewise (DocumentReference?related=). */
const LETTERS_PER_PAGE = 500;

/** Refuses, before anything is read, a client that may not read an included type. */
export function authoriseIncludes(ctx: FhirContext, values: string[]): void {
  for (const value of values) authorise(ctx, INCLUDED_TYPE[value]!, 'r');
}

export async function includedEntries(ctx: FhirContext, items: ListedRequest[], values: string[]): Promise<SearchEntry[]> {
  const wanted = new Set(values);
  const resources: Resource[] = [];
  if (wanted.has('ServiceRequest:requester')) {
    // A requester the practice's system named but Liaison does not know has no Practitioner here.
    resources.push(...(await ctx.services.directory.requestersOf(items)).map(toPractitioner));
  }
  if (wanted.has('ServiceRequest:performer')) {
    const ids = new Set(items.map((r) => r.serviceId));
    resources.push(...(await ctx.services.directory.services()).filter((s) => ids.has(s.id)).map(toHealthcareService));
  }
  if (wanted.has('Task:focus')) {
    resources.push(...items.map((r) => toTask(r, { requesterName: r.requesterName, serviceName: r.serviceName, assigneeName: r.assigneeName })));
  }
  if (wanted.has('Communication:based-on') && items.length) {
    const byId = new Map(items.map((r) => [r.id, r]));
    const messages = await ctx.services.messages.forRequests(items, null, MESSAGES_PER_PAGE);
    resources.push(...messages.items.map((m) => toCommunication(m, byId.get(m.requestId)!)));
  }
  if (wanted.has('CarePlan:based-on')) resources.push(...items.flatMap((r) => renderCarePlan(r) ?? []));
  if (wanted.has('DocumentReference:related') && items.length) {
    const letters = await ctx.services.letters.page(ctx.actor, { ids: items.map((r) => r.id) }, undefined, null, LETTERS_PER_PAGE);
    resources.push(...letters.items.map(({ letter, request }) => toDocumentReference(letter, request)));
  }
  return resources.map((resource) => ({ resource, mode: 'include' }));
}
