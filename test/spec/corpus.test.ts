import { readdirSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../generator/index.js";
import { mergeAllOf } from "../../generator/model/merge.js";
import type { Operation, Schema, SchemaObject } from "../../generator/model/types.js";
import { followRefs } from "../../generator/model/walk.js";
import { createPushHandler } from "../../generated/wechat/index.js";
import type { OperationSpec } from "../../generated/wechat/runtime/operation.js";
import { successExample } from "../../packages/wechat/build/example-routes.js";
import { pushSignature } from "../../generator/runtime/push-crypto.js";
import { delivery } from "../../packages/wechat/simulator/push.js";
import { deliverCallback } from "../callbacks.js";

/**
 * Tolerance corpus: each operation's official success example and each push's JSON example (or, for
 * a push documented in XML only, what its XML example reads as), changed
 * the ways WeChat's messages change — an optional field left out, unknown fields added, numbers
 * sent as numeric strings, an enum value the description does not list yet — must still validate
 * (through the generated schema the client checks responses with; through the push receiver) and
 * come back typed.
 */
const model = loadModel("spec/wechat-miniprogram.yaml");
const named = new Map(model.schemas.map((s) => [s.name, s.schema]));
const lookup = (name: string) => named.get(name)!;

const specs = new Map<string, OperationSpec>();
for (const file of readdirSync("generated/wechat/operations").filter((f) => f.endsWith(".ts"))) {
  const module = (await import(/* @vite-ignore */ pathToFileURL(`generated/wechat/operations/${file}`).href)) as Record<string, unknown>;
  for (const value of Object.values(module)) {
    const spec = value as Partial<OperationSpec>;
    if (typeof spec?.id === "string" && spec.response) specs.set(spec.id, spec as OperationSpec);
  }
}

type Path = (string | number)[];
type Json = unknown;

/** The object schema (refs followed, allOf merged) a value is checked against; undefined when not an object. */
function schemaObject(schema: Schema): SchemaObject | undefined {
  const object = followRefs(schema, lookup);
  return object && (mergeAllOf(object, lookup) ?? object);
}

/** Every place in an example with the schema that describes it. */
function places(value: Json, schema: Schema, path: Path = []): { path: Path; value: Json; schema: SchemaObject; required: boolean }[] {
  const object = schemaObject(schema);
  if (!object) return [];
  const out: ReturnType<typeof places> = [];
  if (Array.isArray(value) && object.items !== undefined) value.forEach((item, i) => out.push(...places(item, object.items!, [...path, i])));
  // A one-item list WeChat collapsed to the item (pushes): walked as the item.
  else if (value !== null && typeof value === "object" && object.items !== undefined) return places(value, object.items, path);
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      const property = object.properties?.[key];
      if (property === undefined) continue;
      const childSchema = schemaObject(property);
      if (childSchema) out.push({ path: [...path, key], value: child, schema: childSchema, required: (object.required ?? []).includes(key) });
      out.push(...places(child, property, [...path, key]));
    }
  }
  return out;
}

function changed(value: Json, path: Path, change: (parent: Record<string | number, Json>, key: string | number) => void): Json {
  const copy = structuredClone(value) as Record<string | number, Json>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  change(parent, path[path.length - 1]!);
  return copy;
}

/** The value at a path of the example in what came back, where a collapsed one-item list came back as a list. */
function at(value: Json, path: Path): Json {
  let here = value;
  for (const key of path) {
    if (Array.isArray(here) && typeof key === "string") here = here[0];
    here = (here as Record<string | number, Json> | undefined)?.[key];
  }
  return here;
}

const numeric = (s: SchemaObject) => s.type?.some((t) => t === "integer" || t === "number") && s.format !== "int64" && !s.type.includes("string");

type Kind = "optional field left out" | "unknown field" | "numeric string" | "unknown enum value";

/** The variants of one example: [kind, what changed, the changed answer, what must come back there]. */
function variants(example: Json, schema: Schema): [Kind, string, Json, (data: Json) => void][] {
  const found = places(example, schema);
  const out: ReturnType<typeof variants> = [];
  for (const place of found.filter((p) => !p.required)) {
    out.push(["optional field left out", `without ${place.path.join(".")}`, changed(example, place.path, (parent, key) => delete parent[key]), (data) => expect(at(data, place.path)).toBeUndefined()]);
  }
  const objects = [{ path: [] as Path, value: example }, ...found].filter((p) => p.value !== null && typeof p.value === "object" && !Array.isArray(p.value));
  for (const place of objects) {
    const path = [...place.path, "x_wxgen_unknown"];
    out.push(["unknown field", `with an unknown field at ${path.join(".")}`, changed(example, path, (parent, key) => (parent[key] = { any: 1 })), (data) => expect(at(data, path)).toEqual({ any: 1 })]);
  }
  for (const place of found.filter((p) => typeof p.value === "number" && numeric(p.schema))) {
    const text = String(place.value);
    out.push(["numeric string", `with ${place.path.join(".")} as "${text}"`, changed(example, place.path, (parent, key) => (parent[key] = text)), (data) => expect(at(data, place.path)).toBe(place.value)]);
  }
  for (const place of found.filter((p) => (p.schema.enum?.length ?? 0) > 1)) {
    const unknown = typeof place.value === "number" ? 987654 : "x_wxgen_new_value";
    out.push(["unknown enum value", `with ${place.path.join(".")} = ${JSON.stringify(unknown)}`, changed(example, place.path, (parent, key) => (parent[key] = unknown)), (data) => expect(at(data, place.path)).toBe(unknown)]);
  }
  return out;
}

