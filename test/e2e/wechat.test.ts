import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ConnectionError, CredentialError, createWeChatClient, HttpError, RequestValidationError, ResponseValidationError, TimeoutError, WeChatApiError,
  type Middleware, type WeChatClient, type WeChatClientOptions,
} from "../../generated/wechat/index.js";
import { sessionSignature, startSimulator, type WeChatSimulator } from "../../packages/wechat/simulator/server.js";

let sim: WeChatSimulator;
const clients: WeChatClient[] = [];

beforeEach(async () => {
  sim = await startSimulator();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await sim.close();
});

function client(options: Partial<WeChatClientOptions> = {}): WeChatClient {
  const c = createWeChatClient({ appid: sim.state.appid, secret: sim.state.secret, baseUrl: sim.url, ...options });
  clients.push(c);
  return c;
}

const STABLE = "POST /cgi-bin/stable_token";
const CLASSIC = "GET /cgi-bin/token";
const SEND = "POST /cgi-bin/message/custom/send";
const text = (touser = "openid-1") => ({ touser, msgtype: "text" as const, text: { content: "hi" } });

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: Error) => error,
  );
}

describe("login and session", () => {
  it("exchanges a login code for a typed session, reading JSON sent as text/plain", async () => {
    const code = sim.issueLoginCode({ openid: "o-user", unionid: "u-user" });
    const session = await client().auth.code2Session({ js_code: code });
    expect(session).toMatchObject({ openid: "o-user", unionid: "u-user" });
    expect(typeof session.session_key).toBe("string");
    const query = sim.requests.at(-1)!.query;
    expect(query).toMatchObject({ appid: sim.state.appid, secret: sim.state.secret, js_code: code, grant_type: "authorization_code" });
  });

  it("checks and resets the session key with a filled sig_method", async () => {
    const wechat = client();
    const session = await wechat.auth.code2Session({ js_code: sim.issueLoginCode() });
    const signature = sessionSignature(session.session_key);
    expect(await wechat.auth.checkSessionKey({ openid: session.openid, signature })).toEqual({ errcode: 0, errmsg: "ok" });
    const reset = await wechat.auth.resetUserSessionKey({ openid: session.openid, signature });
    expect(reset.session_key).not.toBe(session.session_key);
    expect(sim.requests.at(-1)!.query.sig_method).toBe("hmac_sha256");
    const stale = await rejection(wechat.auth.checkSessionKey({ openid: session.openid, signature }));
    expect(stale).toBeInstanceOf(WeChatApiError);
    expect((stale as WeChatApiError).errcode).toBe(87009);
  });
});

describe("in-band errors", () => {
  it("become WeChatApiError with errcode, errmsg, rid, meaning and operation", async () => {
    const error = await rejection(client().auth.code2Session({ js_code: "bogus" }));
    expect(error).toBeInstanceOf(WeChatApiError);
    const e = error as WeChatApiError;
    expect([e.errcode, e.operation, e.meaning]).toEqual([40029, "auth.code2Session", "js_code 无效"]);
    expect(e.errmsg).toContain("invalid code");
    expect(e.rid).toMatch(/^[0-9a-f-]{8,}$/);
    expect(e.message).toContain("auth.code2Session");
  });

  it("read numeric-string error codes as numbers", async () => {
    sim.inject("GET /sns/jscode2session", { errcode: "45011", errmsg: "api freq out of limit" });
    const e = (await rejection(client().auth.code2Session({ js_code: "x" }))) as WeChatApiError;
    expect([e.errcode, e.meaning]).toEqual([45011, "API 调用太频繁，请稍候再试"]);
  });

  it("accept success bodies with errcode 0 and bodies without errcode alike", async () => {
    const wechat = client();
    expect(await wechat.customerServiceMessage.send(text())).toEqual({ errcode: 0, errmsg: "ok" });
    sim.inject(SEND, { foo: "bar" });
    expect(await wechat.customerServiceMessage.send(text())).toEqual({ foo: "bar" });
  });
});

