import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CredentialError, createWeChatClient, redisTokenStore, TokenStoreError, WeChatApiError, type WeChatClient, type WeChatClientOptions,
} from "../../generated/wechat/index.js";
import { redisAvailable, RedisServer } from "../redis.js";
import { startSimulator, type WeChatSimulator } from "../../packages/wechat/simulator/server.js";
import { runFleet, startWorker } from "./fleet.js";

const STABLE = "POST /cgi-bin/stable_token";
const CLASSIC = "GET /cgi-bin/token";
const SEND = "POST /cgi-bin/message/custom/send";
const text = { touser: "o", msgtype: "text" as const, text: { content: "hi" } };

/** Tests that start Node processes: each imports the whole generated client, seconds on a loaded machine. */
const FLEET_TIMEOUT_MS = 60_000;

let redisServer: RedisServer;
let redis: Redis;
let sim: WeChatSimulator;
let prefix = "";
const clients: WeChatClient[] = [];

describe.skipIf(!redisAvailable)("access tokens shared through Redis", () => {
  beforeAll(async () => {
    redisServer = await RedisServer.start();
    redis = new Redis({ port: redisServer.port, host: "127.0.0.1", maxRetriesPerRequest: 1 });
    redis.on("error", () => undefined); // the restart test stops Redis on purpose
  });
  afterAll(async () => {
    redis.disconnect();
    await redisServer.stop();
  });
  beforeEach(async () => {
    sim = await startSimulator();
    prefix = `test-${Math.random().toString(36).slice(2)}:`;
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await sim.close();
  });

  function client(options: Partial<WeChatClientOptions> = {}): WeChatClient {
    const c = createWeChatClient({
      appid: sim.state.appid,
      secret: sim.state.secret,
      baseUrl: sim.url,
      tokenStore: redisTokenStore(redis, { keyPrefix: prefix }),
      ...options,
    });
    clients.push(c);
    return c;
  }

  const fleetConfig = (calls: number) => ({ simUrl: sim.url, appid: sim.state.appid, secret: sim.state.secret, redisPort: redisServer.port, keyPrefix: prefix, calls });

  it("stores the token under the prefix, with a TTL, and never the secret in the key", async () => {
    await client().customerServiceMessage.send(text);
    const keys = await redis.keys(`${prefix}*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(new RegExp(`^${prefix}AccessToken:stable:[0-9a-f]{16}$`));
    expect(keys[0]).not.toContain(sim.state.secret);
    expect(await redis.pttl(keys[0]!)).toBeGreaterThan(7_000_000);
  });

  it("4 processes × 50 concurrent calls on a cold cache make exactly one token request", async () => {
    const reports = await runFleet(4, fleetConfig(50));
    expect(reports.map((r) => r.failed)).toEqual([[], [], [], []]);
    expect(reports.reduce((sum, r) => sum + r.ok, 0)).toBe(200);
    expect([sim.count(STABLE), sim.count(SEND)]).toEqual([1, 200]);
  }, FLEET_TIMEOUT_MS);

  it("after a rotation behind their backs, several processes refresh once between them", async () => {
    await runFleet(1, fleetConfig(1));
    sim.state.tokens.revokeAll();
    const reports = await runFleet(3, fleetConfig(20));
    expect(reports.flatMap((r) => r.failed)).toEqual([]);
    expect(sim.count(STABLE)).toBe(2);
  }, FLEET_TIMEOUT_MS);

  it("a token endpoint slower than the lock's TTL still means one fetch: the holder keeps its lock alive", async () => {
    sim.failNext(STABLE, { delayMs: 2_500 }); // 2.5 × the lock TTL below
    const reports = await runFleet(3, { ...fleetConfig(5), lockTtlMs: 1_000 });
    expect(reports.flatMap((r) => r.failed)).toEqual([]);
    expect(sim.count(STABLE)).toBe(1);
  }, 30_000);

  it("a refresher killed while holding the lock delays the others by at most the lock's TTL", async () => {
    sim.failNext(STABLE, { delayMs: 60_000 }); // the first refresher hangs inside the token request
    const doomed = await startWorker({ ...fleetConfig(1), lockTtlMs: 1_000 });
    doomed.child.send("go");
    // Wait until it holds the lock and its token request has reached WeChat, then kill it.
    while ((await redis.keys(`${prefix}*:lock`)).length === 0 || sim.count(STABLE) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    doomed.child.kill("SIGKILL");
    // Timed from "go", once the survivor has started: process start-up grows with the client's size and the
    // machine's load, and is not what is measured here.
    const survivorWorker = await startWorker({ ...fleetConfig(5), lockTtlMs: 1_000 });
    const started = Date.now();
    survivorWorker.child.send("go");
    const survivor = await survivorWorker.report;
    expect(survivor.failed).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1_000 + 1_000); // lock TTL + the calls themselves
    expect(sim.count(STABLE)).toBe(2);
  }, FLEET_TIMEOUT_MS);

  it("keeps working from its own copy while Redis is down; without one it fails fast, or falls back if allowed; then recovers", async () => {
    const warm = client();
    await warm.customerServiceMessage.send(text);
    await redisServer.stop();
    try {
      expect(await warm.customerServiceMessage.send(text)).toEqual({ errcode: 0, errmsg: "ok" }); // fresh local copy: no store needed
      const cold = client();
      const error = await cold.customerServiceMessage.send(text).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TokenStoreError);
      expect((error as TokenStoreError).operation).toBe("customerServiceMessage.send");
      const started = Date.now();
      expect(await cold.customerServiceMessage.send(text).catch((e: unknown) => e)).toBeInstanceOf(TokenStoreError);
      expect(Date.now() - started).toBeLessThan(500);
      expect(await client({ tokenStoreFallback: "memory" }).customerServiceMessage.send(text)).toEqual({ errcode: 0, errmsg: "ok" });
    } finally {
      await redisServer.restart();
    }
    await new Promise((resolve) => setTimeout(resolve, 3_100)); // past the store's back-off
    expect(await client().customerServiceMessage.send(text)).toEqual({ errcode: 0, errmsg: "ok" });
    expect(await redis.keys(`${prefix}*`)).toHaveLength(1);
  });

  it("refuses a per-process fallback in classic mode, where processes would knock out each other's tokens", () => {
    expect(() => client({ tokenMode: "classic", tokenStoreFallback: "memory" })).toThrow(/unsafe in "classic" mode/);
  });

  it("classic mode: one refresh ahead of expiry while the old token keeps working", async () => {
    await sim.close();
    sim = await startSimulator({ ttlSeconds: 2 });
    const [a, b] = [client({ tokenMode: "classic", tokenRefreshMarginMs: 800, tokenMinLifetimeMs: 1_000 }), client({ tokenMode: "classic", tokenRefreshMarginMs: 800, tokenMinLifetimeMs: 1_000 })];
    await Promise.all([a!.customerServiceMessage.send(text), b!.customerServiceMessage.send(text)]);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    await Promise.all([a!.customerServiceMessage.send(text), b!.customerServiceMessage.send(text)]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sim.count(CLASSIC)).toBe(2);
    await Promise.all([a!.customerServiceMessage.send(text), b!.customerServiceMessage.send(text)]);
    expect(sim.count(CLASSIC)).toBe(2);
    expect(sim.state.sent).toHaveLength(6);
  });

  it("forces a refresh only on request, at most once per 30 s across clients", async () => {
    const [a, b] = [client(), client()];
    const before = await a!.accessToken.get();
    const forced = await a!.accessToken.forceRefresh();
    expect(forced).not.toBe(before);
    expect(JSON.parse(sim.requests.at(-1)!.body)).toMatchObject({ force_refresh: true });
    expect(await b!.accessToken.get()).toBe(forced);
    const refused = await b!.accessToken.forceRefresh().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CredentialError);
    expect(sim.count(STABLE)).toBe(2);
    expect(sim.requests.filter((r) => r.path === "/cgi-bin/stable_token" && r.body.includes("force_refresh"))).toHaveLength(1);
  });
});

describe("token sources without Redis", () => {
  beforeEach(async () => {
    sim = await startSimulator();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await sim.close();
  });

  it("retries the token endpoint after -1 (system busy) and succeeds", async () => {
    sim.inject(STABLE, { errcode: -1, errmsg: "system error" });
    const wechat = createWeChatClient({ appid: sim.state.appid, secret: sim.state.secret, baseUrl: sim.url });
    clients.push(wechat);
    expect(await wechat.customerServiceMessage.send(text)).toEqual({ errcode: 0, errmsg: "ok" });
    expect(sim.count(STABLE)).toBe(2);
  });

  it("gives up after two retries with the API's error", async () => {
    sim.inject(STABLE, ...Array.from({ length: 3 }, () => ({ errcode: -1, errmsg: "system error" })));
    const wechat = createWeChatClient({ appid: sim.state.appid, secret: sim.state.secret, baseUrl: sim.url });
    clients.push(wechat);
    const error = await wechat.customerServiceMessage.send(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialError);
    expect(((error as CredentialError).cause as WeChatApiError).errcode).toBe(-1);
    expect(sim.count(STABLE)).toBe(3);
  });

  it("takes tokens from a provider (central token service, authorizer_access_token) and asks again after a rejection", async () => {
    const issued = await createWeChatClient({ appid: sim.state.appid, secret: sim.state.secret, baseUrl: sim.url }).auth.getAccessToken();
    const asked: (string | undefined)[] = [];
    const wechat = createWeChatClient({
      appid: "unused",
      secret: "unused",
      baseUrl: sim.url,
      tokenProvider: ({ failed }) => {
        asked.push(failed);
        return failed ? issued.access_token : "STALE-TOKEN-FROM-CACHE-0000";
      },
    });
    clients.push(wechat);
    expect(await wechat.customerServiceMessage.send(text)).toEqual({ errcode: 0, errmsg: "ok" });
    expect(asked).toEqual([undefined, "STALE-TOKEN-FROM-CACHE-0000"]);
    expect(sim.requests.at(-1)!.query.access_token).toBe(issued.access_token);
    expect(sim.count(STABLE)).toBe(0);
  });
});
