/**
 * Every line the apps under test log (their `deps.log`), kept for the whole test process so a
 * test can prove that no patient data reaches the logs. Set LIAISON_TEST_LOG=1 to also print them.
 */
const state = globalThis as { liaisonCapturedLog?: string[] };

/** The lines logged so far in this test process, oldest first. */
export function capturedLog(): readonly string[] {
  return (state.liaisonCapturedLog ??= []);
}

/** The `log` to hand to createApp in tests. */
export function captureLog(line: string): void {
  (state.liaisonCapturedLog ??= []).push(line);
  if (process.env.LIAISON_TEST_LOG) console.log(line);
}

/** The lines containing any of the given strings (case-insensitive): each is a leak. */
export function linesContaining(lines: readonly string[], secrets: readonly string[]): string[] {
  const wanted = secrets.filter((s) => s.length >= 4).map((s) => s.toLowerCase());
  return lines.filter((line) => wanted.some((s) => line.toLowerCase().includes(s)));
}
