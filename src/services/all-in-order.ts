/**
 * Like Promise.all, but waits for every promise to settle and then throws the first failure in
 * the order given — not the first in time. Work sent together (independent reads, or statements
 * pipelined in one transaction) then fails the same way whichever answer arrives first, and
 * nothing is still running when the caller rolls back.
 */
export async function allInOrder<T extends readonly unknown[]>(work: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
