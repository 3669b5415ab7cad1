import { describe, expect, it } from "vitest";
import { mergeAllOf } from "../../generator/model/merge.js";
import type { Schema, SchemaObject } from "../../generator/model/types.js";

const object = (properties: Record<string, Schema>, required: string[] = []): SchemaObject => ({ type: ["object"], properties, required });
const named: Record<string, Schema> = {
  Base: object({ id: { type: ["integer"] } }, ["id"]),
  Derived: { allOf: [{ ref: "Base" }, object({ name: { type: ["string"] } }, ["name"])] },
  Loop: { allOf: [{ ref: "Loop" }, object({ a: { type: ["string"] } })] },
  Text: { type: ["string"] },
};
const resolve = (name: string) => named[name]!;

describe("mergeAllOf", () => {
  it("merges plain object members, through $refs and nested allOf, into one object", () => {
    const merged = mergeAllOf({ description: "A pet", allOf: [{ ref: "Derived" }, object({ tag: { type: ["string"] } })] }, resolve);
    expect(merged).toEqual({ type: ["object"], properties: { id: { type: ["integer"] }, name: { type: ["string"] }, tag: { type: ["string"] } }, required: ["id", "name"], description: "A pet" });
  });

  it("keeps both schemas of a property two members declare, and each required name once", () => {
    const merged = mergeAllOf({ allOf: [object({ n: { type: ["integer"] } }, ["n"]), object({ n: { minimum: 1 } as SchemaObject }, ["n"])] }, resolve);
    expect(merged?.properties).toEqual({ n: { allOf: [{ type: ["integer"] }, { minimum: 1 }] } });
    expect(merged?.required).toEqual(["n"]);
  });

  it("is an object only if some member says so: allOf of true and {} constrains nothing", () => {
    expect(mergeAllOf({ allOf: [true, {}] }, resolve)).toEqual({ properties: {}, required: [] });
  });

  it("does not merge members that are not plain objects, carry other keywords, or refer back to the schema", () => {
    expect(mergeAllOf({ allOf: [{ ref: "Text" }, object({})] }, resolve)).toBeUndefined();
    expect(mergeAllOf({ allOf: [object({}), { ...object({}), additionalProperties: false }] }, resolve)).toBeUndefined();
    expect(mergeAllOf({ allOf: [{ ref: "Base", description: "sibling" }] }, resolve)).toBeUndefined();
    expect(mergeAllOf(named.Loop as SchemaObject, resolve, new Set(["Loop"]))).toBeUndefined();
    expect(mergeAllOf({ allOf: [object({})], oneOf: [object({})] }, resolve)).toBeUndefined();
    expect(mergeAllOf({ allOf: [false] }, resolve)).toBeUndefined();
    expect(mergeAllOf(object({}), resolve)).toBeUndefined();
  });
});
