import { lt } from 'drizzle-orm';
import type { AssertionsPort } from '../services/ports/assertions.js';
import type { Database } from './database.js';
import { usedAssertions } from './schema.js';

export class AssertionRepository implements AssertionsPort {
  constructor(private readonly db: Database) {}

  async remember(clientId: string, jti: string, expiresAt: Date): Promise<boolean> {
    const inserted = await this.db.insert(usedAssertions).values({ clientId, jti, expiresAt }).onConflictDoNothing().returning({ jti: usedAssertions.jti });
    return inserted.length === 1;
  }

  async forgetExpired(before: Date): Promise<void> {
    await this.db.delete(usedAssertions).where(lt(usedAssertions.expiresAt, before));
  }
}
