import { describe, expect, it } from "vitest";
import { allOf, arrayOf, byType, codePoints, exactlyOne, format, isMultiple, jsonEqual, multipleOf, not, objectRules, oneOfValues } from "../../generator/runtime/json-schema.js";
import { fromText, int64, z, type Schema } from "../../generator/runtime/schema.js";

/** The parsed value, or the issues as `path: message` lines. */
function parse(schema: Schema, value: unknown): unknown {
  const result = schema.safeParse(value);
  return result.success ? { data: result.data } : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("byType", () => {
  it("applies a keyword only to values of its type without `type`, and rejects other types with it", () => {
    const minimum = { number: z.number().gte(1) };
    expect(parse(byType(minimum, "pass"), "x")).toEqual({ data: "x" });
    expect(parse(byType(minimum, "pass"), 0)).toHaveLength(1);
    expect(parse(byType(minimum, "fail"), "x")).toEqual([": expected number"]);
  });

  it("takes an integer as a number, and a numeric string through a number branch that reads text", () => {
    expect(parse(byType({ number: z.number() }, "fail"), 3)).toEqual({ data: 3 });
    expect(parse(byType({ integer: fromText(z.int()), boolean: z.boolean() }, "fail"), "42")).toEqual({ data: 42 });
    expect(parse(byType({ integer: z.int(), boolean: z.boolean() }, "fail"), "42")).toEqual([": expected integer, boolean"]);
  });
});

describe("composition", () => {
  it("allOf keeps what each member decoded: a loose member's pass-through copy does not undo another's", () => {
    const members = [z.looseObject({ count: fromText(z.number()), id: int64() }), z.looseObject({ name: z.string() })];
    expect(parse(allOf(members), { count: "5", id: 12, name: "x" })).toEqual({ data: { count: 5, id: "12", name: "x" } });
    expect(parse(allOf([...members].reverse()), { count: "5", id: 12, name: "x" })).toEqual({ data: { count: 5, id: "12", name: "x" } });
  });

  it("allOf merges an object that two members decoded, and reports the first failing member's issues", () => {
    const members = [z.looseObject({ box: z.looseObject({ w: fromText(z.number()) }) }), z.looseObject({ box: z.looseObject({ h: fromText(z.number()) }) })];
    expect(parse(allOf(members), { box: { w: "1", h: "2" } })).toEqual({ data: { box: { w: 1, h: 2 } } });
    expect(parse(allOf(members), { box: { w: "1", h: true } })).toEqual(["box.h: Invalid input: expected number, received boolean"]);
    expect(parse(allOf([z.string(), z.string().min(2)]), "ab")).toEqual({ data: "ab" });
  });

  it("exactlyOne passes one match only, and not inverts", () => {
    const oneOf = exactlyOne([z.string(), z.string().min(3), z.number()]);
    expect(parse(oneOf, 1)).toEqual({ data: 1 });
    expect(parse(oneOf, "ab")).toEqual({ data: "ab" });
    expect(parse(oneOf, "abc")).toEqual([": matches 2 of the oneOf schemas, not exactly one"]);
    expect(parse(oneOf, true)).toEqual([": matches none of the oneOf schemas"]);
    expect(parse(not(z.string()), 1)).toEqual({ data: 1 });
    expect(parse(not(z.string()), "a")).toEqual([": must not match the schema under `not`"]);
  });
});

describe("values", () => {
  it("compares JSON deeply: key order does not matter, 1 equals 1.0, 0 is not false", () => {
    expect(jsonEqual({ a: [1, { b: null }], c: "x" }, { c: "x", a: [1.0, { b: null }] })).toBe(true);
    expect(jsonEqual(0, false)).toBe(false);
    expect(jsonEqual([1], { 0: 1 })).toBe(false);
    expect(jsonEqual({ a: undefined }, { b: undefined })).toBe(false);
    expect(parse(oneOfValues([{ a: 1 }, [2]]), { a: 1 })).toEqual({ data: { a: 1 } });
    expect(parse(oneOfValues([{ a: 1 }, [2]]), { a: 2 })).toEqual([': expected one of [{"a":1},[2]]']);
  });

  it("counts string lengths in code points, checks known formats and decimal multiples", () => {
    const twoChars = z.string().check(codePoints(2, 2));
    expect(parse(twoChars, "😀😀")).toEqual({ data: "😀😀" }); // four UTF-16 units
    expect(parse(twoChars, "😀")).toEqual([": expected 2 to 2 characters"]);
    expect(parse(z.string().check(format("date")), "2024-02-30")).toHaveLength(1);
    expect(parse(z.string().check(format("x-unknown")), "anything")).toEqual({ data: "anything" });
    expect(parse(z.number().check(multipleOf(0.1)), 0.3)).toEqual({ data: 0.3 });
    expect(parse(z.number().check(multipleOf(0.1)), 0.35)).toEqual([": expected a multiple of 0.1"]);
    expect([isMultiple(1e20, 5), isMultiple(Infinity, 1), isMultiple(10, 0)]).toEqual([true, false, false]);
  });
});

describe("arrayOf", () => {
  it("checks prefix items, then the rest, and forbids more with items: false", () => {
    const tuple = arrayOf({ prefixItems: [z.string(), fromText(z.number())], items: false });
    expect(parse(tuple, ["a", "2"])).toEqual({ data: ["a", 2] });
    expect(parse(tuple, ["a", "2", 3])).toEqual(["2: no more items allowed"]);
    expect(parse(arrayOf({ prefixItems: [z.string()] }), ["a", 1])).toEqual({ data: ["a", 1] });
  });

  it("checks counts, uniqueness by JSON equality and contains", () => {
    expect(parse(arrayOf({ minItems: 2, maxItems: 2 }), [1])).toEqual([": expected at least 2 items"]);
    expect(parse(arrayOf({ uniqueItems: true }), [{ a: 1 }, { a: 1.0 }])).toEqual([": expected unique items"]);
    const twoStrings = arrayOf({ contains: z.string(), minContains: 2, maxContains: 2 });
    expect(parse(twoStrings, ["a", 1, "b"])).toEqual({ data: ["a", 1, "b"] });
    expect(parse(twoStrings, ["a", 1])).toEqual([": expected at least 2 items matching `contains`"]);
    expect(parse(twoStrings, ["a", "b", "c"])).toEqual([": expected at most 2 items matching `contains`"]);
  });
});

describe("objectRules", () => {
  const shape = z.looseObject({ name: z.string().optional() });

  it("checks pattern and additional properties apart from the declared ones, and property names", () => {
    const rules = objectRules(shape, { known: ["name"], patternProperties: [["^x-", z.number()]], additionalProperties: false, propertyNames: z.string().max(6) });
    expect(parse(rules, { name: "a", "x-a": 1 })).toEqual({ data: { name: "a", "x-a": 1 } });
    expect(parse(rules, { "x-a": "1" })).toEqual(["x-a: Invalid input: expected number, received string"]);
    expect(parse(rules, { other: 1 })).toEqual(["other: unexpected property other"]);
    expect(parse(objectRules(shape, { additionalProperties: z.boolean(), known: ["name"] }), { name: "n", on: 1 })).toEqual(["on: Invalid input: expected boolean, received number"]);
    expect(parse(objectRules(shape, { propertyNames: z.string().max(3) }), { long: 1 })).toEqual(['long: property name "long" is not allowed']);
  });

  it("checks property counts, dependent and own required keys (named like Object.prototype members)", () => {
    expect(parse(objectRules(shape, { minProperties: 1 }), {})).toEqual([": expected at least 1 properties"]);
    expect(parse(objectRules(shape, { maxProperties: 1 }), { a: 1, b: 2 })).toEqual([": expected at most 1 properties"]);
    expect(parse(objectRules(shape, { dependentRequired: { card: ["cvc"] } }), { card: 1 })).toEqual(["cvc: cvc is required when card is present"]);
    const own = objectRules(shape, { own: [["constructor", z.string(), true]] });
    expect(parse(own, {})).toEqual(["constructor: constructor is required"]); // the inherited Object constructor does not count
    expect(parse(own, { constructor: 1 })).toEqual(["constructor: Invalid input: expected string, received number"]);
    expect(parse(objectRules(shape, { required: ["__proto__"] }), JSON.parse('{"__proto__": 1}'))).toEqual({ data: {} });
    expect(parse(objectRules(shape, { required: ["__proto__"] }), {})).toEqual(["__proto__: __proto__ is required"]);
  });
});
