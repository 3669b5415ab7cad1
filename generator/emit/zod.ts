import { familyKeywords } from "../model/keywords.js";
import { mergeAllOf } from "../model/merge.js";
import { objectKey, propertyKey } from "../model/naming.js";
import type { JsonType, Schema, SchemaObject } from "../model/types.js";
import { jsonContentOf, listedValues, opensValues, plainRef, visibleProperties } from "../model/walk.js";
import { knownFormat, patternFlags } from "../runtime/formats.js";
import type { SchemaHelper } from "./names.js";

/**
 * Model schema → zod source, with JSON Schema's semantics: one function per keyword family. Plain
 * typed schemas become plain zod; what zod has no call for goes through runtime/json-schema.ts.
 */

export interface ZodContext {
  /** Expression that yields the zod schema of a named schema (lazy where cycles need it). */
  ref(name: string): string;
  /** Expression of the named schema's builder function (a thunk). */
  builder(name: string): string;
  /** Requests leave readOnly properties out and encode JSON strings; responses leave writeOnly out and decode them. */
  readonly direction: "request" | "response" | "push";
  /** `x-wxgen-tolerant`: responses and pushes admit unlisted enum values and numbers as numeric strings. */
  readonly tolerant: boolean;
  /** The schema of a named schema, to merge `allOf` members. */
  resolve(name: string): Schema;
  /** For an allOf-inheritance base, the expression of its own schema (not the dispatch to subtypes). */
  base?(name: string): string | undefined;
  /** A runtime helper, imported by the file the expression goes into; returns the name to write. */
  helper(name: SchemaHelper): string;
}

/** `z`, recorded as used. */
function z(ctx: ZodContext): string {
  return ctx.helper("z");
}

export function zodOf(schema: Schema, ctx: ZodContext): string {
  if (schema === true) return `${z(ctx)}.unknown()`;
  if (schema === false) return `${z(ctx)}.never()`;
  const merged = mergeAllOf(schema, ctx.resolve);
  if (merged) return zodOf(merged, ctx);
  const parts = [
    schema.ref === undefined ? undefined : ctx.ref(schema.ref),
    valuesPart(schema, ctx) ?? typedPart(schema, ctx),
    ...compositionParts(schema, ctx),
  ].filter((part): part is string => part !== undefined);
  if (parts.length === 0) return `${z(ctx)}.unknown()`;
  return parts.length === 1 ? parts[0]! : `${ctx.helper("allOf")}([${parts.join(", ")}])`;
}

/** `const` and `enum`: a closed set of values (checked against `type` too, when both are given). */
function valuesPart(schema: SchemaObject, ctx: ZodContext): string | undefined {
  const values = listedValues(schema);
  if (!values) return undefined;
  // An open enum checks only the type: of `type`, else of the listed values.
  if (opensValues(schema, ctx.direction, ctx.tolerant)) return typedPart({ ...schema, type: schema.type ?? [...new Set(values.map(jsonTypeOf))] }, ctx);
  const allowed = schema.type ? values.filter((v) => schema.type!.includes(jsonTypeOf(v)) || (schema.type!.includes("number") && jsonTypeOf(v) === "integer")) : values;
  if (allowed.length === 0) return `${z(ctx)}.never()`;
  if (allowed.some((v) => v !== null && typeof v === "object")) return `${ctx.helper("oneOfValues")}(${JSON.stringify(allowed)})`;
  if (allowed.every((v) => typeof v === "string") && allowed.length > 1) return `${z(ctx)}.enum(${JSON.stringify(allowed)})`;
  return allowed.length === 1 ? `${z(ctx)}.literal(${JSON.stringify(allowed[0])})` : `${z(ctx)}.literal([${allowed.map((v) => JSON.stringify(v)).join(", ")}])`;
}

function typedPart(schema: SchemaObject, ctx: ZodContext): string | undefined {
  if (!schema.type) {
    const families = (Object.keys(familyKeywords) as (keyof typeof familyKeywords)[]).filter((f) => familyKeywords[f].some((k) => schema[k] !== undefined));
    // `format` alone on an unknown format is an annotation: nothing to check.
    const checked = families.filter((f) => f !== "string" || stringChecked(schema));
    if (checked.length === 0) return undefined;
    return `${ctx.helper("byType")}({ ${checked.map((f) => `${f}: ${typeExpression(f, schema, ctx)}`).join(", ")} }, "pass")`;
  }
  const types = schema.type.filter((t) => t !== "null" && !(t === "integer" && schema.type!.includes("number")));
  const nullable = schema.type.includes("null");
  if (types.length === 0) return `${z(ctx)}.null()`;
  if (types.length === 1) return `${typeExpression(types[0]!, schema, ctx)}${nullable ? ".nullable()" : ""}`;
  const branches = [...types.map((t) => `${t}: ${typeExpression(t, schema, ctx)}`), ...(nullable ? [`null: ${z(ctx)}.null()`] : [])];
  return `${ctx.helper("byType")}({ ${branches.join(", ")} }, "fail")`;
}

