import { describe, expect, it } from "vitest";
import { coverageOf, coverageReport } from "../../generator/coverage.js";
import { componentsOf } from "../../generator/emit/graph.js";
import { Code, literalOf, printFile, usedNames } from "../../generator/emit/print.js";
import { loadModel } from "../../generator/index.js";
import { familyKeywords, holding, mergingKeywords } from "../../generator/model/keywords.js";
import { mergeAllOf } from "../../generator/model/merge.js";
import { camelCase, identifier, NameSet, objectMemberNames, pascalCase, propertyKey } from "../../generator/model/naming.js";
import type { NamedSchema, Schema } from "../../generator/model/types.js";

/** The generator's small modules, each where it lives. */

describe("print.ts", () => {
  it("imports only the names the code uses, never those in comments or strings", () => {
    expect(usedNames('const a = z.string(); // lazy\nconst b = "format";', ["z", "lazy", "format"])).toEqual(["z"]);
    expect(usedNames("x.lazy(); lazyOne();", ["lazy"])).toEqual([]);
    const file = printFile("api.yaml", [{ from: "./a.js", names: ["used", "unused"] }, { from: "./t.js", namespace: "t", typeOnly: true }], ["export const x: t.X = used();"]);
    expect(file).toContain('import { used } from "./a.js";');
    expect(file).toContain('import type * as t from "./t.js";');
    expect(file).not.toContain("unused");
  });

  it("writes literals with code spliced in, short ones on one line", () => {
    expect(literalOf({ a: 1, "b-c": "x", d: undefined })).toBe('{ a: 1, "b-c": "x" }');
    expect(literalOf({ schema: new Code("S()") })).toBe("{ schema: S() }");
    expect(literalOf({ nested: { a: 1 } })).toBe("{\n  nested: { a: 1 },\n}");
    expect(literalOf([])).toBe("[]");
  });
});

describe("naming.ts", () => {
  it("makes legal, stable identifiers", () => {
    expect([pascalCase("simple-user"), pascalCase("KfMessage"), pascalCase("1st"), pascalCase("class")]).toEqual(["SimpleUser", "KfMessage", "_1st", "Class"]);
    expect([camelCase("get-content"), camelCase("code2Session"), camelCase("2fa")]).toEqual(["getContent", "code2Session", "_2fa"]);
    expect([identifier("delete"), identifier("new")]).toEqual(["delete_", "new_"]);
    expect([propertyKey("a_b"), propertyKey("a-b"), propertyKey("中文")]).toEqual(["a_b", '"a-b"', "中文"]);
  });

  it("hands out names in order, suffixing clashes and the members JavaScript gives meaning to", () => {
    const names = new NameSet(objectMemberNames);
    expect(["get", "get", "then", "toString", "__proto__"].map((n) => names.claim(n))).toEqual(["get", "get2", "then2", "toString2", "__proto__2"]);
  });
});

describe("merge.ts", () => {
  const named: Record<string, Schema> = {
    Base: { type: ["object"], required: ["id"], properties: { id: { type: ["string"] } } },
    Loop: { allOf: [{ ref: "Loop" }] },
  };
  const resolve = (name: string) => named[name]!;

  it("merges allOf of plain objects, through refs, into one object", () => {
    expect(mergeAllOf({ allOf: [{ ref: "Base" }, { properties: { name: { type: ["string"] } }, required: ["name"] }] }, resolve)).toEqual({
      type: ["object"],
      properties: { id: { type: ["string"] }, name: { type: ["string"] } },
      required: ["id", "name"],
    });
  });

  it("declines what it cannot merge: non-objects, additionalProperties, cycles", () => {
    expect(mergeAllOf({ allOf: [{ type: ["string"] }, { minLength: 1 }] }, resolve)).toBeUndefined();
    expect(mergeAllOf({ allOf: [{ ref: "Base" }, { additionalProperties: false }] }, resolve)).toBeUndefined();
    expect(mergeAllOf({ allOf: [{ ref: "Loop" }] }, resolve)).toBeUndefined();
  });
});

describe("graph.ts", () => {
  it("puts schemas that refer to each other in one component, and others alone", () => {
    const schema = (...refs: string[]): Schema => ({ properties: Object.fromEntries(refs.map((r) => [r, { ref: r }])) });
    const schemas: NamedSchema[] = [
      { name: "A", schema: schema("B") },
      { name: "B", schema: schema("A", "C") },
      { name: "C", schema: schema() },
      { name: "D", schema: schema("D") },
    ];
    const components = componentsOf(schemas);
    expect(components.get("A")).toBe(components.get("B"));
    expect(new Set([components.get("A"), components.get("C"), components.get("D")]).size).toBe(3);
  });

  it("survives a reference chain thousands deep", () => {
    const schemas: NamedSchema[] = Array.from({ length: 20_000 }, (_, i) => ({ name: `S${i}`, schema: { ref: `S${(i + 1) % 20_000}` } }));
    expect(new Set(componentsOf(schemas).values()).size).toBe(1);
  });
});

describe("coverage.ts", () => {
  it("counts examples and doc links per file, and lists what is missing", () => {
    const model = loadModel("test/fixtures/shop.yaml");
    const groups = coverageOf(model);
    expect([...groups.values()].flat().length).toBe(model.operations.length);
    const report = coverageReport(model);
    expect(report).toMatch(new RegExp(`^${model.title}: ${model.operations.length} operations, \\d+ with examples and a doc link`));
    expect(report).toContain("| group | operations | request examples | response examples | doc links |");
  });

  it("finds every WeChat operation documented", () => {
    expect(coverageReport(loadModel("spec/wechat-miniprogram.yaml"))).not.toContain("Missing:");
  });
});

describe("keywords.ts", () => {
  it("derives each stage's keyword lists from one table", () => {
    expect(holding.schema).toEqual(["contentSchema", "items", "contains", "additionalProperties", "propertyNames", "not"]);
    expect(holding.list).toEqual(["prefixItems", "allOf", "anyOf", "oneOf"]);
    expect(holding.map).toEqual(["properties", "patternProperties"]);
    expect(familyKeywords.number).toEqual(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]);
    expect([...mergingKeywords]).toEqual(expect.arrayContaining(["type", "properties", "required", "discriminator", "readOnly"]));
    expect(mergingKeywords.has("additionalProperties")).toBe(false);
  });
});
