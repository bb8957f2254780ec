/**
 * PLACEHOLDER, replaced by the scale generator (issue 10, "Scale"; built on its own branch): until it
 * lands, `npm run bench -- --scale` prints "skipped: no generator". The signature is the contract
 * bench/scale-section.ts calls.
 */
export interface GenerateOptions {
  databaseUrl: string;
  /** `spread`: 200 organisations over 50 services; `regional`: one large organisation holding most. */
  shape: 'spread' | 'regional';
  requests: number;
  log: (line: string) => void;
}

export async function generate(_options: GenerateOptions): Promise<{ seconds: number; requests: number }> {
  throw new Error('not yet: the scale generator is not on this branch');
}
