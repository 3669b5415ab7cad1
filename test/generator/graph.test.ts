import { describe, expect, it } from "vitest";
import { componentsOf } from "../../generator/emit/graph.js";
import type { NamedSchema, Schema } from "../../generator/model/types.js";

const schemas = (refs: Record<string, string[]>): NamedSchema[] =>
  Object.entries(refs).map(([name, to]) => ({ name, schema: { type: ["object"], properties: Object.fromEntries(to.map((ref, i) => [`p${i}`, { ref } as Schema])) } }) as NamedSchema);

/** Names grouped by component, each group sorted. */
function groups(refs: Record<string, string[]>): string[][] {
  const components = componentsOf(schemas(refs));
  const byId = new Map<number, string[]>();
  for (const [name, id] of components) byId.set(id, [...(byId.get(id) ?? []), name].sort());
  return [...byId.values()].sort((a, b) => a[0]!.localeCompare(b[0]!));
}

describe("componentsOf", () => {
  it("puts schemas that refer to each other, directly or around a cycle, in one component", () => {
    expect(groups({ A: ["B"], B: ["C"], C: ["A"], D: ["A"], E: [] })).toEqual([["A", "B", "C"], ["D"], ["E"]]);
    expect(groups({ Self: ["Self"], Other: ["Self"] })).toEqual([["Other"], ["Self"]]);
  });

  it("finds two cycles joined by a one-way reference as two components", () => {
    expect(groups({ A: ["B"], B: ["A", "C"], C: ["D"], D: ["C"] })).toEqual([["A", "B"], ["C", "D"]]);
  });

  it("follows discriminator mappings as references", () => {
    const withMapping = [
      { name: "Pet", schema: { discriminator: { propertyName: "kind", mapping: { cat: "Cat" } } } },
      { name: "Cat", schema: { allOf: [{ ref: "Pet" }] } },
    ] as NamedSchema[];
    const components = componentsOf(withMapping);
    expect(components.get("Pet")).toBe(components.get("Cat"));
  });

  it("walks a reference chain 20,000 long without overflowing the stack", () => {
    const chain = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`S${i}`, i + 1 < 20_000 ? [`S${i + 1}`] : ["S0"]]));
    expect(new Set(componentsOf(schemas(chain)).values()).size).toBe(1);
  });
});
