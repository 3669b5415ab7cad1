import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../../generator/index.js";
import { CredentialError, createWeChatClient, WeChatApiError, type WeChatClient } from "../../generated/wechat/index.js";
import { startSimulator, type WeChatSimulator } from "../simulator/server.js";

/**
 * Virtual payment's signed calls (pay_sig, signature) over real HTTP: the simulator recomputes
 * both signatures from the raw bytes it received and refuses the call when they do not match.
 */
const model = loadModel("spec/wechat-miniprogram.yaml");
const appKey = "sandbox-app-key-0123456789";
const sessionKeys: Record<string, string> = { o_alice: "Zm9yLWFsaWNlLW9ubHk=", o_bob: "Ym9iLXNlc3Npb24ta2V5" };
let sim: WeChatSimulator;
const clients: WeChatClient[] = [];

function client(options: { appKey?: string } = {}): WeChatClient {
  const created = createWeChatClient({ appid: "wx-signing-appid", secret: "signing-secret", baseUrl: sim.url, ...options });
  clients.push(created);
  return created;
}

const hmac = (key: string, message: string) => createHmac("sha256", key).update(message).digest("hex");
const last = (path: string) => sim.requests.filter((r) => r.path === path).at(-1)!;

beforeAll(async () => {
  sim = await startSimulator({ examples: model, signing: { model, keys: { appKey, sessionKey: (openid) => openid && sessionKeys[openid] } } });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await sim.close();
});

describe("virtual payment signatures", () => {
  it("signs the user-state call with the AppKey and the user's session key, over the bytes sent", async () => {
    const wechat = client({ appKey });
    await wechat.xpay.queryUserBalance({ openid: "o_alice", env: 1, user_ip: "10.0.0.1", sessionKey: sessionKeys.o_alice! });
    const sent = last("/xpay/query_user_balance");
    expect(JSON.parse(sent.body)).toEqual({ openid: "o_alice", env: 1, user_ip: "10.0.0.1" });
    expect(sent.query.pay_sig).toBe(hmac(appKey, `/xpay/query_user_balance&${sent.body}`));
    expect(sent.query.signature).toBe(hmac(sessionKeys.o_alice!, sent.body));
    expect(sent.query.access_token).toBeDefined();
    expect(sent.body).not.toContain("sessionKey");
  });

  it("is refused by WeChat when the session key is another user's", async () => {
    const wechat = client({ appKey });
    const error = await wechat.xpay.currencyPay({ openid: "o_alice", env: 0, amount: 10, order_id: "ORDER_0001", sessionKey: sessionKeys.o_bob! }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatApiError);
    expect((error as WeChatApiError).errcode).toBe(-15005);
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain(sessionKeys.o_bob);
  });

  it("is refused by WeChat when the AppKey is wrong", async () => {
    const wechat = client({ appKey: "not-the-app-key" });
    const error = await wechat.xpay.queryOrder({ openid: "o_alice", env: 0, order_id: "ORDER_0001" }).catch((e: unknown) => e);
    expect((error as WeChatApiError).errcode).toBe(-15006);
    expect(String((error as Error).message)).not.toContain("not-the-app-key");
  });

  it("re-signs each call: a token refresh and replay carries a fresh, valid signature", async () => {
    const wechat = client({ appKey });
    sim.inject("POST /xpay/query_biz_balance", { errcode: 40001, errmsg: "invalid credential" });
    const result = await wechat.xpay.queryBizBalance({ env: 0 });
    expect(result.balance_available?.currency_code).toBe("CNY");
    const sent = last("/xpay/query_biz_balance");
    expect(sent.query.pay_sig).toBe(hmac(appKey, `/xpay/query_biz_balance&${sent.body}`));
  });

  it("signs `{}` for the operation whose page documents no body", async () => {
    await client({ appKey }).xpay.queryPunishmentReasons();
    const sent = last("/xpay/query_punishment_reasons");
    expect(sent.body).toBe("{}");
    expect(sent.query.pay_sig).toBe(hmac(appKey, "/xpay/query_punishment_reasons&{}"));
  });

  it("without an AppKey: required signatures fail before sending, optional ones are left out", async () => {
    const wechat = client();
    const before = sim.count("POST /xpay/query_order");
    const error = await wechat.xpay.queryOrder({ openid: "o_alice", env: 0, order_id: "ORDER_0001" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialError);
    expect(sim.count("POST /xpay/query_order")).toBe(before);

    await wechat.xpay.presentCurrency({ openid: "o_alice", env: 0, order_id: "PRESENT_0001", amount: 5 });
    expect(last("/xpay/present_currency").query.pay_sig).toBeUndefined();
  });

  it("with an AppKey, optional signatures are sent and checked", async () => {
    await client({ appKey }).xpay.presentCurrency({ openid: "o_alice", env: 0, order_id: "PRESENT_0002", amount: 5 });
    const sent = last("/xpay/present_currency");
    expect(sent.query.pay_sig).toBe(hmac(appKey, `/xpay/present_currency&${sent.body}`));
  });

});
