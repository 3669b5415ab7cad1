// The production runtime under faults: time budgets, retries by error class, redaction, size caps,
// hooks and raw responses. Against the simulator, or small local servers where a fault needs one.
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AbortError, ApiClientError, ConnectionError, CredentialError, createWeChatClient, HttpError, ResponseTooLargeError, ResponseValidationError,
  TimeoutError, WeChatApiError, type RequestEvent, type ResponseEvent, type RetryHookEvent, type WeChatClient, type WeChatClientOptions,
} from "../../generated/wechat/index.js";
import { startSimulator, type WeChatSimulator } from "../../packages/wechat/simulator/server.js";

let sim: WeChatSimulator;
const clients: WeChatClient[] = [];
const servers: Server[] = [];

beforeEach(async () => {
  sim = await startSimulator();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
  await sim.close();
});

/** A client with fast backoff, so that retry tests take milliseconds. */
function client(options: Partial<WeChatClientOptions> = {}): WeChatClient {
  const c = createWeChatClient({ appid: sim.state.appid, secret: sim.state.secret, baseUrl: sim.url, retryDelayMs: { initial: 40 }, ...options });
  clients.push(c);
  return c;
}

/** A local server with a handler of the test's own; counts requests. */
async function server(handle: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const s = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      requests.push(`${req.method} ${req.url}`);
      handle(req, res, Buffer.concat(chunks));
    });
  });
  servers.push(s);
  await new Promise<void>((done) => s.listen(0, "127.0.0.1", done));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, requests };
}

const STABLE = "POST /cgi-bin/stable_token";
const SEND = "POST /cgi-bin/message/custom/send";
const SESSION = "GET /sns/jscode2session";
const text = { touser: "openid-1", msgtype: "text" as const, text: { content: "hi" } };
const TOKEN = "provided-token-0123456789";

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: Error) => error,
  );
}

async function timed<T>(work: Promise<T>): Promise<[T, number]> {
  const started = Date.now();
  const result = await work;
  return [result, Date.now() - started];
}

