/** The JSON API's OpenAPI 3.1 document, built from the routes' own schemas, with what each operation needs to be called. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/context.js';
import { describeAccess } from './route-access.js';

/** Declares the bearer scheme the document's operations name. */
export function registerSecurity(api: OpenAPIHono<AppEnv>): void {
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
}

export function openApiDocument(api: OpenAPIHono<AppEnv>, publicUrl: string | undefined) {
  return describeAccess(
    api.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Liaison JSON API',
        version: '0.1.0',
        description: 'Consultation requests between GPs and consulting psychiatrists. Errors are RFC 9457 problem details.',
        license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
      },
      servers: [{ url: publicUrl ? `${publicUrl.replace(/\/$/, '')}/api` : '/api' }],
    }),
  );
}
