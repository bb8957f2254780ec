/**
 * The FHIR interface, mounted at /fhir by app.ts: the per-address budget and the body limit,
 * the SMART configuration and the CapabilityStatement (open to all), then the access log,
 * authentication and the per-caller budget in front of the router; every error an
 * OperationOutcome. Content negotiation is negotiation.ts; the router knows nothing of Hono.
 */
import { Hono, type Context } from 'hono';
import { authenticate } from '../auth/authenticate.js';
import { DEFAULT_FHIR_RENDERINGS, type AppConfig } from '../config/app-config.js';
import { DomainError } from '../domain/errors.js';
import { auditAccess, disclosed } from '../http/access-log.js';
import { limitBody } from '../http/body-limit.js';
import type { AppEnv } from '../http/context.js';
import { errorHandler, errorHeaders } from '../http/errors.js';
import type { InterfaceDeps } from '../http/interface-deps.js';
import { describeFhirCall } from './access-description.js';
import { requestsDisclosedBy } from './disclosure.js';
import { preferredReturn, type FhirRequest, type FhirResult } from './exchange.js';
import { respond, toFhirRequest } from './negotiation.js';
import { information, outcomeOf } from './outcome.js';
import { Renderings } from './renderings.js';
import { handleFhir } from './router.js';
import { smartConfiguration } from './smart-configuration.js';
import { validateInput } from './validate-input.js';

export function fhirApi(deps: InterfaceDeps): Hono<AppEnv> {
  const { config } = deps;
  const fhir = new Hono<AppEnv>();
  const renderings = new Renderings(config.fhirRenderings ?? DEFAULT_FHIR_RENDERINGS);
  fhir.onError(errorHandler(renderOutcome, deps.log));
  fhir.notFound((c) => renderOutcome(c, new DomainError('not_found', 'No such FHIR path.')));
  fhir.use('*', deps.budgets.perAddress);
  fhir.use('*', limitBody(config.maxBodyBytes));
  fhir.get('/.well-known/smart-configuration', (c) => c.json(smartConfiguration(originOf(c, config.publicUrl))));
  fhir.get('/metadata', async (c) => respond(c, await handleFhir(await toFhirRequest(c, config.maxBodyBytes), contextFor(c, config, true, renderings))));
  fhir.use('*', auditAccess(describeFhirCall));
  fhir.use('*', authenticate(deps.signer));
  fhir.use('*', deps.budgets.perCaller);
  fhir.all('*', async (c) => {
    const req = await toFhirRequest(c, config.maxBodyBytes);
    const result = await handleFhir(req, contextFor(c, config, false, renderings));
    disclosed(c, requestsDisclosedBy(result.resource));
    return respond(c, asPreferred(req, result));
  });
  return fhir;
}

function originOf(c: Context, publicUrl: string | undefined): string {
  return (publicUrl ?? new URL(c.req.url).origin).replace(/\/$/, '');
}

function contextFor(c: Context<AppEnv>, config: AppConfig, anonymous: boolean, renderings: Renderings) {
  const actor = anonymous ? { kind: 'client' as const, id: 'anonymous', display: 'anonymous', role: 'system' as const, organisationId: '', serviceIds: [], scopes: [] } : c.get('actor');
  return { actor, services: c.get('services'), base: `${originOf(c, config.publicUrl)}/fhir`, pageSecret: config.signingKey, validate: validateInput, renderings };
}

/** An error as an OperationOutcome, with the status and headers of src/http/errors.ts. */
function renderOutcome(c: Context, error: DomainError): Response {
  const { status, outcome } = outcomeOf(error);
  return respond(c, { status, resource: outcome, headers: errorHeaders(error) });
}

/** `Prefer: return=OperationOutcome` on a create or update: an outcome saying what happened, instead of the resource. */
function asPreferred(req: FhirRequest, result: FhirResult): FhirResult {
  const write = req.method === 'PUT' || (req.method === 'POST' && req.segments.length === 1);
  if (!write || !result.resource || result.status >= 300 || preferredReturn(req.headers) !== 'OperationOutcome') return result;
  const { resourceType, id } = result.resource;
  return { ...result, resource: information(`${resourceType}/${id} ${result.status === 201 ? 'created' : 'stored'}.`) };
}
