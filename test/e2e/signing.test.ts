import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../../generator/index.js";
import { CredentialError, createWeChatClient, WeChatApiError, type WeChatClient } from "../../generated/wechat/index.js";
import { exampleRoutes } from "../../packages/wechat/build/example-routes.js";
import { startSimulator, type WeChatSimulator } from "../../packages/wechat/simulator/server.js";

/**
 * Virtual payment's signed calls (pay_sig, signature) over real HTTP: the simulator recomputes
 * both signatures from the raw bytes it received and refuses the call when they do not match.
 */
const model = loadModel("spec/wechat-miniprogram.yaml");
const appKey = "sandbox-app-key-0123456789";
const sessionKeys: Record<string, string> = { o_alice: "Zm9yLWFsaWNlLW9ubHk=", o_bob: "Ym9iLXNlc3Npb24ta2V5" };
/** B2b's pay_sig is keyed by the merchant's own AppKey (b2b.getAppKey), found by the body's mchid. */
const merchantKeys: Record<string, string> = { "1230000109": "merchant-a-app-key", "1230000110": "merchant-b-app-key" };
const b2bRejection = [9403200, "参数为空或非法 detail:[支付签名[pay_sig]校验失败]"] as const;
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
  sim = await startSimulator({ examples: exampleRoutes(model), signing: {
      model,
      keys: {
        appKey,
        sessionKey: (openid) => openid && sessionKeys[openid],
        schemes: { B2bPaySignature: { key: (body) => (typeof body.mchid === "string" ? merchantKeys[body.mchid] : undefined), rejection: b2bRejection } },
      },
    }, });
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

describe("B2b payment signatures (per-merchant AppKey)", () => {
  it("signs with the AppKey passed for the call, over the path and the bytes sent", async () => {
    const wechat = client({ appKey });
    const order = await wechat.b2b.getOrder({ mchid: "1230000109", out_trade_no: "1217752501201407033233368018", appKey: merchantKeys["1230000109"]! });
    expect(order.pay_status).toBe("ORDER_PAY_SUCC");
    const sent = last("/retail/B2b/getorder");
    expect(JSON.parse(sent.body)).toEqual({ mchid: "1230000109", out_trade_no: "1217752501201407033233368018" });
    expect(sent.query.pay_sig).toBe(hmac(merchantKeys["1230000109"]!, `/retail/B2b/getorder&${sent.body}`));
    expect(sent.body).not.toContain("app-key");
  });

  it("each merchant's call carries its own key, whatever the client's virtual-payment appKey", async () => {
    const wechat = client({ appKey });
    await wechat.b2b.getMchBalance({ mchid: "1230000110", appKey: merchantKeys["1230000110"]! });
    const sent = last("/retail/B2b/getmchbalance");
    expect(sent.query.pay_sig).toBe(hmac(merchantKeys["1230000110"]!, `/retail/B2b/getmchbalance&${sent.body}`));
  });

  it("is refused by WeChat when the AppKey is another merchant's, and the key stays out of the error", async () => {
    const error = await client().b2b.getOrder({ mchid: "1230000109", order_id: "o202307291423123564754773", appKey: merchantKeys["1230000110"]! }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatApiError);
    expect((error as WeChatApiError).errcode).toBe(9403200);
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain(merchantKeys["1230000110"]);
  });

  it("leaves the operations without pay_sig unsigned", async () => {
    await client().b2b.getAppKey({ mchid: "1230000109" });
    expect(last("/retail/B2b/getappkey").query.pay_sig).toBeUndefined();
  });
});
