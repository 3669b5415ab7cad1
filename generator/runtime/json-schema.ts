import { z as zod } from "zod";
import { checkFormat, patternFlags } from "./formats.js";
import type { Schema } from "./schema.js";

/**
 * JSON Schema semantics that zod has no single call for. Generated schemas use these only where
 * the description needs them; plain typed schemas stay plain zod.
 */

type Json = "null" | "boolean" | "integer" | "number" | "string" | "array" | "object";

const asSchema = (schema: zod.ZodType): Schema => schema as unknown as Schema;

/** Reports a member schema's issues as the composite's own, under `prefix` (an item's index, a key). */
export function forwardIssues(ctx: zod.core.$RefinementCtx, issues: readonly zod.core.$ZodIssue[], prefix: PropertyKey[] = []): void {
  for (const issue of issues) ctx.addIssue({ code: "custom", message: issue.message, path: [...prefix, ...issue.path] });
}

function jsonType(value: unknown): Json | undefined {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "boolean":
      return "boolean";
    case "number":
      return Number.isInteger(value) ? "integer" : "number";
    case "string":
      return "string";
    case "object":
      return "object";
    default:
      return undefined;
  }
}

/**
 * Validates each value with the branch for its JSON type. Without `type`, JSON Schema applies a
 * keyword only to values of its type (`{ minimum: 1 }` accepts `"x"`): `otherwise: "pass"`.
 * With `type`, values of other types fail: `otherwise: "fail"`. An `integer` is a `number` too, and a
 * string without a string branch is tried on the number branch (which accepts it only when it reads text).
 */
export function byType(branches: Partial<Record<Json, Schema>>, otherwise: "pass" | "fail"): Schema {
  const allowed = Object.keys(branches).join(", ");
  return asSchema(
    zod.unknown().transform((value, ctx) => {
      const type = jsonType(value);
      const branch = type && (branches[type] ?? (type === "integer" ? branches.number : undefined));
      if (!branch && type === "string") {
        // A numeric string may stand for a number where the number branch reads text (x-wxgen-tolerant's fromText).
        const asNumber = (branches.integer ?? branches.number)?.safeParse(value);
        if (asNumber?.success) return asNumber.data;
      }
      if (!branch) {
        if (otherwise === "fail" || type === undefined) ctx.addIssue({ code: "custom", message: `expected ${allowed}` });
        return value;
      }
      const result = branch.safeParse(value);
      if (result.success) return result.data;
      forwardIssues(ctx, result.error.issues);
      return zod.NEVER;
    }),
  );
}

/** Deep equality of JSON values: key order does not matter, `1` equals `1.0`, `0` is not `false`. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((item, i) => jsonEqual(item, (b as unknown[])[i]));
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** `enum` / `const` with objects or arrays among the values. */
export function oneOfValues(values: readonly unknown[]): Schema {
  return asSchema(zod.unknown().refine((value) => values.some((allowed) => jsonEqual(allowed, value)), { message: `expected one of ${JSON.stringify(values)}` }));
}

/** `oneOf`: valid against exactly one member. */
export function exactlyOne(members: readonly Schema[]): Schema {
  return asSchema(
    zod.unknown().transform((value, ctx) => {
      const passing = members.map((m) => m.safeParse(value)).filter((r) => r.success);
      if (passing.length !== 1) {
        ctx.addIssue({ code: "custom", message: passing.length === 0 ? "matches none of the oneOf schemas" : `matches ${passing.length} of the oneOf schemas, not exactly one` });
        return zod.NEVER;
      }
      return (passing[0] as { data: unknown }).data;
    }),
  );
}

/**
 * `allOf` that could not be merged into one object: every member must pass. Object results are
 * merged (so decoded fields survive), anything else is returned as the first member made it.
 */
