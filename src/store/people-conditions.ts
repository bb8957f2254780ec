/** Conditions on the people of the directory: who an identifier names, and who a viewer may see. */
import { eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { USER_EMAIL_SYSTEM } from '../domain/request.js';
import type { AccessScope } from '../domain/access.js';
import { scopeCondition } from './request-conditions.js';
import { consultationRequests, consultingServices, organisations, serviceMembers, userIdentifiers, users } from './schema.js';

export const PERSON = { id: users.id, name: users.name, email: users.email, role: users.role, organisationId: users.organisationId, active: users.active };

/** The user some identifier names: one registered for them, or their address under USER_EMAIL_SYSTEM. */
export function namedBy(identifiers: { system?: string | undefined; value: string }[]): SQL {
  const conditions = identifiers.map((i) => {
    const registered = sql`exists (select 1 from ${userIdentifiers} where ${userIdentifiers.userId} = ${users.id} and ${userIdentifiers.value} = ${i.value}${i.system === undefined ? sql`` : sql` and ${userIdentifiers.system} = ${i.system}`})`;
    const byEmail = i.system === undefined || i.system === USER_EMAIL_SYSTEM ? eq(users.email, i.value.toLowerCase()) : undefined;
    return byEmail ? or(registered, byEmail)! : registered;
  });
  return or(...conditions)!;
}

/** Who `viewer` may see in the directory: the rule of domain/access.ts ("Who sees whom"). */
export function seenBy(viewer: AccessScope): SQL {
  const r = consultationRequests;
  const person = users;
  // Services the viewer's organisation refers to: its default one, and those it has submitted requests to.
  const referredTo = sql`(select ${organisations.defaultServiceId} from ${organisations} where ${organisations.id} = ${viewer.organisationId}
    union select ${r.serviceId} from ${r} where ${r.organisationId} = ${viewer.organisationId} and ${r.submittedAt} is not null)`;
  // Services of the viewer's organisation, and those the viewer works in.
  const ownService = viewer.serviceIds.length ? or(eq(consultingServices.organisationId, viewer.organisationId), inArray(consultingServices.id, viewer.serviceIds)) : eq(consultingServices.organisationId, viewer.organisationId);
  const ownServices = sql`(select ${consultingServices.id} from ${consultingServices} where ${ownService})`;
  return sql`(
    ${person.organisationId} = ${viewer.organisationId}
    or exists (select 1 from ${r} where (${r.requesterId} = ${person.id} or ${r.assigneeId} = ${person.id}) and ${scopeCondition(viewer)})
    or (${person.active} and ${person.role} in ('psychiatrist', 'group-leader') and exists (
      select 1 from ${serviceMembers} where ${serviceMembers.userId} = ${person.id} and ${serviceMembers.serviceId} in ${referredTo}))
    or (${person.active} and ${person.role} = 'gp' and (
      exists (select 1 from ${organisations} where ${organisations.id} = ${person.organisationId} and ${organisations.defaultServiceId} in ${ownServices})
      or exists (select 1 from ${r} where ${r.organisationId} = ${person.organisationId} and ${r.submittedAt} is not null and ${r.serviceId} in ${ownServices})))
  )`;
}
