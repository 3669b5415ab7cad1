import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../../generator/index.js";
import { ApiSecurityError, createWeChatClient, WeChatApiError, type ApiSecurityOptions, type WeChatClient } from "../../generated/wechat/index.js";
import { SimulatedApiSecurity, type ApiSecurityFault } from "../../packages/wechat/simulator/api-security.js";
import { TINY_PNG } from "../../packages/wechat/simulator/examples.js";
import { startSimulator, type WeChatSimulator } from "../../packages/wechat/simulator/server.js";
import { exampleRoutes } from "../../packages/wechat/build/example-routes.js";
import { expectNoSecrets } from "../secrets.js";
import { rejection } from "../helpers.js";

/**
 * API 安全 over real HTTP: the simulator acts as WeChat with API 安全 on (verifies the app's
 * signature, decrypts, answers encrypted and signed with its platform key); the client seals
 * exactly the operations the description marks and refuses every answer that is not authentic.
 */
const account = new SimulatedApiSecurity();
let sim: WeChatSimulator;
let examples: WeChatSimulator;
const clients: WeChatClient[] = [];

beforeAll(async () => {
  sim = await startSimulator({ apiSecurity: account });
  examples = await startSimulator({ apiSecurity: account, examples: exampleRoutes(loadModel("spec/wechat-miniprogram.yaml")) });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all([sim.close(), examples.close()]);
});

function client(on: WeChatSimulator, apiSecurity: Partial<ApiSecurityOptions> = {}): WeChatClient {
  const c = createWeChatClient({ appid: on.state.appid, secret: on.state.secret, baseUrl: on.url, apiSecurity: { ...account.clientOptions(), ...apiSecurity } });
  clients.push(c);
  return c;
}

const text = { touser: "o-user", msgtype: "text" as const, text: { content: "机密的客服消息" } };
const secrets = () => [account.symmetricKey, (account.clientOptions().privateKey as string).slice(60, 120)];


