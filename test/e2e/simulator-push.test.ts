import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPushHandler, type PushHandlers, type PushReceiver, type PushReceiverOptions } from "../../generated/wechat/index.js";
import { newEncodingAESKey } from "../../packages/wechat/simulator/push.js";
import { startSimulator, type PushMode, type WeChatSimulator } from "../../packages/wechat/simulator/server.js";

/** The simulator delivers pushes as WeChat does, to the generated receiver over real HTTP. */

let sim: WeChatSimulator;
const servers: Server[] = [];

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await sim.close();
});

/** A receiver configured from the simulator's push settings, listening on 127.0.0.1. */
async function receiver(options: Partial<PushReceiverOptions<PushHandlers>> = {}) {
  const got: unknown[] = [];
  const warnings: string[] = [];
  const push: PushReceiver = createPushHandler({
    ...sim.pushAccount,
    handlers: { text: (message) => void got.push(message), unknown: (message) => void got.push({ unknown: message }) },
    logger: { warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
    ...options,
  });
  const server = createServer(push.listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/wechat/push`, push, got, warnings };
}

const text = { ToUserName: "gh_97417a04a28d", FromUserName: "o-user-1", CreateTime: 1714112445, MsgType: "text", Content: "你好 <b>&amp; ]]>", MsgId: "23478023473801234567" };
const modes: PushMode[] = ["plain", "compatible", "secure"];
const cases = modes.flatMap((mode) => (["xml", "json"] as const).map((format) => [mode, format] as const));

describe("deliverPush", () => {
  it.each(cases)("%s mode, %s: signed as WeChat signs, received typed", async (mode, format) => {
    const r = await receiver({ requireEncryption: mode === "secure" });
    let n = 0;
    for (const payload of [text, { ...text, MsgId: "23478023473801234568", Content: "second" }]) {
      const answer = await sim.deliverPush(r.url, payload, { mode, format });
      expect(answer).toEqual({ status: 200, contentType: "text/plain; charset=utf-8", body: "success", reply: undefined });
      n++;
    }
    await r.push.idle();
    expect(r.got).toEqual([text, { ...text, MsgId: "23478023473801234568", Content: "second" }]);
    expect([n, r.warnings]).toEqual([2, []]);
  });

  it.each(cases)("%s mode, %s: reads the passive reply as WeChat would, decrypted and verified", async (mode, format) => {
    const r = await receiver({ reply: "sync", handlers: { text: (m) => ({ ToUserName: m.FromUserName, FromUserName: m.ToUserName, CreateTime: 1, MsgType: "transfer_customer_service" }) } });
    const answer = await sim.deliverPush(r.url, text, { mode, format });
    expect(answer.status).toBe(200);
    expect(answer.reply).toEqual({ ToUserName: "o-user-1", FromUserName: "gh_97417a04a28d", CreateTime: format === "xml" ? "1" : 1, MsgType: "transfer_customer_service" });
    if (mode !== "plain") expect(answer.body).toContain("Encrypt");
  });

  it("is refused when signed with another Token, encrypted with another key or stale", async () => {
    const r = await receiver();
    expect((await sim.deliverPush(r.url, text, { mode: "plain", format: "xml", account: { token: "not-the-token" } })).status).toBe(403);
    // Decrypted with the wrong key, the bytes almost always fail the padding or length check (400).
    expect([400, 403]).toContain((await sim.deliverPush(r.url, text, { mode: "secure", format: "json", account: { encodingAESKey: newEncodingAESKey() } })).status);
    expect((await sim.deliverPush(r.url, text, { mode: "secure", format: "json", account: { appid: "wx-someone-else" } })).status).toBe(403);
    expect((await sim.deliverPush(r.url, text, { mode: "secure", format: "xml", timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(403);
    expect(r.got).toEqual([]);
    expect(r.warnings).toEqual([
      "rejected (403): bad signature",
      expect.stringMatching(/^rejected \(40[03]\): /),
      "rejected (403): decrypted push is for another appid",
      "rejected (403): timestamp more than 300 s away",
    ]);
  });

  it("says so when the receiver's reply is one WeChat could not read", async () => {
    const plainReply = createServer((_req, res) => res.end("<xml><MsgType>text</MsgType></xml>"));
    servers.push(plainReply);
    await new Promise<void>((resolve) => plainReply.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(plainReply.address() as AddressInfo).port}/`;
    await expect(sim.deliverPush(url, text, { mode: "secure", format: "xml" })).rejects.toThrow("replied in plaintext");
    expect((await sim.deliverPush(url, text, { mode: "plain", format: "xml" })).reply).toEqual({ MsgType: "text" });
  });
});

describe("verifyPushUrl", () => {
  it("passes when the receiver echoes echostr, and fails with another Token", async () => {
    const r = await receiver();
    expect(await sim.verifyPushUrl(r.url)).toMatchObject({ status: 200, verified: true });
    expect(await sim.verifyPushUrl(r.url, { token: "not-the-token" })).toMatchObject({ status: 403, verified: false });
  });
});
