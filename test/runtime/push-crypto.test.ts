import { createCipheriv } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PushCrypto, PushCryptoError, pushSignature, sameSignature } from "../../generator/runtime/push-crypto.js";

interface Sample {
  token: string;
  encodingAESKey?: string;
  appid?: string;
  timestamp?: string;
  nonce?: string;
  encrypt?: string;
  msgSignature?: string;
  plaintext?: string;
}
/** WeChat's published examples (sources in the file). */
const samples = JSON.parse(readFileSync("test/fixtures/wechat-crypto-samples.json", "utf8")) as Sample[];
const key = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/** `plain` encrypted as WXBizMsgCrypt does (PKCS#7 to 32 bytes), whatever it says inside. */
function encryptRaw(plain: Buffer): string {
  const aesKey = Buffer.from(`${key}=`, "base64");
  const pad = 32 - (plain.length % 32);
  const cipher = createCipheriv("aes-256-cbc", aesKey, aesKey.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString("base64");
}

describe("push signatures", () => {
  it("match WeChat's published msg_signature examples", () => {
    const signed = samples.filter((s) => s.msgSignature && s.timestamp && s.nonce);
    expect(signed.length).toBeGreaterThan(5);
    for (const s of signed) expect(pushSignature(s.token, s.timestamp!, s.nonce!, s.encrypt!)).toBe(s.msgSignature);
  });

  it("do not depend on the order of the parts, and compare case-insensitively and only in full", () => {
    expect(pushSignature("b", "a", "c")).toBe(pushSignature("c", "b", "a"));
    const signature = pushSignature("token", "1", "2");
    expect(sameSignature(signature, signature.toUpperCase())).toBe(true);
    expect(sameSignature(signature, signature.slice(0, -1))).toBe(false);
    expect(sameSignature(signature, undefined)).toBe(false);
  });
});

describe("PushCrypto", () => {
  it("decrypts WeChat's published messages to their text and appid", () => {
    const withText = samples.filter((s) => s.plaintext && s.encodingAESKey);
    expect(withText.length).toBeGreaterThan(2);
    for (const s of withText) expect(new PushCrypto(s.encodingAESKey!).decrypt(s.encrypt!)).toEqual({ message: s.plaintext, appid: s.appid });
  });

  it("round-trips any text, padding to 32-byte blocks (a full block when the text fills one)", () => {
    const crypto = new PushCrypto(key);
    for (const message of ["", "x", "中文消息", "a".repeat(12), "b".repeat(1000)]) {
      const encrypted = crypto.encrypt(message, "wx123");
      expect(Buffer.from(encrypted, "base64").length % 32).toBe(0);
      expect(crypto.decrypt(encrypted)).toEqual({ message, appid: "wx123" });
    }
    expect(crypto.encrypt("same", "wx")).not.toBe(crypto.encrypt("same", "wx")); // a random prefix each time
  });

  it("refuses keys of the wrong length, and ciphertext that is cut, badly padded or lies about its length", () => {
    expect(() => new PushCrypto("short")).toThrow("encodingAESKey must be the 43-character key");
    const crypto = new PushCrypto(key);
    const bytes = Buffer.from(crypto.encrypt("hello", "wx123"), "base64");
    expect(() => crypto.decrypt(bytes.subarray(0, 24).toString("base64"))).toThrow(new PushCryptoError("ciphertext is not a whole number of AES blocks"));
    expect(() => new PushCrypto("B".repeat(43)).decrypt(bytes.toString("base64"))).toThrow(PushCryptoError);
    expect(() => crypto.decrypt("")).toThrow(new PushCryptoError("ciphertext is not a whole number of AES blocks"));
    const claimed = Buffer.alloc(4);
    claimed.writeUInt32BE(1_000);
    expect(() => crypto.decrypt(encryptRaw(Buffer.concat([Buffer.alloc(16), claimed, Buffer.from("hi")])))).toThrow(new PushCryptoError("message length exceeds the decrypted data"));
    expect(() => crypto.decrypt(encryptRaw(Buffer.alloc(10)))).toThrow(new PushCryptoError("decrypted message too short"));
  });
});