describe("time budget", () => {
  it("bounds token acquisition: a stalled token endpoint fails the call after timeoutMs, per call and per client", async () => {
    sim.failNext(STABLE, { delayMs: 2_000, times: 2 });
    const [perCall, perCallMs] = await timed(rejection(client().customerServiceMessage.send(text, { timeoutMs: 300 })));
    expect(perCall).toBeInstanceOf(TimeoutError);
    expect(perCallMs).toBeLessThan(1_500);
    const [perClient, perClientMs] = await timed(rejection(client({ timeoutMs: 300 }).customerServiceMessage.send(text)));
    expect(perClient).toBeInstanceOf(TimeoutError);
    expect(perClientMs).toBeLessThan(1_500);
  });

  it("lets a shared token fetch go on for the other callers when one gives up", async () => {
    sim.failNext(STABLE, { delayMs: 500 });
    const wechat = client();
    const [impatient, patient] = await Promise.allSettled([
      wechat.customerServiceMessage.send(text, { timeoutMs: 100 }),
      wechat.customerServiceMessage.send(text, { timeoutMs: 5_000 }),
    ]);
    expect(impatient.status === "rejected" && impatient.reason).toBeInstanceOf(TimeoutError);
    expect(patient).toEqual({ status: "fulfilled", value: { errcode: 0, errmsg: "ok" } });
    expect(sim.count(STABLE)).toBe(1);
  });

  it("bounds a token provider that never answers", async () => {
    const wechat = client({ tokenProvider: () => new Promise<string>(() => undefined) });
    const [error, ms] = await timed(rejection(wechat.customerServiceMessage.send(text, { timeoutMs: 200 })));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(ms).toBeLessThan(1_200);
  });

  it("tells an abort from a timeout, both ApiClientErrors, neither a ConnectionError", async () => {
    sim.failNext(SEND, { delayMs: 5_000, times: 2 });
    const wechat = client();
    await wechat.accessToken.get();
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user went away")), 100);
    const [aborted, ms] = await timed(rejection(wechat.customerServiceMessage.send(text, { signal: controller.signal })));
    expect(aborted).toBeInstanceOf(AbortError);
    expect(aborted).toBeInstanceOf(ApiClientError);
    expect(aborted).not.toBeInstanceOf(ConnectionError);
    expect(ms).toBeLessThan(1_500);
    const timedOut = await rejection(wechat.customerServiceMessage.send(text, { timeoutMs: 100 }));
    expect(timedOut).toBeInstanceOf(TimeoutError);
    expect(timedOut).not.toBeInstanceOf(AbortError);
    const already = await rejection(wechat.customerServiceMessage.send(text, { signal: AbortSignal.abort() }));
    expect(already).toBeInstanceOf(AbortError);
  });

  it("validates options when the client is built, naming the option", () => {
    for (const timeoutMs of [-1, Number.NaN, Number.POSITIVE_INFINITY, 0]) {
      expect(() => client({ timeoutMs })).toThrow(/ClientOptions\.timeoutMs must be/);
    }
    expect(() => client({ maxRetries: -1 })).toThrow(/ClientOptions\.maxRetries/);
    expect(() => client({ maxResponseBytes: { json: 0 } })).toThrow(/maxResponseBytes\.json/);
    expect(() => client({ hooks: { onRequest: 1 as never } })).toThrow(/hooks\.onRequest must be a function/);
    expect(() => client({ tokenLockTtlMs: -5 })).toThrow(/ClientOptions\.tokenLockTtlMs must be a positive number/);
    const badUrl = (() => {
      try {
        client({ baseUrl: "http://127.0.0.1:99999" });
      } catch (error) {
        return error as Error;
      }
    })();
    expect(badUrl?.message).toMatch(/ClientOptions\.baseUrl is not a valid URL/);
  });

  it("rejects bad per-call options before sending", async () => {
    const wechat = client();
    const error = await rejection(wechat.auth.code2Session({ js_code: "x" }, { timeoutMs: -1 }));
    expect(error.message).toMatch(/RequestOptions\.timeoutMs must be/);
    expect(sim.count(SESSION)).toBe(0);
  });
});

