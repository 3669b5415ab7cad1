// Type-level tests, checked by `tsc -p .` (part of `npm test`): every `@ts-expect-error` line must
// fail to compile, every other line must compile. Nothing here runs.
import { createWeChatClient, type BinaryResponse, type Code2SessionResponse, type KfMessage, type OkResponse } from "../../generated/wechat/index.js";
import type { z } from "zod";
import { schemas } from "../../generated/wechat/schemas.js";

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_: T) => undefined;

// @ts-expect-error appid and secret are required
createWeChatClient({});
// @ts-expect-error tokenMode is "stable" or "classic"
createWeChatClient({ appid: "a", secret: "s", tokenMode: "forced" });

const wechat = createWeChatClient({ appid: "a", secret: "s", tokenMode: "classic", timeoutMs: 1000 });
// Behind Cloud Hosting's gateway no credentials are needed; without it, they are.
createWeChatClient({ mode: "cloud" });
// @ts-expect-error direct mode needs appid and secret
createWeChatClient({ mode: "direct", appid: "a" });
// @ts-expect-error there is no such mode
createWeChatClient({ mode: "serverless" });
// @ts-expect-error hooks get typed events
createWeChatClient({ appid: "a", secret: "s", hooks: { onResponse: (event: { status: string }) => event } });

export async function calls(): Promise<void> {
  const session = await wechat.auth.code2Session({ js_code: "c" });
  assertType<Equals<typeof session, Code2SessionResponse>>(true);
  const raw = await wechat.auth.code2Session({ js_code: "c" }).withResponse();
  assertType<Equals<typeof raw.data, Code2SessionResponse>>(true);
  const status: number = raw.response.status;
  // @ts-expect-error maxRetries is a number
  await wechat.auth.code2Session({ js_code: "c" }, { maxRetries: "2" });
  const unionid: string | undefined = session.unionid;
  // @ts-expect-error js_code is required
  await wechat.auth.code2Session({});
  // @ts-expect-error grant_type is filled by the client, not passed
  await wechat.auth.code2Session({ js_code: "c", grant_type: "authorization_code" });
  // @ts-expect-error credentials are not arguments
  await wechat.auth.getStableAccessToken({ secret: "s" });
  await wechat.auth.getStableAccessToken({ force_refresh: false });

  const sent: OkResponse = await wechat.customerServiceMessage.send({ touser: "o", msgtype: "text", text: { content: "hi" } });
  // @ts-expect-error a text message needs text.content
  await wechat.customerServiceMessage.send({ touser: "o", msgtype: "text" });
  // @ts-expect-error text.content is a string
  await wechat.customerServiceMessage.send({ touser: "o", msgtype: "text", text: { content: 1 } });
  // @ts-expect-error the msgtype decides which payload is required
  await wechat.customerServiceMessage.send({ touser: "o", msgtype: "image", text: { content: "hi" } });
  // @ts-expect-error unknown msgtype
  await wechat.customerServiceMessage.send({ touser: "o", msgtype: "video", video: {} });
  // @ts-expect-error command is "Typing" or "CancelTyping"
  await wechat.customerServiceMessage.setTyping({ touser: "o", command: "typing" });

  // What WeChat sends has open enums: the known values are typed, an unknown one still fits.
  const verdict = (await wechat.security.msgSecCheck({ openid: "o", scene: 1, content: "hi" })).result?.suggest;
  if (verdict === "risky" || verdict === "x-new-verdict") void verdict;
  // @ts-expect-error an open enum is still a string, not a number
  const wrongVerdict: typeof verdict = 1;
  // What the client sends stays exact: WeChat defaults miniprogram_state and lang, and accepts only its values.
  await wechat.subscribeMessage.send({ template_id: "t", touser: "o", data: { number01: { value: 3 } } });
  // @ts-expect-error miniprogram_state is developer, trial or formal
  await wechat.subscribeMessage.send({ template_id: "t", touser: "o", data: {}, miniprogram_state: "release" });
  await wechat.customerServiceMessage.send({ touser: "o", msgtype: "miniprogrampage", miniprogrampage: { title: "t", pagepath: "p", thumb_media_id: "m" } });

  const media: BinaryResponse = await wechat.customerServiceMessage.getTempMedia({ media_id: "m" });
  const bytes: Uint8Array = media.data;
  // @ts-expect-error uploads take bytes, not a path
  await wechat.customerServiceMessage.uploadTempMedia({ media: "/tmp/a.png" });
  await wechat.customerServiceMessage.uploadTempMedia({ media: new Blob([bytes]) });

  // Virtual payment: the session key is a per-call signing argument; appKey an optional client option.
  createWeChatClient({ appid: "a", secret: "s", appKey: "k" });
  // @ts-expect-error appKey is a string
  createWeChatClient({ appid: "a", secret: "s", appKey: 1 });
  const balance = await wechat.xpay.queryUserBalance({ openid: "o", env: 0, user_ip: "1.1.1.1", sessionKey: "sk" });
  const total: number | undefined = balance.balance;
  // @ts-expect-error user-state calls need the user's sessionKey
  await wechat.xpay.queryUserBalance({ openid: "o", env: 0, user_ip: "1.1.1.1" });
  // @ts-expect-error calls signed with the AppKey only take no sessionKey
  await wechat.xpay.queryOrder({ openid: "o", env: 0, order_id: "x", sessionKey: "sk" });
  // @ts-expect-error env is 0 (现网) or 1 (沙箱)
  await wechat.xpay.queryOrder({ openid: "o", env: 2 });
  await wechat.b2b.getOrder({ mchid: "1230000109", order_id: "o1", appKey: "merchant-key" });
  // @ts-expect-error B2b pay_sig calls need the merchant's appKey for each call
  await wechat.b2b.getOrder({ mchid: "1230000109", order_id: "o1" });
  // @ts-expect-error calls without pay_sig take no appKey
  await wechat.b2b.getAppKey({ mchid: "1230000109", appKey: "merchant-key" });

  // @ts-expect-error no such operation
  await wechat.auth.login();
  void [unionid, sent, total];
}

