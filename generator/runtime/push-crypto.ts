import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** WeChat's push signatures and message encryption (WXBizMsgCrypt): AES-256-CBC, PKCS#7 over 32-byte blocks. */

/** sha1 of the parts sorted and joined: `signature` (token, timestamp, nonce) and `msg_signature` (…, Encrypt). */
export function pushSignature(...parts: string[]): string {
  return createHash("sha1").update([...parts].sort().join("")).digest("hex");
}

/** Compares in constant time, so a forged signature learns nothing from the timing. */
export function sameSignature(expected: string, received: string | undefined): boolean {
  if (received === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(received.toLowerCase());
  return a.length === b.length && timingSafeEqual(a, b);
}

export class PushCryptoError extends Error {
  override name = "PushCryptoError";
}

const BLOCK = 32;

export class PushCrypto {
  private readonly key: Buffer;

  /** `encodingAESKey` is the 43-character key from the mini program's settings. */
  constructor(encodingAESKey: string) {
    this.key = Buffer.from(`${encodingAESKey}=`, "base64");
    if (encodingAESKey.length !== 43 || this.key.length !== 32) throw new TypeError("encodingAESKey must be the 43-character key from the mini program's settings");
  }

  /** The message and the appid it was encrypted for. */
  decrypt(encrypted: string): { message: string; appid: string } {
    const ciphertext = Buffer.from(encrypted, "base64");
    // Without padding, node:crypto drops a trailing partial block silently instead of failing.
    if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) throw new PushCryptoError("ciphertext is not a whole number of AES blocks");
    const decipher = createDecipheriv("aes-256-cbc", this.key, this.key.subarray(0, 16)).setAutoPadding(false);
    const padded = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    const pad = padded[padded.length - 1] ?? 0;
    if (pad < 1 || pad > BLOCK || pad > padded.length || !padded.subarray(padded.length - pad).every((byte) => byte === pad)) {
      throw new PushCryptoError("bad PKCS#7 padding");
    }
    const plain = padded.subarray(0, padded.length - pad);
    if (plain.length < 20) throw new PushCryptoError("decrypted message too short");
    const length = plain.readUInt32BE(16);
    if (20 + length > plain.length) throw new PushCryptoError("message length exceeds the decrypted data");
    return { message: plain.subarray(20, 20 + length).toString("utf8"), appid: plain.subarray(20 + length).toString("utf8") };
  }

  encrypt(message: string, appid: string): string {
    const body = Buffer.from(message, "utf8");
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    const plain = Buffer.concat([randomBytes(16), length, body, Buffer.from(appid, "utf8")]);
    const pad = BLOCK - (plain.length % BLOCK);
    const cipher = createCipheriv("aes-256-cbc", this.key, this.key.subarray(0, 16)).setAutoPadding(false);
    return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString("base64");
  }
}
