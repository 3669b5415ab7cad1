import { createHmac, timingSafeEqual } from "node:crypto";
import type { ApiModel, SecurityScheme } from "../../../generator/model/types.js";
import { wechatError, type Reply, type SimRequest } from "./http.js";

/** The keys WeChat holds for the app: the virtual-payment AppKey and the session keys of users. */
export interface SigningKeys {
  /** Key of the `key.option` schemes (pay_sig). */
  appKey: string;
  /** Key of the `key.argument` schemes (signature), by the body's `openid`; one key for every user when a string. */
  sessionKey: string | ((openid: string | undefined) => string | undefined);
  /**
   * Keys of named schemes whose key is neither the app's AppKey nor a user's session key (B2b's pay_sig is keyed by
   * the merchant's AppKey): the key for a request body, and what WeChat answers when the signature does not hold.
   */
  schemes?: Record<string, { key: (body: Record<string, unknown>) => string | undefined; rejection: readonly [number, string] }>;
}

/** What WeChat answers a bad or missing signature: -15006 for pay_sig, -15005 for the user-state signature. */
const rejection = { option: [-15006, "pay_sig error"], argument: [-15005, "signature error"] } as const;

/**
 * Checks the `x-wxgen-signature` credentials of requests the way WeChat does, on the raw bytes
 * received: an operation is answered only when one of its security alternatives is fully and
 * correctly signed, and no signature present is wrong.
 */
export class SignatureVerifier {
  private readonly alternatives = new Map<string, SecurityScheme[][]>();

  constructor(model: ApiModel, private readonly keys: SigningKeys) {
    const signing = new Map(model.securitySchemes.filter((s) => s.signature).map((s) => [s.key, s]));
    for (const op of model.operations) {
      const alternatives = op.security.map((alternative) => alternative.flatMap((key) => (signing.has(key) ? [signing.get(key)!] : [])));
      if (alternatives.some((a) => a.length > 0)) this.alternatives.set(`${op.httpMethod} ${op.path}`, alternatives);
    }
  }

  /** A WeChat error when the request's signatures do not hold; undefined when they do (or none is needed). */
  check(request: SimRequest): Reply | undefined {
    const alternatives = this.alternatives.get(`${request.method} ${request.path}`);
    if (!alternatives) return undefined;
    const schemes = [...new Set(alternatives.flat())];
    const wrong = schemes.find((s) => request.query.has(s.paramName!) && !this.valid(s, request));
    if (wrong) return this.reject(wrong);
    if (alternatives.some((alternative) => alternative.every((s) => request.query.has(s.paramName!)))) return undefined;
    return this.reject(alternatives[0]!.find((s) => !request.query.has(s.paramName!))!);
  }

  private valid(scheme: SecurityScheme, request: SimRequest): boolean {
    const key = this.keyFor(scheme, request);
    if (key === undefined) return false;
    const mac = createHmac("sha256", key);
    for (const part of scheme.signature!.message.split(/(\{path\}|\{body\})/)) {
      mac.update(part === "{path}" ? Buffer.from(request.path) : part === "{body}" ? request.raw : Buffer.from(part));
    }
    const expected = Buffer.from(mac.digest("hex"));
    const given = Buffer.from(request.query.get(scheme.paramName!)!);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private keyFor(scheme: SecurityScheme, request: SimRequest): string | undefined {
    const named = this.keys.schemes?.[scheme.key];
    if (named) return named.key(bodyOf(request));
    if (scheme.signature!.keyOption) return this.keys.appKey;
    if (typeof this.keys.sessionKey === "string") return this.keys.sessionKey;
    const openid = bodyOf(request).openid;
    return this.keys.sessionKey(typeof openid === "string" ? openid : undefined);
  }

  private reject(scheme: SecurityScheme): Reply {
    const [code, message] = this.keys.schemes?.[scheme.key]?.rejection ?? rejection[scheme.signature!.keyOption ? "option" : "argument"];
    return wechatError(code, `${message}: ${scheme.paramName} does not match the request`);
  }
}

/** The request's JSON body as an object; empty when it is not one. */
function bodyOf(request: SimRequest): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(request.raw.toString("utf8"));
    return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
