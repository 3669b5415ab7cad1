import { describe, expect, it } from "vitest";
import { bindNamespaces, operationModule, type OperationModule, type OperationSpec } from "../../generator/runtime/operation.js";

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

describe("bindNamespaces", () => {
  const pets = operationModule(async () => ({}));
  const calls: unknown[][] = [];
  const call = (module: OperationModule, name: string, input: unknown, options?: unknown) => (calls.push([module, name, input, options]), name);

  it("builds a namespace on its first access only, then keeps it as a plain property", () => {
    let built = 0;
    const client = bindNamespaces({}, {
      pets: () => (built++, { get: [pets, "petsGet"], list: [pets, "petsList", "optional"], ping: [pets, "petsPing", "none"], tags: { add: [pets, "petsTagsAdd"] } }),
      stores: () => (built++, { get: [pets, "storesGet"] }),
    }, call) as Record<string, Record<string, (...args: unknown[]) => unknown> & { tags: Record<string, (...args: unknown[]) => unknown> }>;
    expect(built).toBe(0);
    expect(Object.keys(client)).toEqual(["pets", "stores"]);
    const namespace = client.pets!;
    expect(built).toBe(1);
    expect(client.pets).toBe(namespace);
    expect(Object.getOwnPropertyDescriptor(client, "pets")).toMatchObject({ value: namespace, enumerable: true, writable: true });
    expect(built).toBe(1);
    calls.length = 0;
    namespace.get!({ id: 1 }, { timeoutMs: 5 });
    namespace.list!();
    namespace.ping!({ timeoutMs: 7 });
    namespace.tags.add!({ tag: "x" });
    expect(calls).toEqual([
      [pets, "petsGet", { id: 1 }, { timeoutMs: 5 }],
      [pets, "petsList", {}, undefined],
      [pets, "petsPing", {}, { timeoutMs: 7 }],
      [pets, "petsTagsAdd", { tag: "x" }, undefined],
    ]);
    expect(built).toBe(1);
  });

  it("keeps a member named __proto__ a member, not the prototype", () => {
    const client = bindNamespaces({}, { ["__proto__"]: () => ({ get: [pets, "protoGet"] }) }, call) as Record<string, unknown>;
    expect(Object.keys(client)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(client)).toBe(Object.prototype);
    expect(typeof (Object.getOwnPropertyDescriptor(client, "__proto__")!.get!() as Record<string, unknown>).get).toBe("function");
  });
});
