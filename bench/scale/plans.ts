/**
 * PLACEHOLDER, replaced with the scale generator (issue 10, "Scale"; built on its own branch): the
 * query plans of the hot queries on a generated database. The signature is the contract
 * bench/scale-section.ts calls.
 */
export async function hotQueryPlans(_databaseUrl: string): Promise<{ name: string; sequentialScan: boolean; ms: number }[]> {
  throw new Error('not yet: the query plans are not on this branch');
}
