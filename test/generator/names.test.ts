import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runtimeNames } from "../../generator/emit/names.js";
import { loadModel } from "../../generator/index.js";
import { RecordingServer } from "../recording-server.js";
import { cacheDir, generateAndTypecheck } from "../typecheck.js";

/**
 * Names a description may use that JavaScript, TypeScript or the generated files themselves give
 * meaning to: as operationIds, namespaces and schema names, each generates a client that
 * type-checks under strict (the `@ts-nocheck` files too), calls its API over HTTP and is not a thenable.
 */
const meanings = ["then", "constructor", "toString", "valueOf", "hasOwnProperty", "__proto__", "prototype", "arguments", "eval", "default"];
const globals = ["Record", "Readonly", "Promise", "Object", "RegExp"];
const fileNames = ["t", "schemas", "Schemas", "ZodType", "routes", "PushHandlers", "PushMessage", "createPushHandler", "schemes", "tokenRules", "inBandError"];
/** types.ts's and errors.ts's HttpError names, and one an operation's `<Op>HttpError` would take (`then`'s). */
const httpErrorNames = ["http", "HttpErrors", "HttpErrorOf", "isHttpError", "UndocumentedHttpError", "ThenHttpError"];
const hostile = [...new Set([...meanings, ...globals, ...fileNames, ...httpErrorNames, ...runtimeNames.map((r) => r.name)])];
/** operationIds equal but for case name one method (an error): one of each. */
const operationIds = hostile.filter((name, i) => hostile.findIndex((other) => other.toLowerCase() === name.toLowerCase()) === i);

/** One schema per hostile name, each with properties whose checks call runtime helpers (`format`, `not`, `codePoints`). */
function schemaOf(): object {
  return {
    type: "object",
    required: ["v"],
    properties: { v: { type: "string", minLength: 1 }, day: { type: "string", format: "date" }, other: { not: { type: "integer" } } },
  };
}

