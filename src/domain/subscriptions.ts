/**
 * FHIR subscriptions (R4 Backport IG, topic-based): pure rules, no I/O. One topic — a consultation
 * request's status changed — optionally narrowed to services or states; which endpoints Liaison may
 * call (the SSRF guard); and when a heartbeat is due.
 * https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/components.html
 */
import type { RequestState } from './lifecycle.js';

/** The one topic Liaison offers (its canonical URL is the FHIR layer's). */
export const REQUEST_STATUS_TOPIC = 'request-status-changed';

export type SubscriptionStatus = 'requested' | 'active' | 'error' | 'off';
/** How much a notification carries: nothing, references only, or the resources. */
export const PAYLOAD_CONTENTS = ['empty', 'id-only', 'full-resource'] as const;
export type PayloadContent = (typeof PAYLOAD_CONTENTS)[number];
/** What a notification bundle says it is (backport `subscription-status` Parameters, `type`). */
export type HookKind = 'handshake' | 'heartbeat' | 'event-notification';

/** A topic's filters: empty lists match everything. */
export interface SubscriptionFilter {
  serviceIds: string[];
  states: RequestState[];
}

export function matchesFilter(filter: SubscriptionFilter, request: { serviceId: string; state: string }): boolean {
  if (filter.serviceIds.length && !filter.serviceIds.includes(request.serviceId)) return false;
  return filter.states.length === 0 || (filter.states as string[]).includes(request.state);
}

/** Whether a change moves the request to another state (or creates it submitted): the topic's trigger. */
export const statusChanged = (before: { state: string } | null, after: { state: string }): boolean => before === null || before.state !== after.state;

/** A heartbeat is due when nothing was sent for a whole period. */
export function heartbeatDue(periodSeconds: number | null, lastSentAt: Date, now: Date): boolean {
  return periodSeconds !== null && now.getTime() - lastSentAt.getTime() >= periodSeconds * 1000;
}

/**
 * Why Liaison may not call an endpoint (server-side request forgery), or undefined when it may:
 * https only, and no address the host resolves to may be private, loopback, link-local or
 * otherwise not public (`addresses` null: not resolved here — an IP literal is still checked).
 * `allowLocal` (development) lifts both rules.
 */
export function endpointRefusal(endpoint: string, addresses: readonly string[] | null, allowLocal: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'The endpoint is not an absolute URL.';
  }
  if (url.protocol !== 'https:' && !(allowLocal && url.protocol === 'http:')) return 'The endpoint must use https.';
  if (url.username || url.password) return 'The endpoint may not carry a user name or password; send credentials in channel.header.';
  if (allowLocal) return undefined;
  const literal = ipLiteral(url.hostname);
  if (literal) addresses = [literal];
  if (addresses === null) return undefined;
  if (addresses.length === 0) return `The endpoint's host ${url.hostname} does not resolve.`;
  const inner = addresses.find((a) => !isPublicAddress(a));
  return inner ? `The endpoint's host resolves to ${inner}, a private, loopback or link-local address.` : undefined;
}

/** The host an endpoint names, when it is a URL. */
export function endpointHost(endpoint: string): string | undefined {
  try {
    return new URL(endpoint).hostname;
  } catch {
    return undefined;
  }
}

/** An IP literal in a URL's host (IPv6 in brackets), or undefined for a name. */
export function ipLiteral(hostname: string): string | undefined {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(bare) || bare.includes(':') ? bare : undefined;
}

/** Whether an address is on the public internet (not private, loopback, link-local, CGNAT, multicast or reserved). */
export function isPublicAddress(address: string): boolean {
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/i.exec(address);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return !(a === 0 || a === 10 || a === 127 || a >= 224 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 198 && (b === 18 || b === 19)));
  }
  const v6 = address.toLowerCase();
  if (v6 === '::' || v6 === '::1') return false;
  // fc00::/7 unique local, fe80::/10 link-local, ff00::/8 multicast; an IPv4-mapped address in hex form is refused too.
  return !/^(f[cd]|fe[89ab]|ff|::ffff:)/.test(v6);
}
