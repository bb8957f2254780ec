/**
 * Inviting people by e-mail: an administrator adds a person and Liaison mails them a sign-in link
 * through the outbox, in the same transaction (no person without their mail, no mail without the
 * person). The link's token is random (256 bits); only its SHA-256 is kept with the invitation. A
 * link works once, for INVITATION_DAYS days, for an active person; a newer invitation of the same
 * person ends the older ones. The mail names the organisation and the link — no patient, ever.
 */
import type { Actor } from '../domain/actor.js';
import { INVITATION_DAYS, type StaffMember } from '../domain/administration.js';
import { DomainError } from '../domain/errors.js';
import { AdministrationCore, unprocessable } from './administration.js';
import { requireFreeEmail, type NewStaffMember } from './admin-staff.js';
import type { Store } from './ports/store.js';

const toHex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
const hashOf = async (token: string) => toHex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
const newToken = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32)))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** What an invitation tells the administrator: until when its link works (never the link). */
export interface SentInvitation {
  member: StaffMember;
  expiresAt: Date;
}

export class InvitationAdministration {
  constructor(private readonly core: AdministrationCore) {}

  /** Adds the person to the organisation and mails them a sign-in link. */
  async invite(actor: Actor, organisationId: string, input: NewStaffMember): Promise<SentInvitation> {
    this.core.ownOrganisation(actor, organisationId);
    const id = crypto.randomUUID();
    let expiresAt = new Date();
    await this.core.create({ kind: 'user', actor }, organisationId, 'user', id, async (store) => {
      const organisation = await store.administration.organisation(organisationId);
      if (!organisation) throw new DomainError('not_found', 'Organisation not found.');
      await requireFreeEmail(store, input.email);
      const member = { ...input, email: input.email.toLowerCase(), id, organisationId };
      await store.administration.insertUser(member, this.core.clock.now());
      expiresAt = await this.send(store, actor, { ...member, organisationName: organisation.name });
      return { ...member, invited: true };
    });
    return { member: (await this.core.store.administration.user(id))!, expiresAt };
  }

  /** A new sign-in link for a person of the organisation; their earlier links stop working. */
  async resend(actor: Actor, userId: string): Promise<SentInvitation> {
    const member = this.core.own(actor, 'user', await this.core.store.administration.user(userId));
    if (!member.active) throw unprocessable('A deactivated person gets no sign-in link: reactivate them first.', [{ field: 'active', message: 'Deactivated.' }]);
    const expiresAt = await this.core.store.transaction(async (store) => {
      const organisation = await store.administration.organisation(member.organisationId);
      return this.send(store, actor, { ...member, organisationName: organisation?.name ?? 'Your organisation' });
    });
    return { member, expiresAt };
  }

  /** Of these people of the organisation, who has a sign-in link still waiting to be used, and until when. */
  async open(actor: Actor, people: StaffMember[]): Promise<Map<string, Date>> {
    this.core.ownOrganisation(actor, actor.organisationId);
    const ids = people.filter((p) => p.organisationId === actor.organisationId).map((p) => p.id);
    const rows = await this.core.store.administration.openInvitations(ids, this.core.clock.now());
    return new Map(rows.map((r) => [r.userId, r.expiresAt]));
  }

  /**
   * The person a sign-in link names, using it up: refused (410) when it was used, has expired, was
   * replaced by a newer one, its person was deactivated — or never existed.
   */
  async accept(token: string): Promise<string> {
    const used = await this.core.store.administration.useInvitation(await hashOf(token), this.core.clock.now());
    if (!used) throw new DomainError('gone', 'This sign-in link does not work any more: it was used, has expired or was replaced by a newer one. Ask your administrator for a new invitation.');
    return used.userId;
  }

  private async send(store: Store, actor: Actor, to: { id: string; email: string; organisationId: string; organisationName: string }): Promise<Date> {
    const at = this.core.clock.now();
    const expiresAt = new Date(at.getTime() + INVITATION_DAYS * 86_400_000);
    const token = newToken();
    await store.administration.insertInvitation({ id: crypto.randomUUID(), organisationId: to.organisationId, userId: to.id, tokenHash: await hashOf(token), invitedBy: actor.id, createdAt: at, expiresAt });
    await store.notifications.enqueue([
      { id: crypto.randomUUID(), channel: 'email', requestId: null, organisationId: to.organisationId, recipientUserId: to.id, recipient: to.email, payload: { kind: 'invitation', token, organisationName: to.organisationName, expiresAt: expiresAt.toISOString() }, digest: false, dueAt: at, createdAt: at },
    ]);
    return expiresAt;
  }
}
