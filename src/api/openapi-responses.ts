/** The problem responses of the OpenAPI document: those every operation can give, spread into each route with its own. */
import { Problem } from './schemas.js';

/** The statuses a JSON API operation refuses with (src/domain/errors.ts maps each code to one). */
type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 422 | 429 | 500;

/** An operation's own problems in its own words; `null` leaves out one that operation never gives. */
export type OwnProblems = Partial<Record<ProblemStatus, string | null>>;

interface ProblemResponse {
  description: string;
  headers?: Record<string, { description: string; schema: { type: 'string' | 'integer' } }>;
  content: { 'application/problem+json': { schema: typeof Problem } };
}

/** What the middleware in front of every route can refuse (src/api/mount.ts), before the route's own checks. */
const EVERY_OPERATION: OwnProblems = {
  400: 'Invalid input: the problem names each field (a query string or body PostgreSQL cannot store is refused too)',
  401: 'No bearer token, or not a valid one',
  403: 'Not allowed: a system client lacks a scope listed in x-smart-scopes, or the operation is for a signed-in person (x-person-only)',
  429: 'Too many calls from this caller or network address',
  500: 'Something went wrong on our side; nothing was changed',
};

/** What an operation that takes a body can also refuse. */
const WITH_BODY: OwnProblems = { 413: 'The request body is larger than this server accepts' };

const HEADERS: Partial<Record<ProblemStatus, ProblemResponse['headers']>> = {
  401: { 'WWW-Authenticate': { description: 'Bearer realm="liaison"', schema: { type: 'string' } } },
  429: { 'Retry-After': { description: 'Seconds to wait before calling again', schema: { type: 'integer' } } },
};

function responses(all: OwnProblems): Partial<Record<ProblemStatus, ProblemResponse>> {
  const described = Object.entries(all).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return Object.fromEntries(
    described.map(([status, description]) => {
      const headers = HEADERS[Number(status) as ProblemStatus];
      return [status, { description, ...(headers ? { headers } : {}), content: { 'application/problem+json': { schema: Problem } } }];
    }),
  );
}

/** The problems of an operation without a request body: every operation's, then its own. */
export const problems = (own: OwnProblems = {}) => responses({ ...EVERY_OPERATION, ...own });

/** The problems of an operation that takes a request body (also 413). */
export const problemsWithBody = (own: OwnProblems = {}) => responses({ ...EVERY_OPERATION, ...WITH_BODY, ...own });
