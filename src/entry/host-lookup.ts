/** DNS for the SSRF guard of FHIR subscriptions: every address a host name resolves to (IPv4 and IPv6). */
import { lookup } from 'node:dns/promises';
import type { HostResolver } from '../services/ports/subscriptions.js';

export const resolveHost: HostResolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);