describe("retries by error class", () => {
  it("retries -1 (system busy) with growing backoff, then succeeds", async () => {
    const wechat = client();
    await wechat.accessToken.get();
    sim.inject(SEND, { errcode: -1, errmsg: "system error" }, { errcode: -1, errmsg: "system error" });
    const retries: RetryHookEvent[] = [];
    const sent: number[] = [];
    const observed = client({ hooks: { onRetry: (e) => retries.push(e), onRequest: (e) => e.operation === "customerServiceMessage.send" && sent.push(performance.now()) } });
    expect(await observed.customerServiceMessage.send(text)).toEqual({ errcode: 0, errmsg: "ok" });
    expect(sim.count(SEND)).toBe(3);
    expect(retries.map((r) => [r.attempt, r.reason])).toEqual([[0, "error -1"], [1, "error -1"]]);
    // Full jitter: each delay is between half and all of its step (40 ms, then 80 ms).
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(20);
    expect(retries[1]!.delayMs).toBeGreaterThanOrEqual(40);
    expect(sent[1]! - sent[0]!).toBeGreaterThanOrEqual(retries[0]!.delayMs - 2);
    expect(sent[2]! - sent[1]!).toBeGreaterThanOrEqual(retries[1]!.delayMs - 2);
  });

  it("does not retry with maxRetries 0 (client or call), and gives up after maxRetries", async () => {
    const busy = { errcode: -1, errmsg: "system error" };
    sim.inject(SESSION, busy);
    expect(await rejection(client({ maxRetries: 0 }).auth.code2Session({ js_code: "x" }))).toBeInstanceOf(WeChatApiError);
    expect(sim.count(SESSION)).toBe(1);
    sim.inject(SESSION, busy);
    expect(await rejection(client().auth.code2Session({ js_code: "x" }, { maxRetries: 0 }))).toBeInstanceOf(WeChatApiError);
    expect(sim.count(SESSION)).toBe(2);
    sim.inject(SESSION, busy, busy, busy, busy);
    expect(((await rejection(client().auth.code2Session({ js_code: "x" }))) as WeChatApiError).errcode).toBe(-1);
    expect(sim.count(SESSION)).toBe(5);
  });

  it("never retries quota or user-state errors (45009, 40029)", async () => {
    const wechat = client();
    await wechat.accessToken.get();
    sim.inject(SEND, { errcode: 45009, errmsg: "reach max api daily quota limit" });
    expect(((await rejection(wechat.customerServiceMessage.send(text))) as WeChatApiError).errcode).toBe(45009);
    expect(sim.count(SEND)).toBe(1);
    expect(((await rejection(wechat.auth.code2Session({ js_code: "not-issued" }))) as WeChatApiError).errcode).toBe(40029);
    expect(sim.count(SESSION)).toBe(1);
  });

  it("keeps the retry budget inside timeoutMs: no backoff that would end after the deadline", async () => {
    sim.inject(SESSION, { errcode: -1, errmsg: "busy" }, { errcode: -1, errmsg: "busy" });
    const [error, ms] = await timed(rejection(client({ retryDelayMs: { initial: 2_000 } }).auth.code2Session({ js_code: "x" }, { timeoutMs: 500 })));
    expect((error as WeChatApiError).errcode).toBe(-1);
    expect(ms).toBeLessThan(1_000);
    expect(sim.count(SESSION)).toBe(1);
  });

  it("never sends a message twice when the connection drops after the request was written; replays a GET", async () => {
    const dropping = await server((req) => req.socket.destroy());
    const wechat = client({ baseUrl: dropping.url, tokenProvider: () => TOKEN });
    const send = await rejection(wechat.customerServiceMessage.send(text));
    expect(send).toBeInstanceOf(ConnectionError);
    expect((send as ConnectionError).requestSent).toBe(true);
    expect(dropping.requests.filter((r) => r.startsWith("POST /cgi-bin/message/custom/send"))).toHaveLength(1);
    const login = await rejection(wechat.auth.code2Session({ js_code: "x" }));
    expect(login).toBeInstanceOf(ConnectionError);
    expect(dropping.requests.filter((r) => r.startsWith("GET /sns/jscode2session"))).toHaveLength(3);
  });

  it("replays a stale token once, apart from the retry count", async () => {
    const wechat = client();
    await wechat.accessToken.get();
    const stale = { errcode: 40001, errmsg: "invalid credential" };
    sim.inject(SEND, stale, stale);
    expect(((await rejection(wechat.customerServiceMessage.send(text))) as WeChatApiError).errcode).toBe(40001);
    expect([sim.count(SEND), sim.count(STABLE)]).toEqual([2, 2]);
  });

  it("treats an expires_in of 0 or less as the floor: no token request per call", async () => {
    for (const expires_in of [0, -5]) {
      const api = await server((req, res) => {
        const body = req.url!.startsWith("/cgi-bin/stable_token") ? { access_token: "short-lived-token-1234", expires_in } : { errcode: 0, errmsg: "ok" };
        res.writeHead(200, { "content-type": "text/plain" }).end(JSON.stringify(body));
      });
      const wechat = client({ baseUrl: api.url });
      for (let i = 0; i < 5; i++) await wechat.customerServiceMessage.send(text);
      expect(api.requests.filter((r) => r.startsWith("POST /cgi-bin/stable_token"))).toHaveLength(1);
    }
  });
});

