/**
 * "Who saw request X" over the access log's two ways of naming a request (schema/audit.ts): a
 * successful call discloses the request its route names (`access_log.request_id`), and a list,
 * search or queue the requests of its disclosed set (`disclosed_set_requests`, by request).
 */
import { sql, type SQL } from 'drizzle-orm';
import { accessLog, disclosedSetRequests, disclosedSets } from './schema.js';

/** A call that succeeded: its answer carried what it named. */
const SUCCEEDED = sql`${accessLog.status} between 200 and 299`;

/** The UTC day of an instant, YYYY-MM-DD: the day a disclosed set belongs to. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/**
 * The calls whose set held the request: the sets by request (an index), then the calls by set —
 * as an array, so that the calls' index is searched for those sets whatever the statistics say.
 */
const inSetsHolding = (requestId: string) =>
  sql`disclosed_set = any(array(select ${disclosedSetRequests.setId} from ${disclosedSetRequests} where ${disclosedSetRequests.requestId} = ${requestId}))`;

/**
 * Whether an access-log row is one of the calls `naming` picks or a call whose set held the
 * request. The calls are found first, each half through its own index, and the rows then by id:
 * never a walk of the whole log in id order, filtered. (Inside the subqueries, `access_log`
 * names their own table.)
 */
const namingOrHolding = (requestId: string, naming: SQL): SQL =>
  sql`${accessLog.id} = any(array(select id from ${accessLog} where ${naming}
    union all select id from ${accessLog} where ${inSetsHolding(requestId)}))`;

/** Whether an access-log row is a call that named the request (refused ones included) or disclosed it in a set. */
export const namedOrDisclosed = (requestId: string): SQL => namingOrHolding(requestId, sql`request_id = ${requestId}`);

/** Whether an access-log row is a call that disclosed the request: a successful call naming it, or one whose set held it. */
export const disclosed = (requestId: string): SQL => namingOrHolding(requestId, sql`request_id = ${requestId} and ${SUCCEEDED}`);

/** Whether an access-log row of the outer query disclosed the request. */
export const disclosedTo = (requestId: string): SQL<boolean> =>
  sql<boolean>`((${accessLog.requestId} = ${requestId} and ${SUCCEEDED})
    or exists (select 1 from ${disclosedSetRequests} where ${disclosedSetRequests.setId} = ${accessLog.disclosedSet} and ${disclosedSetRequests.requestId} = ${requestId}))`;

/**
 * For the retention job's statement: the sets of the UTC days before `before`'s and their
 * requests deleted. Every call that named such a set is older than `before`.
 */
export const pastSetsDeleted = (before: Date): SQL =>
  sql`gone_sets as (delete from ${disclosedSets} where ${disclosedSets.day} < ${utcDay(before)}::date returning id),
      gone_set_requests as (delete from ${disclosedSetRequests} where ${disclosedSetRequests.setId} in (select id from gone_sets))`;