describe("the access token", () => {
  it("uses stable tokens by default: one token request for 100 concurrent calls", async () => {
    const wechat = client();
    await Promise.all(Array.from({ length: 100 }, () => wechat.customerServiceMessage.send(text())));
    expect([sim.count(STABLE), sim.count(CLASSIC), sim.count(SEND)]).toEqual([1, 0, 100]);
    await wechat.customerServiceMessage.send(text());
    expect(sim.count(STABLE)).toBe(1);
  });

  it("refreshes ahead of expiry in the background while calls keep the current token", async () => {
    await sim.close();
    sim = await startSimulator({ ttlSeconds: 2, stableRenewWindowMs: 1_500 });
    const wechat = client({ tokenRefreshMarginMs: 500, tokenMinLifetimeMs: 1_000 });
    const lastSendToken = () => sim.requests.filter((r) => r.path === "/cgi-bin/message/custom/send").at(-1)!.query.access_token;
    await wechat.customerServiceMessage.send(text());
    const first = lastSendToken();
    await new Promise((resolve) => setTimeout(resolve, 1_600)); // inside the margin, not yet expired
    await wechat.customerServiceMessage.send(text());
    expect(lastSendToken()).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sim.count(STABLE)).toBe(2);
    await wechat.customerServiceMessage.send(text());
    expect(lastSendToken()).not.toBe(first);
  });

  it("uses classic tokens when asked", async () => {
    const wechat = client({ tokenMode: "classic" });
    await Promise.all([wechat.customerServiceMessage.send(text()), wechat.customerServiceMessage.send(text())]);
    expect([sim.count(STABLE), sim.count(CLASSIC)]).toEqual([0, 1]);
  });

  it("sends appid and secret to the token and login endpoints only, in the body for stable_token", async () => {
    const wechat = client();
    await wechat.customerServiceMessage.send(text());
    await wechat.customerServiceMessage.setTyping({ touser: "o", command: "Typing" });
    const stable = sim.requests.find((r) => r.path === "/cgi-bin/stable_token")!;
    expect(JSON.parse(stable.body)).toEqual({ grant_type: "client_credential", appid: sim.state.appid, secret: sim.state.secret });
    expect(stable.query).toEqual({});
    for (const request of sim.requests.filter((r) => r.path !== "/cgi-bin/stable_token")) {
      expect(JSON.stringify(request)).not.toContain(sim.state.secret);
      expect(request.query.appid).toBeUndefined();
      expect(request.query.access_token).toBeTruthy();
    }
  });

  it.each([
    ["40001 (revoked)", () => sim.state.tokens.revokeAll()],
    ["42001 (expired)", () => sim.advance(7200_000)],
    ["40014 (malformed)", () => sim.inject(SEND, { errcode: 40014, errmsg: "invalid access_token" })],
  ])("refreshes once and replays once on %s", async (_, breakToken) => {
    const wechat = client();
    await wechat.customerServiceMessage.send(text());
    breakToken();
    expect(await wechat.customerServiceMessage.send(text("after"))).toEqual({ errcode: 0, errmsg: "ok" });
    expect(sim.count(STABLE)).toBe(2);
    expect(sim.state.sent.at(-1)).toMatchObject({ touser: "after" });
  });

  it("replays only once: a second token failure reaches the caller", async () => {
    const wechat = client();
    sim.inject(SEND, { errcode: 40001, errmsg: "invalid credential" }, { errcode: 40001, errmsg: "invalid credential" });
    const error = (await rejection(wechat.customerServiceMessage.send(text()))) as WeChatApiError;
    expect(error.errcode).toBe(40001);
    expect([sim.count(SEND), sim.count(STABLE)]).toEqual([2, 2]);
  });

  it("refreshes once when many calls fail with the same stale token", async () => {
    const wechat = client();
    await wechat.customerServiceMessage.send(text());
    sim.state.tokens.revokeAll();
    await Promise.all(Array.from({ length: 50 }, () => wechat.customerServiceMessage.send(text())));
    expect(sim.count(STABLE)).toBe(2);
  });

  it("treats an error from the token endpoint as configuration, never a loop, without leaking the secret", async () => {
    const wechat = client({ secret: "wrong-secret-value" });
    const error = await rejection(wechat.customerServiceMessage.send(text()));
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.message).toContain("40125");
    expect((error as CredentialError).cause).toBeInstanceOf(WeChatApiError);
    expect(JSON.stringify({ message: error.message, stack: error.stack, cause: String((error as CredentialError).cause) })).not.toContain("wrong-secret-value");
    sim.inject(STABLE, { errcode: 40001, errmsg: "invalid credential" });
    await rejection(client().customerServiceMessage.send(text()));
    expect([sim.count(STABLE), sim.count(SEND)]).toEqual([2, 0]);
  });

  it("keeps the issued token out of error reports", async () => {
    const malformed = { access_token: "LEAKED-TOKEN-0123456789", expires_in: "soon" };
    sim.inject(STABLE, malformed, malformed, malformed); // the token fetch is retried twice
    const error = await rejection(client().customerServiceMessage.send(text()));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).rawBody).toContain('"access_token":"***"');
    expect(JSON.stringify(error) + error.message).not.toContain("LEAKED-TOKEN");
  });
});

