import { describe, expect, it } from "vitest";
import type { ApiRequest, ApiResponse } from "../../generator/runtime/middleware.js";
import type { OperationSpec } from "../../generator/runtime/operation.js";
import { chooseSecurity, credential, withCredential, type SchemeSpec } from "../../generator/runtime/security.js";

function request(security: string[] = ["key"], operation: Partial<OperationSpec> = {}): ApiRequest {
  const op: OperationSpec = { id: "op", method: "POST", path: "/", response: { kind: "json" }, ...operation };
  return { operation: op, method: "POST", path: "/", query: [["page", "1"]], headers: { cookie: "a=1" }, body: { x: 1 }, attempt: 0, security, deadline: Date.now() + 1_000, timeoutMs: 1_000 };
}
const apiKey = (placement: "query" | "header" | "cookie"): SchemeSpec => ({ key: "key", type: "apiKey", in: placement, name: "X-Api-Key" });

describe("chooseSecurity", () => {
  it("takes the first alternative whose schemes are all configured, else the first; none when none is asked", () => {
    const alternatives = [["oauth", "key"], ["key"], []];
    expect(chooseSecurity(alternatives, new Set(["key"]))).toEqual(["key"]);
    expect(chooseSecurity(alternatives, new Set(["oauth", "key"]))).toEqual(["oauth", "key"]);
    expect(chooseSecurity([["oauth"], ["key"]], new Set())).toEqual(["oauth"]);
    expect(chooseSecurity([[], ["key"]], new Set(["key"]))).toEqual([]);
    expect(chooseSecurity(undefined, new Set(["key"]))).toEqual([]);
  });
});

describe("withCredential", () => {
  it("places an apiKey in the query, a lower-case header, the cookie, or the JSON body when the operation says so", () => {
    expect(withCredential(request(), apiKey("query"), "v").query).toEqual([["page", "1"], ["X-Api-Key", "v"]]);
    expect(withCredential(request(), apiKey("header"), "v").headers).toEqual({ cookie: "a=1", "x-api-key": "v" });
    expect(withCredential(request(), apiKey("cookie"), "v").headers.cookie).toBe("a=1; X-Api-Key=v");
    expect(withCredential(request(["key"], { credentialsIn: "body" }), apiKey("query"), "v").body).toEqual({ x: 1, "X-Api-Key": "v" });
  });

  it("writes Basic, Bearer and other HTTP schemes into authorization", () => {
    const http = (scheme?: string): SchemeSpec => ({ key: "key", type: "http", ...(scheme ? { scheme } : {}) });
    expect(withCredential(request(), http("basic"), "user:pw").headers.authorization).toBe(`Basic ${Buffer.from("user:pw").toString("base64")}`);
    expect(withCredential(request(), http("bearer"), "t").headers.authorization).toBe("Bearer t");
    expect(withCredential(request(), http("digest"), "d").headers.authorization).toBe("Digest d");
    expect(withCredential(request(), { key: "key", type: "oauth2" }, "t").headers.authorization).toBe("Bearer t");
  });

  it("leaves the original request unchanged", () => {
    const original = request();
    withCredential(original, apiKey("header"), "v");
    expect(original.headers).toEqual({ cookie: "a=1" });
  });
});

describe("credential middleware", () => {
  const ok = { status: 200, headers: {}, contentType: "", body: new Uint8Array(), data: null } as ApiResponse;

  it("adds the current value only where the chosen alternative names the scheme", async () => {
    let calls = 0;
    const middleware = credential(apiKey("header"), async () => `v${++calls}`);
    const seen: ApiRequest[] = [];
    const next = async (r: ApiRequest) => (seen.push(r), ok);
    await middleware(request(["key"]), next);
    await middleware(request(["other"]), next);
    await middleware(request(["key"]), next);
    expect(seen.map((r) => r.headers["x-api-key"])).toEqual(["v1", undefined, "v2"]);
  });
});
