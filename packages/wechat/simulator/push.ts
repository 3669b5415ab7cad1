import { randomBytes } from "node:crypto";
import { request } from "undici";
import { PushCrypto, pushSignature } from "../../../generator/runtime/push-crypto.js";
import { serializePush } from "../../../generator/runtime/push-format.js";

/** WeChat's side of message push: signed (and encrypted) deliveries, as its servers send them. */

export type PushMode = "plain" | "compatible" | "secure";

export interface PushAccount {
  token: string;
  appid: string;
  encodingAESKey: string;
}

export interface Delivery {
  query: Record<string, string>;
  body: string;
}

export interface DeliveryOptions {
  mode: PushMode;
  format: "xml" | "json";
  /** Seconds; default now. */
  timestamp?: number;
}

export function delivery(account: PushAccount, payload: Record<string, unknown>, options: DeliveryOptions): Delivery {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = String(randomBytes(4).readUInt32BE());
  const query: Record<string, string> = { signature: pushSignature(account.token, timestamp, nonce), timestamp, nonce, openid: String(payload.FromUserName ?? "") };
  const plain = serializePush(payload, options.format);
  if (options.mode === "plain") return { query, body: plain };
  const Encrypt = new PushCrypto(account.encodingAESKey).encrypt(plain, account.appid);
  Object.assign(query, { encrypt_type: "aes", msg_signature: pushSignature(account.token, timestamp, nonce, Encrypt) });
  const envelope = options.mode === "compatible" ? { ...payload, Encrypt } : { ToUserName: payload.ToUserName, Encrypt };
  return { query, body: serializePush(envelope, options.format) };
}

/** The GET request WeChat makes when the push URL is configured. */
export function verification(account: PushAccount, echostr: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomBytes(4).readUInt32BE());
  return { signature: pushSignature(account.token, timestamp, nonce), timestamp, nonce, echostr };
}

/** What a receiver answered WeChat. */
export interface DeliveryAnswer {
  status: number;
  contentType: string | undefined;
  body: string;
}

/** WeChat drops a push the receiver has not answered within 5 seconds (and retries it). */
const WECHAT_WAIT_MS = 5_000;

/** Delivers over real HTTP, as WeChat's servers would: the signed query added to `url`'s own. */
export async function deliver(url: string, push: Delivery, method: "POST" | "GET" = "POST"): Promise<DeliveryAnswer> {
  const target = new URL(url);
  for (const [name, value] of Object.entries(push.query)) target.searchParams.set(name, value);
  const headers = method === "POST" ? { "content-type": push.body.startsWith("<") ? "text/xml" : "application/json" } : {};
  const response = await request(target, { method, body: method === "POST" ? push.body : null, headers, headersTimeout: WECHAT_WAIT_MS, bodyTimeout: WECHAT_WAIT_MS });
  const contentType = response.headers["content-type"];
  return { status: response.statusCode, contentType: Array.isArray(contentType) ? contentType[0] : contentType, body: await response.body.text() };
}

/** A random 43-character EncodingAESKey, as the mini program's settings page generates. */
export function newEncodingAESKey(): string {
  return randomBytes(32).toString("base64").slice(0, 43);
}
