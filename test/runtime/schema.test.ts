import { describe, expect, it } from "vitest";
import { binaryInput, exposeAll, fromText, Int64Literal, int64, int64Input, INT64_MARK, jsonDecoded, jsonEncoded, lazy, oneOrMany, z, type Lazy, type Schema } from "../../generator/runtime/schema.js";
import { discriminated } from "../../generator/runtime/json-schema.js";

/** The parsed value, or the issues as `path: message` lines. */
function parse(schema: Schema, value: unknown): unknown {
  const result = schema.safeParse(value);
  return result.success ? { data: result.data } : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("schema helpers", () => {
  it("build a schema once, on first use, and expose builders as getters", () => {
    let built = 0;
    const pet: Lazy<string> = lazy(() => (built++, z.string()));
    const schemas = exposeAll<{ Pet: Schema }>({ Pet: pet });
    expect(built).toBe(0);
    expect(schemas.Pet).toBe(schemas.Pet);
    expect(Object.keys(schemas)).toEqual(["Pet"]);
    expect(built).toBe(1);
  });

  it("read a 64-bit integer exactly as a string of digits, and mark one sent for the JSON encoder", () => {
    expect(parse(int64(), 12)).toEqual({ data: "12" });
    expect(parse(int64(), "9007199254740993")).toEqual({ data: "9007199254740993" });
    expect(parse(int64(), "1.5")).toEqual([": expected an integer"]);
    expect(parse(int64(), 1.5)).toHaveLength(1);
    const sent = int64Input().safeParse("9007199254740993");
    expect(sent.success && sent.data).toBeInstanceOf(Int64Literal);
    expect(JSON.stringify({ id: sent.success && sent.data })).toBe(JSON.stringify({ id: `${INT64_MARK}9007199254740993` }));
  });

  it("decode JSON held in a string before checking it, and encode a request value as JSON text", () => {
    const decoded = jsonDecoded(z.looseObject({ a: z.int() }));
    expect(parse(decoded, '{"a":1}')).toEqual({ data: { a: 1 } });
    expect(parse(decoded, "{a:1}")).toEqual([": expected a string holding JSON"]);
    expect(parse(decoded, '{"a":"1"}')).toEqual(["a: Invalid input: expected number, received string"]);
    const encoded = jsonEncoded(z.looseObject({ a: z.int() }));
    expect(parse(encoded, { a: 1 })).toEqual({ data: '{"a":1}' });
    expect(parse(encoded, '{"a":1}')).toEqual({ data: '{"a":1}' }); // already encoded
  });

  it("read numeric text as a number and a single element as a list of one", () => {
    expect(parse(fromText(z.int()), " 42 ")).toEqual({ data: 42 });
    expect(parse(fromText(z.number()), "-1.5")).toEqual({ data: -1.5 });
    expect(parse(fromText(z.number()), "1e3")).toHaveLength(1); // not the text WeChat sends
    expect(parse(fromText(z.string()), "abc")).toEqual({ data: "abc" });
    expect(parse(oneOrMany(z.array(z.string())), "a")).toEqual({ data: ["a"] });
    expect(parse(oneOrMany(z.array(z.string())), ["a", "b"])).toEqual({ data: ["a", "b"] });
    expect(parse(oneOrMany(z.array(z.string()).optional()), undefined)).toEqual({ data: undefined });
  });

  it("accept bytes to upload as a Blob, a Uint8Array or { data, filename }", () => {
    for (const value of [new Blob(["x"]), new Uint8Array(1), { data: new Uint8Array(1), filename: "a.png" }]) expect(binaryInput().safeParse(value).success).toBe(true);
    expect(parse(binaryInput(), "x")).toEqual([": expected a Blob, a Uint8Array or { data, filename?, contentType? }"]);
  });

  it("dispatch on a discriminator to one variant, or to the fallback for an unknown value", () => {
    const cat = () => z.looseObject({ kind: z.literal("cat"), lives: z.int() });
    const dog = () => z.looseObject({ kind: z.literal("dog") });
    const pet = discriminated("kind", { cat, dog });
    expect(parse(pet, { kind: "cat", lives: 9 })).toEqual({ data: { kind: "cat", lives: 9 } });
    expect(parse(pet, { kind: "cat" })).toEqual(["lives: Invalid input: expected number, received undefined"]);
    expect(parse(pet, { kind: "cow" })).toEqual(['kind: expected kind to be one of "cat", "dog"']);
    expect(parse(pet, "cat")).toEqual(['kind: expected kind to be one of "cat", "dog"']);
    const withBase = discriminated("kind", { cat }, () => z.looseObject({ kind: z.string() }));
    expect(parse(withBase, { kind: "cow" })).toEqual({ data: { kind: "cow" } });
    expect(parse(discriminated("code", { 1: cat }), { code: 1, kind: "cat", lives: 1 })).toEqual({ data: { code: 1, kind: "cat", lives: 1 } });
  });
});