describe("no secret in any error", () => {
  const secretsOf = (code: string) => [sim.state.secret, code, TOKEN];

  function expectClean(error: unknown, secrets: string[]): void {
    const shown = [inspect(error, { depth: Infinity, showHidden: true }), JSON.stringify(error), String(error), (error as Error).stack ?? ""].join("\n");
    for (const secret of secrets) expect(shown, `${(error as Error).name} shows a secret`).not.toContain(secret);
  }

  it("masks secrets echoed by an error page, in message, rawBody and body", async () => {
    const echo = await server((req, res, body) => res.writeHead(502, { "content-type": "text/html" }).end(`<h1>bad gateway</h1> ${req.url} ${body}`));
    const wechat = client({ baseUrl: echo.url, tokenProvider: () => TOKEN, maxRetries: 0 });
    const login = await rejection(wechat.auth.code2Session({ js_code: "login-code-123456" }));
    expect(login).toBeInstanceOf(HttpError);
    expect((login as HttpError).rawBody).toContain("/sns/jscode2session");
    expectClean(login, secretsOf("login-code-123456"));
    const send = await rejection(wechat.customerServiceMessage.send(text));
    expect(send).toBeInstanceOf(HttpError);
    expectClean(send, secretsOf("login-code-123456"));
    const stable = createWeChatClient({ appid: sim.state.appid, secret: sim.state.secret, baseUrl: echo.url, maxRetries: 0 });
    clients.push(stable);
    const token = await rejection(stable.customerServiceMessage.send(text));
    expectClean(token, secretsOf("login-code-123456"));
  });

  it("masks them in every error type, cause chains included", async () => {
    const code = "login-code-abcdef";
    const secrets = secretsOf(code);
    const closed = await server(() => undefined);
    await new Promise((done) => servers.pop()!.close(done));
    const huge = await server((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ pad: "x".repeat(2_000) })));
    const errors: unknown[] = [];
    // ConnectionError (refused), with the URL's secrets in Node's own error.
    errors.push(await rejection(client({ baseUrl: closed.url, maxRetries: 0 }).auth.code2Session({ js_code: code })));
    // HttpError, WeChatApiError and ResponseValidationError with the secret echoed.
    sim.inject(SESSION, { errcode: 40163, errmsg: `code been used: ${code} ${sim.state.secret}` });
    errors.push(await rejection(client().auth.code2Session({ js_code: code })));
    sim.inject(SESSION, { openid: 42, session_key: sim.state.secret, echoed: code });
    errors.push(await rejection(client().auth.code2Session({ js_code: code })));
    // CredentialError: the token endpoint refuses, echoing the secret.
    sim.inject(STABLE, { errcode: 40013, errmsg: `invalid appid for secret ${sim.state.secret}` });
    errors.push(await rejection(client().customerServiceMessage.send(text)));
    // TimeoutError and AbortError while the token is fetched.
    sim.failNext(STABLE, { delayMs: 1_500 });
    errors.push(await rejection(client().customerServiceMessage.send(text, { timeoutMs: 50 })));
    errors.push(await rejection(client().customerServiceMessage.send(text, { signal: AbortSignal.abort() })));
    // ResponseTooLargeError.
    errors.push(await rejection(client({ baseUrl: huge.url, tokenProvider: () => TOKEN, maxResponseBytes: { json: 1_000 } }).customerServiceMessage.send(text)));
    expect(errors.map((e) => (e as Error).name)).toEqual([
      "ConnectionError", "WeChatApiError", "ResponseValidationError", "CredentialError", "TimeoutError", "AbortError", "ResponseTooLargeError",
    ]);
    expect((errors[1] as WeChatApiError).errmsg).toContain("***");
    expect((errors[3] as CredentialError).cause).toBeInstanceOf(WeChatApiError);
    expect(errors[2]).toBeInstanceOf(ResponseValidationError);
    for (const error of errors) expectClean(error, secrets);
  });
});

