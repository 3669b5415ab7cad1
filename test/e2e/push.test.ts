import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { PushCrypto, pushSignature } from "../../generator/runtime/push-crypto.js";
import { createPushReceiver, type PushRoute } from "../../generator/runtime/push.js";
import { createPushHandler, redisDedupeStore, type PushHandlers, type PushLogger, type PushReceiverOptions } from "../../generated/wechat/index.js";
import samples from "../fixtures/wechat-crypto-samples.json" with { type: "json" };
import { redisAvailable, RedisServer } from "../redis.js";
import { deliver, delivery, newEncodingAESKey, verification, type PushAccount, type PushMode } from "../../packages/wechat/simulator/push.js";
import { startSimulator } from "../../packages/wechat/simulator/server.js";

const account: PushAccount = { token: "push-token-123", appid: "wx00000000000000a1", encodingAESKey: newEncodingAESKey() };
const text = { ToUserName: "gh_97417a04a28d", FromUserName: "o-user-1", CreateTime: 1714112445, MsgType: "text", Content: "你好 <b>&amp;", MsgId: "23478023473801234567" };

/** A receiver whose handlers record what they got and whose logger records warnings. */
function receiver(options: Partial<PushReceiverOptions<PushHandlers>> = {}) {
  const got: { kind: string; message: unknown }[] = [];
  const warnings: string[] = [];
  const logger: PushLogger = { warn: (m) => warnings.push(m), error: (m, e) => warnings.push(`${m}: ${String(e)}`) };
  const record = (kind: string) => (message: unknown) => {
    got.push({ kind, message });
  };
  const handler = createPushHandler({
    ...account,
    handlers: { text: record("text"), image: record("image"), subscribeMsgPopupEvent: record("popup"), userEnterTempsession: record("enter"), unknown: record("unknown") },
    logger,
    ...options,
  });
  return { handler, got, warnings };
}

async function post(r: ReturnType<typeof receiver>, push: { query: Record<string, unknown>; body: string }) {
  const answer = await r.handler.handle({ method: "POST", query: push.query, body: push.body });
  await r.handler.idle();
  return answer;
}

describe("known answers from WeChat's published samples", () => {
  const encrypted = samples.filter((s) => s.encrypt && s.encodingAESKey);
  it.each(encrypted.map((s) => [s.source.slice(0, 80), s] as const))("%s", (_, sample) => {
    if (sample.msgSignature && sample.timestamp && sample.nonce) {
      expect(pushSignature(sample.token!, sample.timestamp, sample.nonce, sample.encrypt!)).toBe(sample.msgSignature);
    }
    const { message, appid } = new PushCrypto(sample.encodingAESKey!).decrypt(sample.encrypt!);
    expect(appid).toBe(sample.appid);
    if (sample.plaintext) expect(message).toBe(sample.plaintext);
  });

  it("verifies the documented GET signature and echoes echostr", async () => {
    const sample = samples[0]!;
    const { handler } = receiver({ token: sample.token!, appid: sample.appid!, encodingAESKey: sample.encodingAESKey! });
    expect(await handler.handle({ method: "GET", query: sample.signatureCheck! })).toMatchObject({ status: 200, body: sample.signatureCheck!.echostr });
  });

  it("receives the documented encrypted JSON push end to end", async () => {
    const sample = samples[0]!;
    const r = receiver({ token: sample.token!, appid: sample.appid!, encodingAESKey: sample.encodingAESKey!, timestampToleranceSeconds: Number.POSITIVE_INFINITY });
    const body = JSON.stringify({ ToUserName: "gh_97417a04a28d", Encrypt: sample.encrypt });
    const query = { timestamp: sample.timestamp!, nonce: sample.nonce!, msg_signature: sample.msgSignature!, encrypt_type: "aes" };
    expect(await post(r, { query, body })).toMatchObject({ status: 200, body: "success" });
    expect(r.got).toEqual([{ kind: "unknown", message: JSON.parse(sample.plaintext!) }]); // debug_demo: not a kind this spec types
  });
});

