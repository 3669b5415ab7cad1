import { holding } from "./keywords.js";
import type { Schema, SchemaObject } from "./types.js";

/** The name a schema that is nothing but a `$ref` points to; undefined for any other schema. */
export function plainRef(schema: Schema): string | undefined {
  return typeof schema === "object" && schema.ref !== undefined && Object.keys(schema).length === 1 ? schema.ref : undefined;
}

/** The schema object at the end of a chain of plain `$ref`s (a loop of them stops after 64 hops). */
export function followRefs(schema: Schema, lookup: (name: string) => Schema): SchemaObject | undefined {
  let current = schema;
  for (let hops = 0, ref = plainRef(current); ref !== undefined && hops < 64; hops++, ref = plainRef(current)) current = lookup(ref);
  return typeof current === "object" ? current : undefined;
}

/** The values a `const` or an `enum` allows; undefined when the schema lists none. */
export function listedValues(schema: SchemaObject): unknown[] | undefined {
  return schema.const ? [schema.const.value] : schema.enum;
}

/** The one value a `const` or one-value `enum` pins. */
export function pinnedValue(schema: SchemaObject | undefined): { value: unknown } | undefined {
  const values = schema && listedValues(schema);
  return values?.length === 1 ? { value: values[0] } : undefined;
}

/** The direct subschemas of a schema, whatever keyword holds them (model/keywords.ts says which do). */
export function subschemas(schema: Schema): Schema[] {
  if (typeof schema !== "object") return [];
  const out: Schema[] = [];
  for (const keyword of holding.schema) if (schema[keyword] !== undefined) out.push(schema[keyword]);
  for (const keyword of holding.list) if (schema[keyword]) out.push(...schema[keyword]);
  for (const keyword of holding.map) if (schema[keyword]) out.push(...Object.values(schema[keyword]));
  return out;
}

/** Names of the schemas a schema refers to, directly or through its inline subschemas. */
export function refsOf(schema: Schema, into: Set<string> = new Set()): Set<string> {
  if (typeof schema !== "object") return into;
  if (schema.ref) into.add(schema.ref);
  if (schema.discriminator) Object.values(schema.discriminator.mapping).forEach((name) => into.add(name));
  for (const sub of subschemas(schema)) refsOf(sub, into);
  return into;
}

/** A JSON string that holds JSON of a known shape (`contentMediaType` + `contentSchema`). */
export function jsonContentOf(schema: Schema): Schema | undefined {
  if (typeof schema !== "object" || schema.contentSchema === undefined) return undefined;
  return /json/i.test(schema.contentMediaType ?? "application/json") ? schema.contentSchema : undefined;
}

/** Whether a schema reads differently in requests, responses and pushes, without following refs. */
export function directionalHere(schema: Schema, tolerant: boolean): { types: boolean; validation: boolean; push: boolean } {
  if (typeof schema !== "object") return { types: false, validation: false, push: false };
  const numeric = schema.type?.some((t) => t === "integer" || t === "number") === true && schema.format !== "int64";
  // Pushes (XML above all) carry a one-element list as a single value, and numbers as text (as
  // every answer of a tolerant API may).
  const push = schema.type?.includes("array") === true || (numeric && !tolerant);
  const properties = Object.values(schema.properties ?? {});
  const visibility = properties.some((p) => typeof p === "object" && (p.readOnly === true || p.writeOnly === true));
  const int64 = schema.format === "int64" && schema.type?.includes("integer") === true;
  const open = opensValues(schema, "response", tolerant);
  return {
    types: visibility || int64 || open,
    validation: visibility || int64 || open || (numeric && tolerant) || jsonContentOf(schema) !== undefined,
    push,
  };
}

/**
 * Whether a schema's `enum` is open in this direction: what a tolerant API sends may carry values
 * its description does not list yet. A `const` (or one-value enum) stays exact: it routes and pins.
 */
export function opensValues(schema: SchemaObject, direction: "request" | "response" | "push", tolerant: boolean): boolean {
  return tolerant && direction !== "request" && schema.const === undefined && (schema.enum?.length ?? 0) > 1;
}

/** Properties as one direction sees them: requests leave out readOnly ones, responses writeOnly ones. */
export function visibleProperties(schema: Schema, direction: "request" | "response" | "push"): [string, Schema][] {
  if (typeof schema !== "object") return [];
  const hidden = direction === "request" ? "readOnly" : "writeOnly";
  return Object.entries(schema.properties ?? {}).filter(([, p]) => !(typeof p === "object" && p[hidden] === true));
}

/** Names of the properties marked `format: password` (secrets) in a schema and the schemas it refers to. */
export function passwordProperties(schema: Schema, lookup: (name: string) => Schema): Set<string> {
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (node: Schema) => {
    if (typeof node !== "object") return;
    if (node.ref !== undefined && !seen.has(node.ref)) {
      seen.add(node.ref);
      visit(lookup(node.ref));
    }
    for (const [name, property] of Object.entries(node.properties ?? {})) if (typeof property === "object" && property.format === "password") found.add(name);
    subschemas(node).forEach(visit);
  };
  visit(schema);
  return found;
}
