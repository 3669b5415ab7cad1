import { afterAll, beforeAll, expect, it } from "vitest";
import { createWeChatClient, type WeChatClient } from "../../generated/wechat/index.js";
import { startSimulator, type WeChatSimulator } from "../../packages/wechat/simulator/server.js";
import { login } from "./login.js";

let sim: WeChatSimulator;
let wechat: WeChatClient;

beforeAll(async () => {
  sim = await startSimulator();
  wechat = createWeChatClient({ appid: sim.appid, secret: sim.secret, baseUrl: sim.url });
});
afterAll(async () => {
  await wechat.close();
  await sim.close();
});

it("logs the user in with their login code", async () => {
  const code = sim.issueLoginCode({ openid: "o-alice" });
  expect(await login(wechat, code)).toEqual({ ok: true, openid: "o-alice" });
  expect(sim.received("auth.code2Session")[0]?.query.js_code).toBe(code);
  expect(await login(wechat, code)).toEqual({ ok: false, tryAgain: false }); // a code works once
});

it("asks the user to try again while WeChat is rate-limiting", async () => {
  sim.failNext("auth.code2Session", { errcode: 45011, errmsg: "api freq out of limit" });
  expect(await login(wechat, sim.issueLoginCode())).toEqual({ ok: false, tryAgain: true });
  expect(await login(wechat, sim.issueLoginCode({ openid: "o-bob" }))).toEqual({ ok: true, openid: "o-bob" });
});
