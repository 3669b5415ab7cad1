import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generate, loadModel, SpecError } from "../../generator/index.js";
import { tempDir } from "../helpers.js";

/**
 * Hostile and awkward descriptions: each is refused (or warned about) as `file:line:col: what is
 * wrong`, quickly, without a stack overflow, and a failed generation leaves the previous output.
 */
const head = 'openapi: 3.1.0\ninfo: { title: T, version: "1" }\n';
const components = (schemas: string) => `${head}paths: {}\ncomponents:\n  schemas:\n${schemas}`;

/** A message with the temporary folder taken off the file names. */
const local = (message: string) => message.replace(/[^\s"]*\/wxgen-[^/]+\//g, "");

function problem(files: Record<string, string>, root = "api.yaml"): string {
  const dir = tempDir(files);
  try {
    loadModel(join(dir, root));
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return local((error as SpecError).message);
  }
  throw new Error("the description was accepted");
}

function warnings(text: string): string[] {
  return loadModel(join(tempDir({ "api.yaml": text }), "api.yaml")).warnings.map(local);
}

describe("YAML that multiplies or points nowhere", () => {
  it("refuses an alias bomb fast, where it starts", () => {
    const levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) levels.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(", ")}]`);
    const started = performance.now();
    expect(problem({ "api.yaml": `${head}paths: {}\nx-bomb:\n${levels.map((l) => `  ${l}`).join("\n")}\n` })).toMatch(/^api\.yaml:6:\d+: YAML aliases expand past 100 copies/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("refuses an alias used before its anchor", () => {
    expect(problem({ "api.yaml": `${head}x-a: *later\nx-b: &later 1\npaths: {}\n` })).toBe("api.yaml:3:6: alias *later comes before its anchor &later (or has none)");
  });
});

describe("depth, cycles and files", () => {
  it("refuses nesting deeper than 128 levels instead of overflowing the stack", () => {
    for (const depth of [1000, 3000]) {
      const schema = '{"type":"object","properties":{"a":'.repeat(depth) + "{}" + "}}".repeat(depth);
      const text = `{"openapi":"3.1.0","info":{"title":"T","version":"1"},"paths":{},"components":{"schemas":{"D":${schema}}}}`;
      expect(problem({ "api.json": text }, "api.json")).toMatch(/^api\.json:1:\d+: nested deeper than 128 levels/);
    }
  });

  it("refuses a schema that is only a $ref to itself, directly or around a loop", () => {
    expect(problem({ "api.yaml": components("    P: { $ref: '#/components/schemas/P' }\n") })).toBe("api.yaml:6:5: schema is only a $ref to itself (P → P): it describes no value");
    expect(problem({ "api.yaml": components("    A: { $ref: '#/components/schemas/B' }\n    B: { $ref: '#/components/schemas/A' }\n") })).toMatch(/^api\.yaml:6:5: schema is only a \$ref to itself \(A → B → A\)/);
  });

  it("keeps $refs inside the description's folder unless refsOutside allows it", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "spec"));
    writeFileSync(join(dir, "secret.yaml"), "Leak: { type: string, description: secret text }\n");
    writeFileSync(join(dir, "spec", "api.yaml"), components("    A: { $ref: '../secret.yaml#/Leak' }\n"));
    expect(() => loadModel(join(dir, "spec", "api.yaml"))).toThrow(/spec\/api\.yaml:6:\d+: \$ref "\.\.\/secret\.yaml#\/Leak" leaves the description's folder/);
    expect(loadModel(join(dir, "spec", "api.yaml"), { refsOutside: true }).schemas.map((s) => s.name)).toContain("Leak");
  });

  it("refuses a $ref to something that is not a regular file", () => {
    const dir = tempDir({ "api.yaml": components("    A: { $ref: 'dev#/x' }\n") });
    mkdirSync(join(dir, "dev"));
    expect(() => loadModel(join(dir, "api.yaml"))).toThrow(/api\.yaml:6:\d+: \$ref "dev#\/x": cannot read .*dev \(not a regular file\)$/);
  });

  it("resolves a document-relative $ref inside a schema with its own $id in the document, with a warning", () => {
    const text = components("    Pet:\n      $id: 'https://example.com/pet'\n      type: object\n      properties:\n        tag: { $ref: '#/components/schemas/Tag' }\n    Tag: { type: string }\n");
    const found = warnings(text);
    expect(found).toEqual([expect.stringMatching(/^api\.yaml:10:\d+: \$ref "#\/components\/schemas\/Tag" names nothing in the schema with \$id https:\/\/example\.com\/pet: resolved in .*api\.yaml instead$/)]);
  });
});

describe("regular expressions", () => {
  it("refuses a pattern the client could not compile (read with the u flag)", () => {
    expect(problem({ "api.yaml": components('    A: { type: string, pattern: "([a-z" }\n') })).toMatch(/^api\.yaml:6:33: invalid regular expression "\(\[a-z" \(read with the "u" flag/);
    expect(problem({ "api.yaml": components('    A: { type: string, pattern: "\\\\-[a]" }\n') })).toMatch(/invalid regular expression "\\\\-\[a\]".*Invalid escape/);
    expect(problem({ "api.yaml": components('    A: { type: object, patternProperties: { "(": {} } }\n') })).toMatch(/^api\.yaml:6:\d+: invalid regular expression "\("/);
  });

  it("warns, with the place, about a pattern that can backtrack catastrophically", () => {
    expect(warnings(components('    A: { type: string, pattern: "^(a+)+$" }\n'))).toEqual([
      'api.yaml:6:33: the regular expression "^(a+)+$" nests quantifiers: a crafted value may make it backtrack catastrophically',
    ]);
    expect(warnings(components('    A: { type: string, pattern: "^[a-z]+$" }\n'))).toEqual([]);
  });
});

describe("operations", () => {
  const op = (id: string, path = "/a") => `  ${path}:\n    get:\n      operationId: ${id}\n      responses: { '200': { description: ok } }\n`;

  it("refuses duplicate operationIds, also when they differ only in case", () => {
    expect(problem({ "api.yaml": `${head}paths:\n${op("getItem")}${op("getItem", "/b")}` })).toMatch(/^api\.yaml:10:20: operationId "getItem" names the same method \(getItem\) as the operation at api\.yaml:5:5$/);
    expect(problem({ "api.yaml": `${head}paths:\n${op("items.get")}${op("Items.Get", "/b")}` })).toMatch(/operationId "Items\.Get" names the same method \(items\.get\)/);
  });

  it("refuses a path parameter the path template does not have", () => {
    const text = `${head}paths:\n  /a:\n    get:\n      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]\n      responses: { '200': { description: ok } }\n`;
    expect(problem({ "api.yaml": text })).toBe('api.yaml:5:5: path parameter "id" does not appear in the path /a');
  });

  it("never names a method or namespace after what JavaScript gives meaning to", () => {
    const model = loadModel(join(tempDir({ "api.yaml": `${head}paths:\n${op("then")}${op("toString", "/b")}${op("format", "/c")}` }), "api.yaml"));
    expect(model.operations.map((o) => o.method)).toEqual(["then2", "toString2", "format"]);
  });

  it("keeps the previous output when a hostile description is refused", async () => {
    const dir = tempDir({ "api.yaml": `${head}paths:\n${op("one")}` });
    await generate({ input: join(dir, "api.yaml"), output: join(dir, "out") });
    const before = readFileSync(join(dir, "out", "client.ts"), "utf8");
    writeFileSync(join(dir, "api.yaml"), `${head}paths:\n${op("one")}${op("One", "/b")}`);
    await expect(generate({ input: join(dir, "api.yaml"), output: join(dir, "out") })).rejects.toThrow(SpecError);
    expect(readFileSync(join(dir, "out", "client.ts"), "utf8")).toBe(before);
    expect(existsSync(join(dir, "out", "operations"))).toBe(true);
  });
});
