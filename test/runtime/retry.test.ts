import { describe, expect, it } from "vitest";
import { ConnectionError, HttpError, InBandApiError, RequestValidationError } from "../../generator/runtime/errors.js";
import type { ApiRequest, ApiResponse } from "../../generator/runtime/middleware.js";
import type { OperationSpec } from "../../generator/runtime/operation.js";
import { backoffMs, retryMiddleware, retryReason, type RetryEvent } from "../../generator/runtime/retry.js";

function request(method: string, operation: Partial<OperationSpec> = {}, timeoutMs = 10_000): ApiRequest {
  const op: OperationSpec = { id: "op", method, path: "/", response: { kind: "json" }, ...operation };
  return { operation: op, method, path: "/", query: [], headers: {}, body: undefined, attempt: 0, security: [], deadline: Date.now() + timeoutMs, timeoutMs };
}
const http = (status: number) => new HttpError("op", status, undefined, "");
const inBand = (code: number) => new InBandApiError("op", code, "busy", undefined, undefined, {});
const ok: ApiResponse = { status: 200, headers: {}, contentType: "application/json", body: new Uint8Array(), data: {} };

describe("retryReason", () => {
  it("retries what the server did not act on, for any operation", () => {
    expect(retryReason(http(429), request("POST"))).toBe("HTTP 429");
    expect(retryReason(http(503), request("POST"))).toBe("HTTP 503");
    expect(retryReason(new ConnectionError("op", "refused", false), request("POST"))).toBe("connection failed");
  });

  it("retries server errors and failures after sending for idempotent operations only", () => {
    for (const status of [500, 502, 504]) {
      expect(retryReason(http(status), request("GET"))).toBe(`HTTP ${status}`);
      expect(retryReason(http(status), request("POST"))).toBeUndefined();
      expect(retryReason(http(status), request("POST", { idempotent: true }))).toBe(`HTTP ${status}`);
    }
    expect(retryReason(new ConnectionError("op", "reset", true), request("POST"))).toBeUndefined();
    expect(retryReason(new ConnectionError("op", "reset", true), request("PUT"))).toBe("connection failed");
    expect(retryReason(http(500), request("GET", { idempotent: false }))).toBeUndefined();
  });

  it("retries in-band codes the description marks, and nothing else", () => {
    expect(retryReason(inBand(-1), request("POST", { retryableCodes: [-1] }))).toBe("error -1");
    expect(retryReason(inBand(40001), request("POST", { retryableCodes: [-1] }))).toBeUndefined();
    expect(retryReason(http(400), request("GET"))).toBeUndefined();
    expect(retryReason(new RequestValidationError("op", []), request("GET"))).toBeUndefined();
  });
});

describe("backoffMs", () => {
  it("doubles from the initial delay up to the cap, with jitter between half and all of the step", () => {
    const policy = { maxRetries: 5, initialDelayMs: 100, maxDelayMs: 300 };
    for (let i = 0; i < 50; i++) {
      expect(backoffMs(policy, 0)).toBeGreaterThanOrEqual(50);
      expect(backoffMs(policy, 0)).toBeLessThanOrEqual(100);
      expect(backoffMs(policy, 1)).toBeGreaterThanOrEqual(100);
      expect(backoffMs(policy, 5)).toBeLessThanOrEqual(300);
      expect(backoffMs(policy, 5)).toBeGreaterThanOrEqual(150);
    }
  });
});

describe("retryMiddleware", () => {
  const policy = { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 2 };

  /** Runs the middleware over a `next` that fails with `errors` in turn, then succeeds. */
  async function run(req: ApiRequest, errors: Error[], onRetry?: (event: RetryEvent) => void) {
    const attempts: number[] = [];
    const result = await retryMiddleware(policy, onRetry)(req, async (sent) => {
      attempts.push(sent.attempt);
      const error = errors.shift();
      if (error) throw error;
      return ok;
    }).catch((error: unknown) => error);
    return { attempts, result };
  }

  it("sends again with the attempt number while retries are left, and reports each retry", async () => {
    const events: RetryEvent[] = [];
    const { attempts, result } = await run(request("GET"), [http(503), http(503)], (e) => events.push(e));
    expect(result).toBe(ok);
    expect(attempts).toEqual([0, 1, 2]);
    expect(events.map((e) => [e.attempt, e.reason])).toEqual([[0, "HTTP 503"], [1, "HTTP 503"]]);
  });

  it("stops after the last retry, at once on an error it must not retry, and when the backoff outlasts the budget", async () => {
    const third = http(503);
    expect(await run(request("GET"), [http(503), http(503), third])).toEqual({ attempts: [0, 1, 2], result: third });
    const notRetried = http(500);
    expect(await run(request("POST"), [notRetried])).toEqual({ attempts: [0], result: notRetried });
    expect((await run({ ...request("GET"), maxRetries: 0 }, [http(503)])).attempts).toEqual([0]);
    const slow = retryMiddleware({ maxRetries: 2, initialDelayMs: 5_000, maxDelayMs: 5_000 });
    const busy = http(429);
    await expect(slow(request("GET", {}, 1_000), () => Promise.reject(busy))).rejects.toBe(busy);
  });
});
