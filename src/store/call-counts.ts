/** The shared rate-limit counts: batches of calls added per key and window, totals read back in the same statement. */
import { lt, sql } from 'drizzle-orm';
import type { CallCount, CallCountsPort } from '../services/ports/call-counts.js';
import type { Database } from './database.js';
import { callCounts } from './schema.js';

export class CallCountRepository implements CallCountsPort {
  constructor(private readonly db: Database) {}

  async add(counts: CallCount[]): Promise<CallCount[]> {
    if (counts.length === 0) return [];
    // Sorted, so two instances adding the same keys at once lock the rows in the same order.
    const rows = [...counts]
      .sort((a, b) => a.windowStart.getTime() - b.windowStart.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((c) => ({ windowStart: c.windowStart, budgetKey: c.key, calls: c.calls }));
    const totals = await this.db
      .insert(callCounts)
      .values(rows)
      .onConflictDoUpdate({ target: [callCounts.windowStart, callCounts.budgetKey], set: { calls: sql`${callCounts.calls} + excluded.calls` } })
      .returning({ key: callCounts.budgetKey, windowStart: callCounts.windowStart, calls: callCounts.calls });
    return totals;
  }

  async forgetBefore(windowStart: Date): Promise<void> {
    await this.db.delete(callCounts).where(lt(callCounts.windowStart, windowStart));
  }
}
