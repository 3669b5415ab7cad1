import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { generatedHeader } from "../../generator/emit/header.js";
import { generate, generateFiles, loadModel, type FileSet } from "../../generator/index.js";
import { compareTree, readTree } from "../../generator/write/files.js";
import { tempDir } from "../helpers.js";

/** Generates a client for `components` and imports its `schemas`. */
async function schemasOf(components: string, openapi = "3.1.0"): Promise<Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>> {
  const dir = tempDir({ "api.yaml": `openapi: ${openapi}\ninfo: { title: T, version: "1" }\npaths: {}\ncomponents:\n  schemas:\n${components.replace(/^/gm, "    ")}\n` });
  await generate({ input: join(dir, "api.yaml"), output: join(dir, "out") });
  return (await import(pathToFileURL(join(dir, "out", "schemas.ts")).href)).schemas;
}

const accepts = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) => schema.safeParse(value).success;

describe("generated zod schemas", () => {
  it("require what `required` lists and let unknown properties through", async () => {
    const { Pet } = await schemasOf("Pet:\n  type: object\n  required: [name]\n  properties:\n    name: { type: string }\n    age: { type: integer }");
    expect(accepts(Pet!, { name: "Tom", extra: true })).toBe(true);
    expect(Pet!.safeParse({ name: "Tom", extra: true }).data).toEqual({ name: "Tom", extra: true });
    expect(accepts(Pet!, { age: 3 })).toBe(false);
    expect(accepts(Pet!, { name: "Tom", age: 1.5 })).toBe(false);
  });

  it("close objects with additionalProperties: false and type the rest otherwise", async () => {
    const s = await schemasOf("Closed:\n  type: object\n  properties: { a: { type: string } }\n  additionalProperties: false\nMap:\n  type: object\n  additionalProperties: { type: integer }");
    expect(accepts(s.Closed!, { a: "x" })).toBe(true);
    expect(accepts(s.Closed!, { a: "x", b: 1 })).toBe(false);
    expect(accepts(s.Map!, { x: 1 })).toBe(true);
    expect(accepts(s.Map!, { x: "1" })).toBe(false);
  });

  it("apply string, number and array bounds", async () => {
    const s = await schemasOf(
      "Code:\n  type: string\n  minLength: 2\n  maxLength: 3\n  pattern: '^[a-z]+$'\nScore:\n  type: number\n  minimum: 0\n  exclusiveMaximum: 10\nList:\n  type: array\n  items: { type: string }\n  minItems: 1\n  maxItems: 2",
    );
    expect([accepts(s.Code!, "ab"), accepts(s.Code!, "a"), accepts(s.Code!, "abcd"), accepts(s.Code!, "AB")]).toEqual([true, false, false, false]);
    expect([accepts(s.Score!, 0), accepts(s.Score!, 9.9), accepts(s.Score!, 10), accepts(s.Score!, -1)]).toEqual([true, true, false, false]);
    expect([accepts(s.List!, ["a"]), accepts(s.List!, []), accepts(s.List!, ["a", "b", "c"])]).toEqual([true, false, false]);
  });

  it("treat 3.0 boolean exclusiveMinimum and nullable the 3.0 way", async () => {
    const s = await schemasOf("Positive:\n  type: number\n  minimum: 0\n  exclusiveMinimum: true\nName:\n  type: string\n  nullable: true", "3.0.3");
    expect([accepts(s.Positive!, 0), accepts(s.Positive!, 0.1)]).toEqual([false, true]);
    expect([accepts(s.Name!, null), accepts(s.Name!, "x"), accepts(s.Name!, 1)]).toEqual([true, true, false]);
  });

  it("admit exactly the listed enum and const values", async () => {
    const s = await schemasOf("Color:\n  type: string\n  enum: [red, green]\nOne:\n  const: 1\nPoint:\n  enum: [{ x: 1 }]");
    expect([accepts(s.Color!, "red"), accepts(s.Color!, "blue")]).toEqual([true, false]);
    expect([accepts(s.One!, 1), accepts(s.One!, "1")]).toEqual([true, false]);
    expect([accepts(s.Point!, { x: 1 }), accepts(s.Point!, { x: 2 })]).toEqual([true, false]);
  });

  it("dispatch on a discriminator, with and without mapping", async () => {
    const s = await schemasOf(`Cat:
  type: object
  required: [kind, meows]
  properties: { kind: { type: string }, meows: { type: boolean } }
Dog:
  type: object
  required: [kind, barks]
  properties: { kind: { type: string }, barks: { type: boolean } }
Pet:
  oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }]
  discriminator: { propertyName: kind }
Mapped:
  oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }]
  discriminator: { propertyName: kind, mapping: { cat: '#/components/schemas/Cat', dog: Dog } }`);
    expect(accepts(s.Pet!, { kind: "Cat", meows: true })).toBe(true);
    expect(accepts(s.Pet!, { kind: "Cat", barks: true })).toBe(false);
    expect(accepts(s.Mapped!, { kind: "dog", barks: true })).toBe(true);
    expect(accepts(s.Mapped!, { kind: "Dog", barks: true })).toBe(false);
  });

  it("validate recursive schemas to any depth", async () => {
    const { Node } = await schemasOf("Node:\n  type: object\n  required: [value]\n  properties:\n    value: { type: integer }\n    children: { type: array, items: { $ref: '#/components/schemas/Node' } }");
    expect(accepts(Node!, { value: 1, children: [{ value: 2, children: [{ value: 3 }] }] })).toBe(true);
    expect(accepts(Node!, { value: 1, children: [{ value: 2, children: [{ value: "3" }] }] })).toBe(false);
  });

  it("intersect allOf members", async () => {
    const s = await schemasOf("Base:\n  type: object\n  required: [id]\n  properties: { id: { type: string } }\nChild:\n  allOf:\n    - $ref: '#/components/schemas/Base'\n    - type: object\n      required: [name]\n      properties: { name: { type: string } }");
    expect([accepts(s.Child!, { id: "1", name: "x" }), accepts(s.Child!, { name: "x" }), accepts(s.Child!, { id: "1" })]).toEqual([true, false, false]);
  });
});