describe("limits", () => {
  it("stops reading a 60 MB body at the cap, and keeps 64 KiB of a 60 MB error page", async () => {
    const chunk = Buffer.alloc(1024 * 1024, "x");
    const flood = (status: number) => (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(status, { "content-type": "application/json" });
      let sent = 0;
      const pump = () => {
        while (sent < 60 && res.write(chunk)) sent++;
        if (sent >= 60) res.end();
        else res.once("drain", pump);
      };
      res.on("error", () => undefined);
      pump();
    };
    const ok = await server(flood(200));
    const bad = await server(flood(502));
    global.gc?.();
    const before = process.memoryUsage().rss;
    const tooLarge = await rejection(client({ baseUrl: ok.url, tokenProvider: () => TOKEN }).customerServiceMessage.send(text));
    expect(tooLarge).toBeInstanceOf(ResponseTooLargeError);
    const page = (await rejection(client({ baseUrl: bad.url, tokenProvider: () => TOKEN }).customerServiceMessage.send(text))) as HttpError;
    expect(page).toBeInstanceOf(HttpError);
    expect(page.rawBody.length).toBeLessThanOrEqual(64 * 1024 + 1);
    expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
  });
});

describe("cloud mode (微信云托管 开放接口服务)", () => {
  it("calls http://api.weixin.qq.com without access_token, never fetches a token, needs no appid or secret", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const paths: string[] = [];
    agent
      .get("http://api.weixin.qq.com")
      .intercept({ path: (path) => (paths.push(path), true), method: () => true })
      .reply(200, { errcode: 0, errmsg: "ok" }, { headers: { "content-type": "text/plain", "x-openapi-seqid": "seq-1" } })
      .persist();
    const wechat = createWeChatClient({ mode: "cloud", dispatcher: agent });
    clients.push(wechat);
    const { data, response } = await wechat.customerServiceMessage.send(text).withResponse();
    expect(data).toEqual({ errcode: 0, errmsg: "ok" });
    expect(response.headers["x-openapi-seqid"]).toBe("seq-1");
    expect(paths).toEqual(["/cgi-bin/message/custom/send"]);
    await expect(wechat.accessToken.get()).rejects.toThrow(/gateway adds it/);
    await agent.close();
  });
});

describe("observability and raw access", () => {
  it("reports each attempt to hooks and diagnostics_channel with secrets masked", async () => {
    const events: (RequestEvent | ResponseEvent)[] = [];
    const published: unknown[] = [];
    const listener = (message: unknown) => published.push(message);
    subscribe("wxgen:response", listener);
    try {
      const wechat = client({ hooks: { onRequest: (e) => events.push(e), onResponse: (e) => events.push(e) } });
      await wechat.customerServiceMessage.send(text);
      const send = events.filter((e) => e.operation === "customerServiceMessage.send");
      expect(send).toHaveLength(2);
      expect(send[0]).toMatchObject({ attempt: 0, method: "POST", url: `${sim.url}/cgi-bin/message/custom/send?access_token=***` });
      expect(send[1]).toMatchObject({ status: 200 });
      expect((send[1] as ResponseEvent).durationMs).toBeGreaterThan(0);
      const stable = events.find((e) => e.operation === "auth.getStableAccessToken");
      expect(stable?.url).toBe(`${sim.url}/cgi-bin/stable_token`);
      expect(published).toHaveLength(2);
      expect(JSON.stringify([events, published])).not.toContain(sim.state.secret);
    } finally {
      unsubscribe("wxgen:response", listener);
    }
  });

  it("gives the response's status and headers with .withResponse(), without a second request", async () => {
    const code = sim.issueLoginCode({ openid: "o-raw" });
    const { data, response } = await client().auth.code2Session({ js_code: code }).withResponse();
    expect(data.openid).toBe("o-raw");
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/text\/plain|json/);
    expect(sim.count(SESSION)).toBe(1);
  });
});