function stringChecked(schema: SchemaObject): boolean {
  return familyKeywords.string.some((k) => k !== "format" && schema[k] !== undefined) || (schema.format !== undefined && knownFormat(schema.format));
}

function typeExpression(type: JsonType, schema: SchemaObject, ctx: ZodContext): string {
  const expression = plainTypeExpression(type, schema, ctx);
  if (ctx.direction === "request" || schema.format === "int64") return expression;
  // Pushes (XML above all) carry numbers as text, and a one-element list as the element alone;
  // a tolerant API may send any number as a numeric string.
  if ((type === "integer" || type === "number") && (ctx.direction === "push" || ctx.tolerant)) return `${ctx.helper("fromText")}(${expression})`;
  return type === "array" && ctx.direction === "push" ? `${ctx.helper("oneOrMany")}(${expression})` : expression;
}

function plainTypeExpression(type: JsonType, schema: SchemaObject, ctx: ZodContext): string {
  switch (type) {
    case "string":
      return stringOf(schema, ctx);
    case "number":
      return `${z(ctx)}.number()${numberChecks(schema, ctx)}`;
    case "integer":
      if (schema.format === "int64") return `${ctx.helper(ctx.direction === "request" ? "int64Input" : "int64")}()`;
      return `${z(ctx)}.int()${numberChecks(schema, ctx)}`;
    case "boolean":
      return `${z(ctx)}.boolean()`;
    case "null":
      return `${z(ctx)}.null()`;
    case "array":
      return arrayOf(schema, ctx);
    case "object":
      return objectOf(schema, ctx);
  }
}

function stringOf(schema: SchemaObject, ctx: ZodContext): string {
  // Only request bodies carry raw bytes in a schema (multipart files): the caller uploads them.
  if (schema.format === "binary") return `${ctx.helper("binaryInput")}()`;
  const content = jsonContentOf(schema);
  if (content !== undefined) return `${ctx.helper(ctx.direction === "request" ? "jsonEncoded" : "jsonDecoded")}(${zodOf(content, ctx)})`;
  const checks: string[] = [];
  // JSON Schema counts lengths in code points.
  if (schema.minLength !== undefined || schema.maxLength !== undefined) checks.push(`${ctx.helper("codePoints")}(${schema.minLength}, ${schema.maxLength})`);
  if (schema.format !== undefined && knownFormat(schema.format)) checks.push(`${ctx.helper("format")}(${JSON.stringify(schema.format)})`);
  let expr = `${z(ctx)}.string()`;
  if (schema.pattern !== undefined) expr += `.regex(new RegExp(${JSON.stringify(schema.pattern)}, ${JSON.stringify(patternFlags)}))`;
  return checks.length > 0 ? `${expr}.check(${checks.join(", ")})` : expr;
}

function numberChecks(schema: SchemaObject, ctx: ZodContext): string {
  let checks = "";
  if (schema.minimum !== undefined) checks += `.gte(${schema.minimum})`;
  if (schema.exclusiveMinimum !== undefined) checks += `.gt(${schema.exclusiveMinimum})`;
  if (schema.maximum !== undefined) checks += `.lte(${schema.maximum})`;
  if (schema.exclusiveMaximum !== undefined) checks += `.lt(${schema.exclusiveMaximum})`;
  if (schema.multipleOf !== undefined) checks += `.check(${ctx.helper("multipleOf")}(${schema.multipleOf}))`;
  return checks;
}

function arrayOf(schema: SchemaObject, ctx: ZodContext): string {
  const itemRules = schema.prefixItems || schema.uniqueItems || schema.contains !== undefined || schema.items === false;
  if (!itemRules) {
    let expr = `${z(ctx)}.array(${schema.items === undefined ? `${z(ctx)}.unknown()` : zodOf(schema.items, ctx)})`;
    if (schema.minItems !== undefined) expr += `.min(${schema.minItems})`;
    if (schema.maxItems !== undefined) expr += `.max(${schema.maxItems})`;
    return expr;
  }
  const rules: string[] = [];
  if (schema.prefixItems) rules.push(`prefixItems: [${schema.prefixItems.map((s) => zodOf(s, ctx)).join(", ")}]`);
  if (schema.items !== undefined) rules.push(`items: ${schema.items === false ? "false" : zodOf(schema.items, ctx)}`);
  for (const key of ["minItems", "maxItems", "minContains", "maxContains"] as const) if (schema[key] !== undefined) rules.push(`${key}: ${schema[key]}`);
  if (schema.uniqueItems) rules.push("uniqueItems: true");
  if (schema.contains !== undefined) rules.push(`contains: ${zodOf(schema.contains, ctx)}`);
  return `${ctx.helper("arrayOf")}({ ${rules.join(", ")} })`;
}

/** Keys zod would look up through the prototype chain: checked as own properties by objectRules. */
const prototypeKeys = new Set(Object.getOwnPropertyNames(Object.prototype));

