import { createHmac } from "node:crypto";
import { toJson } from "./encode.js";
import { CredentialError } from "./errors.js";
import type { ApiRequest } from "./middleware.js";

/**
 * `x-wxgen-signature`: a credential that is a MAC over the request path and the exact body bytes
 * (WeChat virtual payment's `pay_sig` and `signature`). The body is serialized once, signed, and
 * those same bytes are sent.
 */
export interface SignatureRule {
  /** Where the signature goes, under which name. */
  readonly in: "query" | "header";
  readonly name: string;
  readonly algorithm: "hmac-sha256";
  /** What is signed: literal text with `{path}` (the request path, no query) and `{body}` (the body bytes). */
  readonly message: string;
  /** The key when it is a client option (absent when that option is not set). */
  readonly key?: string | undefined;
  /** The key when it is a per-call argument: the argument's name. */
  readonly argument?: string;
}

/** The request carrying the signatures of its chosen security schemes, and the body bytes they cover. */
export function signRequest(request: ApiRequest, rules: Readonly<Record<string, SignatureRule>>, input: Record<string, unknown>): ApiRequest {
  const signing = request.security.filter((key) => rules[key] !== undefined);
  if (signing.length === 0) return request;
  const op = request.operation;
  // Signed operations take JSON (the generator checks): `{}` when the caller gave no body, as the docs sign one.
  const body = new TextEncoder().encode(op.body ? toJson(request.body ?? {}) : "");
  let signed: ApiRequest = { ...request, encodedBody: body };
  for (const scheme of signing) {
    const rule = rules[scheme]!;
    const key = rule.argument === undefined ? rule.key : input[rule.argument];
    if (typeof key !== "string" || key === "") {
      const source = rule.argument === undefined ? "the client's signing key option" : `the \`${rule.argument}\` argument`;
      throw new CredentialError(op.id, `security scheme ${scheme} needs ${source}`);
    }
    const signature = hmacSha256Hex(key, messageParts(rule.message, request.path, body));
    signed = rule.in === "query"
      ? { ...signed, query: [...signed.query, [rule.name, signature]] }
      : { ...signed, headers: { ...signed.headers, [rule.name.toLowerCase()]: signature } };
  }
  return signed;
}

/** Per-call key arguments of the request's schemes: not part of the body. */
export function keyArguments(security: readonly string[], rules: Readonly<Record<string, SignatureRule>> | undefined): string[] {
  return security.flatMap((key) => (rules?.[key]?.argument === undefined ? [] : [rules[key]!.argument!]));
}

/** Lower-case hex HMAC-SHA256 of the parts, in order. */
export function hmacSha256Hex(key: string, parts: readonly (string | Uint8Array)[]): string {
  const mac = createHmac("sha256", key);
  for (const part of parts) mac.update(part);
  return mac.digest("hex");
}

/** The message template split into literal text, the path and the body bytes. */
function messageParts(template: string, path: string, body: Uint8Array): (string | Uint8Array)[] {
  return template.split(/(\{path\}|\{body\})/).filter((part) => part !== "").map((part) => (part === "{path}" ? path : part === "{body}" ? body : part));
}
