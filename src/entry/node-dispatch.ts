/**
 * The outbox's dispatcher as the Node entries run it: mail over SMTP when SMTP_URL is set (else
 * mail stays in the outbox, never an error). `npm start` runs one inside the server
 * (LIAISON_DISPATCHER, default true); `npm run dispatcher` runs one alone; any number may run at once.
 */
import type { RawConfig } from '../config/environment.js';
import { Dispatcher } from '../notify/dispatcher.js';
import { smtpTransport } from '../notify/email/smtp.js';
import type { MailSettings } from '../notify/email/render.js';
import { remindOfServiceLevels } from '../services/announcements.js';
import { systemClock } from '../services/ports/store.js';
import { createStore } from '../store/index.js';
import type { Database } from '../store/database.js';
import { NotificationRepository } from '../store/notifications.js';
import { log } from './node-log.js';
import { resolveHost } from './host-lookup.js';
import { hookDispatcher } from './hook-delivery.js';
import { ehrDispatcher } from './ehr-delivery.js';
import { forgetOldEvents, sendHeartbeats } from '../services/subscription-events.js';
import type { AppConfig } from '../config/app-config.js';

/** Where links in mails point: PUBLIC_URL, or this server's own address in development. */
export const mailSettings = (raw: RawConfig): MailSettings => ({ from: raw.MAIL_FROM, publicUrl: raw.PUBLIC_URL ?? `http://${raw.HOST}:${raw.PORT}` });

export interface RunningDispatcher {
  stop(): Promise<void>;
}

/** Starts delivering mail, or says once why mail stays in the outbox; undefined when nothing runs. */
export function startMailDispatcher(raw: RawConfig, db: Database): RunningDispatcher | undefined {
  if (!raw.SMTP_URL) {
    console.log('Mail: SMTP_URL is not set, notifications stay in the outbox (npm run mail:preview shows them).');
    return undefined;
  }
  const transport = smtpTransport(raw.SMTP_URL, mailSettings(raw));
  const dispatcher = new Dispatcher({ notifications: new NotificationRepository(db), transport, clock: systemClock, log, maxAttempts: raw.LIAISON_NOTIFY_MAX_ATTEMPTS });
  dispatcher.start();
  console.log(`Mail: delivering notifications over SMTP (${new URL(raw.SMTP_URL).host}).`);
  return {
    stop: async () => {
      await dispatcher.stop();
      transport.close();
    },
  };
}

/**
 * The SLA reminder sweep, once a minute: every instance may run it, the outbox keeps one reminder
 * per threshold. Runs whether or not mail is delivered (without SMTP_URL it waits in the outbox).
 */
export function startSlaReminders(db: Database, everyMs = 60_000): RunningDispatcher {
  const store = createStore(db);
  let current: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    current = remindOfServiceLevels(store, systemClock.now()).catch((err: unknown) => log(`SLA reminder sweep failed: ${err instanceof Error ? err.constructor.name : 'error'}`));
  }, everyMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await current;
    },
  };
}

/**
 * FHIR subscription notifications (rest-hook) and EHR pushes (ehr-push), from this process: a
 * dispatcher for each channel, the heartbeat sweep every few seconds, and once a minute events
 * older than LIAISON_SUBSCRIPTION_EVENT_DAYS forgotten. Always on: they need nothing but the database.
 */
export function startHookDispatcher(raw: RawConfig, config: AppConfig, db: Database, sweepMs = 5_000, pruneMs = 60_000): RunningDispatcher {
  const store = createStore(db);
  const fhirBase = `${mailSettings(raw).publicUrl.replace(/\/$/, '')}/fhir`;
  const dispatcher = hookDispatcher({ store, clock: systemClock, policy: { allowLocal: config.allowLocalHooks ?? false, resolve: resolveHost }, fhirBase, maxAttempts: raw.LIAISON_NOTIFY_MAX_ATTEMPTS, log });
  const ehr = ehrDispatcher({ store, clock: systemClock, maxAttempts: raw.LIAISON_NOTIFY_MAX_ATTEMPTS, log });
  dispatcher.start();
  ehr.start();
  let current: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    current = sendHeartbeats(store, systemClock.now()).catch((err: unknown) => log(`Heartbeat sweep failed: ${err instanceof Error ? err.constructor.name : 'error'}`));
  }, sweepMs);
  let pruning: Promise<unknown> = Promise.resolve();
  const pruner = setInterval(() => {
    pruning = forgetOldEvents(store, systemClock.now(), raw.LIAISON_SUBSCRIPTION_EVENT_DAYS).catch((err: unknown) => log(`Subscription event pruning failed: ${err instanceof Error ? err.constructor.name : 'error'}`));
  }, pruneMs);
  return {
    stop: async () => {
      clearInterval(timer);
      clearInterval(pruner);
      await Promise.all([current, pruning, dispatcher.stop(), ehr.stop()]);
    },
  };
}
