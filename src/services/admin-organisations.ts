/**
 * Administration of an organisation and its consulting services: the settings the SLA clock,
 * intake and triage read. A service's targets, hours and holidays apply to requests submitted
 * after the change: a request keeps the due time it was given.
 */
import type { Actor } from '../domain/actor.js';
import { TEAM_ROLES, type Organisation, type ServiceSettings } from '../domain/administration.js';
import { DEFAULT_BUSINESS_HOURS, DEFAULT_SLA_TARGETS } from '../domain/sla.js';
import { AdministrationCore, unprocessable, type ChangeAuthor } from './administration.js';
import type { OrganisationFields, ServiceFields } from './ports/administration.js';
import type { Store } from './ports/store.js';

export type OrganisationChange = Pick<OrganisationFields, 'name' | 'identifiers' | 'defaultServiceId' | 'timeZone'>;
export type NewService = Pick<ServiceSettings, 'name' | 'specialty' | 'timeZone'> & Partial<Omit<ServiceSettings, 'id' | 'organisationId' | 'version' | 'active'>>;
export type ServiceChange = ServiceFields & { team?: string[] | undefined };

export class OrganisationAdministration {
  constructor(private readonly core: AdministrationCore) {}

  async organisation(actor: Actor, id: string): Promise<Organisation> {
    return this.core.own(actor, 'organisation', withOrganisationId(await this.core.store.administration.organisation(id)));
  }

  /** The platform operator creates an organisation (npm run admin -- create-organisation). */
  async bootstrap(input: Omit<Organisation, 'id' | 'version' | 'defaultServiceId'>): Promise<Organisation> {
    const id = crypto.randomUUID();
    await this.core.create({ kind: 'operator' }, id, 'organisation', id, async (store) => {
      const organisation = { ...input, id, defaultServiceId: null };
      await store.administration.insertOrganisation(organisation, this.core.clock.now());
      return organisation;
    });
    return (await this.core.store.administration.organisation(id))!;
  }

  async change(actor: Actor, id: string, expectedVersion: number | null, patch: OrganisationChange): Promise<Organisation> {
    await this.core.change({ kind: 'user', actor }, 'organisation', id, expectedVersion, async (port) => withOrganisationId(await port.organisation(id, true)), async (_current, store) => {
      if (patch.defaultServiceId) await requireActiveService(store, patch.defaultServiceId, 'defaultServiceId');
      return { action: 'update', fields: patch };
    });
    return this.organisation(actor, id);
  }

  async services(actor: Actor, organisationId: string): Promise<ServiceSettings[]> {
    this.core.ownOrganisation(actor, organisationId);
    return this.core.store.administration.servicesOf(organisationId);
  }

  async service(actor: Actor, id: string): Promise<ServiceSettings> {
    return this.core.own(actor, 'service', await this.core.store.administration.service(id));
  }

  async createService(actor: Actor, organisationId: string, input: NewService): Promise<ServiceSettings> {
    this.core.ownOrganisation(actor, organisationId);
    const id = crypto.randomUUID();
    await this.core.create({ kind: 'user', actor }, organisationId, 'service', id, async (store) => {
      const organisation = await store.administration.organisation(organisationId);
      if (organisation?.kind !== 'specialist') throw unprocessable('Only a mental-health provider runs consulting services.', [{ field: 'organisationId', message: 'A practice refers; it has no consulting services.' }]);
      await this.checkSettings(store, organisationId, input);
      const { team = [], ...settings } = input;
      const service = { slaTargets: DEFAULT_SLA_TARGETS, businessHours: DEFAULT_BUSINESS_HOURS, publicHolidays: [], subSpecialties: [], reconsultMonths: 6, referringPractices: null, ...settings, id, organisationId };
      await store.administration.insertService(service, this.core.clock.now());
      await store.administration.setTeam(id, team);
      return { ...service, team };
    });
    return this.service(actor, id);
  }

  async changeService(author: ChangeAuthor & { kind: 'user' }, id: string, expectedVersion: number | null, patch: ServiceChange): Promise<ServiceSettings> {
    await this.core.change(author, 'service', id, expectedVersion, (port) => port.service(id, true), async (current, store) => {
      await this.checkSettings(store, current.organisationId, patch);
      const { team, ...fields } = patch;
      return { action: patch.active === false ? 'deactivate' : patch.active === true ? 'reactivate' : 'update', fields, ...(team ? { also: (port) => port.setTeam(id, team), logged: { team } } : {}) };
    });
    return this.service(author.actor, id);
  }

  /** The triage team works for the service's organisation; intake names practices. */
  private async checkSettings(store: Store, organisationId: string, input: { team?: string[] | undefined; referringPractices?: string[] | null | undefined }): Promise<void> {
    for (const [i, userId] of (input.team ?? []).entries()) {
      const user = await store.administration.user(userId);
      if (!user || user.organisationId !== organisationId || !user.active || !TEAM_ROLES.includes(user.role)) {
        throw unprocessable('A triage team is made of active psychiatrists and group leaders of the organisation.', [{ field: `team.${i}`, message: 'Not an active psychiatrist or group leader of this organisation.' }]);
      }
    }
    for (const [i, practiceId] of (input.referringPractices ?? []).entries()) {
      if ((await store.administration.organisation(practiceId))?.kind !== 'practice') throw unprocessable('Intake names practices.', [{ field: `referringPractices.${i}`, message: 'Not a practice.' }]);
    }
  }
}

const withOrganisationId = (o: Organisation | null) => (o ? { ...o, organisationId: o.id } : null);

async function requireActiveService(store: Store, serviceId: string, field: string): Promise<void> {
  const service = await store.administration.service(serviceId);
  if (!service?.active) throw unprocessable('Name an active consulting service.', [{ field, message: 'No active consulting service has this id.' }]);
}