describe("generation", () => {
  it("is deterministic: the same description gives byte-identical files", () => {
    const first = generateFiles("spec/wechat-miniprogram.yaml");
    const second = generateFiles("spec/wechat-miniprogram.yaml");
    expect([...first.keys()]).toEqual([...second.keys()]);
    for (const [path, text] of first) expect(second.get(path), path).toBe(text);
  }, 60_000); // two WeChat generations: past the default 15 s on a loaded 2-core machine

  // The committed clients: the fixture's golden output (which test/e2e/shop.test.ts runs) and the WeChat client.
  const committed = [
    ["test/fixtures/shop.yaml", "test/golden/shop"],
    ["spec/wechat-miniprogram.yaml", "generated/wechat"],
  ] as const;
  const emitted = (files: FileSet) => new Map([...files].filter(([path]) => !path.startsWith("runtime/")));

  it("matches the committed golden output of the fixture and of the WeChat client, module by module", () => {
    for (const [input, output] of committed) {
      expect(compareTree(emitted(generateFiles(input)), emitted(readTree(output))), output).toEqual({ changed: [], missing: [], extra: [] });
    }
  }, 30_000); // a WeChat generation: past the default 15 s on a loaded 2-core machine

  it("copies the runtime it needs from generator/runtime/, each file as it is there under the generated header", () => {
    for (const [input, output] of committed) {
      const copied = [...readTree(output).keys()].filter((path) => path.startsWith("runtime/")).sort();
      expect(copied, output).toEqual([...generateFiles(input).keys()].filter((path) => path.startsWith("runtime/")).sort());
      for (const path of copied) {
        const source = readFileSync(join("generator", path), "utf8");
        expect(readFileSync(join(output, path), "utf8") === `${generatedHeader(basename(input), "ts")}\n${source}`, `${output}/${path} is not generator/${path}: run \`node generator/bin.mjs generate\``).toBe(true);
      }
    }
  }, 30_000);

  it("writes an API reference where each operation is found by its Chinese, English and namespaced names", () => {
    const reference = generateFiles("spec/wechat-miniprogram.yaml").get("API.md")!;
    const model = loadModel("spec/wechat-miniprogram.yaml");
    for (const op of model.operations) {
      expect(reference).toContain(`\`${op.id}\``);
      expect(reference).toContain(op.summary!);
      expect(reference).toContain(op.englishName ?? op.method);
      expect(reference).toContain(op.docsUrl!);
    }
    expect(reference).toContain("| 获取不限制的小程序码 | getUnlimitedQRCode | [`wxacode.getUnlimited`](#wxacode-getunlimited) | `POST /wxa/getwxacodeunlimit` |");
  });

  it("lists every push in the API reference with its handler, what routes it, its payload type and its reply", () => {
    const reference = generateFiles("spec/wechat-miniprogram.yaml").get("API.md")!;
    const pushes = reference.slice(reference.indexOf("\n## Pushes\n"));
    const model = loadModel("spec/wechat-miniprogram.yaml");
    const routed = model.webhooks.filter((w) => !w.callback);
    expect(pushes).toContain(`${routed.length} kinds of push`);
    for (const webhook of routed) expect(pushes).toContain(`| ${webhook.summary} | \`${webhook.name}\` |`);
    expect(pushes).toContain("| 运单轨迹更新事件 | `addExpressPath` | `MsgType=event` `Event=add_express_path` | `PushAddExpressPathEvent` | `success` |");
    expect(pushes).toContain("| 下单事件 | `logisticsAddWaybill` | `MsgType=event` `Event=add_waybill` | `PushLogisticsAddWaybillEvent` | `PushLogisticsAddWaybillReply` |");
    expect(pushes).toContain("## Callbacks");
    expect(pushes).toContain("| 同城配送订单状态回调 | `createIntracityOrderStatusReceiver` | `WxExpressIntracityOrderStatusCallback` |");
    expect(generateFiles("test/fixtures/shop.yaml").get("API.md")).not.toContain("## Pushes");
  });

  it("writes index.ts and schemas.ts for any description, and imports nothing but zod and undici", () => {
    const files = generateFiles("test/fixtures/shop.yaml");
    expect(files.has("index.ts") && files.has("schemas.ts")).toBe(true);
    for (const client of [files, generateFiles("spec/wechat-miniprogram.yaml")]) {
      const imports = [...client.values()].flatMap((text) => [...text.matchAll(/(?:from |import\()"([^"]+)"/g)].map((m) => m[1]!));
      expect(imports.filter((from) => !from.startsWith(".") && !from.startsWith("node:")).sort()).toEqual(expect.arrayContaining(["undici", "zod"]));
      expect(new Set(imports.filter((from) => !from.startsWith(".") && !from.startsWith("node:")))).toEqual(new Set(["zod", "undici"]));
    }
  });
});

describe("generated zod schemas, request and response forms", () => {
  it("merge allOf members referring back to the schema without recursing at build time", async () => {
    const s = await schemasOf(`A:
  allOf:
    - $ref: '#/components/schemas/B'
    - type: object
      properties: { name: { type: string } }
B:
  type: object
  properties:
    parent: { $ref: '#/components/schemas/A' }`);
    expect(accepts(s.A!, { name: "x", parent: { name: "y", parent: { name: "z" } } })).toBe(true);
    expect(accepts(s.A!, { name: "x", parent: { name: 1 } })).toBe(false);
  });
});

describe("JSON Schema keywords, one by one (each with a value that must fail)", () => {
  const cases: [string, string, unknown[], unknown[], string?][] = [
    ["typeless keywords apply only to their type", "minimum: 1", ["x", 1, [], null], [0]],
    ["type arrays", "type: [string, integer]", ["a", 1, 1.0], [1.5, null]],
    ["3.1 null in type", "type: [string, 'null']", ["a", null], [1]],
    ["integer accepts 1.0", "type: integer", [1.0, -3], [1.5]],
    ["multipleOf without float error", "multipleOf: 0.1", [0.3, 0.30000000000000004, 10], [0.31]],
    ["exclusive bounds (3.1)", "exclusiveMinimum: 0\nexclusiveMaximum: 10", [0.1, 9.9], [0, 10]],
    ["minLength counts code points", "minLength: 2", ["ab", "💩💩"], ["💩"]],
    ["pattern is ECMA-262 with u", "pattern: '^\\p{Letter}+$'", ["π", "abc"], ["a1"]],
    ["formats", "format: date-time", ["2024-02-29T23:59:60Z", 12], ["2023-02-29T00:00:00Z", "2024-01-01"]],
    ["unknown formats are annotations", "format: x-custom", ["anything"], [], "no failing value exists"],
    ["a format named like an Object.prototype member is unknown too", "format: hasOwnProperty", ["anything"], [], "no failing value exists"],
    ["email", "format: email", ["joe.bloggs@example.com"], ["2962", "a@b@c"]],
    ["uuid", "format: uuid", ["2eb8aa08-aa98-11ea-b4aa-73b441d16380"], ["2eb8aa08aa9811eab4aa73b441d16380"]],
    ["prefixItems and items", "prefixItems: [{ type: integer }]\nitems: { type: string }", [[], [1], [1, "a"]], [["a"], [1, 2]]],
    ["items: false", "prefixItems: [{ type: integer }]\nitems: false", [[1]], [[1, 2]]],
    ["uniqueItems by deep equality", "uniqueItems: true", [[1, true], [{ a: 1 }, { a: 2 }]], [[{ a: 1, b: 2 }, { b: 2, a: 1 }], [1, 1.0]]],
    ["contains", "contains: { const: 1 }\nmaxContains: 1", [[1, 2]], [[2], [1, 1]]],
    ["patternProperties and additionalProperties", "patternProperties: { '^x-': { type: string } }\nadditionalProperties: false", [{ "x-a": "1" }], [{ "x-a": 1 }, { b: 1 }]],
    ["propertyNames", "propertyNames: { maxLength: 3 }", [{ abc: 1 }], [{ abcd: 1 }]],
    ["min/maxProperties", "minProperties: 1\nmaxProperties: 2", [{ a: 1 }], [{}, { a: 1, b: 2, c: 3 }]],
    ["dependentRequired", "dependentRequired: { bar: [foo] }", [{ foo: 1 }, { foo: 1, bar: 2 }], [{ bar: 2 }]],
    ["required without properties", "required: [a]", [{ a: null }, "not an object"], [{}]],
    ["oneOf means exactly one", "oneOf: [{ type: integer }, { minimum: 2 }]", [1, 2.5], [3, 1.5]],
    ["anyOf", "anyOf: [{ type: integer }, { minimum: 2 }]", [1, 2.5, 3], [1.5]],
    ["not", "not: { type: string }", [1, null], ["a"]],
    ["enum with objects and arrays, by deep equality", "enum: [{ a: 1, b: 2 }, [false]]", [{ b: 2, a: 1 }, [false]], [{ a: 1 }, [0]]],
    ["const", "const: { a: [1] }", [{ a: [1.0] }], [{ a: [1, 2] }]],
    ["boolean schemas", "properties: { no: false, yes: true }", [{ yes: 1 }], [{ no: 1 }]],
  ];
  it.each(cases)("%s", async (_, keywords, valid, invalid) => {
    const { T } = await schemasOf(`T:\n${keywords.replace(/^/gm, "  ")}`);
    for (const value of valid) expect(accepts(T!, value), JSON.stringify(value)).toBe(true);
    for (const value of invalid) expect(accepts(T!, value), JSON.stringify(value)).toBe(false);
  });

  it("applies $ref siblings in 3.1 and ignores them in 3.0", async () => {
    const body = "Base:\n  type: string\nT:\n  $ref: '#/components/schemas/Base'\n  maxLength: 2";
    expect(accepts((await schemasOf(body)).T!, "abc")).toBe(false);
    expect(accepts((await schemasOf(body, "3.0.3")).T!, "abc")).toBe(true);
  });

  it("types readOnly properties out of requests and writeOnly ones out of responses", () => {
    const dir = tempDir({
      "api.yaml": `openapi: 3.1.0
info: { title: T, version: "1" }
paths:
  /users:
    post:
      operationId: users.create
      requestBody: { required: true, content: { application/json: { schema: { $ref: '#/components/schemas/User' } } } }
      responses: { '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/User' } } } } }
components:
  schemas:
    User:
      type: object
      required: [id, name, password]
      properties:
        id: { type: integer, readOnly: true }
        name: { type: string }
        password: { type: string, writeOnly: true }
`,
    });
    const types = generateFiles(join(dir, "api.yaml")).get("types.ts")!;
    expect(types).toMatch(/export interface User \{[^}]*id: number;[^}]*name: string;[^}]*\}/);
    expect(types).not.toMatch(/export interface User \{[^}]*password/);
    expect(types).toMatch(/export interface UserInput \{[^}]*name: string;[^}]*password: string;[^}]*\}/);
    expect(types).not.toMatch(/export interface UserInput \{[^}]*id:/);
  });
});

