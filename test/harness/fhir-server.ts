/** An EHR's own FHIR server for tests: a real HTTP server that records updates and answers as told, with a SMART token endpoint. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EhrCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
  text: string;
}

export interface TestEhr {
  /** The FHIR base, e.g. http://127.0.0.1:1234/fhir. */
  base: string;
  tokenUrl: string;
  calls: EhrCall[];
  /** What PUTs get (200 unless told otherwise). */
  answer: number;
  /** Decides a token request (its form); returns the access token or null to refuse. */
  grant: (form: URLSearchParams) => Promise<string | null>;
  stop(): Promise<void>;
}

export async function testEhr(): Promise<TestEhr> {
  const ehr = { calls: [] as EhrCall[], answer: 200, grant: async () => null } as unknown as TestEhr;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '';
      if (path === '/token') {
        void ehr.grant(new URLSearchParams(text)).then((token) => {
          ehr.calls.push({ method: req.method!, path, headers: req.headers, body: Object.fromEntries(new URLSearchParams(text)), text });
          if (!token) return res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"invalid_client"}');
          res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: token, token_type: 'bearer', expires_in: 300 }));
        });
        return;
      }
      const body = text ? JSON.parse(text) : undefined;
      ehr.calls.push({ method: req.method!, path, headers: req.headers, body, text });
      res.writeHead(ehr.answer, { 'Content-Type': 'application/fhir+json' }).end(ehr.answer < 300 ? text : JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ehr.base = `${origin}/fhir`;
  ehr.tokenUrl = `${origin}/token`;
  ehr.stop = () => new Promise((resolve) => server.close(() => resolve()));
  return ehr;
}
