/**
 * Modifier elements Liaison does not understand are refused (422), never stored and ignored: a
 * modifier changes the meaning of what carries it (https://hl7.org/fhir/R4/conformance-rules.html#isModifier).
 */
import { DomainError, type FieldIssue } from '../domain/errors.js';
import { isObject, type Json } from './types.js';

type Rule = (value: unknown) => string | null;

/**
 * The modifier elements of the resources an EHR writes (isModifier in the R4 definitions, besides
 * implicitRules and modifierExtension), and what Liaison accepts of each. modifiers.test.ts checks
 * this table against the official definitions, so a modifier cannot be added without a decision.
 * `null`: the resource's own mapper interprets every value (status and intent checks, taskMove).
 */
export const MODIFIER_RULES: Record<'ServiceRequest' | 'Task' | 'Communication', Record<string, Rule | null>> = {
  ServiceRequest: {
    status: null,
    intent: null,
    doNotPerform: (v) => (v === true ? 'Liaison takes requests for a consultation, not orders that one must not happen (doNotPerform: true).' : null),
  },
  Task: { status: null },
  Communication: {
    // What Liaison records is a message sent: 'completed'. Any other status (not sent yet, not
    // done, entered in error) would turn into a message that was never meant to be read.
    status: (v) => (v === 'completed' ? null : "Liaison records messages that were sent: Communication.status 'completed'."),
  },
};

/**
 * Throws a 422 naming every modifier Liaison would otherwise ignore: any modifierExtension at any
 * depth (Liaison defines none), implicitRules on the resource or anything it contains, and the
 * values of MODIFIER_RULES it does not act on. Runs after validation against the R4 definitions.
 */
export function refuseUnknownModifiers(resource: Json, type: string): void {
  const issues: FieldIssue[] = [];
  const refuse = (field: string, message: string) => issues.push({ field, message, code: 'not-supported' });
  const rules: Record<string, Rule | null> = type in MODIFIER_RULES ? MODIFIER_RULES[type as keyof typeof MODIFIER_RULES] : {};
  for (const [element, rule] of Object.entries(rules)) {
    const problem = rule && element in resource ? rule(resource[element]) : null;
    if (problem) refuse(`${type}.${element}`, problem);
  }
  // Iterative, in document order: the validator already bounded the depth.
  const stack: { value: unknown; path: string }[] = [{ value: resource, path: type }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: `${path}[${i}]` });
      continue;
    }
    if (!isObject(value)) continue;
    if (typeof value.resourceType === 'string' && 'implicitRules' in value) {
      refuse(`${path}.implicitRules`, 'Liaison follows no implicit rules but FHIR R4 and its own profiles; send the resource without implicitRules.');
    }
    if ('modifierExtension' in value) {
      refuse(`${path}.modifierExtension`, 'Liaison understands no modifier extension; one it would ignore could reverse what the resource means.');
    }
    const entries = Object.entries(value).filter(([k]) => k !== 'modifierExtension');
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], path: `${path}.${entries[i]![0]}` });
  }
  if (issues.length) {
    throw new DomainError('unprocessable', `The ${type} carries a modifier element Liaison does not act on; it is refused rather than ignored.`, { issues });
  }
}