describe("API 安全 round trips", () => {
  it("sends customerServiceMessage.send as a signed envelope that WeChat opens; the token call stays plain", async () => {
    const wechat = client(sim);
    expect(await wechat.customerServiceMessage.send(text)).toEqual({ errcode: 0, errmsg: "ok" });
    expect(sim.state.sent.at(-1)).toEqual(text);
    const wire = sim.requests.find((r) => r.path === "/cgi-bin/message/custom/send")!;
    expect(Object.keys(JSON.parse(wire.body) as object)).toEqual(["iv", "data", "authtag"]);
    expect(wire.body).not.toContain("o-user");
    expect(Object.keys(wire.query)).toEqual(["access_token"]);
    expect(account.opened.at(-1)).toEqual({ path: "/cgi-bin/message/custom/send", fields: text });
    const token = sim.requests.find((r) => r.path === "/cgi-bin/stable_token")!;
    expect(JSON.parse(token.body)).toMatchObject({ grant_type: "client_credential" });
  });

  it("round-trips several marked operations, decrypting each answer before validating it", async () => {
    const wechat = client(examples);
    const risk = await wechat.riskControl.getUserRiskRank({ appid: "wx-a", openid: "o-1", scene: 1, client_ip: "127.0.0.1" });
    expect(risk).toEqual({ errcode: 0, errmsg: "getuserriskrank succ", risk_rank: 0, unoin_id: 123456 });
    expect(account.opened.at(-1)!.fields).toEqual({ appid: "wx-a", openid: "o-1", scene: 1, client_ip: "127.0.0.1" });
    expect((await wechat.security.msgSecCheck({ openid: "o-1", scene: 1, content: "hello" })).result).toEqual({ suggest: "risky", label: 20001 });
    expect(await wechat.pluginManager.applyPlugin({ plugin_appid: "wx-plugin", reason: "hi" })).toEqual({ errcode: 0, errmsg: "ok" });
    expect(account.opened.at(-1)!.fields).toEqual({ action: "apply", plugin_appid: "wx-plugin", reason: "hi" });
    expect((await wechat.analysis.getDailyRetain({ begin_date: "20170313", end_date: "20170313" })).visit_uv_new).toEqual([{ key: 0, value: 5464 }]);
  });

  it("moves a GET operation's query parameters into the envelope, computing the derived signature first", async () => {
    const wechat = client(examples);
    const keys = await wechat.internet.getUserEncryptKey({ openid: "o-1", sessionKey: "tiihtNczf5v6AKRyjwEUhQ==" });
    expect(keys.key_info_list?.[0]?.version).toBe(10);
    const wire = examples.requests.filter((r) => r.path === "/wxa/business/getuserencryptkey").at(-1)!;
    expect([wire.method, Object.keys(wire.query)]).toEqual(["GET", ["access_token"]]);
    expect(account.opened.at(-1)!.fields).toMatchObject({ openid: "o-1", sig_method: "hmac_sha256", signature: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(account.opened)).not.toContain("tiihtNczf5v6AKRyjwEUhQ==");
  });

  it("accepts a signed image as it is", async () => {
    const image = await client(examples).wxacode.getUnlimited({ scene: "a=1" });
    expect(image).toEqual({ data: TINY_PNG, contentType: "image/png" });
  });

  it("surfaces an error WeChat sends sealed as the API's error", async () => {
    sim.inject("POST /cgi-bin/message/custom/send", { errcode: 45015, errmsg: "response out of time limit" });
    const error = await rejection(client(sim).customerServiceMessage.send(text));
    expect(error).toBeInstanceOf(WeChatApiError);
    expect((error as WeChatApiError).errcode).toBe(45015);
  });
});

describe("API 安全 rejections", () => {
  const faults: [ApiSecurityFault, RegExp][] = [
    ["tamper-ciphertext", /does not decrypt/],
    ["wrong-aad", /does not decrypt/],
    ["tamper-after-signing", /signature does not verify/],
    ["stale", /signed 6\d\d s ago/],
    ["unknown-serial", /no platform certificate configured for Wechatmp-Serial 0{32}/],
    ["unsigned", /not signed/],
    ["plain", /not signed/],
  ];
  it.each(faults)("refuses an answer with fault %s, showing no key or plaintext", async (fault, message) => {
    account.misbehave(fault);
    const error = await rejection(client(sim).customerServiceMessage.send(text));
    expect(error).toBeInstanceOf(ApiSecurityError);
    expect(error.message).toMatch(message);
    expect((error as ApiSecurityError).operation).toBe("customerServiceMessage.send");
    expectNoSecrets(error, [...secrets(), "机密的客服消息", "o-user"]);
  });

  it("refuses an answer signed by another certificate than the one configured under its serial", async () => {
    const impostor = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString();
    const error = await rejection(client(sim, { platformCertificates: { [account.platformSn]: impostor } }).customerServiceMessage.send(text));
    expect(error).toBeInstanceOf(ApiSecurityError);
    expect(error.message).toMatch(/signature does not verify against platform certificate/);
  });

  it("is refused by WeChat when signed with another app key, or too late; with require even its unsigned refusal is an ApiSecurityError", async () => {
    const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const forged = await rejection(client(sim, { privateKey: otherKey }).customerServiceMessage.send(text));
    expect([forged instanceof WeChatApiError, (forged as WeChatApiError).errcode, (forged as WeChatApiError).meaning]).toEqual([true, 40234, "签名错误"]);
    sim.advance(10 * 60_000);
    try {
      const late = await rejection(client(sim).customerServiceMessage.send(text));
      expect((late as WeChatApiError).errcode).toBe(40240);
      const strict = await rejection(client(sim, { require: true }).customerServiceMessage.send(text));
      expect(strict).toBeInstanceOf(ApiSecurityError);
      expect(strict.message).toMatch(/not signed/);
    } finally {
      sim.advance(-10 * 60_000);
    }
  });
});