describe("round trips", () => {
  const modes: PushMode[] = ["plain", "compatible", "secure"];
  const cases = modes.flatMap((mode) => (["xml", "json"] as const).map((format) => [mode, format] as const));
  it.each(cases)("%s mode, %s", async (mode, format) => {
    const r = receiver();
    expect(await post(r, delivery(account, text, { mode, format }))).toMatchObject({ status: 200, body: "success" });
    // Typed and exact: numbers from XML text, the 64-bit MsgId as digits, entities decoded.
    expect(r.got).toEqual([{ kind: "text", message: { ...text, Content: format === "xml" ? "你好 <b>&amp;" : text.Content } }]);
  });

  it("reads the XML layout of subscribe events into the JSON layout, one list item or several", async () => {
    const r = receiver();
    const xml = (items: string) =>
      `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o-1]]></FromUserName><CreateTime>1610969440</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe_msg_popup_event]]></Event><SubscribeMsgPopupEvent>${items}</SubscribeMsgPopupEvent></xml>`;
    const item = (id: string) => `<List><TemplateId><![CDATA[${id}]]></TemplateId><SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString><PopupScene>2</PopupScene></List>`;
    const query = delivery(account, {}, { mode: "plain", format: "xml" }).query;
    await post(r, { query, body: xml(item("T1")) });
    await post(r, { query: { ...query, nonce: `${query.nonce}1`, signature: pushSignature(account.token, query.timestamp!, `${query.nonce}1`) }, body: xml(item("T2") + item("T3")).replace("1610969440", "1610969441") });
    expect(r.got.map((g) => g.message)).toEqual([
      { ToUserName: "gh_1", FromUserName: "o-1", CreateTime: 1610969440, MsgType: "event", Event: "subscribe_msg_popup_event", List: [{ TemplateId: "T1", SubscribeStatusString: "accept", PopupScene: 2 }] },
      expect.objectContaining({ List: [expect.objectContaining({ TemplateId: "T2" }), expect.objectContaining({ TemplateId: "T3" })] }),
    ]);
  });

  it.each(["xml", "json"] as const)("routes an event spelled in another case to its typed handler, in the route's spelling (%s)", async (format) => {
    // WeChat documents event names as case-insensitive (物流助手: "add_waybill（不区分大小写）").
    const r = receiver();
    const shouted = { ToUserName: "gh_1", FromUserName: "o-3", CreateTime: 1714112446, MsgType: "Event", Event: "USER_ENTER_TEMPSESSION", SessionFrom: "card" };
    expect(await post(r, delivery(account, shouted, { mode: "secure", format }))).toMatchObject({ status: 200, body: "success" });
    expect(r.got).toEqual([{ kind: "enter", message: { ...shouted, MsgType: "event", Event: "user_enter_tempsession" } }]);
  });

  it("prefers the route spelled as received when two differ only in case", async () => {
    const got: string[] = [];
    const route = (name: string, Event: string): PushRoute => ({ name, match: { MsgType: "event", Event }, schema: () => z.looseObject({ Event: z.literal(Event) }) as never });
    const handlers = { lower: () => void got.push("lower"), upper: () => void got.push("upper") };
    const handler = createPushReceiver([route("lower", "click"), route("upper", "CLICK")], { ...account, handlers });
    const push = (Event: string, CreateTime: number) => delivery(account, { FromUserName: "o-4", CreateTime, MsgType: "event", Event }, { mode: "plain", format: "json" });
    for (const [Event, time] of [["CLICK", 1], ["click", 2], ["Click", 3]] as const) await handler.handle({ method: "POST", ...push(Event, time) });
    await handler.idle();
    expect(got).toEqual(["upper", "lower", "lower"]);
  });

  it("passes unknown kinds through untyped, and runs each push once however often WeChat retries", async () => {
    const r = receiver();
    const odd = { ToUserName: "gh_1", FromUserName: "o-2", CreateTime: 1, MsgType: "event", Event: "brand_new_event", Extra: { a: 1 } };
    const push = delivery(account, odd, { mode: "secure", format: "json" });
    for (let i = 0; i < 3; i++) expect((await post(r, push)).body).toBe("success");
    expect(r.got).toEqual([{ kind: "unknown", message: odd }]);
  });

  it("runs every push that has neither MsgId nor sender and time: they share no key to be told apart by", async () => {
    const r = receiver();
    const bare = (n: number) => ({ MsgType: "event", Event: "brand_new_event", serial: n });
    for (const n of [1, 2]) expect((await post(r, delivery(account, bare(n), { mode: "plain", format: "json" }))).body).toBe("success");
    expect(r.got).toEqual([{ kind: "unknown", message: bare(1) }, { kind: "unknown", message: bare(2) }]);
  });

  it("answers success at once and still logs a handler that throws, without details for WeChat", async () => {
    const warnings: string[] = [];
    const handler = createPushHandler({
      ...account,
      handlers: { text: async () => { throw new Error("database down: password=hunter2"); } },
      logger: { warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
    });
    const answer = await handler.handle({ method: "POST", ...delivery(account, text, { mode: "plain", format: "xml" }) });
    await handler.idle();
    expect(answer).toMatchObject({ status: 200, body: "success" });
    expect(warnings).toEqual(['handler "text" failed']);
  });

  it("replies synchronously when asked, encrypted like the push", async () => {
    const handler = createPushHandler({ ...account, reply: "sync", handlers: { text: (m) => ({ ToUserName: m.FromUserName, FromUserName: m.ToUserName, CreateTime: 1, MsgType: "transfer_customer_service" }) } });
    const answer = await handler.handle({ method: "POST", ...delivery(account, text, { mode: "secure", format: "xml" }) });
    const envelope = /<Encrypt><!\[CDATA\[(.+?)\]\]><\/Encrypt><MsgSignature><!\[CDATA\[(\w+)\]\]><\/MsgSignature><TimeStamp>(\d+)<\/TimeStamp><Nonce><!\[CDATA\[(\w+)\]\]><\/Nonce>/.exec(answer.body)!;
    expect(pushSignature(account.token, envelope[3]!, envelope[4]!, envelope[1]!)).toBe(envelope[2]);
    expect(new PushCrypto(account.encodingAESKey).decrypt(envelope[1]!)).toEqual({
      appid: account.appid,
      message: "<xml><ToUserName><![CDATA[o-user-1]]></ToUserName><FromUserName><![CDATA[gh_97417a04a28d]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[transfer_customer_service]]></MsgType></xml>",
    });
  });

  it("routes a virtual-payment push to its typed handler and answers it with the JSON ack it asks for", async () => {
    const deliver = { ToUserName: "gh_1", FromUserName: "o-wechat", CreateTime: 1696118460, MsgType: "event", Event: "xpay_goods_deliver_notify", OpenId: "o-buyer", OutTradeNo: "ORDER_1", Env: 0, WeChatPayInfo: { MchOrderNo: "M1", TransactionId: "T1", PaidTime: 1696118430 }, GoodsInfo: { ProductId: "goods_001", Quantity: 1, OrigPrice: 600, ActualPrice: 600, Attach: "a" } };
    const delivered: string[] = [];
    const handler = createPushHandler({
      ...account,
      reply: "sync",
      handlers: {
        xpayGoodsDeliverNotify: (m) => {
          delivered.push(`${m.WeChatPayInfo?.MchOrderNo}:${m.GoodsInfo?.ProductId}`);
          return { ErrCode: 0, ErrMsg: "success" };
        },
      },
    });
    const answer = await handler.handle({ method: "POST", ...delivery(account, deliver, { mode: "plain", format: "json" }) });
    expect(delivered).toEqual(["M1:goods_001"]);
    expect(JSON.parse(answer.body)).toEqual({ ErrCode: 0, ErrMsg: "success" });
  });

  it("does not send a sync reply that does not match the reply the push documents: logs what is wrong and answers success", async () => {
    const status = { ToUserName: "gh_1", FromUserName: "o-wechat", CreateTime: 1696118461, MsgType: "event", Event: "update_waybill_status", shop_order_id: "SO1", order_status: 102 };
    const reply = { ToUserName: "o-wechat", FromUserName: "gh_1", CreateTime: 1696118462, MsgType: "event", Event: "update_waybill_status", resultcode: 0, resultmsg: "ok" };
    const errors: string[] = [];
    const receiverReplying = (answer: unknown) => createPushHandler({ ...account, reply: "sync", logger: { warn: (m) => errors.push(m), error: (m) => errors.push(m) }, handlers: { updateWaybillStatus: () => answer as never } });
    const push = (time: number) => ({ method: "POST", ...delivery(account, { ...status, CreateTime: time }, { mode: "plain", format: "json" }) });
    expect(JSON.parse((await receiverReplying(reply).handle(push(1))).body)).toEqual(reply);
    // What a JavaScript caller (or a cast) can return: resultcode as text, resultmsg left out.
    const answer = await receiverReplying({ ...reply, resultcode: "0", resultmsg: undefined }).handle(push(2));
    expect(answer).toMatchObject({ status: 200, body: "success" });
    expect(errors).toEqual([expect.stringMatching(/^reply of handler "updateWaybillStatus" does not match its schema \(resultcode: .+; resultmsg: .+\); answered "success" instead$/)]);
  });

  it("verifies GET requests and echoes echostr only when the signature matches", async () => {
    const { handler } = receiver();
    const query = verification(account, "echo-123");
    expect(await handler.handle({ method: "GET", query })).toMatchObject({ status: 200, body: "echo-123" });
    expect(await handler.handle({ method: "GET", query: { ...query, signature: "0".repeat(40) } })).toMatchObject({ status: 403, body: "rejected: bad signature on the verification request" });
  });
});

describe("rejections", () => {
  const tamper = (push: { query: Record<string, string>; body: string }, change: Partial<{ query: Record<string, string>; body: string }>) => ({ ...push, ...change, query: { ...push.query, ...change.query } });
  const secure = () => delivery(account, text, { mode: "secure", format: "json" });
  const other = new PushCrypto(account.encodingAESKey);
  const withEncrypt = (encrypt: string) => {
    const push = secure();
    const body = JSON.stringify({ ToUserName: "gh_1", Encrypt: encrypt });
    return tamper(push, { body, query: { msg_signature: pushSignature(account.token, push.query.timestamp!, push.query.nonce!, encrypt) } });
  };
  const cases: [string, () => { query: Record<string, string>; body: string }, number, RegExp][] = [
    ["bad signature (plain)", () => tamper(delivery(account, text, { mode: "plain", format: "xml" }), { query: { signature: "f".repeat(40) } }), 403, /bad signature/],
    ["bad msg_signature", () => tamper(secure(), { query: { msg_signature: "f".repeat(40) } }), 403, /bad msg_signature/],
    ["wrong appid", () => withEncrypt(other.encrypt(JSON.stringify(text), "wx-someone-else")), 403, /another appid/],
    ["tampered ciphertext", () => withEncrypt(Buffer.from(Buffer.from(other.encrypt(JSON.stringify(text), account.appid), "base64").map((b, i) => (i === 40 ? b ^ 1 : b))).toString("base64")), 400, /padding|length|JSON|XML/],
    ["bad padding", () => withEncrypt(Buffer.alloc(64, 7).toString("base64")), 400, /padding/],
    ["stale timestamp", () => delivery(account, text, { mode: "plain", format: "json", timestamp: Math.floor(Date.now() / 1000) - 3600 }), 403, /timestamp/],
    ["malformed JSON", () => { const p = delivery(account, text, { mode: "plain", format: "json" }); return { ...p, body: p.body.slice(0, -2) }; }, 400, /malformed JSON/],
    ["entity-expansion XML", () => {
      const p = delivery(account, text, { mode: "plain", format: "xml" });
      return { ...p, body: `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><xml><Content>&lol2;</Content></xml>` };
    }, 400, /DTD/],
    ["not XML or JSON", () => ({ ...delivery(account, text, { mode: "plain", format: "json" }), body: "hello" }), 400, /neither XML nor JSON/],
    ["XML nested 100 deep", () => ({ ...delivery(account, text, { mode: "plain", format: "xml" }), body: `<xml>${"<a>".repeat(100)}x${"</a>".repeat(100)}</xml>` }), 400, /nested deeper/],
    ["a <__proto__> tag", () => ({ ...delivery(account, text, { mode: "plain", format: "xml" }), body: "<xml><__proto__><polluted>1</polluted></__proto__></xml>" }), 400, /reserved tag name/],
    ["a JSON __proto__ key", () => ({ ...delivery(account, text, { mode: "plain", format: "json" }), body: '{"MsgType":"text","__proto__":{"polluted":1}}' }), 400, /reserved name/],
    ["JSON nested 100 deep", () => ({ ...delivery(account, text, { mode: "plain", format: "json" }), body: `{"MsgType":"text","a":${"[".repeat(100)}${"]".repeat(100)}}` }), 400, /nested deeper/],
  ];
  it.each(cases)("%s", async (_, make, status, reason) => {
    const r = receiver();
    const answer = await post(r, make());
    expect(answer).toEqual({ status, body: expect.stringMatching(new RegExp(`^rejected: .*${reason.source}`)), contentType: "text/plain; charset=utf-8" });
    expect(r.got).toEqual([]);
    expect(r.warnings).toEqual([expect.stringMatching(reason)]);
    expect(r.warnings.join()).not.toContain(account.token);
    expect(r.warnings.join()).not.toContain(account.encodingAESKey);
  });

  it("answers a secure-mode push to a receiver without a key with 400 and the reason", async () => {
    const { encodingAESKey: _, ...withoutKey } = account;
    const r = { ...receiver(), handler: createPushHandler({ ...withoutKey, handlers: {}, logger: { warn: () => undefined, error: () => undefined } }) };
    const answer = await post(r, delivery(account, text, { mode: "secure", format: "xml" }));
    expect(answer).toMatchObject({ status: 400, body: "rejected: encrypted push, but this receiver has no encodingAESKey" });
  });

  it("checks the signature before parsing: unsigned 1 MiB XML bodies cost a hash each", async () => {
    const r = receiver({ maxBodyBytes: 2 << 20 });
    const push = delivery(account, text, { mode: "plain", format: "xml" });
    const huge = `<xml>${"<Item><Name>x</Name></Item>".repeat(40_000)}</xml>`;
    const started = performance.now();
    for (let i = 0; i < 16; i++) expect((await post(r, { query: { ...push.query, signature: "f".repeat(40) }, body: huge })).status).toBe(403);
    expect(performance.now() - started).toBeLessThan(500); // parsing each would take ≈ 250 ms
    const encrypted = delivery(account, text, { mode: "secure", format: "xml" });
    expect((await post(r, { query: { ...encrypted.query, msg_signature: "f".repeat(40) }, body: huge })).status).toBe(403);
  });

  it("stops reading at the size cap, over HTTP, and closes the connection", async () => {
    const r = receiver({ maxBodyBytes: 1 << 20 });
    const server = createServer(r.handler.listener);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const push = delivery(account, text, { mode: "plain", format: "xml" });
      const { request } = await import("node:http");
      const chunk = Buffer.alloc(1 << 20, "x");
      let written = 0;
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`http://127.0.0.1:${(server.address() as AddressInfo).port}/push?${new URLSearchParams(push.query)}`, { method: "POST" }, (res) => resolve(res.statusCode!));
        req.on("error", reject);
        const pump = () => {
          while (written < 100 && req.write(chunk)) written++;
          if (written >= 100) req.end();
          else req.once("drain", () => (written++, pump()));
        };
        pump();
      });
      expect(status).toBe(413);
      expect(written).toBeLessThan(60); // of 100 MiB: the receiver stopped long before the end
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("bounds handlers in time and in number; past the cap WeChat is told to retry", async () => {
    const logged: string[] = [];
    const handler = createPushHandler({
      ...account,
      handlers: { text: () => new Promise<void>(() => undefined) },
      logger: { warn: (m) => logged.push(m), error: (m, e) => logged.push(`${m}: ${String(e)}`) },
      handlerTimeoutMs: 200,
      maxConcurrentHandlers: 2,
    });
    const push = (id: number) => delivery(account, { ...text, MsgId: String(id) }, { mode: "plain", format: "json" });
    const answers = [];
    for (let id = 1; id <= 3; id++) answers.push(await handler.handle({ method: "POST", ...push(id) }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 503]);
    const started = Date.now();
    await handler.idle();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(logged.filter((m) => m.includes("still running after 200 ms"))).toHaveLength(2);
    // The one turned away was not claimed: its retry is handled.
    expect((await handler.handle({ method: "POST", ...push(3) })).status).toBe(200);
  });

  it("refuses a repeated or nested query parameter (qs, Express, Fastify) with 400 and the reason, never a 500", async () => {
    const push = delivery(account, text, { mode: "secure", format: "json" });
    const queries: [Record<string, unknown> | URLSearchParams, string][] = [
      [{ ...push.query, signature: [push.query.signature, "f".repeat(40)] }, 'query parameter "signature" must be one value, not repeated'],
      [{ ...push.query, msg_signature: { $ne: "" } }, 'query parameter "msg_signature" must be one value, not nested'],
      [{ ...push.query, nonce: [{ a: "1" }] }, 'query parameter "nonce" must be one value, not nested'],
      [new URLSearchParams([...Object.entries(push.query), ["timestamp", "1"]]), 'query parameter "timestamp" must be one value, not repeated'],
    ];
    for (const [query, reason] of queries) {
      const r = receiver();
      expect(await r.handler.handle({ method: "POST", query, body: push.body })).toEqual({ status: 400, body: `rejected: ${reason}`, contentType: "text/plain; charset=utf-8" });
      expect(r.warnings).toEqual([`rejected (400): ${reason}`]);
    }
    const echo = { ...verification(account, "echo-1"), echostr: ["a", "b"] };
    expect((await receiver().handler.handle({ method: "GET", query: echo })).status).toBe(400);
  });

  it("reads a one-element array, a number and an absent value as the single value they are", async () => {
    const push = delivery(account, text, { mode: "plain", format: "json" });
    const r = receiver();
    const query = { ...push.query, signature: [push.query.signature], timestamp: Number(push.query.timestamp), extra: undefined };
    expect(await post(r, { query, body: push.body })).toMatchObject({ status: 200, body: "success" });
    expect(r.got).toHaveLength(1);
  });

  it("refuses unencrypted pushes when encryption is required", async () => {
    const r = receiver({ requireEncryption: true });
    expect((await post(r, delivery(account, text, { mode: "plain", format: "xml" }))).status).toBe(403);
  });

  it("refuses oversize bodies, over HTTP too", async () => {
    const r = receiver({ maxBodyBytes: 512 });
    const big = delivery(account, { ...text, Content: "x".repeat(2_000) }, { mode: "plain", format: "json" });
    expect((await post(r, big)).status).toBe(413);
    const server = createServer(r.handler.listener);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      expect(await deliver(`http://127.0.0.1:${(server.address() as AddressInfo).port}/push`, big)).toMatchObject({ status: 413, body: "rejected: body too large" });
    } finally {
      server.close();
    }
  });
});

