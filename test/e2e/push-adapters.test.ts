import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { text as streamText } from "node:stream/consumers";
import express from "express";
import Fastify from "fastify";
import Koa from "koa";
import { request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { routePushes as routeExpress } from "../../examples/push-adapters/express.js";
import { routePushes as routeFastify } from "../../examples/push-adapters/fastify.js";
import { routePushes as routeKoa } from "../../examples/push-adapters/koa.js";
import { pushServer } from "../../examples/push-adapters/node-http.js";
import { createPushHandler, type PushHandlers, type PushReceiver, type PushReceiverOptions } from "../../generated/wechat/index.js";
import { delivery } from "../../packages/wechat/simulator/push.js";
import { startSimulator, type PushMode, type WeChatSimulator } from "../../packages/wechat/simulator/server.js";
import { cacheDir, STRICT_OPTIONS, typecheck } from "../typecheck.js";

/**
 * The README's recipes for Express 5, Fastify 5, Koa 2 and node:http, imported as written: each
 * framework on 127.0.0.1, WeChat's deliveries from the simulator, the answers checked.
 */

const recipes = ["express", "fastify", "koa", "node-http"].map((name) => `examples/push-adapters/${name}.ts`);

interface App {
  /** The push URL. */
  readonly url: string;
  readonly close: () => Promise<void>;
}

async function listening(server: Server, path = "/wechat/push"): Promise<App> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, close };
}

