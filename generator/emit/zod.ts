import { propertyKey } from "../model/naming.js";
import type { JsonType, Schema, SchemaObject } from "../model/types.js";
import { mergeAllOf } from "../model/merge.js";
import { jsonContentOf, visibleProperties } from "../model/walk.js";

/** Model schema → zod source. One function per JSON Schema keyword family. */

export interface ZodContext {
  /** Expression that yields the zod schema of a named schema (lazy where cycles need it). */
  ref(name: string): string;
  /** Expression of the named schema's builder function (a thunk). */
  builder(name: string): string;
  /** Requests leave readOnly properties out and encode JSON strings; responses leave writeOnly out and decode them. */
  readonly direction: "request" | "response" | "push";
  /** The schema of a named schema, to merge `allOf` members. */
  resolve(name: string): Schema;
}

export function zodOf(schema: Schema, ctx: ZodContext): string {
  if (schema === true) return "z.unknown()";
  if (schema === false) return "z.never()";
  const merged = mergeAllOf(schema, ctx.resolve);
  if (merged) return zodOf(merged, ctx);
  const parts = [refPart(schema, ctx), valuesPart(schema) ?? typedPart(schema, ctx), ...compositionParts(schema, ctx)].filter(
    (part): part is string => part !== undefined,
  );
  if (parts.length === 0) return "z.unknown()";
  return parts.reduce((left, right) => `z.intersection(${left}, ${right})`);
}

function refPart(schema: SchemaObject, ctx: ZodContext): string | undefined {
  return schema.ref === undefined ? undefined : ctx.ref(schema.ref);
}

/** `const` and `enum`: a closed set of values (checked against `type` too, when both are given). */
function valuesPart(schema: SchemaObject): string | undefined {
  const values = schema.const ? [schema.const.value] : schema.enum;
  if (!values) return undefined;
  const allowed = schema.type ? values.filter((v) => schema.type!.includes(jsonTypeOf(v)) || (schema.type!.includes("number") && jsonTypeOf(v) === "integer")) : values;
  if (allowed.length === 0) return "z.never()";
  if (allowed.every((v) => typeof v === "string") && allowed.length > 1) return `z.enum(${JSON.stringify(allowed)})`;
  if (allowed.every((v) => v === null || typeof v !== "object")) {
    return allowed.length === 1 ? `z.literal(${literal(allowed[0])})` : `z.literal([${allowed.map(literal).join(", ")}])`;
  }
  return `z.unknown().refine((value) => ${JSON.stringify(allowed)}.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value)), { message: "expected one of the listed values" })`;
}

function typedPart(schema: SchemaObject, ctx: ZodContext): string | undefined {
  const types = schema.type;
  if (!types) return impliedType(schema, ctx);
  const nullable = types.includes("null");
  // `number` already admits integers.
  const effective = types.filter((t) => t !== "null" && !(t === "integer" && types.includes("number")));
  const branches = effective.map((t) => typeExpression(t, schema, ctx));
  if (branches.length === 0) return "z.null()";
  const expr = branches.length === 1 ? branches[0]! : `z.union([${branches.join(", ")}])`;
  return nullable ? `${expr}.nullable()` : expr;
}

/** Without `type`, object keywords (`properties`, …) still describe an object: the common OpenAPI shorthand. */
function impliedType(schema: SchemaObject, ctx: ZodContext): string | undefined {
  if (schema.properties || schema.additionalProperties !== undefined || schema.required) return typeExpression("object", schema, ctx);
  if (schema.items || schema.prefixItems) return typeExpression("array", schema, ctx);
  return undefined;
}

function typeExpression(type: JsonType, schema: SchemaObject, ctx: ZodContext): string {
  const expression = plainTypeExpression(type, schema, ctx);
  if (ctx.direction !== "push" || schema.format === "int64") return expression;
  // Pushes (XML above all) carry numbers as text, and a one-element list as the element alone.
  if (type === "integer" || type === "number") return `fromText(${expression})`;
  return type === "array" ? `oneOrMany(${expression})` : expression;
}

