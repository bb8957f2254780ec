/**
 * The CapabilityStatement (https://hl7.org/fhir/R4/capabilitystatement.html), generated from
 * the same registry the router dispatches from, so it tells the truth.
 */
import { BACKPORT_URL } from './canonical.js';
import { DEFAULT_COUNT, MAX_COUNT } from './search/parse.js';
import { REGISTRY } from './registry.js';
import type { Resource } from './types.js';

export const SOFTWARE_VERSION = '0.1.0';

export function capabilityStatement(base: string): Resource {
  const origin = base.replace(/\/fhir$/, '');
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-25',
    publisher: 'Liaison',
    kind: 'instance',
    software: { name: 'Liaison', version: SOFTWARE_VERSION },
    implementation: { description: 'Liaison: shared care between GPs and consulting psychiatrists', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation: `FHIR R4 JSON only (application/fhir+json or application/json; fhirVersion other than 4.0 is 406/415). Search and history pages hold ${DEFAULT_COUNT} entries unless _count says otherwise, at most ${MAX_COUNT} (_count is capped), and link onward with an opaque, sealed _page token that serves only the caller it was made for. Every search takes _count, _total (none | estimate | accurate), _summary=count, _elements, _pretty and _format; commas are OR for every parameter. Unknown search parameters and other _summary values are ignored and reported unless Prefer: handling=strict (400); a chain, an unsupported modifier or a patient filter Liaison does not serve is always 400. Instance history takes _count, _since and _at. HEAD works wherever GET does; Prefer: return=minimal | representation | OperationOutcome. Errors are OperationOutcomes; 405 carries Allow.`,
        security: {
          cors: false,
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }],
          description: `Bearer tokens. Systems use SMART Backend Services (client_credentials with private_key_jwt, RS384 or ES384) at ${origin}/auth/token and act within system/* scopes, included resources too (_revinclude=Task:focus needs system/Task.r, _include=ServiceRequest:requester system/Practitioner.r, else 403); see ${base}/.well-known/smart-configuration. People see their own practice's requests and those routed to their service.`,
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [{ url: 'token', valueUri: `${origin}/auth/token` }],
            },
          ],
        },
        resource: Object.entries(REGISTRY).map(([type, s]) => ({
          ...(s.extension ? { extension: s.extension } : {}),
          type,
          ...(s.profile ? { profile: s.profile } : {}),
          documentation: s.documentation,
          interaction: [
            ...(s.read ? [{ code: 'read' }] : []),
            ...(s.vread ? [{ code: 'vread' }] : []),
            ...(s.update ? [{ code: 'update' }] : []),
            ...(s.history ? [{ code: 'history-instance' }] : []),
            ...(s.create ? [{ code: 'create' }] : []),
            ...(s.search ? [{ code: 'search-type' }] : []),
            ...(s.delete ? [{ code: 'delete' }] : []),
          ],
          // https://hl7.org/fhir/R4/codesystem-versioning-policy.html: versionId kept (versioned), and required by updates (versioned-update).
          versioning: s.vread && s.update ? 'versioned-update' : s.vread || s.versioned ? 'versioned' : 'no-version',
          readHistory: Boolean(s.vread),
          updateCreate: false,
          conditionalCreate: Boolean(s.conditionalCreate),
          conditionalUpdate: false,
          conditionalDelete: 'not-supported',
          ...(s.includes ? { searchInclude: s.includes } : {}),
          ...(s.revincludes ? { searchRevInclude: s.revincludes } : {}),
          ...(s.status || s.events
            ? {
                operation: [
                  ...(s.status ? [{ name: 'status', definition: BACKPORT_URL.statusOperation }] : []),
                  ...(s.events ? [{ name: 'events', definition: BACKPORT_URL.eventsOperation }] : []),
                ],
              }
            : {}),
          ...(s.searchParams.length
            ? { searchParam: s.searchParams.map((p) => ({ name: p.name, type: p.type, documentation: p.documentation, ...(p.definition ? { definition: p.definition } : {}) })) }
            : {}),
        })),
        interaction: [{ code: 'transaction', documentation: 'Creates ServiceRequests with their supporting Patient and Observation entries (contained) and Communications, all or nothing.' }],
      },
    ],
  };
}