// Schemas carry the emitted types.
const message = schemas.KfMessage.parse({});
assertType<Equals<typeof message, KfMessage>>(true);
assertType<Equals<z.infer<typeof schemas.Code2SessionResponse>, Code2SessionResponse>>(true);

export async function imageCalls(): Promise<void> {
  await wechat.ocr.idcard({ img_url: "https://example.com/id.png", type: "photo" });
  await wechat.ocr.bankcard({ img: new Uint8Array([1]) });
  // @ts-expect-error the recognition mode is photo or scan
  await wechat.ocr.idcard({ img_url: "u", type: "front" });
  // @ts-expect-error img is a file, not a URL
  await wechat.img.aiCrop({ img: 42 });
  const crop = await wechat.img.aiCrop({ img_url: "u", ratios: "1,2.35" });
  const left: number | undefined = crop.results[0]?.crop_left;
}

export async function cloudAndNovelCalls(): Promise<void> {
  await wechat.cloudbase.invokeCloudFunction({ env: "e", name: "login" });
  // @ts-expect-error the function's environment and name are required query parameters
  await wechat.cloudbase.invokeCloudFunction({});
  // @ts-expect-error sms_type is Marketing or Notification, not a number
  await wechat.cloudbase.sendSms({ env: "e", phone_number_list: ["+86"], sms_type: 1 });
  // @ts-expect-error complete_status is 1 (连载中) or 2 (已完结)
  await wechat.novel.updateBook({ book_id: "b", complete_status: 3 });
  const created = await wechat.novel.createBook({ title: "t", intro: "i", cover_media_id: "m", author: "a", first_category_id: 1, second_category_id: 2, third_category_id: 3, complete_status: 1 });
  const bookId: string = created.book_id;
  // @ts-expect-error to_openid_list is required
  await wechat.hardwareDevice.send({ template_id: "t", sn: "s", modelId: "m", data: { k: { value: "v" } } });
  // Read-only arrays and `as const` literals are accepted: what a caller's own types often hold.
  const phones: readonly string[] = ["+86"];
  await wechat.cloudbase.sendSms({ env: "e", phone_number_list: phones, sms_type: "Notification" });
  const notice = { template_id: "t", sn: "s", modelId: "m", to_openid_list: ["o"], data: { k: { value: "v" } } } as const;
  await wechat.hardwareDevice.send(notice);
  // @ts-expect-error still checked inside: a number where the list holds strings
  await wechat.cloudbase.sendSms({ env: "e", phone_number_list: [86] as const, sms_type: "Notification" });
  // An allOf member that lists a key in `required` without declaring it makes the other member's property required.
  type AddOrder = Parameters<typeof wechat.logistics.addOrder>[0];
  assertType<Equals<AddOrder["add_source"], 0 | 2>>(true);
  // @ts-expect-error add_source is required by LogisticsAddOrderRequest's second allOf member
  const withoutSource: Pick<AddOrder, "add_source"> = {};
  // @ts-expect-error title is required by NovelCreateBookRequest, declared by NovelBookFields
  await wechat.novel.createBook({ intro: "i", cover_media_id: "m", author: "a", first_category_id: 1, second_category_id: 2, third_category_id: 3, complete_status: 1 });
  // additionalProperties: false without properties: the empty object only.
  await wechat.immediateDelivery.openDelivery({});
  // @ts-expect-error openDelivery takes no properties
  await wechat.immediateDelivery.openDelivery({ shopid: "s" });
}