describe("customer-service messages and media", () => {
  it("sends each message type of the union", async () => {
    const wechat = client();
    await wechat.customerServiceMessage.send({ touser: "o", msgtype: "image", image: { media_id: "m" } });
    await wechat.customerServiceMessage.send({ touser: "o", msgtype: "link", link: { title: "t", description: "d", url: "https://x", thumb_url: "https://y" } });
    await wechat.customerServiceMessage.send({ touser: "o", msgtype: "miniprogrampage", miniprogrampage: { title: "t", appid: "wx1", pagepath: "pages/index", thumb_media_id: "m" } });
    expect(sim.state.sent.map((m) => m.msgtype)).toEqual(["image", "link", "miniprogrampage"]);
  });

  it("uploads multipart media and downloads it as bytes", async () => {
    const wechat = client();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const uploaded = await wechat.customerServiceMessage.uploadTempMedia({ media: { data: png, filename: "a.png", contentType: "image/png" } });
    expect(sim.requests.at(-1)!.query.type).toBe("image");
    const media = await wechat.customerServiceMessage.getTempMedia({ media_id: uploaded.media_id });
    expect(media).toEqual({ data: png, contentType: "image/png" });
  });

  it("recognises a JSON error on a binary endpoint by its bytes, whatever the Content-Type", async () => {
    const wechat = client();
    const missing = (await rejection(wechat.customerServiceMessage.getTempMedia({ media_id: "nope" }))) as WeChatApiError;
    expect([missing.name, missing.errcode]).toEqual(["WeChatApiError", 40007]);
    sim.inject("GET /cgi-bin/media/get", { contentType: "image/jpeg", body: '{"errcode":40007,"errmsg":"invalid media_id"}' });
    expect(((await rejection(wechat.customerServiceMessage.getTempMedia({ media_id: "x" }))) as WeChatApiError).errcode).toBe(40007);
  });
});

describe("validation", () => {
  it("checks arguments before anything is sent", async () => {
    const wechat = client();
    const bad = { touser: "o", msgtype: "text", text: {} } as unknown as Parameters<typeof wechat.customerServiceMessage.send>[0];
    const error = await rejection(wechat.customerServiceMessage.send(bad));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.message).toContain("text.content");
    const unknownType = { touser: "o", msgtype: "video" } as unknown as Parameters<typeof wechat.customerServiceMessage.send>[0];
    expect(await rejection(wechat.customerServiceMessage.send(unknownType))).toBeInstanceOf(RequestValidationError);
    expect(sim.requests).toHaveLength(0);
  });

  it("rejects a response that breaks its schema with the operation and the raw body", async () => {
    sim.inject("GET /sns/jscode2session", { openid: 42, session_key: "k" });
    const error = (await rejection(client().auth.code2Session({ js_code: "x" }))) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    // session_key is a secret (format: password): masked in the raw body.
    expect([error.operation, error.rawBody]).toEqual(["auth.code2Session", '{"openid":42,"session_key":"***"}']);
    expect(error.issues[0]!.path).toEqual(["openid"]);
  });

  it("rejects a body that is not JSON at all", async () => {
    sim.inject("GET /sns/jscode2session", { contentType: "text/html", body: "<html>busy</html>" });
    const error = (await rejection(client().auth.code2Session({ js_code: "x" }))) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.rawBody).toBe("<html>busy</html>");
  });

  it("never fails on unknown extra response fields, and keeps them", async () => {
    sim.inject("GET /sns/jscode2session", { openid: "o", session_key: "k", brand_new_field: { x: 1 } });
    expect(await client().auth.code2Session({ js_code: "x" })).toEqual({ openid: "o", session_key: "k", brand_new_field: { x: 1 } });
  });
});

describe("transport", () => {
  it("reuses keep-alive connections", async () => {
    const wechat = client();
    await wechat.customerServiceMessage.send(text());
    const opened = sim.connections;
    for (let i = 0; i < 10; i++) await wechat.customerServiceMessage.send(text());
    expect(sim.connections).toBe(opened);
  });

  it("runs middleware outermost first, and lets it retry", async () => {
    const seen: string[] = [];
    const retryBusy: Middleware = async (request, next) => {
      try {
        return await next(request);
      } catch (error) {
        if (error instanceof WeChatApiError && error.errcode === -1) return next(request);
        throw error;
      }
    };
    const trace: Middleware = (request, next) => {
      seen.push(request.operation.id);
      return next(request);
    };
    sim.inject(SEND, { errcode: -1, errmsg: "system error" });
    const wechat = client({ middleware: [trace, retryBusy] });
    expect(await wechat.customerServiceMessage.send(text())).toEqual({ errcode: 0, errmsg: "ok" });
    expect(seen).toEqual(["customerServiceMessage.send", "auth.getStableAccessToken"]);
    expect(sim.count(SEND)).toBe(2);
  });

  it("times out per call with a TimeoutError", async () => {
    sim.failNext("auth.code2Session", { delayMs: 300 });
    const error = await rejection(client().auth.code2Session({ js_code: "x" }, { timeoutMs: 50 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toContain("auth.code2Session");
  });

  it("reports HTTP errors and unreachable servers with their own classes", async () => {
    sim.inject("GET /sns/jscode2session", { status: 502, contentType: "text/html", body: "bad gateway" });
    const http = (await rejection(client({ maxRetries: 0 }).auth.code2Session({ js_code: "x" }))) as HttpError;
    expect([http.name, http.status, http.rawBody]).toEqual(["HttpError", 502, "bad gateway"]);
    const down = await rejection(client({ baseUrl: "http://127.0.0.1:9" }).auth.code2Session({ js_code: "x" }));
    expect(down).toBeInstanceOf(ConnectionError);
    expect(down.message).not.toContain(sim.state.secret);
  });
});