function objectOf(schema: SchemaObject, ctx: ZodContext): string {
  const required = new Set(schema.required ?? []);
  const visible = visibleProperties(schema, ctx.direction);
  const own = visible.filter(([name]) => prototypeKeys.has(name));
  const entries = visible
    .filter(([name]) => !prototypeKeys.has(name))
    .map(([name, property]) => {
      const expr = zodOf(property, ctx);
      return `${propertyKey(name)}: ${required.has(name) ? expr : `${expr}.optional()`}`;
    });
  const shape = shapeText(entries);
  const extra = schema.additionalProperties;
  const patterns = Object.entries(schema.patternProperties ?? {});
  const base =
    extra === false && patterns.length === 0 && own.length === 0 ? `${z(ctx)}.strictObject(${shape})`
    : extra === undefined || extra === true || patterns.length > 0 || own.length > 0 ? `${z(ctx)}.looseObject(${shape})`
    : `${z(ctx)}.object(${shape}).catchall(${zodOf(extra, ctx)})`;
  const rules = objectRules(schema, ctx, own, patterns);
  return rules ? `${ctx.helper("objectRules")}(${base}, ${rules})` : base;
}

/** The object keywords a zod shape cannot express, for runtime objectRules; undefined when none. */
function objectRules(schema: SchemaObject, ctx: ZodContext, own: [string, Schema][], patterns: [string, Schema][]): string | undefined {
  const required = new Set(schema.required ?? []);
  const rules: string[] = [];
  if (patterns.length > 0) rules.push(`patternProperties: [${patterns.map(([p, s]) => `[${JSON.stringify(p)}, ${zodOf(s, ctx)}]`).join(", ")}]`);
  const extra = schema.additionalProperties;
  if ((patterns.length > 0 || own.length > 0) && extra !== undefined && extra !== true) {
    rules.push(`additionalProperties: ${extra === false ? "false" : zodOf(extra, ctx)}`, `known: ${JSON.stringify(Object.keys(schema.properties ?? {}))}`);
  }
  if (own.length > 0) rules.push(`own: [${own.map(([name, s]) => `[${JSON.stringify(name)}, ${zodOf(s, ctx)}, ${required.has(name)}]`).join(", ")}]`);
  if (schema.propertyNames !== undefined) rules.push(`propertyNames: ${zodOf(schema.propertyNames, ctx)}`);
  for (const key of ["minProperties", "maxProperties"] as const) if (schema[key] !== undefined) rules.push(`${key}: ${schema[key]}`);
  if (schema.dependentRequired) rules.push(`dependentRequired: ${JSON.stringify(schema.dependentRequired)}`);
  // Required keys without a property schema are not in the shape: checked here.
  const unlisted = [...required].filter((name) => !(schema.properties && Object.hasOwn(schema.properties, name)));
  if (unlisted.length > 0) rules.push(`required: ${JSON.stringify(unlisted)}`);
  return rules.length > 0 ? `{ ${rules.join(", ")} }` : undefined;
}

/** `{ a: …, b: … }` on one line when short, else one property per line (nested lines indented along). */
function shapeText(entries: string[]): string {
  if (entries.length === 0) return "{}";
  const flat = `{ ${entries.join(", ")} }`;
  if (flat.length <= 100 && !flat.includes("\n")) return flat;
  return `{\n${entries.map((e) => `  ${e.replace(/\n/g, "\n  ")},`).join("\n")}\n}`;
}

function compositionParts(schema: SchemaObject, ctx: ZodContext): string[] {
  const parts: string[] = [];
  // A subtype's `allOf: [{ $ref: base }]` means the base's own schema, not the dispatch back to subtypes.
  const allOfMember = (s: Schema) => {
    const ref = plainRef(s);
    return (ref !== undefined && ctx.base?.(ref)) || zodOf(s, ctx);
  };
  if (schema.allOf) parts.push(...schema.allOf.map(allOfMember));
  if (schema.anyOf) parts.push(schema.anyOf.length === 1 ? zodOf(schema.anyOf[0]!, ctx) : `${z(ctx)}.union([${schema.anyOf.map((s) => zodOf(s, ctx)).join(", ")}])`);
  if (schema.oneOf) parts.push(schema.discriminator ? discriminatedOf(schema, ctx) : schema.oneOf.length === 1 ? zodOf(schema.oneOf[0]!, ctx) : `${ctx.helper("exactlyOne")}([${schema.oneOf.map((s) => zodOf(s, ctx)).join(", ")}])`);
  if (schema.not !== undefined) parts.push(`${ctx.helper("not")}(${zodOf(schema.not, ctx)})`);
  return parts;
}

function discriminatedOf(schema: SchemaObject, ctx: ZodContext): string {
  const discriminator = schema.discriminator!;
  const variants = Object.entries(discriminator.mapping).map(([value, name]) => `${objectKey(value)}: ${ctx.builder(name)}`);
  return `${ctx.helper("discriminated")}(${JSON.stringify(discriminator.propertyName)}, { ${variants.join(", ")} })`;
}

function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value as JsonType;
}
