import type { SchemaObject } from "./types.js";

/**
 * One rule per JSON Schema keyword of the model: what each stage needs to know about it, kept in
 * one place. `satisfies` makes a keyword added to `SchemaObject` without a rule here a compile error.
 */
export interface KeywordRule {
  /** The JSON type it constrains: in a schema without `type` it applies only to values of that type. */
  readonly family?: Family;
  /** How it holds subschemas (one, a list, a map by name), for walks over a schema and what it refers to. */
  readonly holds?: "schema" | "list" | "map";
  /** Whether an `allOf` member carrying it can still merge with the others into one object schema. */
  readonly merges?: true;
}

export type Family = "string" | "number" | "array" | "object";

export const keywords = {
  ref: {},
  type: { merges: true },
  enum: {},
  const: {},
  format: { family: "string" },
  contentMediaType: {},
  contentSchema: { family: "string", holds: "schema" },
  minLength: { family: "string" },
  maxLength: { family: "string" },
  pattern: { family: "string" },
  minimum: { family: "number" },
  maximum: { family: "number" },
  exclusiveMinimum: { family: "number" },
  exclusiveMaximum: { family: "number" },
  multipleOf: { family: "number" },
  items: { family: "array", holds: "schema" },
  prefixItems: { family: "array", holds: "list" },
  minItems: { family: "array" },
  maxItems: { family: "array" },
  uniqueItems: { family: "array" },
  contains: { family: "array", holds: "schema" },
  // Without `contains` these mean nothing: no family of their own.
  minContains: {},
  maxContains: {},
  properties: { family: "object", holds: "map", merges: true },
  required: { family: "object", merges: true },
  additionalProperties: { family: "object", holds: "schema" },
  patternProperties: { family: "object", holds: "map" },
  propertyNames: { family: "object", holds: "schema" },
  minProperties: { family: "object" },
  maxProperties: { family: "object" },
  dependentRequired: { family: "object" },
  allOf: { holds: "list" },
  anyOf: { holds: "list" },
  oneOf: { holds: "list" },
  not: { holds: "schema" },
  discriminator: { merges: true },
  title: { merges: true },
  description: { merges: true },
  deprecated: { merges: true },
  default: { merges: true },
  readOnly: { merges: true },
  writeOnly: { merges: true },
  guaranteed: { merges: true },
} as const satisfies Record<keyof SchemaObject, KeywordRule>;

type Keyword = keyof typeof keywords;
const all = Object.entries(keywords) as [Keyword, KeywordRule][];
const where = (test: (rule: KeywordRule) => boolean) => all.filter(([, rule]) => test(rule)).map(([keyword]) => keyword);

/** The keywords whose rule holds subschemas in this shape, as a type (read off the table). */
type Holding<Shape> = { [K in Keyword]: (typeof keywords)[K] extends { holds: Shape } ? K : never }[Keyword];
const holdingOf = <Shape extends KeywordRule["holds"]>(shape: Shape) => where((r) => r.holds === shape) as Holding<Shape>[];

/** Keywords holding one subschema, a list of them, a map of them. */
export const holding = { schema: holdingOf("schema"), list: holdingOf("list"), map: holdingOf("map") };

/** Keywords an `allOf` member may carry and still merge. */
export const mergingKeywords: ReadonlySet<string> = new Set(where((r) => r.merges === true));

/** The keywords of each JSON type. */
export const familyKeywords = Object.fromEntries(
  (["string", "number", "array", "object"] as const).map((family) => [family, where((r) => r.family === family)]),
) as Record<Family, Keyword[]>;
