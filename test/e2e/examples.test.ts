import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../../generator/index.js";
import type { Operation, RequestBody, Schema } from "../../generator/model/types.js";
import { createWeChatClient, WeChatApiError, type WeChatClient } from "../../generated/wechat/index.js";
import { exampleRoutes, isErrorExample, successExample } from "../../packages/wechat/build/example-routes.js";
import { TINY_PNG } from "../../packages/wechat/simulator/examples.js";
import { startSimulator, type WeChatSimulator } from "../../packages/wechat/simulator/server.js";

/**
 * Every operation of the WeChat description, driven by its official examples over real HTTP: the
 * request example must pass the client's validation and reach WeChat in the documented wire form;
 * the response example must validate and come back typed; each documented error example must
 * surface as a WeChatApiError with its code.
 */
const model = loadModel("spec/wechat-miniprogram.yaml");
/** Signing keys (x-wxgen-signature): the simulator checks every signed operation with them. */
const appKey = "example-app-key";
const sessionKey = "9hAb/NEYUlkaMBEsmFgzig==";
let sim: WeChatSimulator;
let wechat: WeChatClient;

beforeAll(async () => {
  sim = await startSimulator({ examples: exampleRoutes(model), signing: { model, keys: { appKey, sessionKey } } });
  wechat = createWeChatClient({ appid: "wx-example-appid", secret: "example-secret", appKey, baseUrl: sim.url });
});
afterAll(async () => {
  await wechat.close();
  await sim.close();
});

type Method = (input?: unknown) => Promise<unknown>;

function methodOf(op: Operation): Method {
  let target = wechat as unknown as Record<string, unknown>;
  for (const segment of op.namespace) target = target[segment] as Record<string, unknown>;
  return (target[op.method] as Method).bind(target);
}

/** The secret-bearing fields the client fills itself (appid/secret in stable_token's body). */
function credentialFields(op: Operation): Set<string> {
  if (op.credentialsIn !== "body") return new Set();
  const keys = new Set(op.security.flat());
  return new Set(model.securitySchemes.filter((s) => keys.has(s.key) && s.paramName).map((s) => s.paramName!));
}

/** Per-call signing keys the operation asks for (`sessionKey`). */
function keyArguments(op: Operation): string[] {
  const keys = new Set(op.security.flat());
  return model.securitySchemes.filter((s) => keys.has(s.key) && s.signature?.keyArgument).map((s) => s.signature!.keyArgument!);
}

/** What a caller passes, built from the examples: no constants, no credentials, the signing keys it needs. */
function inputOf(op: Operation): Record<string, unknown> | undefined {
  const input: Record<string, unknown> = Object.fromEntries(keyArguments(op).map((name) => [name, sessionKey]));
  for (const param of op.params) if (param.example !== undefined) input[param.name] = param.example.value;
  const body = op.body;
  if (body?.encoding === "multipart") Object.assign(input, multipartInput(body));
  else if (body && body.examples[0]) {
    const skip = new Set([...op.fills.filter((f) => f.in === "body").map((f) => f.name), ...credentialFields(op)]);
    const value = Object.fromEntries(Object.entries(body.examples[0].value as Record<string, unknown>).filter(([key]) => !skip.has(key)));
    if (body.flatten) Object.assign(input, value);
    else input.body = value;
  }
  return op.params.length === 0 && !body && Object.keys(input).length === 0 ? undefined : input;
}

/** The body schema itself, behind a reference to a named schema. */
function resolved(schema: Schema): Schema {
  const ref = typeof schema === "object" ? schema.ref : undefined;
  return ref === undefined ? schema : resolved(model.schemas.find((s) => s.name === ref)!.schema);
}

