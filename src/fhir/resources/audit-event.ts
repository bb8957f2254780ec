/**
 * The access log as FHIR AuditEvents, in the shape of IHE Basic Audit Log Patterns (BALP): one
 * per call, `type` rest with the RESTful interaction as `subtype`, the caller as the requesting
 * agent, Liaison as the source, the request concerned as the entity; `outcome` 0 for a success,
 * 4 for a refusal (401/403/404 …), 8 for a failure. Search only, by administrators and privacy
 * officers of an organisation (services/audit.ts decides): `entity=ServiceRequest/{id}`, or
 * `agent=Practitioner/{id}` / `agent=Device/{client id}`, and `date` (ge, gt, le, lt), oldest first,
 * paged with a sealed `_page` link. https://hl7.org/fhir/R4/auditevent.html,
 * https://profiles.ihe.net/ITI/BALP/
 */
import type { AuditEntry, AuditQuery } from '../../domain/access-record.js';
import { searchsetBundle } from '../bundle.js';
import { isStrict, ok, type FhirContext, type FhirRequest, type FhirResult } from '../exchange.js';
import { pagingOf } from '../search/page-token.js';
import { screenParameters } from '../search/parse.js';
import { dateRange, invalidParameter } from '../search/values.js';
import type { Resource } from '../types.js';

export const CLIENT_ID_SYSTEM = 'https://liaison.example.org/fhir/sid/client-id';
const MOST_PER_PAGE = 100;

/** The RESTful interaction a route pattern stands for (http://hl7.org/fhir/restful-interaction). */
function interactionOf(interaction: string): { code: string; action: 'C' | 'R' | 'U' | 'E' } {
  const [method = 'GET', path = ''] = interaction.split(' ');
  const parts = path.split('/').filter(Boolean);
  const named = parts.some((p) => p.startsWith(':'));
  if (method === 'POST' && path === '/fhir') return { code: 'transaction', action: 'E' };
  if (method === 'POST' && (path.endsWith('_search') || path.endsWith('/search'))) return { code: 'search-type', action: 'E' };
  if (method === 'POST' && !named) return { code: 'create', action: 'C' };
  if (method === 'POST') return { code: 'operation', action: 'E' };
  if (method === 'PUT' || method === 'PATCH') return { code: method === 'PUT' ? 'update' : 'patch', action: 'U' };
  if (path.includes('_history')) return { code: 'history-instance', action: 'R' };
  return named && parts.at(-1)?.startsWith(':') ? { code: 'read', action: 'R' } : { code: 'search-type', action: 'E' };
}

/** `asked`: the request searched for (entity=), which a list or search call disclosed without naming it. */
export function toAuditEvent(e: AuditEntry, asked?: string): Resource {
  const { code, action } = interactionOf(e.interaction);
  const concerned = e.requestId ?? (e.disclosed ? asked : undefined);
  const who =
    e.actorKind === 'user' ? { reference: `Practitioner/${e.actorId}`, ...(e.actorName ? { display: e.actorName } : {}) }
    : e.actorKind === 'client' ? { identifier: { system: CLIENT_ID_SYSTEM, value: e.actorId ?? '' }, ...(e.actorName ? { display: e.actorName } : {}) }
    : { display: 'anonymous' };
  return {
    resourceType: 'AuditEvent',
    id: String(e.id),
    type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' },
    subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code }],
    action,
    recorded: e.at.toISOString(),
    outcome: e.status < 400 ? '0' : e.status < 500 ? '4' : '8',
    outcomeDesc: `HTTP ${e.status} to ${e.interaction}`,
    agent: [{ who, requestor: true }],
    source: { observer: { display: 'Liaison' }, type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }] },
    ...(concerned ? { entity: [{ what: { reference: `ServiceRequest/${concerned}` }, type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2', display: 'System Object' } }] } : {}),
  };
}

/** `entity`, `agent`, `date` → one question of the access log. */
function queryOf(ctx: FhirContext, params: [string, string][]): AuditQuery {
  const entity = params.find(([n]) => n === 'entity')?.[1];
  const agent = params.find(([n]) => n === 'agent')?.[1];
  const dates = params.filter(([n]) => n === 'date').map(([, v]) => v);
  const { ge, lt } = dateRange('date', dates);
  const period = { from: ge, to: lt };
  if (entity !== undefined) {
    const id = /^(?:ServiceRequest\/)?([0-9a-f-]{36})$/.exec(entity)?.[1];
    if (!id) throw invalidParameter('entity', 'name a request: ServiceRequest/{id}.');
    return { kind: 'request', requestId: id, ...period };
  }
  if (agent !== undefined) {
    const id = /^(?:Practitioner\/|Device\/)?([A-Za-z0-9._~-]{1,200})$/.exec(agent)?.[1];
    if (!id) throw invalidParameter('agent', 'name a user (Practitioner/{id}) or a system client (Device/{client id}).');
    return { kind: 'actor', actorId: id, ...period };
  }
  return { kind: 'organisation', organisationId: ctx.actor.organisationId, ...period };
}

export async function searchAuditEvents(ctx: FhirContext, req: FhirRequest): Promise<FhirResult> {
  const { page, params, link } = await pagingOf(ctx, req, 'AuditEvent');
  const ignored = screenParameters(params, ['entity', 'agent', 'date', '_count'], isStrict(req.headers));
  const query = queryOf(ctx, params);
  const count = Math.min(Math.max(Number(params.find(([n]) => n === '_count')?.[1] ?? 20) || 20, 1), MOST_PER_PAGE);
  const after = page?.cursor ? Number(page.cursor.id) : null;
  const rows = await ctx.services.audit.entries(ctx.actor, ctx.actor.organisationId, query, after, count + 1);
  const shown = rows.slice(0, count);
  const applied = params.filter(([n]) => n !== '_page' && !ignored.includes(n));
  const next = rows.length > count ? await link(applied, { at: '', id: String(shown.at(-1)!.id) }) : undefined;
  const self = `${ctx.base}/AuditEvent${applied.length ? `?${new URLSearchParams(applied).toString()}` : ''}`;
  return ok(searchsetBundle(ctx.base, { self, next }, shown.map((e) => ({ resource: toAuditEvent(e, query.kind === 'request' ? query.requestId : undefined), mode: 'match' as const })), ignored));
}
