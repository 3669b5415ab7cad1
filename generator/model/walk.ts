import type { Schema } from "./types.js";

/** The direct subschemas of a schema, whatever keyword holds them. */
export function subschemas(schema: Schema): Schema[] {
  if (typeof schema !== "object") return [];
  const out: Schema[] = [];
  for (const single of [schema.items, schema.additionalProperties, schema.propertyNames, schema.not, schema.contains]) {
    if (single !== undefined) out.push(single);
  }
  for (const list of [schema.prefixItems, schema.allOf, schema.anyOf, schema.oneOf]) if (list) out.push(...list);
  for (const map of [schema.properties, schema.patternProperties]) if (map) out.push(...Object.values(map));
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
