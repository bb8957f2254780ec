/**
 * System clients (EHRs) of an organisation: their SMART scopes, their public keys — a JWKS
 * registered here or a `jwks_uri` Liaison fetches (services/client-keys.ts) — the side they work,
 * and whether they are active. A new key works at once; an old one until it is removed.
 */
import type { Actor } from '../domain/actor.js';
import { privateKeyMember, type SystemClient } from '../domain/administration.js';
import { AdministrationCore, unprocessable } from './administration.js';
import type { ClientFields } from './ports/administration.js';

export type NewSystemClient = Pick<SystemClient, 'name' | 'scopes'> & Partial<Pick<SystemClient, 'jwks' | 'jwksUri' | 'side'>>;
export type ClientChange = Pick<ClientFields, 'name' | 'scopes' | 'jwks' | 'jwksUri' | 'side' | 'active'>;

export class ClientAdministration {
  constructor(private readonly core: AdministrationCore) {}

  async list(actor: Actor, organisationId: string): Promise<SystemClient[]> {
    this.core.ownOrganisation(actor, organisationId);
    return this.core.store.administration.clientsOf(organisationId);
  }

  async client(actor: Actor, id: string): Promise<SystemClient> {
    return this.core.own(actor, 'client', await this.core.store.administration.client(id));
  }

  async create(actor: Actor, organisationId: string, input: NewSystemClient): Promise<SystemClient> {
    this.core.ownOrganisation(actor, organisationId);
    checkKeys(input);
    const id = `client-${crypto.randomUUID()}`;
    await this.core.create({ kind: 'user', actor }, organisationId, 'client', id, async (store) => {
      const client = { jwks: null, jwksUri: null, side: null, ...input, id, organisationId };
      await store.administration.insertClient(client, this.core.clock.now());
      return client;
    });
    return this.client(actor, id);
  }

  async change(actor: Actor, id: string, expectedVersion: number | null, patch: ClientChange): Promise<SystemClient> {
    await this.core.change({ kind: 'user', actor }, 'client', id, expectedVersion, (port) => port.client(id, true), async (current) => {
      checkKeys({ jwks: patch.jwks === undefined ? current.jwks : patch.jwks, jwksUri: patch.jwksUri === undefined ? current.jwksUri : patch.jwksUri });
      // A new jwks_uri is fetched afresh on the next token request.
      const fields = patch.jwksUri !== undefined && patch.jwksUri !== current.jwksUri ? { ...patch, jwksFetchedAt: null, ...(patch.jwks === undefined ? { jwks: null } : {}) } : patch;
      return { action: patch.active === false ? 'deactivate' : patch.active === true ? 'reactivate' : 'update', fields };
    });
    return this.client(actor, id);
  }
}

/** Public keys only; and a client registers its keys or where to fetch them, not both. */
function checkKeys(input: { jwks?: { keys: unknown[] } | null | undefined; jwksUri?: string | null | undefined }): void {
  if (input.jwks && input.jwksUri) throw unprocessable('Register either a JWKS or a jwks_uri, not both.', [{ field: 'jwksUri', message: 'Leave it out (null) when registering keys.' }]);
  const bad = input.jwks ? privateKeyMember(input.jwks) : null;
  if (bad !== null) throw unprocessable('A JWKS here holds public keys only (no "d" or "k"), each with its "kty".', [{ field: `jwks.keys.${bad}`, message: `Key ${bad + 1} is not a public key: it carries a private part ("d" or "k") or has no "kty". Register public keys only; the private key stays with the EHR.` }]);
}