const jsonOperations = model.operations.filter((op) => op.success.kind === "json" && op.success.schema !== undefined && successExample(op));

function count(totals: Map<Kind, number>, kind: Kind): void {
  totals.set(kind, (totals.get(kind) ?? 0) + 1);
}

function checkOperation(op: Operation, totals: Map<Kind, number>): void {
  const spec = specs.get(op.id);
  expect(spec, `${op.id} has no generated spec`).toBeDefined();
  const schema = spec!.response.schema!();
  for (const [kind, what, answer, expectation] of variants(successExample(op)!.value, op.success.schema!)) {
    const result = schema.safeParse(answer);
    if (!result.success) expect.fail(`${op.id} ${what}: ${JSON.stringify(result.error.issues)}`);
    expectation(result.data);
    count(totals, kind);
  }
}

const account = { token: "corpus-token", appid: "wx-corpus", encodingAESKey: "" };

/** Delivers one JSON push to a fresh receiver (no de-duplication across variants; a signed callback to its own) and returns what its handler got. */
async function received(name: string, payload: Json): Promise<{ handler: string; message: Json }[]> {
  const callback = model.webhooks.find((w) => w.name === name && w.callback);
  if (callback) {
    const { answer, got } = await deliverCallback(callback, payload as Record<string, unknown>);
    expect(answer.status, `${name} answered`).toBe(200);
    return got.map((message) => ({ handler: name, message: message as Json }));
  }
  const got: { handler: string; message: Json }[] = [];
  const handlers = Object.fromEntries(model.webhooks.map((w) => [w.name, (message: Json) => void got.push({ handler: w.name, message })]));
  const receiver = createPushHandler({ ...account, handlers: { ...handlers, unknown: (message: Json) => void got.push({ handler: "unknown", message }) }, logger: { warn: () => undefined, error: () => undefined } });
  const push = delivery(account, payload as Record<string, unknown>, { mode: "plain", format: "json" });
  expect((await receiver.handle({ method: "POST", ...push })).status, `${name} answered`).toBe(200);
  await receiver.idle();
  return got;
}

/** What the receiver hands a push's handler for a raw body (plain mode, signed). */
async function handed(name: string, body: string): Promise<Json> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = "20260101";
  const got: Json[] = [];
  const receiver = createPushHandler({ ...account, handlers: { [name]: (message: Json) => void got.push(message) }, logger: { warn: () => undefined, error: () => undefined } });
  await receiver.handle({ method: "POST", query: { signature: pushSignature(account.token, timestamp, nonce), timestamp, nonce }, body });
  await receiver.idle();
  return got[0];
}

/**
 * Each push's JSON example; for a push documented in XML only, what the receiver reads its XML
 * example as (the JSON layout, typed), so that it is varied and delivered the same way.
 */
const pushes = await Promise.all(
  model.webhooks.map(async (w) => {
    const xml = w.examples["application/xml"]?.[0]?.value;
    const example = w.examples["application/json"]?.[0]?.value ?? (typeof xml === "string" ? await handed(w.name, xml) : undefined);
    return { webhook: w, example };
  }),
).then((all) => all.filter((p) => p.example !== undefined));

describe("WeChat's answers, changed as WeChat changes them, still validate and come back typed", () => {
  const totals = new Map<Kind, number>();
  for (const op of jsonOperations) it(op.id, () => checkOperation(op, totals));

  it("covers every operation that answers JSON, with every kind of change", () => {
    // These pages publish an error body as their only response example.
    const withoutSuccessExample = model.operations.filter((op) => op.success.kind === "json" && !jsonOperations.includes(op)).map((op) => op.id);
    expect(withoutSuccessExample).toEqual(["updatableMessage.createActivityId", "nearbyPoi.setShowStatus", "immediateDelivery.getOrder"]);
    expect([...totals.keys()].sort()).toEqual(["numeric string", "optional field left out", "unknown enum value", "unknown field"]);
  });
});

describe("WeChat's pushes, changed the same ways, reach their typed handlers", () => {
  const totals = new Map<Kind, number>();
  for (const { webhook, example } of pushes) {
    it(webhook.name, async () => {
      for (const [kind, what, payload, expectation] of variants(example, webhook.schema)) {
        const got = await received(webhook.name, payload);
        expect(got.map((g) => g.handler), `${webhook.name} ${what}`).toEqual([webhook.name]);
        expectation(got[0]!.message);
        count(totals, kind);
      }
    });
  }

  it("covers every push, with every kind of change", () => {
    expect(pushes.map((p) => p.webhook.name)).toEqual(model.webhooks.map((w) => w.name));
    expect([...totals.keys()].sort()).toEqual(["numeric string", "optional field left out", "unknown enum value", "unknown field"]);
  });
});
