/** Bundles the server returns: searchset and history (https://hl7.org/fhir/R4/bundle.html). */
import { operationOutcome } from './outcome.js';
import type { Resource } from './types.js';

export interface SearchEntry {
  resource: Resource;
  mode: 'match' | 'include';
}

export function searchsetBundle(base: string, links: { self: string; next?: string | undefined }, entries: SearchEntry[], ignored: string[], total?: number): Resource {
  const outcome = ignored.length
    ? [
        {
          resource: operationOutcome([
            { severity: 'warning', code: 'not-supported', diagnostics: `Ignored unknown search parameters: ${ignored.join(', ')} (Prefer: handling=lenient).` },
          ]),
          search: { mode: 'outcome' },
        },
      ]
    : [];
  const entry = [
    ...entries.map((e) => ({ fullUrl: `${base}/${e.resource.resourceType}/${e.resource.id}`, resource: e.resource, search: { mode: e.mode } })),
    ...outcome,
  ];
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    timestamp: new Date().toISOString(),
    // Given when asked for (_total=accurate, _summary=count): counting costs a query.
    ...(total === undefined ? {} : { total }),
    link: [{ relation: 'self', url: links.self }, ...(links.next ? [{ relation: 'next', url: links.next }] : [])],
    // R4 JSON has no empty arrays: a search that finds nothing has no entry at all.
    ...(entry.length ? { entry } : {}),
  };
}

/** A page of versions, newest first; the request's state at each version (https://hl7.org/fhir/R4/http.html#history). */
export function historyBundle(base: string, links: { self: string; next?: string | undefined }, total: number, versions: Resource[]): Resource {
  const entry = versions.map((resource) => {
    const first = resource.meta?.versionId === '1';
    return {
      fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
      resource,
      request: { method: first ? 'POST' : 'PUT', url: first ? resource.resourceType : `${resource.resourceType}/${resource.id}` },
      response: { status: first ? '201 Created' : '200 OK', ...(resource.meta?.lastUpdated ? { lastModified: resource.meta.lastUpdated } : {}) },
    };
  });
  return {
    resourceType: 'Bundle',
    type: 'history',
    total,
    link: [{ relation: 'self', url: links.self }, ...(links.next ? [{ relation: 'next', url: links.next }] : [])],
    // R4 JSON has no empty arrays: a page without versions (_count=0) has no entry.
    ...(entry.length ? { entry } : {}),
  };
}
