import { request } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadModel } from "../../generator/index.js";
import { createWeChatClient, HttpError, TimeoutError, WeChatApiError, type WeChatClient } from "../../generated/wechat/index.js";
import type { OperationSpec } from "../../generated/wechat/runtime/operation.js";
import { exampleRoutes } from "../../packages/wechat/build/example-routes.js";
import { routes } from "../../packages/wechat/simulator/handlers.js";
import { REDACTED, startSimulator, type WeChatSimulator } from "../../packages/wechat/simulator/server.js";

/** The controls a user's test drives the simulator with, each over real HTTP through the generated client. */

let sim: WeChatSimulator;
let wechat: WeChatClient;

beforeEach(async () => {
  sim = await startSimulator();
  wechat = createWeChatClient({ appid: sim.appid, secret: sim.secret, baseUrl: sim.url });
});
afterEach(async () => {
  await wechat.close();
  await sim.close();
});

const failure = (promise: Promise<unknown>) => promise.then(() => expect.fail("expected the call to fail"), (error: unknown) => error);
const text = { touser: "o-user", msgtype: "text" as const, text: { content: "hi" } };

describe("failNext: an errcode", () => {
  it("answers the next call in band, then the real answer comes back", async () => {
    sim.failNext("auth.code2Session", { errcode: 45011, errmsg: "api freq out of limit" });
    const error = await failure(wechat.auth.code2Session({ js_code: sim.issueLoginCode() }));
    expect(error).toBeInstanceOf(WeChatApiError);
    expect([(error as WeChatApiError).errcode, (error as WeChatApiError).meaning]).toEqual([45011, "API 调用太频繁，请稍候再试"]);
    expect((error as WeChatApiError).errmsg).toMatch(/^api freq out of limit rid: [0-9a-f-]+$/);
    const session = await wechat.auth.code2Session({ js_code: sim.issueLoginCode({ openid: "o-after" }) });
    expect(session.openid).toBe("o-after");
  });

  it("fails `times` calls, each with its own rid, and names operations by id or by route alike", async () => {
    sim.failNext("GET /sns/jscode2session", { errcode: 45011, times: 2 });
    const errors = [await failure(wechat.auth.code2Session({ js_code: "a" })), await failure(wechat.auth.code2Session({ js_code: "b" }))] as WeChatApiError[];
    expect(errors.map((e) => e.errcode)).toEqual([45011, 45011]);
    expect(errors[0]!.rid).not.toBe(errors[1]!.rid);
    expect(sim.pendingScripts()).toBe(0);
  });

  it("a token error scripted on a business call is answered by the client's refresh and replay", async () => {
    sim.failNext("customerServiceMessage.send", { errcode: 40001, errmsg: "invalid credential" });
    expect(await wechat.customerServiceMessage.send(text)).toMatchObject({ errcode: 0 });
    expect([sim.count("auth.getStableAccessToken"), sim.count("customerServiceMessage.send")]).toEqual([2, 2]);
  });

  it("applies to that operation only, also where operations share a path", async () => {
    const examples = await startSimulator({ examples: exampleRoutes(loadModel("spec/wechat-miniprogram.yaml")) });
    const client = createWeChatClient({ appid: "wx-example", secret: "example-secret", baseUrl: examples.url });
    try {
      examples.failNext("pluginManager.applyPlugin", { errcode: 89236 });
      expect(await client.pluginManager.getPluginList()).toMatchObject({ errcode: 0 }); // POST /wxa/plugin, action=list
      const error = (await failure(client.pluginManager.applyPlugin({ plugin_appid: "wx-plugin", reason: "test" }))) as WeChatApiError;
      expect([error.errcode, error.operation]).toEqual([89236, "pluginManager.applyPlugin"]);
      expect(examples.received("POST /wxa/plugin").map((r) => r.operation)).toEqual(["pluginManager.getPluginList", "pluginManager.applyPlugin"]);
    } finally {
      await client.close();
      await examples.close();
    }
  });
});

describe("failNext: an HTTP status", () => {
  it("answers the status with its text, which the client reports as HttpError", async () => {
    sim.failNext("customerServiceMessage.send", { status: 500 });
    const error = (await failure(wechat.customerServiceMessage.send(text))) as HttpError;
    expect(error).toBeInstanceOf(HttpError);
    expect([error.status, error.rawBody]).toEqual([500, "Internal Server Error"]);
    expect(await wechat.customerServiceMessage.send(text)).toMatchObject({ errcode: 0 });
  });

  it("sends a chosen body, or the errcode as JSON with the status", async () => {
    sim.failNext("auth.code2Session", { status: 502, body: "<html>bad gateway</html>" });
    sim.failNext("auth.code2Session", { status: 500, errcode: -1, errmsg: "system error" });
    const url = `${sim.url}/sns/jscode2session?js_code=x`;
    const first = await request(url);
    expect([first.statusCode, first.headers["content-type"], await first.body.text()]).toEqual([502, "text/plain; charset=utf-8", "<html>bad gateway</html>"]);
    const second = await request(url);
    expect(second.statusCode).toBe(500);
    expect(await second.body.json()).toMatchObject({ errcode: -1, errmsg: expect.stringMatching(/^system error rid: /) });
  });
});