export function allOf(members: readonly Schema[]): Schema {
  return asSchema(
    zod.unknown().transform((value, ctx) => {
      const outputs: unknown[] = [];
      for (const member of members) {
        const result = member.safeParse(value);
        if (!result.success) {
          forwardIssues(ctx, result.error.issues);
          return zod.NEVER;
        }
        outputs.push(result.data);
      }
      return mergeOutputs(value, outputs);
    }),
  );
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * The members' results of one value, merged. A loose member hands back the keys it does not
 * declare as received, so a value a member decoded (a numeric string read as a number, an int64)
 * wins over the same key passed through unchanged by another; objects that several members decoded
 * are merged the same way, one level at a time.
 */
function mergeOutputs(input: unknown, outputs: readonly unknown[]): unknown {
  if (!isRecord(input) || !outputs.every(isRecord)) return outputs[0];
  const merged: Record<string, unknown> = Object.assign({}, ...outputs);
  for (const key of Object.keys(merged)) {
    const decoded = outputs.filter((output) => Object.hasOwn(output, key) && output[key] !== input[key]).map((output) => output[key]);
    if (decoded.length > 0) merged[key] = decoded.length === 1 ? decoded[0] : mergeOutputs(input[key], decoded);
  }
  return merged;
}

/** `not`. */
export function not(schema: Schema): Schema {
  return asSchema(zod.unknown().refine((value) => !schema.safeParse(value).success, { message: "must not match the schema under `not`" }));
}

/** String lengths counted in Unicode code points, as JSON Schema counts them. */
export function codePoints(min: number | undefined, max: number | undefined): zod.core.$ZodCheck<string> {
  return zod.refine((value: string) => {
    const length = [...value].length;
    return (min === undefined || length >= min) && (max === undefined || length <= max);
  }, { message: `expected ${min ?? 0} to ${max ?? "any number of"} characters` });
}

/** `format`: known formats are checked, unknown ones are annotations. */
export function format(name: string): zod.core.$ZodCheck<string> {
  return zod.refine((value: string) => checkFormat(name, value), { message: `expected format ${name}` });
}

/** `multipleOf` without binary floating-point error: 0.3 is a multiple of 0.1. */
export function multipleOf(divisor: number): zod.core.$ZodCheck<number> {
  return zod.refine((value: number) => isMultiple(value, divisor), { message: `expected a multiple of ${divisor}` });
}

function decimals(n: number): number {
  const [mantissa = "", exponent = "0"] = String(n).toLowerCase().split("e");
  const fraction = mantissa.split(".")[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

export function isMultiple(value: number, divisor: number): boolean {
  if (!Number.isFinite(value)) return false;
  const scale = 10 ** Math.max(decimals(value), decimals(divisor));
  const [v, d] = [Math.round(value * scale), Math.round(divisor * scale)];
  if (Number.isSafeInteger(v) && Number.isSafeInteger(d) && d !== 0) return v % d === 0;
  const quotient = value / divisor;
  return Number.isFinite(quotient) && Math.abs(quotient - Math.round(quotient)) < 1e-9;
}

export interface ArrayRules {
  prefixItems?: readonly Schema[];
  /** Schema for items after the prefix; `false` forbids them. */
  items?: Schema | false;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  contains?: Schema;
  minContains?: number;
  maxContains?: number;
}

/** Arrays with `prefixItems`, `uniqueItems` or `contains`: checked item by item. */
export function arrayOf(rules: ArrayRules): Schema {
  return asSchema(
    zod.array(zod.unknown()).transform((items, ctx) => {
      const out: unknown[] = [];
      items.forEach((item, i) => {
        const schema = i < (rules.prefixItems?.length ?? 0) ? rules.prefixItems![i] : rules.items;
        if (schema === false) {
          ctx.addIssue({ code: "custom", path: [i], message: "no more items allowed" });
          return;
        }
        if (!schema) return void out.push(item);
        const result = schema.safeParse(item);
        if (result.success) out.push(result.data);
        else forwardIssues(ctx, result.error.issues, [i]);
      });
      if (rules.minItems !== undefined && items.length < rules.minItems) ctx.addIssue({ code: "custom", message: `expected at least ${rules.minItems} items` });
      if (rules.maxItems !== undefined && items.length > rules.maxItems) ctx.addIssue({ code: "custom", message: `expected at most ${rules.maxItems} items` });
      if (rules.uniqueItems && items.some((item, i) => items.findIndex((other) => jsonEqual(item, other)) !== i)) ctx.addIssue({ code: "custom", message: "expected unique items" });
      if (rules.contains) {
        const matches = items.filter((item) => rules.contains!.safeParse(item).success).length;
        if (matches < (rules.minContains ?? 1)) ctx.addIssue({ code: "custom", message: `expected at least ${rules.minContains ?? 1} items matching \`contains\`` });
        if (rules.maxContains !== undefined && matches > rules.maxContains) ctx.addIssue({ code: "custom", message: `expected at most ${rules.maxContains} items matching \`contains\`` });
      }
      return out;
    }),
  );
}

export interface ObjectRules {
  patternProperties?: readonly (readonly [string, Schema])[];
  /** For keys neither in `properties` nor matching a pattern; `false` forbids them. */
  additionalProperties?: Schema | false;
  /** The keys `properties` names (not additional). */
  known?: readonly string[];
  propertyNames?: Schema;
  minProperties?: number;
  maxProperties?: number;
  dependentRequired?: Readonly<Record<string, readonly string[]>>;
  /** Required keys the shape cannot check itself. */
  required?: readonly string[];
  /** Properties named like Object.prototype members (`constructor`, `toString`): checked as own properties only. */
  own?: readonly (readonly [string, Schema, boolean])[];
}

/**
 * Object keywords zod's shapes do not cover, checked on the value as received (a zod result has
 * lost keys such as `__proto__`), after the shape.
 */
export function objectRules(shape: Schema, rules: ObjectRules): Schema {
  const patterns = (rules.patternProperties ?? []).map(([pattern, schema]) => [new RegExp(pattern, patternFlags), schema] as const);
  const known = new Set(rules.known ?? []);
  return asSchema(
    zod.unknown().transform((value, ctx) => {
      const shaped = shape.safeParse(value);
      if (!shaped.success) {
        forwardIssues(ctx, shaped.error.issues);
        return zod.NEVER;
      }
      const object = value as Record<string, unknown>;
      const keys = Object.keys(object);
      const fail = (message: string, path: PropertyKey[] = []) => ctx.addIssue({ code: "custom", message, path });
      const check = (schema: Schema, child: unknown, key: string) => {
        const result = schema.safeParse(child);
        if (!result.success) forwardIssues(ctx, result.error.issues, [key]);
      };
      for (const [key, schema, required] of rules.own ?? []) {
        if (Object.hasOwn(object, key)) check(schema, object[key], key);
        else if (required) fail(`${key} is required`, [key]);
      }
      for (const key of keys) {
        const matching = patterns.filter(([pattern]) => pattern.test(key));
        for (const [, schema] of matching) check(schema, object[key], key);
        if (!known.has(key) && matching.length === 0 && rules.additionalProperties !== undefined) {
          if (rules.additionalProperties === false) fail(`unexpected property ${key}`, [key]);
          else check(rules.additionalProperties, object[key], key);
        }
        if (rules.propertyNames && !rules.propertyNames.safeParse(key).success) fail(`property name ${JSON.stringify(key)} is not allowed`, [key]);
      }
      for (const key of rules.required ?? []) if (!Object.hasOwn(object, key)) fail(`${key} is required`, [key]);
      if (rules.minProperties !== undefined && keys.length < rules.minProperties) fail(`expected at least ${rules.minProperties} properties`);
      if (rules.maxProperties !== undefined && keys.length > rules.maxProperties) fail(`expected at most ${rules.maxProperties} properties`);
      for (const [key, needed] of Object.entries(rules.dependentRequired ?? {})) {
        if (Object.hasOwn(object, key)) for (const other of needed) if (!Object.hasOwn(object, other)) fail(`${other} is required when ${key} is present`, [other]);
      }
      return shaped.data;
    }),
  );
}

/**
 * OpenAPI `discriminator`: the value of `property` picks the one schema to validate with.
 * Works whether or not the variants pin the property with `const`. With the allOf-inheritance
 * pattern, a value naming no subtype is validated against the base (`fallback`).
 */
export function discriminated(property: string, variants: Readonly<Record<string, () => Schema>>, fallback?: () => Schema): Schema {
  const values = Object.keys(variants);
  return zod.unknown().transform((input, ctx) => {
    const value = input !== null && typeof input === "object" ? (input as Record<string, unknown>)[property] : undefined;
    const variant = (typeof value === "string" || typeof value === "number" ? variants[String(value)] : undefined) ?? fallback;
    if (!variant) {
      ctx.addIssue({ code: "custom", path: [property], message: `expected ${property} to be one of ${values.map((v) => JSON.stringify(v)).join(", ")}` });
      return zod.NEVER;
    }
    const result = variant().safeParse(input);
    if (!result.success) {
      forwardIssues(ctx, result.error.issues);
      return zod.NEVER;
    }
    return result.data;
  }) as unknown as Schema;
}
