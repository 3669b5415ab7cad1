import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../generator/index.js";
import { pushSignature } from "../../generator/runtime/push-crypto.js";
import { parsePush, type PushFormat } from "../../generator/runtime/push-format.js";
import { plainRef } from "../../generator/model/walk.js";
import { createPushHandler, type PushHandlers } from "../../generated/wechat/index.js";
import { deliverCallback } from "../callbacks.js";
import { schemas } from "../../generated/wechat/schemas.js";

/**
 * Every push example of the WeChat description, delivered signed in plain mode (JSON as JSON, XML as the documented
 * XML) to the generated receiver: it must reach the handler named by its webhook, validated, with the example's
 * routing fields, and answer success. A signed callback's examples go to its own receiver instead.
 */
const model = loadModel("spec/wechat-miniprogram.yaml");
const token = "push-examples-token";

/** Each documented push example as the body WeChat would POST: [title, handler name, body]. */
function pushExamples() {
  return model.webhooks.filter((w) => !w.callback).flatMap((webhook) =>
    Object.entries(webhook.examples).flatMap(([mediaType, examples]) =>
      examples.map((example) => {
        const body = typeof example.value === "string" ? example.value : JSON.stringify(example.value);
        return [`${webhook.name} (${mediaType}, ${example.name})`, webhook.name, body] as const;
      }),
    ),
  );
}

function signedQuery(): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomBytes(4).readUInt32BE());
  return { signature: pushSignature(token, timestamp, nonce), timestamp, nonce };
}

/** A top-level routing field as the delivered body writes it (undefined where it has none). */
function routingValue(body: string, field: "MsgType" | "Event"): unknown {
  if (body.startsWith("{")) return (JSON.parse(body) as Record<string, unknown>)[field];
  return new RegExp(`<${field}>(?:<!\\[CDATA\\[(.*?)\\]\\]>|([^<]*))</${field}>`).exec(body)?.slice(1).find((v) => v !== undefined);
}

async function receive(body: string) {
  const got: { kind: string; message: Record<string, unknown> }[] = [];
  const handlers = Object.fromEntries(
    [...model.webhooks.map((w) => w.name), "unknown"].map((name) => [name, (message: Record<string, unknown>) => void got.push({ kind: name, message })]),
  ) as PushHandlers;
  const receiver = createPushHandler({ token, appid: "wx00000000000000a1", handlers, logger: { warn: () => {}, error: () => {} } });
  const answer = await receiver.handle({ method: "POST", query: signedQuery(), body });
  await receiver.idle();
  return { answer, got };
}

describe("every push example reaches its typed handler", () => {
  const cases = pushExamples();
  it("has examples to deliver", () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases)("%s", async (_, name, body) => {
    const { answer, got } = await receive(body);
    expect(answer.status).toBe(200);
    expect(got.map((g) => g.kind)).toEqual([name]);
    expect(got[0]!.message.MsgType).toBe(routingValue(body, "MsgType"));
    expect(got[0]!.message.Event).toBe(routingValue(body, "Event"));
  });
});

describe("every signed callback example reaches its handler and gets the acknowledgement", () => {
  const callbacks = model.webhooks.filter((w) => w.callback);
  it.each(callbacks.flatMap((w) => (w.examples["application/json"] ?? []).map((example) => [`${w.name} (${example.name})`, w, example.value] as const)))("%s", async (_, webhook, value) => {
    const { answer, got, sent } = await deliverCallback(webhook, value as Record<string, unknown>);
    expect([answer.status, JSON.parse(answer.body)]).toEqual([200, webhook.callback!.acknowledgement]);
    expect(got).toEqual([sent]);
  });
});

/** Each documented reply with every example of its push: [title, handler name, push body, reply]. */
function replyExamples() {
  return model.webhooks.flatMap((webhook) =>
    (webhook.reply?.examples ?? []).flatMap((reply) =>
      pushExamples()
        .filter(([, name]) => name === webhook.name)
        .map(([title, name, body]) => [`${title} answered with ${reply.name}`, name, body, reply.value as Record<string, unknown>] as const),
    ),
  );
}

describe("every documented reply goes back in the format of its push", () => {
  it("has replies, each a named schema whose examples it accepts", () => {
    const replying = model.webhooks.filter((w) => w.reply !== undefined);
    expect(replying.length).toBeGreaterThan(0);
    for (const webhook of replying) {
      const name = plainRef(webhook.reply!.schema);
      expect(name, `${webhook.name}'s reply`).toBeDefined();
      expect(webhook.reply!.examples.length, `${webhook.name}'s reply examples`).toBeGreaterThan(0);
      const schema = (schemas as unknown as Record<string, { safeParse(value: unknown): { success: boolean; error?: unknown } }>)[name!]!;
      for (const example of webhook.reply!.examples) expect(schema.safeParse(example.value).error, `${webhook.name} ${example.name}`).toBeUndefined();
    }
  });

  it.each(replyExamples())("%s", async (_, name, body, reply) => {
    const receiver = createPushHandler({ token, appid: "wx00000000000000a1", reply: "sync", handlers: { [name]: () => reply } as PushHandlers, logger: { warn: () => {}, error: () => {} } });
    const answer = await receiver.handle({ method: "POST", query: signedQuery(), body });
    expect(answer.status).toBe(200);
    const format: PushFormat = body.startsWith("{") ? "json" : "xml";
    expect(answer.contentType).toContain(format);
    // XML carries every value as text: compare what each format can say.
    const sent = await parsePush(answer.body, format);
    expect(sent).toEqual(format === "json" ? reply : await parsePush(xmlOf(reply), "xml"));
  });
});

/** The reply as WeChat's XML layout writes it, built independently of the receiver's serializer. */
function xmlOf(value: Record<string, unknown>): string {
  const element = (name: string, item: unknown): string =>
    Array.isArray(item) ? item.map((each) => element(name, each)).join("") : item !== null && typeof item === "object" ? `<${name}>${fields(item as Record<string, unknown>)}</${name}>` : `<${name}>${String(item)}</${name}>`;
  const fields = (object: Record<string, unknown>) => Object.entries(object).map(([name, item]) => element(name, item)).join("");
  return `<xml>${fields(value)}</xml>`;
}
