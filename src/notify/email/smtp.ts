/**
 * Mail over SMTP with nodemailer (SMTP_URL: `smtp://user:pass@host:587` upgrades with STARTTLS
 * when offered, `smtps://` is TLS from the start). Node only: nodemailer's TLS does not run in
 * workerd, so the Worker never imports this (README, "Notifications").
 */
import nodemailer from 'nodemailer';
import type { Notification } from '../../services/ports/notifications.js';
import { DeliveryError, type Transport } from '../dispatcher.js';
import { renderMail, type MailSettings } from './render.js';

/** A 5xx reply is permanent (dead letter at once); a 4xx, a refused or dropped connection is worth another try. */
export function classify(err: unknown): DeliveryError {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const reason = code ? `SMTP ${code}` : `SMTP ${e.code ?? 'error'}`;
  return new DeliveryError(reason, code !== undefined && code >= 500 && code < 600);
}

export function smtpTransport(smtpUrl: string, settings: MailSettings): Transport<'email'> & { close(): void } {
  const mailer = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 });
  return {
    channel: 'email',
    async deliver(group: Notification<'email'>[]) {
      const mail = renderMail(group, settings);
      try {
        await mailer.sendMail({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          ...(mail.calendar ? { icalEvent: { method: mail.calendar.method, filename: 'invite.ics', content: mail.calendar.content } } : {}),
        });
      } catch (err) {
        throw classify(err);
      }
    },
    close: () => mailer.close(),
  };
}
