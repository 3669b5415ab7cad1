import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createWeChatClient, ResponseValidationError, type ResponseMismatch, type WeChatClient } from "../../generated/wechat/index.js";
import { RecordingServer } from "../recording-server.js";

/** The validation rule over real HTTP: exact about what WeChat accepts, tolerant of what it sends. */
const api = new RecordingServer();
const mismatches: ResponseMismatch[] = [];
let strict: WeChatClient;
let reporting: WeChatClient;

beforeAll(async () => {
  await api.start();
  const base = { appid: "wx-tolerance", secret: "tolerance-secret", baseUrl: api.origin, tokenProvider: () => "TOKEN-tolerance" };
  strict = createWeChatClient(base);
  reporting = createWeChatClient({ ...base, responseValidation: "report", onResponseMismatch: (m) => void mismatches.push(m) });
});
beforeEach(() => {
  api.reply = RecordingServer.defaultReply;
  mismatches.length = 0;
});
afterAll(async () => {
  await Promise.all([strict.close(), reporting.close()]);
  await api.close();
});

const answer = (body: unknown, type = "text/plain") => (api.reply = { status: 200, type, body: JSON.stringify(body) });
const sentBody = () => JSON.parse(api.last().body.toString("utf8")) as Record<string, unknown>;

describe("what WeChat sends", () => {
  it('reads errcode "0" as success and returns it as the number 0', async () => {
    answer({ errcode: "0", errmsg: "ok", openid: "o-1", session_key: "sk-1" });
    await expect(strict.auth.code2Session({ js_code: "c" })).resolves.toMatchObject({ errcode: 0, openid: "o-1" });
  });

  it("accepts an enum value WeChat adds later, and numbers as numeric strings", async () => {
    answer({ errcode: 0, result: { suggest: "x-new-verdict", label: "20001" }, detail: [], trace_id: "t" });
    const result = await strict.security.msgSecCheck({ openid: "o", scene: 1, content: "hi" });
    expect(result.result).toEqual({ suggest: "x-new-verdict", label: 20001 });
  });

  it("leaves out what WeChat does not guarantee and keeps fields it adds", async () => {
    answer({ result: { suggest: "pass" }, x_new: { a: 1 } });
    await expect(strict.security.msgSecCheck({ openid: "o", scene: 1, content: "hi" })).resolves.toMatchObject({ x_new: { a: 1 } });
  });

  it('throws a ResponseValidationError when a guaranteed field is missing (responseValidation "throw", the default)', async () => {
    answer({ errcode: 0, session_key: "sk-secret-value" });
    const error = await strict.auth.code2Session({ js_code: "c" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).rawBody).not.toContain("sk-secret-value");
  });

  it('returns the answer as received and reports it in "report" mode, secrets masked', async () => {
    answer({ errcode: 0, session_key: "sk-secret-value", unionid: 42 });
    await expect(reporting.auth.code2Session({ js_code: "c" })).resolves.toEqual({ errcode: 0, session_key: "sk-secret-value", unionid: 42 });
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]).toMatchObject({ operation: "auth.code2Session", status: 200 });
    expect(mismatches[0]!.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["openid", "unionid"]));
    expect(mismatches[0]!.rawBody).not.toContain("sk-secret-value");
  });

  it("refuses an unknown responseValidation when the client is built", () => {
    expect(() => createWeChatClient({ appid: "a", secret: "s", responseValidation: "warn" as "report" })).toThrow(/responseValidation/);
  });
});

describe("what the client sends", () => {
  it("sends a mini program card without appid (the mini program pages' form)", async () => {
    answer({ errcode: 0, errmsg: "ok" });
    const miniprogrampage = { title: "卡片", pagepath: "pages/index/index", thumb_media_id: "MEDIA" };
    await strict.customerServiceMessage.send({ touser: "o", msgtype: "miniprogrampage", miniprogrampage });
    expect(sentBody()).toEqual({ touser: "o", msgtype: "miniprogrampage", miniprogrampage });
  });

  it("sends a subscribe message without the fields WeChat defaults, with a number as a value", async () => {
    answer({ errcode: 0, errmsg: "ok", msgid: 1 });
    const data = { number01: { value: 3 }, thing2: { value: "好" } };
    await strict.subscribeMessage.send({ template_id: "T", touser: "o", data });
    expect(sentBody()).toEqual({ template_id: "T", touser: "o", data });
  });
});
