/**
 * Where an attached document is kept. Liaison stores references, not files, and shows them to
 * the other side as links: this is the one rule for such an address, whichever door it comes
 * through (JSON API, FHIR), so nothing that runs script or reads local files is ever offered.
 */
export const DOCUMENT_URL_MAX = 2000;

/**
 * Why `url` cannot be offered as a link, or null when it can: an absolute http or https URL
 * with a host, without credentials, whitespace, backslashes or control characters, at most 2000
 * characters.
 * (javascript:, data:, file:, vbscript:, relative and scheme-relative addresses are refused.)
 */
export function documentUrlProblem(url: string): string | null {
  if (url.length > DOCUMENT_URL_MAX) return `A document address is at most ${DOCUMENT_URL_MAX} characters.`;
  // Checked on the text as sent: a URL parser would quietly trim or re-encode what a browser may read differently.
  // eslint-disable-next-line no-control-regex
  if (!/^https?:\/\/[^/?#\\\s][^\s\\\u0000-\u001f\u007f-\u009f]*$/i.test(url)) return 'A document address is an absolute http or https URL (https://…).';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'A document address is an absolute http or https URL (https://…).';
  }
  if (!parsed.hostname) return 'A document address names a host.';
  if (parsed.username || parsed.password) return 'A document address carries no user name or password; every reader would see them.';
  return null;
}
