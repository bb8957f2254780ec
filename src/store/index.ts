/**
 * Builds the Store port over one drizzle database (or one open transaction), with the searches
 * and measures on `readDb` when a read replica is configured (a transaction reads its own).
 * With `searchPages` (PostgreSQL without a replica, changes heard), searches keep their pages
 * while nothing changes (search-pages.ts), and each committed transaction counts as a change.
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
import { SearchPages } from './search-pages.js';

/** How many search pages to keep, and the changes that end them. */
export interface KeptSearchPages {
  changes: RequestChanges;
  most: number;
}

export function createStore(db: Database, readDb?: Database, searchPages?: KeptSearchPages): Store {
  const requests = new RequestRepository(db);
  const directory = new DirectoryRepository(db);
  const searches = searchPages && !readDb ? new RequestRepository(db, { pages: new SearchPages(searchPages.changes, searchPages.most), shares: requests }) : requests;
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
      const done = await db.transaction((tx) => work(createStore(tx as unknown as Database)));
      searchPages?.changes.committed();
      return done;
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
  };
}
