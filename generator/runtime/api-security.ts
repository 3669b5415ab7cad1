import { createPrivateKey, createPublicKey, createSecretKey, getCiphers, randomBytes, X509Certificate, type KeyObject } from "node:crypto";
import { ApiSecurityError } from "./crypto-errors.js";
import { inBandFailure, looksLikeJsonObject, parseJson, text } from "./decode.js";
import { toJson } from "./encode.js";
import type { ApiRequest, Middleware, ExchangedResponse } from "./middleware.js";
import type * as EnvelopeCrypto from "./api-security-crypto.js";

/**
 * API 安全 (服务端 API 签名 / 加密), client side: every operation the description marks
 * (`x-wxgen-api-security`) is sent as an AES256_GCM envelope signed with the app's private key,
 * and its answer must be signed by a platform certificate, fresh, and decrypt; only then does the
 * client check it for errors and validate it.
 */

/** The keys configured in 开发管理 → 开发设置 → API 安全, with their 编号 (SN). */
export interface ApiSecurityOptions {
  /** API 对称密钥: base64 of 32 bytes (AES256_GCM). */
  readonly symmetricKey: string;
  /** The symmetric key's 编号; part of the AAD. */
  readonly symmetricKeySn: string;
  /** 应用私钥 (RSA, PEM in PKCS#1 or PKCS#8, or a KeyObject): signs requests. */
  readonly privateKey: string | KeyObject;
  /** 平台证书 by 证书编号 (the `Wechatmp-Serial` of responses): a PEM certificate, a PEM public key or a KeyObject. Two during a certificate rotation. */
  readonly platformCertificates: Readonly<Record<string, string | KeyObject>>;
  /** 加密算法. Default and only one Node's crypto can do: AES256_GCM (it has no sm4-gcm cipher for SM4_GCM). */
  readonly encryption?: "AES256_GCM";
  /** 签名算法. Default and only one: RSAwithSHA256 (Node's crypto cannot set the SM2 signer ID SM2withSM3 needs). */
  readonly signature?: "RSAwithSHA256";
  /** A response signed longer ago than this is rejected. Default 300. */
  readonly maxAgeSeconds?: number;
  /**
   * Require API 安全 on every answer: an unsigned error answer (WeChat rejecting the envelope
   * itself, 40230–40240) is an ApiSecurityError too. Default false: it surfaces as the API's own
   * error, which says what was wrong. Unsigned success answers are always rejected.
   */
  readonly require?: boolean;
}

/** What the generated client supplies besides the options (`x-wxgen-api-security`). */
export interface ApiSecurityContext {
  /** Required: the client option may be optional (cloud mode), API 安全 is not. */
  readonly appid: string | undefined;
  /** The client's base URL: `urlpath` is the base URL plus the operation's path. */
  readonly baseUrl: string;
  /** Query parameters that stay in the URL (`access_token`); the others move into the envelope. */
  readonly keepInQuery: readonly string[];
}

/** Added to both plaintexts next to the original fields. */
const securityFields = ["_n", "_appid", "_timestamp"] as const;

interface Keys {
  readonly symmetric: KeyObject;
  readonly sn: string;
  readonly privateKey: KeyObject;
  readonly platform: ReadonlyMap<string, KeyObject>;
  readonly maxAgeSeconds: number;
  readonly require: boolean;
}

type Crypto = typeof EnvelopeCrypto;

// The envelope and signature code loads with the first sealed call: a client built without
// `apiSecurity`, or one that calls no operation supporting it, never loads it.
let envelopeCrypto: Promise<Crypto> | undefined;
const loadCrypto = () => (envelopeCrypto ??= import("./api-security-crypto.js"));

/** Builds the middleware; bad options (a PEM that does not parse, a key of the wrong length) throw ApiSecurityError here. */
export function apiSecurityMiddleware(options: ApiSecurityOptions, context: ApiSecurityContext): Middleware {
  const keys = readKeys(options);
  const appid = context.appid;
  if (!appid) throw configError("the client's appid is required");
  const sealing = { ...context, appid };
  return (request, next) => (request.operation.apiSecurity ? loadCrypto().then((crypto) => next(sealed(request, keys, sealing, crypto))) : next(request));
}

