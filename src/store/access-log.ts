import type { AccessLogPort, AccessRecord } from '../services/ports.js';
import type { Database } from './database.js';
import { accessLog } from './schema.js';

export class AccessLogRepository implements AccessLogPort {
  constructor(private readonly db: Database) {}

  async record(entry: AccessRecord): Promise<void> {
    await this.db.insert(accessLog).values(entry);
  }
}
