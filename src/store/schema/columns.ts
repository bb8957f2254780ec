import { timestamp } from 'drizzle-orm/pg-core';

/** Timestamps with time zone, as JS Dates; always written by the application clock. */
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
