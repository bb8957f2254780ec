/** A subscriber's rest-hook endpoint: a real HTTP server on 127.0.0.1 that records what it receives and answers as told. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hookDispatcher } from '../../src/entry/hook-delivery.js';
import type { Clock } from '../../src/services/ports/store.js';
import { outboxStore } from './outbox.js';

export interface Received {
  headers: IncomingHttpHeaders;
  text: string;
  body: any;
}

export interface HookEndpoint {
  url: string;
  received: Received[];
  /** The status the next calls get (200 unless told otherwise). */
  answer: number;
  stop(): Promise<void>;
}

export async function hookEndpoint(): Promise<HookEndpoint> {
  const endpoint = { received: [] as Received[], answer: 200 } as HookEndpoint;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      endpoint.received.push({ headers: req.headers, text, body: text ? JSON.parse(text) : undefined });
      res.writeHead(endpoint.answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  endpoint.stop = () => new Promise((resolve) => server.close(() => resolve()));
  return endpoint;
}

/** The `subscription-status` parameters of a notification bundle, by name (parts kept as they are). */
export function statusOf(bundle: any): Record<string, any> {
  const parameters = bundle.entry[0].resource.parameter as { name: string; [k: string]: unknown }[];
  return Object.fromEntries(parameters.map((p) => [p.name, p.valueCode ?? p.valueString ?? p.valueCanonical ?? (p.valueReference as { reference: string } | undefined)?.reference ?? p.part]));
}

/** Delivers every due subscription notification now, as a dispatcher would (local endpoints allowed), until none is left. */
export async function deliverHooksNow(clock: Clock, fhirBase: string, maxAttempts = 3): Promise<void> {
  const dispatcher = hookDispatcher({ store: await outboxStore(), clock, policy: { allowLocal: true }, fhirBase, maxAttempts });
  while ((await dispatcher.runOnce()) > 0);
}
