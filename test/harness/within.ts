/** Polls `check` until it holds, for at most `withinMs`; returns whether it did. */
export async function within(withinMs: number, check: () => Promise<boolean> | boolean): Promise<boolean> {
  const until = Date.now() + withinMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