describe("failNext: a delay", () => {
  it("delays the real answer, or a scripted failure", async () => {
    sim.failNext("auth.code2Session", { delayMs: 250 });
    sim.failNext("auth.code2Session", { delayMs: 250, errcode: 40029 });
    const started = performance.now();
    expect(await wechat.auth.code2Session({ js_code: sim.issueLoginCode({ openid: "o-slow" }) })).toMatchObject({ openid: "o-slow" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    const again = performance.now();
    expect(((await failure(wechat.auth.code2Session({ js_code: "x" }))) as WeChatApiError).errcode).toBe(40029);
    expect(performance.now() - again).toBeGreaterThanOrEqual(240);
  });

  it("makes the client's timeout fire, and ends when the caller hangs up or the simulator closes", async () => {
    sim.failNext("auth.code2Session", { delayMs: 60_000 });
    expect(await failure(wechat.auth.code2Session({ js_code: "x" }, { timeoutMs: 100 }))).toBeInstanceOf(TimeoutError);
    sim.failNext("auth.code2Session", { delayMs: 60_000 });
    const pending = failure(request(`${sim.url}/sns/jscode2session`));
    while (sim.count("auth.code2Session") < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = performance.now();
    await sim.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await pending).toBeInstanceOf(Error); // the connection was closed, never answered
  });

  it("is bounded, and a failure that says nothing or too much is refused", () => {
    expect(() => sim.failNext("auth.code2Session", { delayMs: 60_001 })).toThrow(/delayMs must be between 0 and 60000/);
    expect(() => sim.failNext("auth.code2Session", {})).toThrow(/needs errcode, status or delayMs/);
    expect(() => sim.failNext("auth.code2Session", { errcode: 0 })).toThrow(/0 is success/);
    expect(() => sim.failNext("auth.code2Session", { status: 99 })).toThrow(/HTTP status/);
    expect(() => sim.failNext("auth.code2Session", { errcode: 1, times: 0 })).toThrow(/times must be an integer from 1 to 10000/);
    expect(() => sim.failNext("auth.code2session", { errcode: 1 })).toThrow('the simulator knows no operation "auth.code2session"');
    expect(sim.pendingScripts()).toBe(0);
  });
});

describe("received: the requests, as sent", () => {
  it("records operation, method, path, query, headers and body", async () => {
    await wechat.customerServiceMessage.send(text, { headers: { "x-trace": "t-1" } });
    const [token, send] = sim.received();
    expect(token).toMatchObject({ operation: "auth.getStableAccessToken", method: "POST", path: "/cgi-bin/stable_token", query: {} });
    expect(JSON.parse(token!.body)).toMatchObject({ grant_type: "client_credential", appid: sim.appid, secret: sim.secret });
    expect(send).toMatchObject({ operation: "customerServiceMessage.send", method: "POST", path: "/cgi-bin/message/custom/send" });
    expect(send!.headers).toMatchObject({ "content-type": expect.stringContaining("application/json"), "x-trace": "t-1" });
    expect(JSON.parse(send!.body)).toEqual(text);
    expect(send!.query.access_token).toMatch(/^S/);
    expect(sim.received("customerServiceMessage.send")).toEqual([send]);
    expect(sim.received("GET /no/such/api")).toEqual([]);
  });

  it("redacts every secret the simulator knows, wherever the client put it", async () => {
    const session = await wechat.auth.code2Session({ js_code: sim.issueLoginCode() });
    await wechat.customerServiceMessage.send(text);
    await wechat.customerServiceMessage.send({ ...text, text: { content: `leaked ${session.session_key}` } });
    const token = sim.received("customerServiceMessage.send")[0]!.query.access_token!;
    const redacted = JSON.stringify(sim.received(undefined, { redact: true }));
    for (const secret of [sim.secret, token, session.session_key]) expect(redacted).not.toContain(secret);
    expect(sim.received("auth.code2Session", { redact: true })[0]!.query).toMatchObject({ appid: sim.appid, secret: REDACTED });
    expect(sim.received("customerServiceMessage.send", { redact: true }).map((r) => [r.query.access_token, JSON.parse(r.body).text.content])).toEqual([
      [REDACTED, "hi"],
      [REDACTED, `leaked ${REDACTED}`],
    ]);
    expect(sim.received("auth.code2Session")[0]!.query.secret).toBe(sim.secret); // the log itself keeps them
  });

  it("reset forgets requests and unused scripts, not tokens", async () => {
    await wechat.customerServiceMessage.send(text);
    sim.failNext("customerServiceMessage.send", { errcode: 45047 });
    sim.reset();
    expect([sim.received().length, sim.pendingScripts()]).toEqual([0, 0]);
    expect(await wechat.customerServiceMessage.send(text)).toMatchObject({ errcode: 0 });
    expect(sim.received().map((r) => r.operation)).toEqual(["customerServiceMessage.send"]); // the cached token still works
  });
});

describe("operation names", () => {
  it("are the generated client's ids for the routes the simulator implements", async () => {
    const specs = Object.values({ ...(await import("../../generated/wechat/operations/auth.js")), ...(await import("../../generated/wechat/operations/customerServiceMessage.js")), ...(await import("../../generated/wechat/operations/weixinExpress.js")) }) as OperationSpec[];
    for (const route of routes) expect(specs.find((spec) => spec.id === route.id), route.id).toMatchObject({ method: route.method, path: route.path });
  });
});
