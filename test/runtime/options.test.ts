import { describe, expect, it } from "vitest";
import { checkCount, checkFunction, checkFunctions, checkOneOf, checkPositive, checkTimeoutMs, parseBaseUrl } from "../../generator/runtime/options.js";

describe("option checks", () => {
  it("accept what is valid or left out", () => {
    expect(() => {
      checkTimeoutMs("ClientOptions", undefined);
      checkTimeoutMs("ClientOptions", 2 ** 31 - 1);
      checkCount("ClientOptions", "maxRetries", 0, 10);
      checkPositive("ClientOptions", "x", 0.5);
      checkOneOf("ClientOptions", "mode", "stable", ["classic", "stable"]);
      checkFunction("ClientOptions", "fetch", () => undefined);
      checkFunctions("ClientOptions", "hooks", { onRequest: () => undefined }, ["onRequest", "onResponse"]);
    }).not.toThrow();
  });

  it("name the option and the bad value", () => {
    expect(() => checkTimeoutMs("CallOptions", 2 ** 31)).toThrow("CallOptions.timeoutMs must be a number of milliseconds between 1 and 2147483647, got 2147483648");
    expect(() => checkTimeoutMs("CallOptions", Number.NaN)).toThrow("got NaN");
    expect(() => checkTimeoutMs("CallOptions", "100")).toThrow("got 100");
    expect(() => checkCount("CallOptions", "maxRetries", 1.5, 10)).toThrow("CallOptions.maxRetries must be an integer from 0 to 10, got 1.5");
    expect(() => checkCount("CallOptions", "maxRetries", 11, 10)).toThrow("got 11");
    expect(() => checkPositive("ClientOptions", "lockTtlMs", 0)).toThrow("ClientOptions.lockTtlMs must be a positive number, got 0");
    expect(() => checkPositive("ClientOptions", "lockTtlMs", Infinity)).toThrow("got Infinity");
    expect(() => checkOneOf("ClientOptions", "mode", "turbo", ["classic", "stable"])).toThrow('ClientOptions.mode must be "classic" or "stable", not "turbo"');
    expect(() => checkFunction("ClientOptions", "fetch", "f")).toThrow("ClientOptions.fetch must be a function");
    expect(() => checkFunctions("ClientOptions", "hooks", null, ["onRequest"])).toThrow("ClientOptions.hooks must be an object");
    expect(() => checkFunctions("ClientOptions", "hooks", { onRequst: () => undefined }, ["onRequest", "onResponse"])).toThrow("ClientOptions.hooks.onRequst is not known; use onRequest, onResponse");
    expect(() => checkFunctions("ClientOptions", "hooks", { onRequest: 1 }, ["onRequest"])).toThrow("ClientOptions.hooks.onRequest must be a function");
  });
});

describe("parseBaseUrl", () => {
  it("splits origin and path prefix, without trailing slashes", () => {
    expect(parseBaseUrl("ClientOptions", "https://api.example.com:8443/v1//")).toEqual({ origin: "https://api.example.com:8443", pathPrefix: "/v1" });
    expect(parseBaseUrl("ClientOptions", "http://127.0.0.1:3000")).toEqual({ origin: "http://127.0.0.1:3000", pathPrefix: "" });
  });

  it("refuses what is not a plain http(s) base, never echoing a query that may hold a secret", () => {
    expect(() => parseBaseUrl("ClientOptions", "api.example.com?secret=s3cr3t")).toThrow('ClientOptions.baseUrl is not a valid URL: "api.example.com"');
    expect(() => parseBaseUrl("ClientOptions", "ftp://example.com")).toThrow("ClientOptions.baseUrl must be http:// or https://, got ftp:");
    for (const url of ["https://example.com/?key=1", "https://example.com/#x", "https://user:pw@example.com/"]) {
      expect(() => parseBaseUrl("ClientOptions", url)).toThrow("ClientOptions.baseUrl must not carry a query, fragment or credentials");
    }
    expect(() => parseBaseUrl("ClientOptions", "https://example.com:99999")).toThrow("is not a valid URL");
  });
});