/** A description where every hostile name is an operationId, a namespace and a schema; each operation answers one of those schemas. */
function description(): object {
  const paths: Record<string, object> = {};
  operationIds.forEach((name, i) => {
    const body = { "application/json": { schema: { $ref: `#/components/schemas/${name}` } } };
    // A documented error response gives each operation its `<Op>HttpError` type.
    const answer = { "200": { description: "ok", content: body }, "4XX": { description: "problem", content: body } };
    // Inline parameter schemas call runtime helpers from the operations module, beside constants named like them.
    const parameters = [{ name: "q", in: "query", schema: { type: "string", minLength: 1, format: "date" } }, { name: "n", in: "query", schema: { not: { type: "integer" } } }];
    paths[`/plain/${i}`] = { get: { operationId: name, parameters, responses: answer } };
    paths[`/namespaced/${i}`] = { get: { operationId: `${name}.${name}`, parameters, responses: answer } };
  });
  return {
    openapi: "3.1.0",
    info: { title: "Hostile", version: "1" },
    "x-wxgen-push": "wechat",
    paths,
    webhooks: { [hostile[0]!]: { post: { requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/PushContext" } } } }, responses: { "200": { description: "ok" } } } } },
    components: { schemas: Object.fromEntries(hostile.map((name) => [name, schemaOf()])) },
  };
}

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("names JavaScript, TypeScript and the generated files give meaning to", () => {
  const dir = cacheDir("hostile-names");
  const input = join(dir, "api.json");
  writeFileSync(input, JSON.stringify(description()));
  const server = new RecordingServer();
  let module: Loose;
  beforeAll(async () => {
    await server.start();
  });
  afterAll(() => server.close());

  it("generate a client that type-checks under strict, the files users' tsc skips included", async () => {
    const { code, output } = await generateAndTypecheck(input, "hostile-names-client", { checkEverything: true });
    expect(output).toBe("");
    expect(code).toBe(0);
    module = (await import(pathToFileURL(join(".cache", "typecheck", "hostile-names-client", "client", "index.ts")).href)) as Loose;
  }, 120_000);

  it("call every operation over HTTP and validate each answer", async () => {
    const client = module.createHostileClient({ baseUrl: server.origin }) as Loose;
    server.reply = { status: 200, type: "application/json", body: '{"v":"x","day":"2024-01-31","other":"text"}' };
    for (const op of loadModel(input).operations) {
      const api = op.namespace.length === 0 ? client : namespaceWith(client, op.method);
      const result = await api[op.method]({ q: "2024-01-31" });
      expect(result, op.id).toEqual({ v: "x", day: "2024-01-31", other: "text" });
      expect(server.last().url).toBe(`${op.path}?q=2024-01-31`);
    }
    await client.close();
  }, 60_000);

  it("reject a wrong answer through the schema of each hostile name (its checks run)", async () => {
    const client = module.createHostileClient({ baseUrl: server.origin }) as Loose;
    server.reply = { status: 200, type: "application/json", body: '{"v":"x","day":"not a date","other":1}' };
    for (const op of loadModel(input).operations.filter((o) => o.namespace.length === 0)) {
      await expect(client[op.method]({ q: "2024-01-31" }), op.id).rejects.toThrow(/day|other/);
      await expect(client[op.method]({ q: "not a date" }), op.id).rejects.toThrow(/q/);
    }
    await client.close();
  }, 60_000);

  it("type each operation's HttpError by its documented response, whatever the names", async () => {
    const client = module.createHostileClient({ baseUrl: server.origin }) as Loose;
    server.reply = { status: 404, type: "application/json", body: '{"v":"x","day":"2024-01-31","other":"text"}' };
    const [then, other] = ["then", "constructor"].map((id) => loadModel(input).operations.find((op) => op.operationId === id)!);
    const error = await client[then!.method]({ q: "2024-01-31" }).catch((e: unknown) => e);
    expect([module.isHttpError(error, then!.id), module.isHttpError(error, other!.id)]).toEqual([true, false]);
    expect([error.documented, error.body.v]).toEqual(["4XX", "x"]);
    await client.close();
    // The map's name is the runtime's to take: a schema called HttpErrors moves aside, as does an <Op>HttpError a schema holds.
    const types = readFileSync(join(".cache", "typecheck", "hostile-names-client", "client", "types.ts"), "utf8");
    expect(types.match(/^export interface HttpErrors \{$/gm)).toHaveLength(1);
    expect(types).toMatch(/^export interface HttpErrors2 \{$/m);
    expect(types).toMatch(/^export type ThenHttpError2 =$/m);
  });

  it("make a client that is not a thenable, and whose namespaces are not either", async () => {
    const client = module.createHostileClient({ baseUrl: server.origin }) as Loose;
    expect("then" in client).toBe(false);
    expect(await (async () => client)()).toBe(client);
    for (const key of Object.keys(client)) expect("then" in client[key], key).toBe(false);
    await client.close();
  });

  it("keep every component in `schemas` by its own name, __proto__ included", async () => {
    const { schemas } = (await import(pathToFileURL(join(".cache", "typecheck", "hostile-names-client", "client", "schemas.ts")).href)) as Loose;
    expect(Object.keys(schemas).sort()).toEqual([...hostile].sort());
    expect(Object.hasOwn(schemas, "__proto__")).toBe(true);
    expect(schemas["__proto__"].safeParse({ v: "x" }).success).toBe(true);
    expect(Object.getPrototypeOf(schemas)).toBe(Object.prototype);
  });

  it("import each runtime helper under its own name, next to operation constants that would have taken it", () => {
    const operations = readFileSync(join(".cache", "typecheck", "hostile-names-client", "client", "operations", "client.ts"), "utf8");
    expect(operations).toMatch(/^import \{ [^}]*\bformat\b[^}]*\bnot\b[^}]*\} from "\.\.\/runtime\/schema\.js";$/m);
    expect(operations).toMatch(/^export const format2: OperationSpec = /m);
    expect(operations).not.toMatch(/^export const then\b/m);
  });
});

/** The namespace member (`then` became `then2`) whose class declares this method: each namespace here has a method of its own name. */
function namespaceWith(client: Loose, method: string): Loose {
  const key = Object.keys(client).find((k) => typeof client[k] === "object" && Object.hasOwn(Object.getPrototypeOf(client[k]), method));
  return client[key!];
}
