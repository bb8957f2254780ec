/** Liaison's ids are UUIDs; anything else names nothing here and must never reach a uuid column. */
export const UUID_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
export const UUID = new RegExp(`^${UUID_PATTERN}$`, 'i');

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** An id as Liaison issues it: a lower-case UUID. Ids are case-sensitive, so any other spelling names nothing. */
const ISSUED = new RegExp(`^${UUID_PATTERN}$`);
export const isIssuedId = (value: unknown): value is string => typeof value === 'string' && ISSUED.test(value);

/** The id of a literal reference `Type/{uuid}`, lower-cased; undefined for anything else. */
export function referencedId(reference: unknown, type: string): string | undefined {
  if (typeof reference !== 'string') return undefined;
  const match = new RegExp(`^${type}/(${UUID_PATTERN})$`, 'i').exec(reference);
  return match?.[1]?.toLowerCase();
}
