import { randomBytes } from "node:crypto";
import { PushCrypto, pushSignature, sameSignature } from "../../../generator/runtime/push-crypto.js";
import { formatOf, parsePush } from "../../../generator/runtime/push-format.js";
import { deliver, delivery, verification, type DeliveryAnswer, type PushAccount, type PushMode } from "./push.js";

/** How the simulator delivers one push: the receiver's configured mode and format (消息推送配置). */
export interface PushDeliveryOptions {
  /** plain (明文模式), compatible (兼容模式: plaintext and Encrypt side by side) or secure (安全模式). */
  readonly mode: PushMode;
  /** The data format (数据格式) chosen in the settings. */
  readonly format: "xml" | "json";
  /** Seconds since the epoch, signed into the query. Default now; an old one tests replay protection. */
  readonly timestamp?: number;
  /** Sign and encrypt with other credentials than the simulator's: a wrong token or key tests rejections. */
  readonly account?: Partial<PushAccount>;
}

/** What the receiver answered, read as WeChat reads it. */
export interface PushAnswer extends DeliveryAnswer {
  /**
   * The passive reply (被动回复): the receiver's XML or JSON, decrypted and its MsgSignature checked
   * when the push was encrypted. Undefined when it answered `success`, nothing, or a non-200 status.
   */
  readonly reply: Record<string, unknown> | undefined;
}

/** The answer to the GET request WeChat sends when the push URL is saved in the settings. */
export interface VerificationAnswer extends DeliveryAnswer {
  /** Whether the receiver echoed `echostr` with status 200, which is what makes WeChat accept the URL. */
  readonly verified: boolean;
}

/** Sends `payload` to `url` signed (and encrypted) as WeChat's servers do, and reads the answer. */
export async function sendPush(url: string, account: PushAccount, payload: Record<string, unknown>, options: PushDeliveryOptions): Promise<PushAnswer> {
  const answer = await deliver(url, delivery(account, payload, options));
  const reply = answer.status === 200 ? await openReply(answer.body, account, options.mode) : undefined;
  return { ...answer, reply };
}

/** Sends the signed GET with an `echostr` the receiver must echo. */
export async function sendVerification(url: string, account: PushAccount): Promise<VerificationAnswer> {
  const echostr = randomBytes(8).toString("hex");
  const answer = await deliver(url, { query: verification(account, echostr), body: "" }, "GET");
  return { ...answer, verified: answer.status === 200 && answer.body === echostr };
}

/** A reply that WeChat could not read is an error in the receiver under test, and says why. */
async function openReply(body: string, account: PushAccount, mode: PushMode): Promise<Record<string, unknown> | undefined> {
  if (body === "" || body === "success") return undefined;
  const outer = await parsed(body, "reply");
  if (typeof outer.Encrypt !== "string") {
    if (mode === "secure") throw new Error("the push was sent in secure mode but the receiver replied in plaintext");
    return outer;
  }
  const signature = pushSignature(account.token, String(outer.TimeStamp ?? ""), String(outer.Nonce ?? ""), outer.Encrypt);
  if (!sameSignature(signature, typeof outer.MsgSignature === "string" ? outer.MsgSignature : undefined)) throw new Error("the receiver's encrypted reply has a MsgSignature that does not verify");
  const { message, appid } = new PushCrypto(account.encodingAESKey).decrypt(outer.Encrypt);
  if (appid !== account.appid) throw new Error(`the receiver's reply is encrypted for appid ${appid}, not ${account.appid}`);
  return parsed(message, "decrypted reply");
}

async function parsed(text: string, what: string): Promise<Record<string, unknown>> {
  const format = formatOf(text);
  if (!format) throw new Error(`the receiver's ${what} is neither success nor XML nor JSON: ${JSON.stringify(text.slice(0, 80))}`);
  return parsePush(text, format);
}
