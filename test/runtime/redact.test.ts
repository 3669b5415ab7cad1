import { describe, expect, it } from "vitest";
import { isSecretName, redactError, redactUrl, redactValue, requestSecrets, scrubber } from "../../generator/runtime/redact.js";

describe("redact", () => {
  it("tells secret names from ordinary ones; a request's `code` is a one-time secret", () => {
    expect(["access_token", "appsecret", "js_code", "code", "session_key", "Authorization", "x-api-key", "password", "ticket"].filter(isSecretName)).toHaveLength(9);
    expect(["openid", "errcode_msg", "page", "scene", "width"].filter(isSecretName)).toEqual([]);
  });

  it("masks every occurrence of a secret, as is and URL-encoded, longest first, but not short values", () => {
    const scrub = scrubber(["s3cr3t/value", "s3cr3t", "abc"]);
    expect(scrub("got s3cr3t/value, s3cr3t%2Fvalue and s3cr3t; abc stays")).toBe("got ***, *** and ***; abc stays");
  });

  it("collects a request's secret query values, headers (with and without the scheme) and body fields", () => {
    const secrets = requestSecrets([["access_token", "tok-123456"], ["page", "index"]], { authorization: "Bearer b-987654", accept: "json" }, { js_code: "c-111111", name: "n", session_key: 5 });
    expect(secrets).toEqual(["tok-123456", "Bearer b-987654", "b-987654", "c-111111"]);
    expect(requestSecrets([], {}, ["not", "an", "object"])).toEqual([]);
  });

  it("masks secret query values in URLs, encoded names included, and leaves the rest", () => {
    expect(redactUrl("https://api.example.com/cgi?access_token=T0K&page=1&js%5Fcode=C0DE#frag")).toBe("https://api.example.com/cgi?access_token=***&page=1&js%5Fcode=***#frag");
    expect(redactUrl("https://x/?%E0%A4%A=1")).toBe("https://x/?%E0%A4%A=1"); // a malformed escape is left as is
  });

  it("copies an error with its cause chain masked, keeping name and code, and a stack without frames", () => {
    const cause = Object.assign(new TypeError("fetch https://x/?access_token=T0K3N-1 failed"), { code: "ECONNRESET", input: "https://x/?access_token=T0K3N-1" });
    const error = new Error("calling with s3cr3t-value", { cause });
    const copy = redactError(error, scrubber(["s3cr3t-value"]));
    expect(copy.message).toBe("calling with ***");
    expect(copy.stack).toBe("Error: calling with ***");
    const copiedCause = copy.cause as Error & { code?: string };
    expect([copiedCause.name, copiedCause.message, copiedCause.code]).toEqual(["TypeError", "fetch https://x/?access_token=*** failed", "ECONNRESET"]);
    expect(JSON.stringify({ ...copiedCause })).not.toContain("T0K3N");
    expect(redactError("plain text", scrubber([])).message).toBe("plain text");
  });

  it("stops copying causes after four levels, so a cyclic cause ends", () => {
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    (a as { cause?: unknown }).cause = b;
    let depth = 0;
    for (let e: unknown = redactError(a, scrubber([])); e instanceof Error; e = e.cause) depth++;
    expect(depth).toBe(5);
  });

  it("masks secret-named string fields of a decoded body and scrubs every other string", () => {
    const body = { access_token: "T", nested: [{ session_key: "K", note: "echo s3cr3t-value" }], count: 3, secret_count: 2 };
    expect(redactValue(body, scrubber(["s3cr3t-value"]))).toEqual({ access_token: "***", nested: [{ session_key: "***", note: "echo ***" }], count: 3, secret_count: 2 });
  });
});
