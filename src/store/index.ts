/** Builds the Store port over one drizzle database (or one open transaction). */
import { sql } from 'drizzle-orm';
import type { Store } from '../services/ports/store.js';
import { AccessLogRepository } from './access-log.js';
import { AssertionRepository } from './assertions.js';
import { CaseDiscussionRepository } from './case-discussions.js';
import type { Database } from './database.js';
import { DirectoryRepository } from './directory.js';
import { LetterRepository } from './letters.js';
import { MessageRepository } from './messages.js';
import { RequestRepository } from './requests.js';

export function createStore(db: Database): Store {
  return {
    requests: new RequestRepository(db),
    directory: new DirectoryRepository(db),
    messages: new MessageRepository(db),
    assertions: new AssertionRepository(db),
    caseDiscussions: new CaseDiscussionRepository(db),
    accessLog: new AccessLogRepository(db),
    letters: new LetterRepository(db),
    transaction: (work) => db.transaction((tx) => work(createStore(tx as unknown as Database))),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
  };
}
