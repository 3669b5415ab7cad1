import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../generator/index.js";
import type { Operation } from "../../generator/model/types.js";

const wechat = loadModel("spec/wechat-miniprogram.yaml");
const shop = loadModel(join("test", "fixtures", "shop.yaml"));
const op = (model: typeof wechat, id: string): Operation => model.operations.find((o) => o.id === id)!;

describe("the model of the WeChat description", () => {
  it("names operations by their namespaced operationId", () => {
    expect(wechat.operations.map((o) => o.id)).toEqual(expect.arrayContaining([
      "auth.getAccessToken", "auth.getStableAccessToken", "auth.code2Session", "auth.checkSessionKey", "auth.resetUserSessionKey",
      "customerServiceMessage.send", "customerServiceMessage.setTyping", "customerServiceMessage.uploadTempMedia", "customerServiceMessage.getTempMedia",
      "wxacode.getUnlimited", "subscribeMessage.send", "security.msgSecCheck", "pluginManager.applyPlugin",
    ]));
    expect(new Set(wechat.operations.map((o) => o.id)).size).toBe(wechat.operations.length);
    expect(op(wechat, "auth.code2Session")).toMatchObject({ namespace: ["auth"], method: "code2Session", httpMethod: "GET", path: "/sns/jscode2session" });
  });

  it("fills constant parameters and body properties itself", () => {
    expect(op(wechat, "auth.code2Session").fills).toEqual([{ in: "query", name: "grant_type", value: "authorization_code" }]);
    expect(op(wechat, "auth.code2Session").params.map((p) => p.name)).toEqual(["js_code"]);
    const stable = op(wechat, "auth.getStableAccessToken");
    expect(stable.fills).toEqual([{ in: "body", name: "grant_type", value: "client_credential" }]);
    // appid and secret are credentials that travel in the body: not the caller's business.
    expect(stable.body?.omit?.sort()).toEqual(["appid", "grant_type", "secret"]);
    expect(stable.credentialsIn).toBe("body");
  });

  it("reads security per operation, falling back to the root", () => {
    expect(op(wechat, "auth.getAccessToken").security).toEqual([["AppId", "AppSecret"]]);
    expect(op(wechat, "customerServiceMessage.send").security).toEqual([["AccessToken"]]);
    const token = wechat.securitySchemes.find((s) => s.key === "AccessToken")!;
    expect(token.token).toMatchObject({
      modes: { stable: "auth.getStableAccessToken", classic: "auth.getAccessToken" },
      tokenField: "access_token",
      expiresInField: "expires_in",
      invalidCodes: [40001, 42001, 40014],
      force: { mode: "stable", input: { force_refresh: true }, minIntervalSeconds: 30 },
      fallbackModes: ["stable"],
    });
  });

  it("carries the in-band error rule and each operation's documented codes", () => {
    const send = op(wechat, "customerServiceMessage.send");
    expect(send.inBandError).toMatchObject({ code: "errcode", message: "errmsg", success: [0], requestId: { name: "rid", field: "errmsg" } });
    expect(op(wechat, "auth.code2Session").errorCodes["40029"]).toBe("js_code 无效");
  });

  it("calls the real path of operations multiplexed on one path by action", () => {
    expect(op(wechat, "pluginManager.applyPlugin")).toMatchObject({ path: "/wxa/plugin", fills: [{ in: "body", name: "action", value: "apply" }] });
    expect(op(wechat, "pluginManager.getPluginDevApplyList").path).toBe("/wxa/devplugin");
  });

  it("recognises binary responses and multipart bodies", () => {
    expect(op(wechat, "customerServiceMessage.getTempMedia").success.kind).toBe("binary");
    expect(op(wechat, "customerServiceMessage.uploadTempMedia").body).toMatchObject({ encoding: "multipart", flatten: true });
  });

  it("keeps the discriminator mapping of the send body", () => {
    const message = wechat.schemas.find((s) => s.name === "KfMessage")!.schema;
    expect(message).toMatchObject({ discriminator: { propertyName: "msgtype", mapping: { text: "KfTextMessage", image: "KfImageMessage" } } });
  });
});

describe("the model of a generic description", () => {
  it("groups operations without a dotted id under their tag, or at the root", () => {
    expect(op(shop, "health")).toMatchObject({ namespace: [], method: "health", security: [] });
  });

  it("merges path-level parameters and spreads object bodies but not arrays", () => {
    expect(op(shop, "items.get").params).toMatchObject([{ name: "id", in: "path", required: true }]);
    expect(op(shop, "items.create").body?.flatten).toBe(true);
    expect(op(shop, "items.replaceTags").body?.flatten).toBe(false);
  });

  it("separates the success response from documented error responses", () => {
    const list = op(shop, "items.list");
    expect(list.success.status).toBe("200");
    expect(list.errors.map((e) => e.status)).toEqual(["4XX"]);
    expect(op(shop, "items.get").errors.map((e) => e.status)).toEqual(["default"]);
    expect(op(shop, "health").success.kind).toBe("text");
    expect(op(shop, "items.replaceTags").success.kind).toBe("empty");
  });
});
