/** Stops a request body larger than the limit while it streams in, declared length or not: a 413 in the interface's format. */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DomainError } from '../domain/errors.js';

export function limitBody(maxBytes: number, message = `The request body is larger than ${maxBytes} bytes.`): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new DomainError('payload_too_large', message);
    },
  });
}
