/**
 * The elements a FHIR JSON object holds, found from its own keys: what the required-binding walk
 * visits instead of every element its type defines. A choice element is found by its typed name
 * (`valueString` → `value[x]`), a primitive's extension by its `_` name (`_birthDate` → `birthDate`).
 * Values are read by @medplum/core (getTypedPropertyValueWithSchema), so that their types and paths
 * are the ones its crawler gives.
 */
import { getTypedPropertyValueWithSchema, type InternalSchemaElement, type InternalTypeSchema, type TypedValue, type TypedValueWithPath } from '@medplum/core';

export interface PresentElement {
  /** The element's key in its type: `status`, `occurrence[x]`. */
  key: string;
  element: InternalSchemaElement;
  /** A choice element's JSON names found in the object (`valueString`), in the object's order. */
  choices?: string[];
  /** The element values are read with: a choice held under one name is narrowed to that name's type. */
  readAs: InternalSchemaElement;
  /** Position of the element in its type's definition. */
  order: number;
}

interface NamedElement {
  key: string;
  element: InternalSchemaElement;
  /** Position of the element in its type's definition. */
  order: number;
  /** For a choice element's typed name: the element with only that type. */
  narrowed?: InternalSchemaElement;
}

/** A type's elements by the JSON names they take. */
const indexes = new WeakMap<InternalTypeSchema, Map<string, NamedElement>>();

export const capitalize = (code: string): string => code.charAt(0).toUpperCase() + code.slice(1);

function namesOf(schema: InternalTypeSchema): Map<string, NamedElement> {
  let names = indexes.get(schema);
  if (names) return names;
  names = new Map();
  let order = 0;
  for (const [key, element] of Object.entries(schema.elements)) {
    if (key.endsWith('[x]')) {
      const base = key.slice(0, -3);
      for (const type of element.type) names.set(base + capitalize(type.code), { key, element, order, narrowed: { ...element, type: [type] } });
    } else {
      names.set(key, { key, element, order });
    }
    order++;
  }
  indexes.set(schema, names);
  return names;
}

/** The elements `object` holds values of, in the order its type defines them; keys its type does not define are left out. */
export function presentElements(object: Record<string, unknown>, schema: InternalTypeSchema): PresentElement[] {
  const names = namesOf(schema);
  const found = new Map<string, { named: NamedElement; choices?: string[] }>();
  for (const key of Object.keys(object)) {
    const name = key.charCodeAt(0) === 95 /* _ */ ? key.slice(1) : key;
    const named = names.get(name);
    if (!named) continue;
    let entry = found.get(named.key);
    if (!entry) found.set(named.key, (entry = named.narrowed ? { named, choices: [] } : { named }));
    if (entry.choices && !entry.choices.includes(name)) entry.choices.push(name);
  }
  const present: PresentElement[] = [];
  for (const { named, choices } of found.values()) {
    // Two typed names for one choice: read it as the crawler does, taking the first type the definition lists.
    const readAs = choices?.length === 1 ? names.get(choices[0]!)!.narrowed! : named.element;
    present.push({ key: named.key, element: named.element, readAs, order: named.order, ...(choices ? { choices } : {}) });
  }
  if (present.length > 1) present.sort((a, b) => a.order - b.order);
  return present;
}

/** The element's typed values in `parent`, with the paths @medplum/core's crawler gives them (`Patient.name[0]`). */
export function typedValues(parent: TypedValueWithPath, present: PresentElement): TypedValueWithPath[] {
  const read = getTypedPropertyValueWithSchema(parent, present.key, present.readAs);
  const path = `${parent.path}.${present.key}`;
  if (read === undefined) return [];
  if (!Array.isArray(read)) return [withPath(read, path)];
  return read.map((v, i) => withPath(v, `${path}[${i}]`));
}

const withPath = (v: TypedValue, path: string): TypedValueWithPath => ({ type: v.type, value: v.value, path });
