/**
 * Freezes a value and everything it holds: what is kept between calls and shared by every caller
 * (FHIR renderings, requests held for the triage lists) cannot be changed by one response.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}
