import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { jsonOffset } from "../../generator/load/json-position.js";
import { locate, readSource, type Pointer } from "../../generator/load/source.js";
import { tempDir } from "../helpers.js";

/** Every pointer in a JSON value, plus some that lead nowhere. */
function pointers(value: unknown, at: Pointer = []): Pointer[] {
  const children = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : value !== null && typeof value === "object" ? Object.entries(value) : [];
  return [at, ...children.flatMap(([key, child]) => pointers(child, [...at, key]))];
}

const text = `{
  "openapi": "3.1.0",
  "info": {"title": "T \\"quoted\\" {not a brace}", "version": "1"},
  "paths": {
    "/a/{id}": {"get": {"parameters": [{"name": "id", "in": "path"}, {"name": "q\\\\", "schema": {"type": ["string", "null"], "pattern": "^[\\\\]{}]+$"}}]}}
  },
  "components": {"schemas": {"Empty": {}, "List": [], "N": -1.5e3, "T": true, "Z": null, "é": "ü"}}
}
`;

describe("positions in JSON descriptions", () => {
  const source = readSource(pathToFileURL(join(tempDir({ "api.json": text }), "api.json")).href);

  it("are read without the YAML parser", () => {
    expect(source.json).toBe(true);
  });

  it("are where the YAML parser puts them, for every value and for pointers past the end", () => {
    // The same text as YAML (JSON is YAML): the positioned parse is the reference.
    const yaml = { ...source, json: false };
    const all = [...pointers(source.value), ["paths", "/b"], ["paths", "/a/{id}", "get", "parameters", 5], ["components", "schemas", "N", "deeper"], ["info", "title", "x"], ["paths", "/a/{id}", "get", "parameters", "x"]];
    expect(all.length).toBeGreaterThan(25);
    for (const pointer of all) {
      expect(locate(source, pointer), JSON.stringify(pointer)).toEqual(locate(yaml, pointer));
      expect(locate(source, pointer, "key"), `${JSON.stringify(pointer)}, key`).toEqual(locate(yaml, pointer, "key"));
    }
  });

  it("point at a scalar's value and at a collection's key", () => {
    expect(text.slice(jsonOffset(text, ["openapi"]), jsonOffset(text, ["openapi"]) + 7)).toBe('"3.1.0"');
    expect(text.slice(jsonOffset(text, ["info"])).startsWith('"info"')).toBe(true);
    expect(jsonOffset(text, [])).toBe(0);
  });

  it("point at a member's key when asked (an unknown or misspelt name)", () => {
    expect(text.slice(jsonOffset(text, ["openapi"], "key")).startsWith('"openapi"')).toBe(true);
    expect(text.slice(jsonOffset(text, ["components", "schemas", "T"], "key")).startsWith('"T": true')).toBe(true);
    expect(text.slice(jsonOffset(text, ["paths", "/a/{id}", "get", "parameters", 1], "key")).startsWith('{"name": "q')).toBe(true);
  });
});
