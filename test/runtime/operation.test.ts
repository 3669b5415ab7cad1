import { describe, expect, it } from "vitest";
import { operationModule, type OperationSpec } from "../../generator/runtime/operation.js";

const spec: OperationSpec = { id: "pets.get", method: "GET", path: "/pets/{id}", response: { kind: "json" } };

describe("operationModule", () => {
  it("imports the namespace's module on first load only, then keeps its specs at hand", async () => {
    let imports = 0;
    const namespace = { petsGet: spec }; // import() hands back the same namespace object each time
    const module = operationModule(async () => (imports++, namespace));
    expect(module.loaded).toBeUndefined();
    expect(imports).toBe(0);
    const [first, second] = await Promise.all([module.load(), module.load()]);
    expect(first.petsGet).toBe(spec);
    expect(second).toBe(first);
    expect(module.loaded).toBe(first);
    const importsSoFar = imports; // concurrent first calls may both import; the module system caches the file
    await module.load();
    expect(imports).toBe(importsSoFar);
  });

  it("tries again after a failed import", async () => {
    let attempts = 0;
    const module = operationModule(async () => {
      if (++attempts === 1) throw new Error("ENOENT");
      return { petsGet: spec };
    });
    await expect(module.load()).rejects.toThrow("ENOENT");
    expect(module.loaded).toBeUndefined();
    expect((await module.load()).petsGet).toBe(spec);
  });
});
