/**
 * Calls counted per budget key and one-minute window, shared by every instance of Liaison on
 * one database (the rate limits of src/http/shared-budgets.ts). Not a use case's port: the
 * budgets add their counts in batches, outside any request.
 */

/** Calls of one budget key in the window starting at `windowStart`. */
export interface CallCount {
  key: string;
  windowStart: Date;
  calls: number;
}

export interface CallCountsPort {
  /** Adds these calls to the shared counts, in one statement; answers each key's total across instances. */
  add(counts: CallCount[]): Promise<CallCount[]>;
  /** Forgets the windows that started before `windowStart`. */
  forgetBefore(windowStart: Date): Promise<void>;
}
