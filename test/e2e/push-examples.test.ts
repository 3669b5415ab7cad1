import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../generator/index.js";
import { pushSignature } from "../../generator/runtime/push-crypto.js";
import { createPushHandler, type PushHandlers } from "../../generated/wechat/index.js";

/**
 * Every documented push example of the WeChat description, delivered as WeChat sends it (plain mode,
 * signed), must reach the handler named by its webhook, never `unknown`.
 */
const model = loadModel("spec/wechat-miniprogram.yaml");
const token = "push-examples-token";

function signedQuery(): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomBytes(4).readUInt32BE());
  return { signature: pushSignature(token, timestamp, nonce), timestamp, nonce };
}

const cases = model.webhooks.flatMap((hook) =>
  Object.entries(hook.examples).flatMap(([mediaType, examples]) =>
    examples.map((example) => {
      const body = typeof example.value === "string" ? example.value : JSON.stringify(example.value);
      return [`${hook.name} (${mediaType}, ${example.name})`, hook.name, body] as const;
    }),
  ),
);

describe("every documented push example reaches its handler", () => {
  it("has examples to deliver", () => {
    expect(cases.length).toBeGreaterThanOrEqual(model.webhooks.length);
  });

  it.each(cases)("%s", async (_, name, body) => {
    const got: string[] = [];
    const warnings: string[] = [];
    const handlers = Object.fromEntries([...model.webhooks.map((w) => w.name), "unknown"].map((kind) => [kind, () => void got.push(kind)]));
    const receiver = createPushHandler({ token, appid: "wx00000000000000a1", handlers: handlers as PushHandlers, logger: { warn: (m) => warnings.push(m), error: (m) => warnings.push(m) } });
    expect(await receiver.handle({ method: "POST", query: signedQuery(), body })).toMatchObject({ status: 200, body: "success" });
    await receiver.idle();
    expect(warnings).toEqual([]);
    expect(got).toEqual([name]);
  });
});
