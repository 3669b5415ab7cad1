import { propertyKey } from "../model/naming.js";
import type { JsonType, Schema, SchemaObject } from "../model/types.js";
import { jsonContentOf, listedValues, opensValues, visibleProperties } from "../model/walk.js";
import { inlineDoc, schemaDoc } from "./jsdoc.js";

/** Model schema → TypeScript type source, and the declarations users see in hovers. */

export interface TypeContext {
  ref(name: string): string;
  /** Requests leave readOnly properties out, responses writeOnly ones. */
  readonly direction: "request" | "response";
  /** `x-wxgen-tolerant`: enums in responses are open. */
  readonly tolerant: boolean;
  /** The runtime's type for bytes sent (`format: binary`), imported by the file the type goes into. */
  binaryInput(): string;
}

export function typeOf(schema: Schema, ctx: TypeContext): string {
  if (schema === true) return "unknown";
  if (schema === false) return "never";
  const parts = [
    schema.ref === undefined ? undefined : ctx.ref(schema.ref),
    valuesType(schema, ctx) ?? typedType(schema, ctx),
    ...compositionTypes(schema, ctx),
  ].filter((part): part is string => part !== undefined);
  if (parts.length === 0) return "unknown";
  return parts.length === 1 ? parts[0]! : parts.map(group).join(" & ");
}

function valuesType(schema: SchemaObject, ctx: TypeContext): string | undefined {
  const values = listedValues(schema);
  if (!values) return undefined;
  if (values.length === 0) return "never";
  const known = [...new Set(values.map((v) => JSON.stringify(v) ?? "undefined"))];
  // `(string & {})` keeps the known values in editors' completions while admitting any other.
  const others = opensValues(schema, ctx.direction, ctx.tolerant) ? [...new Set(values.map((v) => `(${typeof v} & {})`))] : [];
  return [...known, ...others].join(" | ");
}

function typedType(schema: SchemaObject, ctx: TypeContext): string | undefined {
  const types = schema.type ?? impliedTypes(schema);
  if (!types) return undefined;
  const names = [...new Set(types.map((t) => typeName(t, schema, ctx)))];
  return names.join(" | ");
}

function impliedTypes(schema: SchemaObject): JsonType[] | undefined {
  if (schema.properties || schema.additionalProperties !== undefined || schema.required) return ["object"];
  if (schema.items || schema.prefixItems) return ["array"];
  return undefined;
}

function typeName(type: JsonType, schema: SchemaObject, ctx: TypeContext): string {
  switch (type) {
    case "string": {
      const content = jsonContentOf(schema);
      if (content !== undefined) return ctx.direction === "request" ? `${group(typeOf(content, ctx))} | string` : typeOf(content, ctx);
      return schema.format === "binary" ? ctx.binaryInput() : "string";
    }
    case "integer":
      // 64-bit integers travel as strings of digits, so they are never rounded.
      if (schema.format === "int64") return ctx.direction === "request" ? "string | number" : "string";
      return "number";
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "null":
      return "null";
    case "array":
      return arrayType(schema, ctx);
    case "object":
      return objectType(schema, ctx);
  }
}

function arrayType(schema: SchemaObject, ctx: TypeContext): string {
  const items = schema.items === undefined ? "unknown" : typeOf(schema.items, ctx);
  if (!schema.prefixItems) return `${group(items)}[]`;
  const prefix = schema.prefixItems.map((s) => typeOf(s, ctx));
  return schema.items === false ? `[${prefix.join(", ")}]` : `[${[...prefix, `...${group(items)}[]`].join(", ")}]`;
}

/** An inline object type literal. */
function objectType(schema: SchemaObject, ctx: TypeContext): string {
  const members = propertyMembers(schema, ctx);
  const index = indexSignature(schema, ctx, members);
  // additionalProperties: false with no properties: the schema accepts the empty object only.
  if (members.length === 0) return index ? `{ ${index} }` : `Record<string, ${schema.additionalProperties === false ? "never" : "unknown"}>`;
  return membersText(members, index, "");
}

