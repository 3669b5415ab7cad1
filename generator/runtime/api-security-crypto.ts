import { constants, createCipheriv, createDecipheriv, sign, verify, type KeyObject } from "node:crypto";

/**
 * The primitives of WeChat's 服务端 API 签名 / 加密 (API 安全), as the guide defines them:
 * https://developers.weixin.qq.com/miniprogram/dev/server/getting_started/api_signature.html
 * AES256_GCM with a 12-byte iv and AAD `urlpath|appid|timestamp|sn`, the ciphertext and its tag
 * travelling as base64 in `{iv, data, authtag}`; RSAwithSHA256 with PSS padding over
 * `urlpath\nappid\ntimestamp\npayload`. Pure functions: the known-answer tests pin each one.
 */

/** The body of a secured request or response. */
export interface Envelope {
  readonly iv: string;
  readonly data: string;
  readonly authtag: string;
}

/** The additional authenticated data of both directions. */
export function envelopeAad(urlpath: string, appid: string, timestamp: number, sn: string): string {
  return `${urlpath}|${appid}|${timestamp}|${sn}`;
}

/** The bytes both signatures cover; `payload` is the body exactly as sent, no trailing newline. */
export function signedBytes(urlpath: string, appid: string, timestamp: number, payload: string | Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${urlpath}\n${appid}\n${timestamp}\n`, "utf8"), typeof payload === "string" ? Buffer.from(payload, "utf8") : payload]);
}

export function sealEnvelope(key: KeyObject, iv: Uint8Array, plaintext: string, aad: string): Envelope {
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { iv: Buffer.from(iv).toString("base64"), data: data.toString("base64"), authtag: cipher.getAuthTag().toString("base64") };
}

/** The plaintext, or undefined when the tag does not authenticate (tampered data, wrong key or AAD). */
export function openEnvelope(key: KeyObject, envelope: Envelope, aad: string): string | undefined {
  const iv = Buffer.from(envelope.iv, "base64");
  const tag = Buffer.from(envelope.authtag, "base64");
  if (iv.length !== 12 || tag.length !== 16) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: 16 });
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(envelope.data, "base64")), decipher.final()]).toString("utf8");
  } catch {
    return undefined;
  }
}

/** The envelope in a JSON body, or undefined when the body is not one. */
export function parseEnvelope(text: string): Envelope | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const { iv, data, authtag } = (value ?? {}) as Record<string, unknown>;
  return typeof iv === "string" && typeof data === "string" && typeof authtag === "string" ? { iv, data, authtag } : undefined;
}

/** RSAwithSHA256: PSS with a 32-byte salt (the guide's requirement for requests), base64. */
export function signPss(privateKey: KeyObject, signed: Uint8Array): string {
  return sign("sha256", signed, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }).toString("base64");
}

/** Verifies a PSS signature whatever its salt length (the guide leaves the response's unspecified). */
export function verifyPss(publicKey: KeyObject, signed: Uint8Array, signature: string): boolean {
  const bytes = Buffer.from(signature, "base64");
  if (bytes.length === 0) return false;
  return verify("sha256", signed, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, bytes);
}
