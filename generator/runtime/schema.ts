import { z as zod } from "zod";

// The JSON-Schema combinators (allOf, formats, discriminator, …) live in json-schema.ts: generated
// schemas that use them import them from there, so a client whose call needs none never loads them.

/**
 * What generated schemas are built with. At run time it is zod itself; for the type checker it is
 * a shallow, non-generic view of the slice of zod's API the generator emits, so checking a large
 * API's schemas costs little. The schemas users see (`schemas.X`) are typed by the emitted
 * interfaces as `ZodType<X>` through `exposeAll`.
 */
export interface Schema {
  safeParse(value: unknown): { success: true; data: unknown } | { success: false; error: { issues: zod.core.$ZodIssue[] } };
  optional(): Schema;
  nullable(): Schema;
  min(value: number): Schema;
  max(value: number): Schema;
  regex(pattern: RegExp): Schema;
  gt(value: number): Schema;
  gte(value: number): Schema;
  lt(value: number): Schema;
  lte(value: number): Schema;
  multipleOf(value: number): Schema;
  catchall(schema: Schema): Schema;
  check(...checks: Check[]): Schema;
  refine(check: (value: never) => boolean, params?: { message?: string }): Schema;
}

/** A check made by `z.minLength(n)` and friends. */
export interface Check {
  readonly _zod: unknown;
}

type Shape = Readonly<Record<string, Schema>>;
type Primitive = string | number | boolean | null;

export interface SchemaBuilders {
  string(): Schema;
  number(): Schema;
  int(): Schema;
  boolean(): Schema;
  null(): Schema;
  unknown(): Schema;
  never(): Schema;
  literal(value: Primitive | readonly Primitive[]): Schema;
  enum(values: readonly string[]): Schema;
  array(items: Schema): Schema;
  tuple(items: readonly Schema[], rest?: Schema): Schema;
  object(shape: Shape): Schema;
  looseObject(shape: Shape): Schema;
  strictObject(shape: Shape): Schema;
  union(options: readonly Schema[]): Schema;
  intersection(left: Schema, right: Schema): Schema;
  lazy(get: () => Schema): Schema;
  minLength(value: number): Check;
  maxLength(value: number): Check;
}

export const z = zod as unknown as SchemaBuilders;

declare const output: unique symbol;

/** A schema builder, built once on first call; `T` is the type its values have. */
export interface Lazy<T> {
  (): Schema;
  readonly [output]?: T;
}

export function lazy<T>(build: () => Schema): Lazy<T> {
  let built: Schema | undefined;
  return () => (built ??= build());
}

/**
 * An object with one getter per builder, built on first access. Its type `S` is declared by the
 * generated code (an interface of `ZodType<X>` members) and resolved only for the members used.
 */
export function exposeAll<S>(builders: Readonly<Record<string, Lazy<unknown>>>): S {
  const schemas = {};
  for (const [key, builder] of Object.entries(builders)) Object.defineProperty(schemas, key, { get: builder, enumerable: true });
  return schemas as S;
}

const digits = /^-?\d+$/;

// The helper schemas below are builders (`int64()`), built on first use: importing the runtime
// constructs no zod schema.

/** A 64-bit integer in a response: read as a string of digits, exact (the JSON parser never rounds it). */
export const int64: Lazy<string> = lazy(() => zod
  .union([zod.int(), zod.string().regex(digits, "expected an integer")])
  .transform((value) => String(value)) as unknown as Schema);

/** Marks a 64-bit integer for the JSON encoder, which writes its digits as a number. */
export class Int64Literal {
  readonly digits: string;

  constructor(digits: string) {
    this.digits = digits;
  }

  toJSON(): string {
    return `${INT64_MARK}${this.digits}`;
  }
}

/** Prefix of a marked 64-bit integer in encoded JSON (a control character no real string starts with). */
export const INT64_MARK = "\u0001int64:";

/** A 64-bit integer in a request: a number or a string of digits, sent as a JSON number. */
export const int64Input: Lazy<string | number> = lazy(() => zod
  .union([zod.int(), zod.string().regex(digits, "expected an integer")])
  .transform((value) => new Int64Literal(String(value))) as unknown as Schema);

/** A response string that holds JSON (`contentMediaType: application/json`): decoded, then checked by `inner`. */
export function jsonDecoded(inner: Schema): Schema {
  return zod
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "expected a string holding JSON" });
        return zod.NEVER;
      }
    })
    .pipe(inner as unknown as zod.ZodType) as unknown as Schema;
}

/** A request value sent as a string of JSON: checked by `inner`, then encoded. A string is taken as already encoded. */
export function jsonEncoded(inner: Schema): Schema {
  return zod.union([zod.string(), (inner as unknown as zod.ZodType).transform((value) => JSON.stringify(value))]) as unknown as Schema;
}

/** A number pushed as text (XML has nothing else; WeChat's JSON sometimes quotes them): read as a number. */
export function fromText(inner: Schema): Schema {
  return zod.preprocess((value) => (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value), inner as unknown as zod.ZodType) as unknown as Schema;
}

/** A list pushed with one element may arrive as the element alone (a single repeated XML element, or WeChat's JSON). */
export function oneOrMany(inner: Schema): Schema {
  return zod.preprocess((value) => (value === undefined || Array.isArray(value) ? value : [value]), inner as unknown as zod.ZodType) as unknown as Schema;
}

/**
 * What a method accepts for its input type `T`: the same values, with arrays and objects at any
 * depth also taken read-only (a `readonly string[]`, an `as const` literal). Bytes stay as they are.
 */
export type ReadonlyInput<T> = T extends Blob | ArrayBufferView ? T : T extends object ? { readonly [K in keyof T]: ReadonlyInput<T[K]> } : T;

/** Bytes the caller uploads: a Blob/File, raw bytes, or bytes with a file name and type. */
export type BinaryInput = Blob | Uint8Array | { readonly data: Blob | Uint8Array; readonly filename?: string; readonly contentType?: string };

export const binaryInput: Lazy<BinaryInput> = lazy(() => zod.custom<BinaryInput>(
  (value) =>
    value instanceof Blob ||
    value instanceof Uint8Array ||
    (value !== null && typeof value === "object" && ((value as { data?: unknown }).data instanceof Blob || (value as { data?: unknown }).data instanceof Uint8Array)),
  { message: "expected a Blob, a Uint8Array or { data, filename?, contentType? }" },
) as unknown as Schema);

/** What a binary operation returns. */
export interface BinaryResponse {
  readonly data: Uint8Array;
  readonly contentType: string;
}
