import { mergingKeywords } from "./keywords.js";
import type { Schema, SchemaObject } from "./types.js";


/**
 * `allOf` of plain objects (after following `$ref`s) as one object schema: one zod object instead of
 * an intersection, which cannot merge transformed values. Undefined when a member is not a plain
 * object, or sets `additionalProperties` (which would then apply to the other members' properties).
 */
export function mergeAllOf(schema: SchemaObject, resolve: (name: string) => Schema, seen: ReadonlySet<string> = new Set()): SchemaObject | undefined {
  if (!schema.allOf || schema.anyOf || schema.oneOf || schema.not !== undefined) return undefined;
  const { allOf, ...own } = schema;
  const parts: SchemaObject[] = [];
  for (const member of [own as SchemaObject, ...allOf]) {
    const part = plainObject(member, resolve, seen);
    if (!part) return undefined;
    parts.push(part);
  }
  // An object only if some member says so: `allOf: [true, {}]` constrains nothing.
  const typed = parts.some((p) => p.type !== undefined);
  const merged: SchemaObject = { ...(typed ? { type: ["object"] as ["object"] } : {}), properties: {}, required: [] };
  for (const part of parts) {
    for (const [name, property] of Object.entries(part.properties ?? {})) {
      const existing = merged.properties![name];
      merged.properties![name] = existing === undefined ? property : { allOf: [existing, property] };
    }
    for (const name of part.required ?? []) if (!merged.required!.includes(name)) merged.required!.push(name);
  }
  for (const key of ["title", "description", "deprecated", "default"] as const) if (own[key] !== undefined) Object.assign(merged, { [key]: own[key] });
  return merged;
}

function plainObject(member: Schema, resolve: (name: string) => Schema, seen: ReadonlySet<string>): SchemaObject | undefined {
  if (member === true) return {};
  if (typeof member !== "object") return undefined;
  if (member.ref !== undefined) {
    if (Object.keys(member).length > 1 || seen.has(member.ref)) return undefined;
    const target = resolve(member.ref);
    if (typeof target !== "object") return undefined;
    const inner = new Set(seen).add(member.ref);
    return target.allOf ? mergeAllOf(target, resolve, inner) : plainObject(target, resolve, inner);
  }
  if (member.allOf) return mergeAllOf(member, resolve, seen);
  if (member.type && !(member.type.length === 1 && member.type[0] === "object")) return undefined;
  return Object.keys(member).every((key) => mergingKeywords.has(key)) ? member : undefined;
}