function plainTypeExpression(type: JsonType, schema: SchemaObject, ctx: ZodContext): string {
  switch (type) {
    case "string":
      return stringOf(schema, ctx);
    case "number":
      return `z.number()${numberChecks(schema)}`;
    case "integer":
      if (schema.format === "int64") return ctx.direction === "request" ? "int64Input" : "int64";
      return `z.int()${numberChecks(schema)}`;
    case "boolean":
      return "z.boolean()";
    case "null":
      return "z.null()";
    case "array":
      return arrayOf(schema, ctx);
    case "object":
      return objectOf(schema, ctx);
  }
}

function stringOf(schema: SchemaObject, ctx: ZodContext): string {
  // Only request bodies carry raw bytes in a schema (multipart files): the caller uploads them.
  if (schema.format === "binary") return "binaryInput";
  const content = jsonContentOf(schema);
  if (content !== undefined) return `${ctx.direction === "request" ? "jsonEncoded" : "jsonDecoded"}(${zodOf(content, ctx)})`;
  let expr = "z.string()";
  if (schema.minLength !== undefined) expr += `.min(${schema.minLength})`;
  if (schema.maxLength !== undefined) expr += `.max(${schema.maxLength})`;
  if (schema.pattern !== undefined) expr += `.regex(new RegExp(${JSON.stringify(schema.pattern)}, "u"))`;
  return expr;
}

function numberChecks(schema: SchemaObject): string {
  let checks = "";
  if (schema.minimum !== undefined) checks += `.gte(${schema.minimum})`;
  if (schema.exclusiveMinimum !== undefined) checks += `.gt(${schema.exclusiveMinimum})`;
  if (schema.maximum !== undefined) checks += `.lte(${schema.maximum})`;
  if (schema.exclusiveMaximum !== undefined) checks += `.lt(${schema.exclusiveMaximum})`;
  if (schema.multipleOf !== undefined) checks += `.multipleOf(${schema.multipleOf})`;
  return checks;
}

function arrayOf(schema: SchemaObject, ctx: ZodContext): string {
  const items = schema.items === undefined ? "z.unknown()" : zodOf(schema.items, ctx);
  let expr = schema.prefixItems
    ? `z.tuple([${schema.prefixItems.map((s) => zodOf(s, ctx)).join(", ")}], ${items})`
    : `z.array(${items})`;
  if (schema.minItems !== undefined) expr += schema.prefixItems ? `.check(z.minLength(${schema.minItems}))` : `.min(${schema.minItems})`;
  if (schema.maxItems !== undefined) expr += schema.prefixItems ? `.check(z.maxLength(${schema.maxItems}))` : `.max(${schema.maxItems})`;
  return expr;
}

function objectOf(schema: SchemaObject, ctx: ZodContext): string {
  const required = new Set(schema.required ?? []);
  const entries = visibleProperties(schema, ctx.direction).map(([name, property]) => {
    const expr = zodOf(property, ctx);
    return `${propertyKey(name)}: ${required.has(name) ? expr : `${expr}.optional()`}`;
  });
  const shape = shapeText(entries);
  const extra = schema.additionalProperties;
  if (extra === false) return `z.strictObject(${shape})`;
  if (extra === undefined || extra === true) return `z.looseObject(${shape})`;
  return `z.object(${shape}).catchall(${zodOf(extra, ctx)})`;
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
  if (schema.allOf) parts.push(...schema.allOf.map((s) => zodOf(s, ctx)));
  if (schema.anyOf) parts.push(unionOf(schema.anyOf, ctx));
  if (schema.oneOf) parts.push(schema.discriminator ? discriminatedOf(schema, ctx) : unionOf(schema.oneOf, ctx));
  if (schema.not !== undefined) parts.push(`z.unknown().refine((value) => !(${zodOf(schema.not, ctx)}).safeParse(value).success, { message: "must not match the excluded schema" })`);
  return parts;
}

function unionOf(members: Schema[], ctx: ZodContext): string {
  return members.length === 1 ? zodOf(members[0]!, ctx) : `z.union([${members.map((s) => zodOf(s, ctx)).join(", ")}])`;
}

function discriminatedOf(schema: SchemaObject, ctx: ZodContext): string {
  const discriminator = schema.discriminator!;
  const variants = Object.entries(discriminator.mapping).map(([value, name]) => `${propertyKey(value)}: ${ctx.builder(name)}`);
  return `discriminated(${JSON.stringify(discriminator.propertyName)}, { ${variants.join(", ")} })`;
}

function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value as JsonType;
}

function literal(value: unknown): string {
  return value === undefined ? "undefined" : JSON.stringify(value);
}