function sealed(request: ApiRequest, keys: Keys, context: ApiSecurityContext & { readonly appid: string }, crypto: Crypto): ApiRequest {
  const { envelopeAad, sealEnvelope, signedBytes, signPss } = crypto;
  const { appid } = context;
  const timestamp = Math.floor(Date.now() / 1000);
  const urlpath = `${context.baseUrl.replace(/\/+$/, "")}${request.path}`;
  const keep = new Set(context.keepInQuery);
  const moved = request.query.filter(([name]) => !keep.has(name));
  if (request.body !== undefined && (request.body === null || typeof request.body !== "object" || Array.isArray(request.body))) {
    throw new ApiSecurityError(request.operation.id, "only a JSON object body can be sealed");
  }
  const body = request.body ?? {};
  // The security fields first, as in the guide's example; the original fields keep their order.
  const fields = { _n: randomBytes(16).toString("base64").replace(/=+$/, ""), _appid: appid, _timestamp: timestamp, ...Object.fromEntries(moved), ...body };
  const envelope = sealEnvelope(keys.symmetric, randomBytes(12), toJson(fields), envelopeAad(urlpath, appid, timestamp, keys.sn));
  const payload = JSON.stringify(envelope);
  const exchange = { urlpath, appid, operation: request.operation.id, keys, crypto };
  return {
    ...request,
    query: request.query.filter(([name]) => keep.has(name)),
    headers: {
      ...request.headers,
      "wechatmp-appid": appid,
      "wechatmp-timestamp": String(timestamp),
      "wechatmp-signature": signPss(keys.privateKey, signedBytes(urlpath, appid, timestamp, payload)),
    },
    wire: { body: payload, contentType: "application/json", open: (response) => opened(response, exchange, request) },
  };
}

interface Exchange {
  readonly urlpath: string;
  readonly appid: string;
  readonly operation: string;
  readonly keys: Keys;
  readonly crypto: Crypto;
}

/** Verifies, checks freshness, decrypts; hands on the plaintext answer without the security fields. */
function opened(response: ExchangedResponse, exchange: Exchange, request: ApiRequest): ExchangedResponse {
  const { envelopeAad, openEnvelope, parseEnvelope, signedBytes } = exchange.crypto;
  if (response.status < 200 || response.status > 299) return response;
  const fail = (reason: string) => new ApiSecurityError(exchange.operation, reason);
  const headers = response.headers;
  if (!headers["wechatmp-signature"]) {
    if (!exchange.keys.require && isInBandError(response.body, request)) return response;
    throw fail("the answer is not signed (no Wechatmp-Signature): refused");
  }
  const timestamp = Number(headers["wechatmp-timestamp"]);
  if (!Number.isInteger(timestamp)) throw fail("the answer has no valid Wechatmp-TimeStamp");
  if (headers["wechatmp-appid"] !== undefined && headers["wechatmp-appid"] !== exchange.appid) throw fail(`the answer is for appid ${headers["wechatmp-appid"]}`);
  verifySignature(headers, signedBytes(exchange.urlpath, exchange.appid, timestamp, response.body), exchange, fail);
  const ageSeconds = Date.now() / 1000 - timestamp;
  if (ageSeconds > exchange.keys.maxAgeSeconds) throw fail(`the answer was signed ${Math.floor(ageSeconds)} s ago (at most ${exchange.keys.maxAgeSeconds} s allowed)`);
  const envelope = looksLikeJsonObject(response.body) ? parseEnvelope(text(response.body)) : undefined;
  // A signed body that is not an envelope is authentic as it is (WeChat signs what it sends).
  if (!envelope) return response;
  const plaintext = openEnvelope(exchange.keys.symmetric, envelope, envelopeAad(exchange.urlpath, exchange.appid, timestamp, exchange.keys.sn));
  if (plaintext === undefined) throw fail("the answer does not decrypt: tampered with, or another key or AAD");
  return { ...response, body: new TextEncoder().encode(withoutSecurityFields(plaintext, exchange.appid, timestamp, fail)) };
}

