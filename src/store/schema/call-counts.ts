import { integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';

/**
 * Calls per rate-limit budget and one-minute window, added to in batches by every instance
 * (src/http/shared-budgets.ts), so the budgets hold across instances. The key is a keyed
 * digest of the caller or network address, never the address itself. Windows that ended are
 * deleted within a minute or two; the primary key leads with the window for that delete.
 */
export const callCounts = pgTable(
  'call_counts',
  {
    windowStart: ts('window_start').notNull(),
    budgetKey: text('budget_key').notNull(),
    calls: integer('calls').notNull(),
  },
  (t) => [primaryKey({ columns: [t.windowStart, t.budgetKey] })],
);
