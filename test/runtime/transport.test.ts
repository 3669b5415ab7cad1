import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AbortError, ConnectionError, ResponseTooLargeError, TimeoutError } from "../../generator/runtime/errors.js";
import { ERROR_BODY_BYTES } from "../../generator/runtime/limits.js";
import { scrubber } from "../../generator/runtime/redact.js";
import { exchange, type Exchange } from "../../generator/runtime/transport.js";

/** Routes of a local server, one per behaviour under test. */
const routes: Record<string, (res: ServerResponse) => void> = {
  "/ok": (res) => res.writeHead(200, [["Content-Type", "text/plain"], ["X-Tag", "a"], ["X-Tag", "b"]]).end("hello"),
  "/big-declared": (res) => res.writeHead(200, { "content-length": "2048" }).end("x".repeat(2048)),
  "/big-chunked": (res) => {
    res.writeHead(200);
    for (let i = 0; i < 8; i++) res.write("y".repeat(512));
    res.end();
  },
  "/error-page": (res) => res.writeHead(500).end("e".repeat(ERROR_BODY_BYTES + 10_000)),
  "/hang": () => undefined,
  "/reset": (res) => res.socket?.destroy(),
};

let server: Server;
let origin = "";
const dispatcher = new Agent({ keepAliveTimeout: 10 });

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => routes[req.url!.split("?")[0]!]!(res));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  await dispatcher.close();
});

function send(path: string, options: { timeoutMs?: number; signal?: AbortSignal; maxBytes?: number; target?: string } = {}) {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const request: Exchange = {
    dispatcher,
    origin: options.target ?? origin,
    path,
    method: "GET",
    headers: {},
    body: undefined,
    operation: "op",
    budget: { deadline: Date.now() + timeoutMs, timeoutMs, signal: options.signal },
    maxBytes: options.maxBytes ?? 1024,
    scrub: () => scrubber(["s3cr3t-token"]),
  };
  return exchange(request);
}

describe("exchange", () => {
  it("returns status, lower-case headers (repeated ones joined) and the body", async () => {
    const response = await send("/ok");
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("text/plain");
    expect(response.headers["x-tag"]).toBe("a, b");
    expect(Buffer.from(response.body).toString()).toBe("hello");
    expect(response.truncated).toBe(false);
  });

  it("refuses a successful body over the cap, declared or as it arrives", async () => {
    await expect(send("/big-declared")).rejects.toThrow(new ResponseTooLargeError("op", 200, 1024));
    await expect(send("/big-chunked")).rejects.toBeInstanceOf(ResponseTooLargeError);
    expect((await send("/big-chunked", { maxBytes: 8192 })).body.length).toBe(4096);
  });

  it("keeps only the start of a large error page", async () => {
    const response = await send("/error-page");
    expect([response.status, response.body.length, response.truncated]).toEqual([500, ERROR_BODY_BYTES, true]);
  });

  it("stops at the budget's deadline and on the caller's abort", async () => {
    await expect(send("/hang", { timeoutMs: 100 })).rejects.toThrow(new TimeoutError("op", "not done within 100 ms"));
    const controller = new AbortController();
    const pending = send("/hang", { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    await expect(send("/ok", { timeoutMs: -1 })).rejects.toBeInstanceOf(TimeoutError);
  });

  it("reports a timeout when its timer fires a moment before Date.now() reaches the deadline", async () => {
    // Timers and Date.now() are different clocks: when the timer fires, the deadline may still look
    // a little way off. Here Date.now() stands still, so it never seems reached.
    const now = Date.now();
    const clock = vi.spyOn(Date, "now").mockReturnValue(now);
    try {
      await expect(send("/hang", { timeoutMs: 30 })).rejects.toBeInstanceOf(TimeoutError);
    } finally {
      clock.mockRestore();
    }
  });

  it("reports connection failures with whether the request was sent, secrets masked", async () => {
    const reset = await send("/reset?access_token=s3cr3t-token").catch((e: unknown) => e);
    expect(reset).toBeInstanceOf(ConnectionError);
    expect((reset as ConnectionError).requestSent).toBe(true);
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const refused = await send("/ok?access_token=s3cr3t-token", { target: `http://127.0.0.1:${port}` }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConnectionError);
    expect((refused as ConnectionError).requestSent).toBe(false);
    expect((refused as ConnectionError).message).toMatch(/^op: request failed: .*ECONNREFUSED/);
    expect(JSON.stringify(refused) + String((refused as Error).cause) + (refused as Error).message).not.toContain("s3cr3t-token");
  });
});
