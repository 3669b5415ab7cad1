import { createPublicKey, createSecretKey, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import type { ApiSecurityOptions } from "../../../generator/runtime/api-security.js";
import { envelopeAad, openEnvelope, parseEnvelope, sealEnvelope, signedBytes, signPss, verifyPss } from "../../../generator/runtime/api-security-crypto.js";
import { wechatError, type Reply, type SimRequest } from "./http.js";

/**
 * WeChat's side of API 安全 (服务端 API 签名 / 加密): a request that carries Wechatmp-Signature is
 * verified with the app's public key, checked for freshness and decrypted; the handler sees the
 * plain request; its answer goes back encrypted and signed with the platform key. Requests without
 * the headers are answered in the clear, as WeChat does for an account that does not enforce it.
 */

/** Ways to misbehave once, for the client's rejection tests. */
export type ApiSecurityFault =
  | "unsigned" // the sealed answer without its signature headers
  | "plain" // a plain, unsigned answer
  | "tamper-ciphertext" // a changed ciphertext, signed as sent (only GCM can tell)
  | "wrong-aad" // sealed under another AAD, signed as sent
  | "tamper-after-signing" // a changed body after signing
  | "unknown-serial" // signed by a platform certificate the client does not know
  | "stale"; // signed and sealed ten minutes ago

export interface SimulatedApiSecurityOptions {
  /** base64 of 32 bytes. Default: random. */
  symmetricKey?: string;
  symmetricKeySn?: string;
  platformSn?: string;
  /** Requests signed longer ago (or further ahead) than this are refused with 40240. Default 300. */
  maxSkewSeconds?: number;
}

/** What the simulator decrypted: the fields each secured request carried. */
export interface OpenedRequest {
  path: string;
  fields: Record<string, unknown>;
}

export class SimulatedApiSecurity {
  readonly symmetricKey: string;
  readonly symmetricKeySn: string;
  readonly platformSn: string;
  /** The app's key pair (the client holds the private key; WeChat the public one). */
  readonly appPrivateKey: KeyObject;
  private readonly appPublicKey: KeyObject;
  private readonly platformPrivateKey: KeyObject;
  readonly platformPublicKey: KeyObject;
  readonly opened: OpenedRequest[] = [];
  private readonly maxSkewSeconds: number;
  private readonly faults: ApiSecurityFault[] = [];

  constructor(options: SimulatedApiSecurityOptions = {}) {
    this.symmetricKey = options.symmetricKey ?? randomBytes(32).toString("base64");
    this.symmetricKeySn = options.symmetricKeySn ?? randomBytes(16).toString("hex");
    this.platformSn = options.platformSn ?? randomBytes(16).toString("hex");
    this.maxSkewSeconds = options.maxSkewSeconds ?? 300;
    const app = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const platform = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.appPrivateKey = app.privateKey;
    this.appPublicKey = app.publicKey;
    this.platformPrivateKey = platform.privateKey;
    this.platformPublicKey = createPublicKey(platform.privateKey);
  }

  /** The options a client of this account passes as `apiSecurity`. */
  clientOptions(): ApiSecurityOptions {
    return {
      symmetricKey: this.symmetricKey,
      symmetricKeySn: this.symmetricKeySn,
      privateKey: this.appPrivateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      platformCertificates: { [this.platformSn]: this.platformPublicKey.export({ type: "spki", format: "pem" }).toString() },
    };
  }

  /** The next secured answers misbehave this way, one each. */
  misbehave(...faults: ApiSecurityFault[]): void {
    this.faults.push(...faults);
  }

  /** Answers one request: opened and sealed when it is secured, passed through otherwise. */
  async exchange(request: SimRequest, urlpath: string, appid: string, nowMs: number, answer: (plain: SimRequest) => Promise<Reply>): Promise<Reply> {
    if (request.headers["wechatmp-signature"] === undefined) return answer(request);
    const opened = this.open(request, urlpath, appid, nowMs);
    if (!("raw" in opened)) return opened;
    return this.seal(await answer(opened), urlpath, appid, Math.floor(nowMs / 1000));
  }

  private open(request: SimRequest, urlpath: string, appid: string, nowMs: number): SimRequest | Reply {
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const timestamp = Number(header("wechatmp-timestamp"));
    if (!header("wechatmp-appid")) return wechatError(40233, "API_Missing_Wechatmp_Appid");
    if (header("wechatmp-appid") !== appid) return wechatError(40236, "API_Invalid_Wechatmp_Appid");
    if (!Number.isInteger(timestamp)) return wechatError(40231, "API_Missing_Wechatmp_Timestamp");
    if (Math.abs(nowMs / 1000 - timestamp) > this.maxSkewSeconds) return wechatError(40240, "API_Expired_Wechatmp_Timestamp");
    if (!verifyPss(this.appPublicKey, signedBytes(urlpath, appid, timestamp, request.raw), header("wechatmp-signature")!)) return wechatError(40234, "API_Invalid_Signature");
    const envelope = parseEnvelope(request.raw.toString("utf8"));
    const plaintext = envelope && openEnvelope(this.key(), envelope, envelopeAad(urlpath, appid, timestamp, this.symmetricKeySn));
    if (!plaintext) return wechatError(40235, "API_Invalid_Encrypt");
    const { _n, _appid, _timestamp, ...fields } = JSON.parse(plaintext) as Record<string, unknown>;
    if (typeof _n !== "string" || _appid !== appid || _timestamp !== timestamp) return wechatError(40235, "API_Invalid_Encrypt");
    this.opened.push({ path: request.path, fields });
    // The guide does not say which fields came from the URL: handlers find them in both places.
    const query = new URLSearchParams(request.query);
    for (const [name, value] of Object.entries(fields)) if (value === null || typeof value !== "object") query.set(name, String(value));
    return { ...request, query, raw: Buffer.from(JSON.stringify(fields)) };
  }

  /** JSON answers go back as an envelope; others (images) as they are, signed. */
  private seal(reply: Reply, urlpath: string, appid: string, now: number): Reply {
    const fault = this.faults.shift();
    const timestamp = fault === "stale" ? now - 600 : now;
    if (fault === "plain") return reply;
    const answer = jsonObject(reply.body);
    let body: string | Uint8Array = reply.body;
    let contentType = reply.contentType;
    if (answer) {
      const fields = { _n: randomBytes(16).toString("base64"), _appid: appid, _timestamp: timestamp, ...answer };
      const aad = envelopeAad(fault === "wrong-aad" ? `${urlpath}/other` : urlpath, appid, timestamp, this.symmetricKeySn);
      const envelope = sealEnvelope(this.key(), randomBytes(12), JSON.stringify(fields), aad);
      body = JSON.stringify(fault === "tamper-ciphertext" ? { ...envelope, data: flipFirstByte(envelope.data) } : envelope);
      contentType = "application/json; charset=utf-8";
    }
    const signature = signPss(this.platformPrivateKey, signedBytes(urlpath, appid, timestamp, body));
    if (fault === "tamper-after-signing") body = tamperedBody(body);
    const headers: Record<string, string> =
      fault === "unsigned"
        ? {}
        : { "Wechatmp-Appid": appid, "Wechatmp-TimeStamp": String(timestamp), "Wechatmp-Serial": fault === "unknown-serial" ? "0".repeat(32) : this.platformSn, "Wechatmp-Signature": signature };
    return { status: reply.status ?? 200, headers, body, ...(contentType ? { contentType } : {}) };
  }

  private key(): KeyObject {
    return createSecretKey(Buffer.from(this.symmetricKey, "base64"));
  }
}

function jsonObject(body: string | Uint8Array): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(typeof body === "string" ? body : Buffer.from(body).toString("utf8")) as unknown;
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The envelope with one ciphertext byte changed, or the bytes with their first one changed. */
function tamperedBody(body: string | Uint8Array): string | Uint8Array {
  if (typeof body !== "string") return Uint8Array.from(body, (byte, i) => (i === 0 ? byte ^ 0x01 : byte));
  const envelope = JSON.parse(body) as { data: string };
  return JSON.stringify({ ...envelope, data: flipFirstByte(envelope.data) });
}

function flipFirstByte(base64: string): string {
  const bytes = Buffer.from(base64, "base64");
  bytes[0] = bytes[0]! ^ 0x01;
  return bytes.toString("base64");
}
