import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../../generator/index.js";
import { callbackSignature } from "../../generator/runtime/push-callback.js";
import { createIntracityOrderStatusReceiver, createWeChatClient, type PushReceiver, type WxExpressIntracityAddOrderRequest, type WxExpressIntracityOrderStatusCallback } from "../../generated/wechat/index.js";
import { SimulatedApiSecurity } from "../../packages/wechat/simulator/api-security.js";
import { intracitySign } from "../../packages/wechat/simulator/intracity.js";
import { startSimulator, type WeChatSimulator } from "../../packages/wechat/simulator/server.js";

/**
 * 同城配送's order-status callback (x-wxgen-callback): the simulator, as WeChat in API 安全 mode,
 * takes an order with a callback_url, and on mocknotify POSTs the signed callback there, to the
 * generated receiver over real HTTP.
 */
const account = new SimulatedApiSecurity();
let sim: WeChatSimulator;
const servers: Server[] = [];

beforeAll(async () => {
  sim = await startSimulator({ apiSecurity: account });
});
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await sim.close();
});

async function listen(receiver: PushReceiver): Promise<string> {
  const server = createServer(receiver.listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/intracity/callback`;
}

const quiet = { warn: () => undefined, error: () => undefined };
const model = loadModel("spec/wechat-miniprogram.yaml");
const example = model.webhooks.find((w) => w.name === "intracityOrderStatus")!.examples["application/json"]![0]!.value as Record<string, unknown>;
/** The addorder page's request example (the sandbox recipient SF requires): the order is placed with it. */
const addOrderExample = model.operations.find((op) => op.id === "weixinExpress.intracityAddOrder")!.body!.examples[0]!.value as WxExpressIntracityAddOrderRequest;

/** The example re-signed with `token` and sent now: what a receiver with that secret accepts. */
function signed(token: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  const payload: Record<string, unknown> = { ...example, timestamp: Math.floor(Date.now() / 1000), ...fields };
  delete payload.sign;
  return { ...payload, sign: intracitySign(payload, token) };
}

const post = (receiver: PushReceiver, body: unknown) => receiver.handle({ method: "POST", query: {}, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("同城配送 order-status callback", () => {
  it("delivers mocknotify's callback to its typed handler and answers the acknowledgement WeChat expects", async () => {
    const got: WxExpressIntracityOrderStatusCallback[] = [];
    const url = await listen(createIntracityOrderStatusReceiver({ secret: sim.pushAccount.token, handler: (message) => void got.push(message) }));
    const wechat = createWeChatClient({ appid: sim.appid, secret: sim.secret, baseUrl: sim.url, apiSecurity: account.clientOptions() });
    try {
      const order = await wechat.weixinExpress.intracityAddOrder({ ...addOrderExample, store_order_id: "order-1", callback_url: url });
      expect(order.store_order_id).toBe("order-1");
      await wechat.weixinExpress.intracityMockNotify({ wx_store_id: addOrderExample.wx_store_id, store_order_id: "order-1", order_status: 30000 });
    } finally {
      await wechat.close();
    }
    expect(got).toEqual([expect.objectContaining({ store_order_id: "order-1", order_status: 30000, wx_store_id: addOrderExample.wx_store_id })]);
    const sent = sim.state.callbacks.at(-1)!;
    expect(sent.answer.status).toBe(200);
    expect(JSON.parse(sent.answer.body)).toEqual({ return_code: 0, return_msg: "OK" });
  });

  it("signs as the simulator does, and as the addorder page says", () => {
    const payload = signed("token");
    const rule = { field: "sign", hash: "md5", append: "&token=" } as const;
    expect(callbackSignature(payload, rule, "token")).toBe(payload.sign);
    expect(callbackSignature(example, rule, "token")).toBe(example.sign); // the spec's example is signed with the Token "token"
  });

  it("answers what the handler returns instead of the acknowledgement", async () => {
    const receiver = createIntracityOrderStatusReceiver({ secret: "token", handler: () => ({ return_code: 0, return_msg: "已处理" }) });
    const answer = await post(receiver, signed("token"));
    expect([answer.status, JSON.parse(answer.body)]).toEqual([200, { return_code: 0, return_msg: "已处理" }]);
  });

  it("refuses bad signatures, replays, non-JSON and other methods without calling the handler", async () => {
    let calls = 0;
    const receiver = createIntracityOrderStatusReceiver({ secret: "token", handler: () => void calls++, logger: quiet });
    const refusals = await Promise.all([
      post(receiver, signed("another token")),
      post(receiver, { ...signed("token"), order_status: 70000 }), // changed after signing
      post(receiver, { ...signed("token"), sign: undefined }),
      post(receiver, signed("token", { timestamp: Math.floor(Date.now() / 1000) - 3600 })),
      post(receiver, "<xml/>"),
      post(receiver, "[]"),
      receiver.handle({ method: "GET", query: {} }),
    ]);
    expect(refusals.map((r) => [r.status, r.body])).toEqual([
      [403, "rejected: bad signature"],
      [403, "rejected: bad signature"],
      [403, "rejected: bad signature"],
      [403, "rejected: timestamp more than 300 s away"],
      [400, "rejected: body is not JSON"],
      [400, "rejected: body is not a JSON object"],
      [405, "rejected: only POST"],
    ]);
    expect(calls).toBe(0);
  });

  it("answers 500 when the handler fails or passes its time, so that WeChat calls again", async () => {
    const failing = createIntracityOrderStatusReceiver({ secret: "token", handler: () => Promise.reject(new Error("db down")), logger: quiet });
    expect((await post(failing, signed("token"))).status).toBe(500);
    const stuck = createIntracityOrderStatusReceiver({ secret: "token", handler: () => new Promise<void>(() => undefined), handlerTimeoutMs: 50, logger: quiet });
    expect((await post(stuck, signed("token"))).status).toBe(500);
  });

  it("refuses a signed payload its schema rejects (422), and a body over the cap (413)", async () => {
    const receiver = createIntracityOrderStatusReceiver({ secret: "token", handler: () => undefined, logger: quiet, maxBodyBytes: 2048 });
    const wrong = await post(receiver, signed("token", { order_status: "delivered" }));
    expect(wrong.status).toBe(422);
    expect(wrong.body).toContain("order_status");
    expect((await post(receiver, signed("token", { store_order_id: "x".repeat(4096) }))).status).toBe(413);
  });
});
