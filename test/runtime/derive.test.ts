import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { withDerived } from "../../generator/runtime/derive.js";
import { RequestValidationError } from "../../generator/runtime/errors.js";
import type { OperationSpec } from "../../generator/runtime/operation.js";

const op: OperationSpec = {
  id: "auth.checkSessionKey",
  method: "GET",
  path: "/wxa/checksession",
  response: { kind: "json" },
  derived: [{ name: "signature", from: "session_key", hmac: "sha256", message: "", encoding: "hex" }],
};

describe("withDerived", () => {
  it("computes the parameter from the secret and removes the secret from the input", () => {
    const input = { openid: "o1", session_key: "k3y" };
    const out = withDerived(op, input);
    expect(out).toEqual({ openid: "o1", signature: createHmac("sha256", "k3y").update("").digest("hex") });
    expect(input).toEqual({ openid: "o1", session_key: "k3y" }); // the caller's object is left alone
  });

  it("encodes as the spec says, and leaves operations without derived parameters as they are", () => {
    const base64 = { ...op, derived: [{ name: "sig", from: "key", hmac: "sha1", message: "m", encoding: "base64" }] } as OperationSpec;
    expect(withDerived(base64, { key: "k" })).toEqual({ sig: createHmac("sha1", "k").update("m").digest("base64") });
    const plain = { ...op, derived: undefined };
    const input = { a: 1 };
    expect(withDerived(plain, input)).toBe(input);
  });

  it("refuses a missing or empty secret without echoing it", () => {
    for (const input of [{}, { session_key: "" }, { session_key: 42 }]) {
      const error = (() => {
        try {
          withDerived(op, input);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as Error).message).toBe("auth.checkSessionKey: invalid arguments: session_key: a non-empty string is required");
    }
  });
});