/** `{ … }` with one member per line; nested object types are re-indented to their depth. */
function membersText(members: Member[], index: string | undefined, indent: string): string {
  const inner = `${indent}  `;
  const lines = members.map((m) => `${inlineDoc(m.docs, inner)}${inner}${m.name}${m.hasQuestionToken ? "?" : ""}: ${m.type.replace(/\n/g, `\n${inner}`)};`);
  if (index) lines.push(`${inner}${index}`);
  return `{\n${lines.join("\n")}\n${indent}}`;
}

export interface Member {
  name: string;
  type: string;
  hasQuestionToken: boolean;
  docs: string | undefined;
}

export function propertyMembers(schema: SchemaObject, ctx: TypeContext): Member[] {
  const required = new Set(schema.required ?? []);
  const declared = visibleProperties(schema, ctx.direction).map(([name, property]) => ({
    name: propertyKey(name),
    type: typeOf(property, ctx),
    hasQuestionToken: !required.has(name),
    docs: schemaDoc(property),
  }));
  return [...declared, ...undeclaredRequired(schema, ctx)];
}

/**
 * Keys `required` lists without a property of their own — typically an allOf member requiring a
 * property another member declares. The schema insists on them, so the type does too: any value but
 * `undefined` (which JSON cannot hold), so that in an intersection the other member's type for the
 * key stays, now required and without the `undefined` an optional property admits.
 */
function undeclaredRequired(schema: SchemaObject, ctx: TypeContext): Member[] {
  const extra = schema.additionalProperties;
  const type = typeof extra === "object" ? typeOf(extra, ctx) : "{} | null";
  return (schema.required ?? [])
    .filter((name) => !Object.hasOwn(schema.properties ?? {}, name))
    .map((name) => ({ name: propertyKey(name), type, hasQuestionToken: false, docs: undefined }));
}

/** `additionalProperties: X` as an index signature wide enough for the named properties too. */
function indexSignature(schema: SchemaObject, ctx: TypeContext, members: Member[]): string | undefined {
  const extra = schema.additionalProperties;
  if (extra === undefined || extra === false || extra === true) return undefined;
  const types = new Set([typeOf(extra, ctx), ...members.map((m) => m.type)]);
  if (members.some((m) => m.hasQuestionToken)) types.add("undefined");
  return `[key: string]: ${[...types].map(group).join(" | ")};`;
}

function compositionTypes(schema: SchemaObject, ctx: TypeContext): string[] {
  const parts: string[] = [];
  if (schema.allOf) parts.push(...schema.allOf.map((s) => typeOf(s, ctx)));
  for (const members of [schema.anyOf, schema.oneOf]) {
    if (members) parts.push([...new Set(members.map((s) => group(typeOf(s, ctx))))].join(" | "));
  }
  return parts;
}

/** Parenthesizes a type whose top level is a union or intersection, where precedence needs it. */
function group(type: string): string {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < type.length; i++) {
    const ch = type[i]!;
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if ("([{<".includes(ch)) depth++;
    else if (")]}>".includes(ch)) depth--;
    else if (depth === 0 && (ch === "|" || ch === "&")) return `(${type})`;
  }
  return type;
}

/**
 * An interface when the schema is a plain object, a type alias otherwise. Written as text:
 * ts-morph's structure printer hang-indents multi-line member types.
 */
export function declarationOf(name: string, schema: Schema, ctx: TypeContext, extraDocs: (string | undefined)[] = []): string {
  const doc = schemaDoc(schema, extraDocs);
  if (typeof schema === "object" && isPlainObject(schema)) {
    const members = propertyMembers(schema, ctx);
    return interfaceText(name, doc, members, indexSignature(schema, ctx, members));
  }
  return aliasText(name, doc, typeOf(schema, ctx));
}

export function interfaceText(name: string, doc: string | undefined, members: Member[], index?: string): string {
  return `${inlineDoc(doc)}export interface ${name} ${membersText(members, index, "")}\n`;
}

export function aliasText(name: string, doc: string | undefined, type: string): string {
  return `${inlineDoc(doc)}export type ${name} = ${type};\n`;
}

function isPlainObject(schema: SchemaObject): boolean {
  const objectTyped = schema.type ? schema.type.length === 1 && schema.type[0] === "object" : schema.properties !== undefined;
  return objectTyped && !schema.ref && !schema.allOf && !schema.anyOf && !schema.oneOf && !schema.enum && !schema.const && schema.properties !== undefined;
}
