import { createDecipheriv, createHash, timingSafeEqual } from "node:crypto";
import { OpenDataError } from "./crypto-errors.js";

/**
 * 开放数据校验与解密: what the mini program hands the backend from wx.getUserInfo, wx.getWeRunData,
 * wx.getShareInfo, wx.getGroupEnterInfo, wx.getChatToolInfo and the older phone-number flow.
 * `encryptedData` is AES-128-CBC with PKCS#7 padding under the user's `session_key`; the plaintext
 * carries a `watermark` naming the app it was made for.
 * https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/signature.html
 */

export interface OpenDataWatermark {
  readonly appid: string;
  /** Unix seconds when WeChat made the data. */
  readonly timestamp: number;
}

/** wx.getUserInfo (legacy). */
export interface OpenUserInfo {
  readonly openId: string;
  readonly nickName?: string;
  readonly gender?: number;
  readonly language?: string;
  readonly city?: string;
  readonly province?: string;
  readonly country?: string;
  readonly avatarUrl?: string;
  readonly unionId?: string;
}

/** wx.getWeRunData: the user's steps of the last 30 days. */
export interface OpenWeRunData {
  readonly stepInfoList: readonly { readonly timestamp: number; readonly step: number }[];
}

/** wx.getShareInfo: the group a shared card was opened in. */
export interface OpenShareInfo {
  readonly openGId: string;
}

/** wx.getGroupEnterInfo: the group the mini program was opened from. */
export interface OpenGroupEnterInfo {
  readonly opengid?: string;
}

/** wx.getChatToolInfo: the chat of the chat-tool mode (opengid in groups, open_single_roomid in one-to-one chats). */
export interface OpenChatToolInfo {
  readonly opengid?: string;
  readonly open_single_roomid?: string;
  readonly group_openid?: string;
  readonly chat_type?: number;
}

/** The older getPhoneNumber flow (encryptedData rather than a code). */
export interface OpenPhoneNumber {
  readonly phoneNumber: string;
  readonly purePhoneNumber?: string;
  readonly countryCode?: string;
}

/** Each kind of open data, by the name `decryptOpenData` takes. */
export interface OpenDataKinds {
  userInfo: OpenUserInfo;
  weRunData: OpenWeRunData;
  shareInfo: OpenShareInfo;
  groupEnterInfo: OpenGroupEnterInfo;
  chatToolInfo: OpenChatToolInfo;
  phoneNumber: OpenPhoneNumber;
}

export type OpenDataKind = keyof OpenDataKinds;

/** Decrypted open data: the kind's fields (and whatever else WeChat added), with the checked watermark. */
export type OpenData<K extends OpenDataKind | undefined = undefined> = (K extends OpenDataKind ? OpenDataKinds[K] : unknown) & {
  readonly watermark: OpenDataWatermark;
  readonly [field: string]: unknown;
};

export interface DecryptOpenDataInput<K extends OpenDataKind | undefined> {
  /** The user's session_key (base64, from auth.code2Session). */
  readonly sessionKey: string;
  readonly encryptedData: string;
  readonly iv: string;
  /** The mini program's appid: the watermark must name it. */
  readonly appid: string;
  /** Checks the fields that kind always has. */
  readonly kind?: K;
  /** Rejects data whose watermark is older than this. Default: no age limit. */
  readonly maxAgeSeconds?: number;
  /** Unix milliseconds to measure the age against. Default `Date.now()`. */
  readonly now?: number;
}

/** The field each kind always carries, for the shape check. */
const centralFields: Partial<Record<OpenDataKind, { name: string; type: "string" | "array" }>> = {
  userInfo: { name: "openId", type: "string" },
  weRunData: { name: "stepInfoList", type: "array" },
  shareInfo: { name: "openGId", type: "string" },
  phoneNumber: { name: "phoneNumber", type: "string" },
};

/** Decrypts and checks open data; throws OpenDataError. */
export function decryptOpenData<K extends OpenDataKind | undefined = undefined>(input: DecryptOpenDataInput<K>): OpenData<K> {
  const key = base64Bytes(input.sessionKey, 16, "sessionKey");
  const iv = base64Bytes(input.iv, 16, "iv");
  const payload = parseObject(decryptCbc(key, iv, Buffer.from(input.encryptedData, "base64")));
  const watermark = payload.watermark as Partial<OpenDataWatermark> | undefined;
  if (typeof watermark?.appid !== "string" || typeof watermark.timestamp !== "number") {
    throw new OpenDataError("shape", "open data has no watermark { appid, timestamp }");
  }
  if (watermark.appid !== input.appid) throw new OpenDataError("watermark", `open data was made for appid ${watermark.appid}, not ${input.appid}`);
  if (input.maxAgeSeconds !== undefined) {
    const ageSeconds = (input.now ?? Date.now()) / 1000 - watermark.timestamp;
    if (ageSeconds > input.maxAgeSeconds) throw new OpenDataError("stale", `open data is ${Math.floor(ageSeconds)} s old (at most ${input.maxAgeSeconds} s allowed)`);
  }
  const central = input.kind && centralFields[input.kind];
  if (central && !hasType(payload[central.name], central.type)) {
    throw new OpenDataError("shape", `${input.kind} open data has no ${central.name} (${central.type})`);
  }
  return payload as OpenData<K>;
}

export interface VerifyRawDataInput {
  /** The rawData string exactly as the mini program received it. */
  readonly rawData: string;
  readonly signature: string;
  readonly sessionKey: string;
}

/** Checks signature = sha1(rawData + session_key), in constant time; throws OpenDataError when it does not match. */
export function verifyRawData(input: VerifyRawDataInput): void {
  const expected = createHash("sha1").update(input.rawData + input.sessionKey, "utf8").digest();
  const given = /^[0-9a-f]{40}$/i.test(input.signature) ? Buffer.from(input.signature, "hex") : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new OpenDataError("signature", "rawData signature does not match sha1(rawData + session_key)");
  }
}

function base64Bytes(value: string, length: number, name: string): Buffer {
  const bytes = typeof value === "string" && /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, "base64") : Buffer.alloc(0);
  if (bytes.length !== length) throw new OpenDataError("malformed", `${name} must be base64 of ${length} bytes`);
  return bytes;
}

/** Node's own message ("bad decrypt") is dropped: nothing of the key or the data leaves this function. */
function decryptCbc(key: Buffer, iv: Buffer, data: Buffer): string {
  try {
    const decipher = createDecipheriv("aes-128-cbc", key, iv);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
  } catch {
    throw new OpenDataError("decrypt", "encryptedData does not decrypt with this session key and iv (wrong key, iv or padding)");
  }
}

function parseObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new OpenDataError("not-json", "decrypted open data is not JSON (the session key or iv is probably wrong)");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new OpenDataError("not-json", "decrypted open data is not a JSON object");
  return value as Record<string, unknown>;
}

function hasType(value: unknown, type: "string" | "array"): boolean {
  return type === "array" ? Array.isArray(value) : typeof value === "string" && value !== "";
}