function verifySignature(headers: Readonly<Record<string, string>>, signed: Uint8Array, { keys, crypto }: Exchange, fail: (reason: string) => Error): void {
  // During a certificate rotation the answer is signed with both the new and the expiring certificate.
  const candidates = [
    [headers["wechatmp-serial"], headers["wechatmp-signature"]],
    [headers["wechatmp-serial-deprecated"], headers["wechatmp-signature-deprecated"]],
  ].filter((pair): pair is [string, string] => Boolean(pair[0] && pair[1]));
  const known = candidates.filter(([serial]) => keys.platform.has(serial));
  if (known.length === 0) throw fail(`no platform certificate configured for Wechatmp-Serial ${candidates.map(([serial]) => serial).join(", ") || "(none)"}`);
  if (!known.some(([serial, signature]) => crypto.verifyPss(keys.platform.get(serial)!, signed, signature))) {
    throw fail(`the answer's signature does not verify against platform certificate ${known.map(([serial]) => serial).join(", ")}`);
  }
}

/** The decrypted JSON minus `_n`, `_appid`, `_timestamp`, which must name this app and the signed time. */
function withoutSecurityFields(plaintext: string, appid: string, timestamp: number, fail: (reason: string) => Error): string {
  const parsed = parseJson(new TextEncoder().encode(plaintext))?.value;
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw fail("the decrypted answer is not a JSON object");
  const fields = { ...(parsed as Record<string, unknown>) };
  if (fields._appid !== appid || Number(fields._timestamp) !== timestamp) throw fail("the decrypted answer's _appid or _timestamp does not match its signed headers");
  for (const name of securityFields) delete fields[name];
  // parseJson turned unsafe integers into digit strings, as the decoder would: nothing is rounded.
  return JSON.stringify(fields);
}

function isInBandError(body: Uint8Array, request: ApiRequest): boolean {
  const rule = request.operation.inBandError;
  if (!rule || !looksLikeJsonObject(body)) return false;
  const json = parseJson(body);
  return json !== undefined && inBandFailure(request.operation, rule, json.value) !== undefined;
}

function readKeys(options: ApiSecurityOptions): Keys {
  if ((options.encryption ?? "AES256_GCM") !== "AES256_GCM") {
    throw configError(`encryption ${String(options.encryption)} is not supported${getCiphers().includes("sm4-gcm") ? "" : " (this Node has no sm4-gcm cipher)"}: use AES256_GCM`);
  }
  if ((options.signature ?? "RSAwithSHA256") !== "RSAwithSHA256") throw configError(`signature ${String(options.signature)} is not supported: use RSAwithSHA256`);
  const raw = typeof options.symmetricKey === "string" && /^[A-Za-z0-9+/]+={0,2}$/.test(options.symmetricKey) ? Buffer.from(options.symmetricKey, "base64") : Buffer.alloc(0);
  if (raw.length !== 32) throw configError("symmetricKey must be the base64 of 32 bytes (an AES256_GCM key)");
  if (!options.symmetricKeySn) throw configError("symmetricKeySn is required");
  const platform = new Map(Object.entries(options.platformCertificates ?? {}).map(([sn, key]) => [sn, publicKeyOf(sn, key)]));
  if (platform.size === 0) throw configError("platformCertificates needs at least one certificate, by its 证书编号");
  const maxAgeSeconds = options.maxAgeSeconds ?? 300;
  if (!(maxAgeSeconds > 0)) throw configError("maxAgeSeconds must be positive");
  return { symmetric: createSecretKey(raw), sn: options.symmetricKeySn, privateKey: privateKeyOf(options.privateKey), platform, maxAgeSeconds, require: options.require === true };
}

/** Node's parse errors are not kept as `cause`: they may quote the input. */
function privateKeyOf(key: string | KeyObject): KeyObject {
  let parsed: KeyObject;
  try {
    parsed = typeof key === "string" ? createPrivateKey(key) : key;
  } catch {
    throw configError("privateKey is not a PEM private key");
  }
  if (parsed.type !== "private" || parsed.asymmetricKeyType !== "rsa") throw configError("privateKey must be an RSA private key (RSAwithSHA256)");
  return parsed;
}

function publicKeyOf(sn: string, key: string | KeyObject): KeyObject {
  let parsed: KeyObject;
  try {
    parsed = typeof key !== "string" ? key : key.includes("CERTIFICATE") ? new X509Certificate(key).publicKey : createPublicKey(key);
  } catch {
    throw configError(`platform certificate ${sn} is not a PEM certificate or public key`);
  }
  if (parsed.type !== "public" || parsed.asymmetricKeyType !== "rsa") throw configError(`platform certificate ${sn} must hold an RSA public key`);
  return parsed;
}

function configError(reason: string): ApiSecurityError {
  return new ApiSecurityError("apiSecurity", reason);
}
