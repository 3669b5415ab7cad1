import { describe, expect, it } from "vitest";
import { ApiClientError, HttpError, InBandApiError, RequestValidationError, ResponseValidationError } from "../../generator/runtime/errors.js";
import { truncate } from "../../generator/runtime/limits.js";

const issue = (path: (string | number)[], message: string) => ({ code: "custom" as const, path, message, input: undefined });

describe("errors", () => {
  it("put the operation in front of the reason, and keep both apart", () => {
    const error = new ApiClientError("auth.code2Session", "something failed", { cause: 1 });
    expect([error.message, error.operation, error.reason, error.cause]).toEqual(["auth.code2Session: something failed", "auth.code2Session", "something failed", 1]);
    expect(error).toBeInstanceOf(Error);
  });

  it("describe validation issues by path, at most five", () => {
    const issues = Array.from({ length: 7 }, (_, i) => issue(["items", i], "bad"));
    expect(new RequestValidationError("op", [issue([], "expected object"), ...issues.slice(0, 1)]).message).toBe("op: invalid arguments: (root): expected object; items.0: bad");
    expect(new ResponseValidationError("op", 200, issues, "{}").message).toBe("op: unexpected response (HTTP 200): items.0: bad; items.1: bad; items.2: bad; items.3: bad; items.4: bad; and 2 more");
  });

  it("show an HTTP error's body start, and an in-band error's documented meaning", () => {
    expect(new HttpError("op", 502, undefined, "").message).toBe("op: HTTP 502");
    expect(new HttpError("op", 500, undefined, "x".repeat(300)).message).toBe(`op: HTTP 500: ${"x".repeat(200)}…`);
    expect(new InBandApiError("op", 40029, "invalid code", "code 无效", "rid-1", {}).message).toBe("op: error 40029 (code 无效): invalid code");
    expect(new InBandApiError("op", 1, "x", undefined, undefined, {}).message).toBe("op: error 1: x");
  });

  it("truncate long text with an ellipsis only when it is cut", () => {
    expect([truncate("abc", 3), truncate("abcd", 3)]).toEqual(["abc", "abc…"]);
  });
});
