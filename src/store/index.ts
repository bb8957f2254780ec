/**
 * Builds the Store port over one drizzle database (or one open transaction), with the searches
 * and measures on `readDb` when a read replica is configured (a transaction reads its own).
 * With `kept` (PostgreSQL without a replica, changes heard), searches keep their pages and triage
 * lists their requests' order while nothing changes (kept-until-change.ts, kept-triage-lists.ts),
 * and each committed transaction counts as a change.
 */
import { sql } from 'drizzle-orm';
import type { Store } from '../services/ports/store.js';
import { AccessLogRepository } from './access-log.js';
import { AdministrationRepository } from './administration.js';
import { AssertionRepository } from './assertions.js';
import { CaseDiscussionRunRepository } from './case-discussion-runs.js';
import { CaseDiscussionRepository } from './case-discussions.js';
import type { Database } from './database.js';
import { DirectoryRepository } from './directory.js';
import { LetterRepository } from './letters.js';
import { MessageRepository } from './messages.js';
import { NotificationRepository } from './notifications.js';
import { RequestRepository } from './requests.js';
import { SubscriptionRepository } from './subscriptions.js';
import { EhrConnectionRepository } from './ehr-connections.js';
import type { RequestChanges } from './request-changes.js';
import { KeptUntilChange } from './kept-until-change.js';

/** Triage lists kept at most (each up to MOST_KEPT requests' order: a few hundred kilobytes). */
const MOST_TRIAGE_LISTS = 200;

/** How many search pages (and triage lists, up to MOST_TRIAGE_LISTS) to keep, and the changes that end them. */
export interface KeptReads {
  changes: RequestChanges;
  most: number;
}

export function createStore(db: Database, readDb?: Database, kept?: KeptReads): Store {
  const heard = readDb ? undefined : kept;
  const requests = new RequestRepository(db, { lists: heard && new KeptUntilChange(heard.changes, Math.min(heard.most, MOST_TRIAGE_LISTS)) });
  const directory = new DirectoryRepository(db);
  const searches = heard ? new RequestRepository(db, { pages: new KeptUntilChange(heard.changes, heard.most), shares: requests }) : requests;
  return {
    requests,
    directory,
    messages: new MessageRepository(db),
    assertions: new AssertionRepository(db),
    caseDiscussions: new CaseDiscussionRepository(db),
    caseDiscussionRuns: new CaseDiscussionRunRepository(db),
    accessLog: new AccessLogRepository(db),
    administration: new AdministrationRepository(db),
    letters: new LetterRepository(db),
    notifications: new NotificationRepository(db),
    subscriptions: new SubscriptionRepository(db),
    ehrConnections: new EhrConnectionRepository(db),
    replica: readDb ? { requests: new RequestRepository(readDb), directory: new DirectoryRepository(readDb) } : { requests: searches, directory },
    transaction: async (work) => {
      try {
        return await db.transaction((tx) => work(createStore(tx as unknown as Database)));
      } finally {
        // Counted whatever came back: a commit whose answer was lost may still have happened.
        kept?.changes.committed();
      }
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
  };
}
