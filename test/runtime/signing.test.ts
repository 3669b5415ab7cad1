import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CredentialError } from "../../generator/runtime/errors.js";
import type { ApiRequest } from "../../generator/runtime/middleware.js";
import type { OperationSpec } from "../../generator/runtime/operation.js";
import { hmacSha256Hex, keyArguments, signRequest, type SignatureRule } from "../../generator/runtime/signing.js";
import { int64Input, z } from "../../generator/runtime/schema.js";

/** Independent computation, as WeChat documents it: lower-case hex HMAC-SHA256. */
const hmac = (key: string, message: string | Buffer) => createHmac("sha256", key).update(message).digest("hex");

const rules: Record<string, SignatureRule> = {
  Pay: { in: "query", name: "pay_sig", algorithm: "hmac-sha256", message: "{path}&{body}", key: "12345" },
  User: { in: "query", name: "signature", algorithm: "hmac-sha256", message: "{body}", argument: "sessionKey" },
  Header: { in: "header", name: "X-Sig", algorithm: "hmac-sha256", message: "{body}", key: "k" },
};

const op: OperationSpec = {
  id: "xpay.queryUserBalance",
  method: "POST",
  path: "/xpay/query_user_balance",
  body: { encoding: "json", contentType: "application/json", required: true, flatten: true, schema: () => z.object({}) },
  response: { kind: "json" },
};

function request(body: unknown, security: string[], operation: OperationSpec = op): ApiRequest {
  return { operation, method: "POST", path: operation.path, query: [["access_token", "TOKEN"]], headers: {}, body, security, timeoutMs: 1000, deadline: Date.now() + 1000, attempt: 0 };
}

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

describe("request signatures (x-wxgen-signature)", () => {
  it("matches the virtual payment guide's worked example", () => {
    // The guide signs this exact text: its spacing is part of the bytes.
    const body = '{"openid": "xxx", "user_ip": "127.0.0.1", "env": 0}';
    const bytes = new TextEncoder().encode(body);
    expect(hmacSha256Hex("12345", ["/xpay/query_user_balance", "&", bytes])).toBe("c37809f27c6d7fd1837ad2500a04512b66b34fd793a39a385fade56dca89a4b5");
    expect(hmacSha256Hex("9hAb/NEYUlkaMBEsmFgzig==", [bytes])).toBe("089d9e8dc5d308977360c4b79ec600a93d736802802a807d634192328032f6c7");
  });

  it("matches the B2b store assistant guide's worked example", () => {
    const body = new TextEncoder().encode('{"mchid": "1230000109","out_trade_no": "1217752501201407033233368018"}');
    expect(hmacSha256Hex("12345", ["/retail/B2b/getorder", "&", body])).toBe("2cb3e9fda4da9774f0c6f747bbf6c56e9045969d9921db7344fffdc945c1dc23");
  });

  it("serializes the body once and signs exactly the bytes it will send", () => {
    const signed = signRequest(request({ openid: "o1", env: 0, note: "你好" }, ["Pay", "User"]), rules, { sessionKey: "sk" });
    const sent = text(signed.encodedBody);
    expect(sent).toBe('{"openid":"o1","env":0,"note":"你好"}');
    const query = Object.fromEntries(signed.query);
    expect(query.pay_sig).toBe(hmac("12345", Buffer.from(`/xpay/query_user_balance&${sent}`)));
    expect(query.signature).toBe(hmac("sk", Buffer.from(sent)));
    expect(query.access_token).toBe("TOKEN");
  });

  it("writes 64-bit integers as plain digits in the signed bytes", () => {
    const parsed = int64Input().safeParse("9007199254740993");
    if (!parsed.success) throw new Error("int64Input refused digits");
    const signed = signRequest(request({ id: parsed.data }, ["Pay"]), rules, {});
    expect(text(signed.encodedBody)).toBe('{"id":9007199254740993}');
  });

  it("signs `{}` when an operation with a body gets none, and an empty body when it has no body", () => {
    expect(text(signRequest(request(undefined, ["Pay"]), rules, {}).encodedBody)).toBe("{}");
    const bodiless = { ...op, body: undefined };
    const signed = signRequest(request(undefined, ["Pay"], bodiless), rules, {});
    expect(Object.fromEntries(signed.query).pay_sig).toBe(hmac("12345", "/xpay/query_user_balance&"));
  });

  it("puts a header-located signature in the headers", () => {
    const signed = signRequest(request({ a: 1 }, ["Header"]), rules, {});
    expect(signed.headers["x-sig"]).toBe(hmac("k", '{"a":1}'));
  });

  it("leaves requests whose security signs nothing untouched", () => {
    const plain = request({ a: 1 }, ["AccessToken"]);
    expect(signRequest(plain, rules, {})).toBe(plain);
  });

  it("refuses to sign without a key, and never shows a key", () => {
    const noAppKey = { ...rules, Pay: { ...rules.Pay!, key: undefined } };
    expect(() => signRequest(request({}, ["Pay"]), noAppKey, {})).toThrow(CredentialError);
    expect(() => signRequest(request({}, ["User"]), rules, {})).toThrow(/security scheme User needs the `sessionKey` argument/);
    const error = (() => {
      try {
        signRequest(request({}, ["Pay", "User"]), rules, { sessionKey: "" });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(CredentialError);
    expect(`${error!.message} ${String(error!.cause)}`).not.toContain("12345");
  });

  it("names the per-call key arguments, which are not part of the body", () => {
    expect(keyArguments(["AccessToken", "Pay", "User"], rules)).toEqual(["sessionKey"]);
    expect(keyArguments(["AccessToken"], undefined)).toEqual([]);
  });
});