describe.skipIf(!redisAvailable)("two receivers sharing Redis", () => {
  let redisServer: RedisServer;
  let redis: Redis;
  beforeAll(async () => {
    redisServer = await RedisServer.start();
    redis = new Redis({ port: redisServer.port, host: "127.0.0.1" });
  });
  afterAll(async () => {
    redis.disconnect();
    await redisServer.stop();
  });

  it("run the handler once for a retried delivery", async () => {
    const prefix = `push-${Date.now()}:`;
    const [a, b] = [receiver({ dedupe: redisDedupeStore(redis, { keyPrefix: prefix }) }), receiver({ dedupe: redisDedupeStore(redis, { keyPrefix: prefix }) })];
    const push = delivery(account, text, { mode: "secure", format: "xml" });
    const answers = await Promise.all([post(a, push), post(b, push), post(a, push), post(b, push)]);
    expect(answers.map((x) => x.body)).toEqual(["success", "success", "success", "success"]);
    expect(a.got.length + b.got.length).toBe(1);
    const event = { ToUserName: "gh_1", FromUserName: "o-3", CreateTime: 1700000000, MsgType: "event", Event: "user_enter_tempsession", SessionFrom: "x" };
    const retried = delivery(account, event, { mode: "plain", format: "json" });
    await Promise.all([post(a, retried), post(b, retried)]);
    expect([...a.got, ...b.got].filter((g) => g.kind === "enter")).toHaveLength(1);
  });
});

