/**
 * The set-up and invitation forms of a Balint group as use-case inputs. Each person offered has a
 * "role in the group" control (`role.<id>`: not invited, co-leader, member) and a discipline
 * control (`discipline.<id>`); the use case's refusals name `leaderIds.N` and `memberIds.N`, which
 * are mapped back to the person's own control here. Who may be invited stays in the use case.
 */
import { z } from 'zod';
import { DISCIPLINES, type Discipline, type GroupHost } from '../domain/case-discussion.js';
import type { DomainError } from '../domain/errors.js';
import type { NewGroup } from '../services/case-discussions.js';
import type { Invitees } from '../services/case-discussion-membership.js';
import type { FieldErrors } from './components.js';
import { formError, textOf, type FormBody } from './forms.js';

const GroupForm = z.object({
  name: z.string().min(1, 'Fill this in.').max(200, 'At most 200 characters.'),
  cadenceWeeks: z
    .string()
    .min(1, 'Fill this in.')
    .transform(Number)
    .pipe(z.number().int('A whole number from 1 to 12.').min(1, 'A whole number from 1 to 12.').max(12, 'A whole number from 1 to 12.')),
  place: z.string().max(300, 'At most 300 characters.'),
  videoLink: z.union([z.literal(''), z.url({ protocol: /^https$/, error: 'A secure link, starting https://.' }).max(1000, 'At most 1000 characters.')]),
});

/** `service:<id>` or `practice:<id>`, as the host control says it. */
export const hostValue = (host: GroupHost): string => `${host.kind}:${host.id}`;

export function hostOfValue(value: string): GroupHost | null {
  const match = /^(service|practice):([0-9a-fA-F-]{36})$/.exec(value);
  return match ? { kind: match[1] as GroupHost['kind'], id: match[2]! } : null;
}

/** The people chosen on the form, in the order offered: leaders, members, and the disciplines named. */
export function inviteesOf(form: FormBody, offered: string[]): Invitees & { disciplines: Record<string, Discipline> } {
  const leaderIds = offered.filter((id) => textOf(form, `role.${id}`) === 'leader');
  const memberIds = offered.filter((id) => textOf(form, `role.${id}`) === 'member');
  const disciplines: Record<string, Discipline> = {};
  for (const id of leaderIds) {
    const named = textOf(form, `discipline.${id}`);
    if ((DISCIPLINES as readonly string[]).includes(named)) disciplines[id] = named as Discipline;
  }
  return { leaderIds, memberIds, disciplines };
}

/** The set-up form as the use case's input; a bad field is a 400 naming its control. */
export function newGroupOf(form: FormBody, host: GroupHost, offered: string[]): NewGroup {
  const parsed = GroupForm.safeParse(Object.fromEntries(Object.keys(GroupForm.shape).map((name) => [name, textOf(form, name)])));
  if (!parsed.success) throw formError(parsed.error);
  const f = parsed.data;
  return { host, name: f.name, cadenceWeeks: f.cadenceWeeks, place: f.place || null, videoLink: f.videoLink || null, workingTime: textOf(form, 'workingTime') === 'yes', ...inviteesOf(form, offered) };
}

/**
 * A refusal's errors by control: `leaderIds.1` is the second co-leader's role control,
 * `disciplines.<id>` their discipline; a rule about the leaders as a whole goes to the people list.
 */
export function peopleErrorsOf(error: DomainError, chosen: Invitees): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const [list, index] = issue.field.split('.');
    const id = list === 'leaderIds' ? chosen.leaderIds[Number(index)] : list === 'memberIds' ? chosen.memberIds[Number(index)] : undefined;
    const name = id ? `role.${id}` : list === 'disciplines' && index ? `discipline.${index}` : list === 'leaderIds' || list === 'memberIds' ? 'people' : issue.field;
    errors[name] ??= issue.message;
  }
  return errors;
}