describe("the allOf-inheritance discriminator pattern", () => {
  it("validates a value referenced as the base against the subtype its discriminator names", async () => {
    const s = await schemasOf(`Pet:
  type: object
  required: [petType, name]
  properties: { petType: { type: string }, name: { type: string } }
  discriminator: { propertyName: petType, mapping: { cat: '#/components/schemas/Cat' } }
Cat:
  allOf:
    - $ref: '#/components/schemas/Pet'
    - type: object
      required: [meows]
      properties: { meows: { type: boolean } }
Dog:
  allOf:
    - $ref: '#/components/schemas/Pet'
    - type: object
      required: [barks]
      properties: { barks: { type: boolean } }`);
    expect(accepts(s.Pet!, { petType: "cat", name: "Tom", meows: true })).toBe(true);
    expect(accepts(s.Pet!, { petType: "cat", name: "Tom" })).toBe(false); // a cat must meow
    expect(accepts(s.Pet!, { petType: "Dog", name: "Rex", barks: false })).toBe(true); // implicit mapping by component name
    expect(accepts(s.Pet!, { petType: "Dog", name: "Rex" })).toBe(false);
    expect(accepts(s.Pet!, { petType: "hamster", name: "Hammy" })).toBe(true); // no subtype: the base alone
    expect(accepts(s.Cat!, { petType: "cat", name: "Tom", meows: true })).toBe(true);
  });
});

