import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateFiles } from "../../generator/index.js";
import { tempDir } from "../helpers.js";

/** types.ts of a description whose components are `schemas`. */
function typesOf(schemas: string): string {
  const dir = tempDir({ "api.yaml": `openapi: 3.1.0\ninfo: { title: T, version: "1" }\npaths: {}\ncomponents:\n  schemas:\n${schemas.replace(/^/gm, "    ")}\n` });
  return generateFiles(join(dir, "api.yaml")).get("types.ts")!;
}

describe("emitted TypeScript types", () => {
  it("require the keys an allOf member lists without declaring them: any value but undefined, so the other member's type stays", () => {
    const types = typesOf(`Base:
  type: object
  properties: { source: { type: integer, enum: [0, 2] }, note: { type: string } }
Order:
  allOf:
    - $ref: '#/components/schemas/Base'
    - type: object
      required: [source]
      properties: { shop: { type: string } }`);
    expect(types).toContain("export type Order = Base & {\n  shop?: string;\n  source: {} | null;\n};");
  });

  it("type a required key without a property by additionalProperties when it has a schema", () => {
    const types = typesOf(`Tags:
  type: object
  required: [main]
  additionalProperties: { type: string }`);
    expect(types).toContain("main: string;");
  });

  it("type an object that allows no properties as the empty record", () => {
    expect(typesOf("Empty:\n  type: object\n  additionalProperties: false")).toContain("export type Empty = Record<string, never>;");
    expect(typesOf("Open:\n  type: object")).toContain("export type Open = Record<string, unknown>;");
  });
});