/** A multipart body: the example's fields (a file upload has no JSON example of the file) and a tiny PNG for each file field. */
function multipartInput(body: RequestBody): Record<string, unknown> {
  const schema = resolved(body.schema);
  const properties = typeof schema === "object" ? (schema.properties ?? {}) : {};
  const files = Object.keys(properties).filter((key) => {
    const property = resolved(properties[key]!);
    return typeof property === "object" && property.format === "binary";
  });
  const fields = (body.examples[0]?.value ?? {}) as Record<string, unknown>;
  return { ...fields, ...Object.fromEntries(files.map((key) => [key, { data: TINY_PNG, filename: "a.png", contentType: "image/png" }])) };
}

/** Deep equality where a JSON string in the example may come back decoded (contentSchema). */
function matchesExample(actual: unknown, example: unknown): boolean {
  if (typeof example === "string" && actual !== null && typeof actual === "object") {
    try {
      return matchesExample(actual, JSON.parse(example));
    } catch {
      return false;
    }
  }
  if (Array.isArray(example)) return Array.isArray(actual) && actual.length === example.length && example.every((e, i) => matchesExample(actual[i], e));
  if (example !== null && typeof example === "object") {
    if (actual === null || typeof actual !== "object") return false;
    return Object.entries(example).every(([key, value]) => matchesExample((actual as Record<string, unknown>)[key], value));
  }
  return Object.is(actual, example);
}

/** The simulator must tell every operation apart, those sharing a path (by their constants) too. */
function lastRequestTo(op: Operation) {
  return sim.received(op.id).at(-1)!;
}

describe("every WeChat operation, from its official examples", () => {
  it("covers the whole description", () => {
    expect(model.operations.length).toBeGreaterThanOrEqual(84);
  });

  it.each(model.operations.map((op) => [op.id, op] as const))("%s", async (_, op) => {
    const result = await methodOf(op)(inputOf(op));

    // The wire form: documented parameters, filled constants, the documented body.
    const sent = lastRequestTo(op);
    for (const param of op.params.filter((p) => p.in === "query" && p.example !== undefined)) {
      const value = param.example!.value;
      if (value === null || typeof value !== "object") expect(sent.query[param.name], param.name).toBe(String(value));
    }
    for (const fill of op.fills.filter((f) => f.in === "query")) expect(sent.query[fill.name]).toBe(String(fill.value));
    // A multipart body carries every example field and every file, each as a named part.
    if (op.body?.encoding === "multipart") {
      for (const name of Object.keys(multipartInput(op.body))) expect(sent.body, name).toContain(`name="${name}"`);
    }
    const bodyExample = op.body?.encoding === "json" ? op.body.examples[0]?.value : undefined;
    if (bodyExample !== undefined) {
      const credentials = credentialFields(op);
      const wire = JSON.parse(sent.body) as Record<string, unknown>;
      for (const key of credentials) delete wire[key];
      const expected = Object.fromEntries(Object.entries(bodyExample as Record<string, unknown>).filter(([key]) => !credentials.has(key)));
      expect(wire).toEqual(expected);
    }

    // The response: typed and equal to the documented example.
    if (op.success.kind === "binary") expect(result).toEqual({ data: TINY_PNG, contentType: "image/png" });
    const example = successExample(op);
    if (op.success.kind === "json" && example) expect(matchesExample(result, example.value), JSON.stringify(result)).toBe(true);
  });

  const errorCases = model.operations.flatMap((op) => op.success.examples.filter(isErrorExample).map((e) => [`${op.id} (${e.summary ?? e.name})`, op, e.value] as const));
  const tokenCodes = model.securitySchemes.flatMap((s) => s.token?.invalidCodes ?? []);
  it.each(errorCases)("%s surfaces as WeChatApiError", async (_, op, example) => {
    const code = Number((example as { errcode: unknown }).errcode);
    // A token error is answered by one refresh and one replay: it surfaces when the replay fails too.
    const times = tokenCodes.includes(code) ? 2 : 1;
    sim.inject(`${op.httpMethod} ${op.path}`, ...Array.from({ length: times }, () => example as Record<string, unknown>));
    const error = await methodOf(op)(inputOf(op)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatApiError);
    expect((error as WeChatApiError).errcode).toBe(code);
  });
});