/** Each framework with the recipe mounted beside a JSON route of the app's own (`POST /echo`), which must keep working. */
const frameworks: [string, (push: PushReceiver, options: { qs?: boolean }) => Promise<App>][] = [
  ["Express 5", async (push, options) => {
    const app = express();
    if (options.qs) app.set("query parser", "extended");
    routeExpress(app, push);
    app.post("/echo", express.json(), (req, res) => void res.json(req.body));
    return listening(createServer(app));
  }],
  ["Fastify 5", async (push) => {
    const app = Fastify();
    routeFastify(app, push);
    app.post("/echo", async (req) => req.body);
    await app.listen({ port: 0, host: "127.0.0.1" });
    return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/wechat/push`, close: () => app.close() };
  }],
  ["Koa 2", async (push) => {
    const app = new Koa();
    routeKoa(app, push);
    app.use(async (ctx) => {
      if (ctx.path === "/echo") ctx.body = JSON.parse(await streamText(ctx.req));
    });
    return listening(createServer(app.callback()));
  }],
  ["node:http", async (push) => listening(pushServer(push))],
];

let sim: WeChatSimulator;
const apps: App[] = [];
beforeAll(async () => {
  sim = await startSimulator();
});
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});
afterAll(async () => {
  await sim.close();
});

const text = { ToUserName: "gh_97417a04a28d", FromUserName: "o-user-1", CreateTime: 1714112445, MsgType: "text", Content: "你好 <b>&amp;", MsgId: "23478023473801234567" };
const modes: PushMode[] = ["plain", "compatible", "secure"];
const cases = modes.flatMap((mode) => (["xml", "json"] as const).map((format) => ({ mode, format })));

describe.each(frameworks)("%s", (_, start) => {
  /** A receiver with the simulator's push settings, mounted in the framework. */
  async function mounted(options: Partial<PushReceiverOptions<PushHandlers>> & { qs?: boolean } = {}) {
    const got: unknown[] = [];
    const warnings: string[] = [];
    const push = createPushHandler({ ...sim.pushAccount, handlers: { text: (message) => void got.push(message) }, logger: { warn: (m) => warnings.push(m), error: (m) => warnings.push(m) }, ...options });
    const app = await start(push, options);
    apps.push(app);
    return { ...app, push, got, warnings };
  }

  it("passes WeChat's URL verification", async () => {
    const app = await mounted();
    expect(await sim.verifyPushUrl(app.url)).toMatchObject({ status: 200, verified: true });
    expect(await sim.verifyPushUrl(app.url, { token: "wrong" })).toMatchObject({ status: 403, verified: false });
  });

  it("receives signed pushes in every mode and format, and leaves the app's own JSON route alone", async () => {
    const app = await mounted();
    const answers = [];
    for (const [i, options] of cases.entries()) answers.push(await sim.deliverPush(app.url, { ...text, MsgId: `${text.MsgId}${i}` }, options));
    expect(answers.map((a) => [a.status, a.body])).toEqual(cases.map(() => [200, "success"]));
    await app.push.idle();
    expect(app.got).toEqual(cases.map((_, i) => ({ ...text, MsgId: `${text.MsgId}${i}` })));
    const echo = await request(new URL("/echo", app.url), { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1}' });
    if (echo.statusCode !== 404) expect(await echo.body.json()).toEqual({ a: 1 });
    else await echo.body.dump(); // node:http: the recipe answers 404 outside its path
  });

  it("sends the handler's passive reply, encrypted like the push", async () => {
    const app = await mounted({ reply: "sync", handlers: { text: (m) => ({ ToUserName: m.FromUserName, FromUserName: m.ToUserName, CreateTime: 1, MsgType: "transfer_customer_service" }) } });
    for (const [i, format] of (["xml", "json"] as const).entries()) {
      const answer = await sim.deliverPush(app.url, { ...text, MsgId: `${text.MsgId}${i}` }, { mode: "secure", format });
      expect(answer.reply).toMatchObject({ ToUserName: "o-user-1", MsgType: "transfer_customer_service" });
    }
  });

  it("answers a repeated query parameter with 400, and logs why", async () => {
    const app = await mounted();
    const answer = await postWithQuery(app.url, "signature=ffff");
    expect([answer.status, answer.body]).toEqual([400, 'rejected: query parameter "signature" must be one value, not repeated']);
    expect(app.warnings).toEqual(['rejected (400): query parameter "signature" must be one value, not repeated']);
    expect(app.got).toEqual([]);
  });
});

/** A signed push whose query carries `extra` besides WeChat's parameters. */
async function postWithQuery(url: string, extra: string) {
  const push = delivery(sim.pushAccount, text, { mode: "plain", format: "json" });
  const answer = await request(`${url}?${new URLSearchParams(push.query)}&${extra}`, { method: "POST", headers: { "content-type": "application/json" }, body: push.body });
  return { status: answer.statusCode, body: await answer.body.text() };
}

it("Express with the qs query parser: a nested parameter is a 400 with the reason, not a 500", async () => {
  const warnings: string[] = [];
  const push = createPushHandler({ ...sim.pushAccount, handlers: {}, logger: { warn: (m) => warnings.push(m), error: (m) => warnings.push(m) } });
  const app = await frameworks[0]![1](push, { qs: true });
  apps.push(app);
  expect(await postWithQuery(app.url.replace(/\?.*/, ""), "timestamp[$gt]=0")).toEqual({ status: 400, body: expect.stringMatching(/^rejected: query parameter "timestamp" must be one value, not (nested|repeated)$/) });
  expect(warnings).toEqual([expect.stringMatching(/^rejected \(400\): query parameter "timestamp" must be one value, not (nested|repeated)$/)]);
});

describe("a body parser mounted before the receiver", () => {
  const reason = "rejected: the request body was already read by a body parser (such as express.json()); mount the receiver before it, or pass it the raw text";

  /** A JSON push to an app where `express.json()` runs for every route, and what the receiver logged. */
  async function pushThroughParser(mount: (app: ReturnType<typeof express>, push: PushReceiver) => void) {
    const errors: string[] = [];
    const push = createPushHandler({ ...sim.pushAccount, handlers: {}, logger: { warn: (m) => errors.push(`warn: ${m}`), error: (m) => errors.push(m) } });
    const app = express();
    app.use(express.json());
    mount(app, push);
    const started = await listening(createServer(app));
    apps.push(started);
    const answer = await sim.deliverPush(started.url, text, { mode: "plain", format: "json" });
    return { answer: [answer.status, answer.body], errors };
  }

  it("the Express recipe answers 500 with the reason instead of failing on the parsed object", async () => {
    expect(await pushThroughParser((app, push) => routeExpress(app, push))).toEqual({ answer: [500, reason], errors: [reason.replace("rejected:", "rejected (500):")] });
  });

  it("the Node listener answers 500 with the reason instead of waiting for a stream already read", async () => {
    expect(await pushThroughParser((app, push) => app.post("/wechat/push", push.listener))).toEqual({ answer: [500, reason], errors: [reason.replace("rejected:", "rejected (500):")] });
  });
});

describe("the recipes (shown in the README: test/readme.test.ts)", () => {
  it("type-check under the strictest settings a user may have", () => {
    const dir = cacheDir("push-adapters");
    const options = { ...STRICT_OPTIONS, noUncheckedIndexedAccess: true, noImplicitReturns: true, noImplicitOverride: true, verbatimModuleSyntax: true };
    const { code, output } = typecheck(dir, recipes.map((recipe) => `../../../${recipe}`), options);
    expect(output).toBe("");
    expect(code).toBe(0);
  }, 60_000);
});
