import { createHmac } from "node:crypto";
import { RequestValidationError } from "./errors.js";
import type { OperationSpec } from "./operation.js";

/**
 * `x-wxgen-derived`: a parameter the client computes from a secret the caller passes instead, so
 * the secret itself never leaves the process (WeChat's signature = hmac_sha256(session_key, "")).
 */
export interface DerivedSpec {
  /** The parameter that is sent. */
  readonly name: string;
  /** The caller's input it is computed from: removed from the input, never sent or reported. */
  readonly from: string;
  /** HMAC keyed with the input's UTF-8 bytes, over `message`. */
  readonly hmac: "sha1" | "sha256" | "sha512";
  readonly message: string;
  readonly encoding: "hex" | "base64";
}

/** The input with each derived parameter computed and its secret source removed. */
export function withDerived(op: OperationSpec, input: Record<string, unknown>): Record<string, unknown> {
  if (!op.derived) return input;
  const out = { ...input };
  for (const derived of op.derived) {
    const secret = out[derived.from];
    delete out[derived.from];
    if (typeof secret !== "string" || secret === "") {
      throw new RequestValidationError(op.id, [{ code: "custom", path: [derived.from], message: "a non-empty string is required", input: undefined }]);
    }
    out[derived.name] = createHmac(derived.hmac, secret).update(derived.message, "utf8").digest(derived.encoding);
  }
  return out;
}