describe("x-wxgen-tolerant: lenient about what the API sends, exact about what the client sends", () => {
  const spec = [
    "openapi: 3.1.0",
    "info: { title: T, version: '1' }",
    "x-wxgen-tolerant: true",
    "paths:",
    "  /check:",
    "    post:",
    "      operationId: check",
    "      requestBody: { content: { application/json: { schema: { $ref: '#/components/schemas/Verdict' } } } }",
    "      responses: { '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Verdict' } } } } }",
    "components:",
    "  schemas:",
    "    Verdict:",
    "      type: object",
    "      properties:",
    "        suggest: { type: string, enum: [pass, risky] }",
    "        label: { type: integer }",
    "        subscribed: { type: [boolean, integer] }",
    "        kind: { const: v }",
  ].join("\n");

  it("opens enums and reads numeric strings in responses, keeps requests exact", async () => {
    const dir = tempDir({ "api.yaml": spec });
    await generate({ input: join(dir, "api.yaml"), output: join(dir, "out") });
    const { check } = await import(pathToFileURL(join(dir, "out", "operations", "client.ts")).href);
    const [response, request] = [check.response.schema(), check.body.schema()];
    expect(response.safeParse({ suggest: "new", label: "7" }).data).toEqual({ suggest: "new", label: 7 });
    expect(response.safeParse({ kind: "other" }).success).toBe(false);
    expect(request.safeParse({ suggest: "new" }).success).toBe(false);
    expect(request.safeParse({ label: "7" }).success).toBe(false);
    // A type list reads a numeric string through its number branch, in responses only.
    expect(response.safeParse({ subscribed: "1" }).data).toEqual({ subscribed: 1 });
    expect(response.safeParse({ subscribed: "yes" }).success).toBe(false);
    expect(request.safeParse({ subscribed: "1" }).success).toBe(false);
    const types = generateFiles(join(dir, "api.yaml")).get("types.ts")!;
    expect(types).toContain('suggest?: "pass" | "risky" | (string & {});');
    expect(types).toContain('suggest?: "pass" | "risky";');
  });

  it("must be true or false", () => {
    const dir = tempDir({ "api.yaml": spec.replace("x-wxgen-tolerant: true", "x-wxgen-tolerant: yes") });
    expect(() => loadModel(join(dir, "api.yaml"))).toThrow(/api\.yaml:3:\d+: x-wxgen-tolerant must be true or false/);
  });
});