describe("the README's receiver (examples/push-server.ts)", () => {
  let child: ChildProcess | undefined;
  afterEach(() => child?.kill());

  it("answers a simulated WeChat delivery over real HTTP and replies through the API", async () => {
    const sim = await startSimulator();
    try {
      const env = { ...process.env, WX_APPID: account.appid, WX_SECRET: sim.state.secret, WX_PUSH_TOKEN: account.token, WX_PUSH_AES_KEY: account.encodingAESKey, WX_API_BASE_URL: sim.url, PORT: "0" };
      sim.state.appid = account.appid;
      child = spawn(process.execPath, ["--import", "tsx", "examples/push-server.ts"], { env, stdio: ["ignore", "pipe", "inherit"] });
      const port = await new Promise<number>((resolve) => child!.stdout!.on("data", (chunk: Buffer) => {
        const match = /"port":(\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      }));
      const url = `http://127.0.0.1:${port}/wechat/push`;
      expect(await deliver(url, delivery(account, text, { mode: "secure", format: "xml" }))).toMatchObject({ status: 200, body: "success" });
      for (let i = 0; i < 100 && sim.state.sent.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(sim.state.sent).toEqual([{ touser: text.FromUserName, msgtype: "text", text: { content: `收到：${text.Content}` } }]);
    } finally {
      await sim.close();
    }
  });
});
