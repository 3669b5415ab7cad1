import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../../generator/index.js";
import { createWeChatClient, type WeChatClient } from "../../generated/wechat/index.js";
import { exampleRoutes } from "../../packages/wechat/build/example-routes.js";
import { TINY_PNG } from "../../packages/wechat/simulator/examples.js";
import { startSimulator, type WeChatSimulator } from "../../packages/wechat/simulator/server.js";

/**
 * The image operations take their image either as a URL (`img_url` in the query, no body) or as the
 * multipart field `img`; both forms reach WeChat as the pages show them.
 */
let sim: WeChatSimulator;
let wechat: WeChatClient;

beforeAll(async () => {
  sim = await startSimulator({ examples: exampleRoutes(loadModel("spec/wechat-miniprogram.yaml")) });
  wechat = createWeChatClient({ appid: "wx-ocr-appid", secret: "ocr-secret", baseUrl: sim.url });
});
afterAll(async () => {
  await wechat.close();
  await sim.close();
});

const lastTo = (path: string) => sim.requests.filter((r) => r.path === path).at(-1)!;

describe("image operations", () => {
  it("sends an image URL as img_url and no body", async () => {
    const text = await wechat.ocr.printedText({ img_url: "https://example.com/a.png" });
    expect(text.items?.[0]?.text).toBe("腾讯");
    const sent = lastTo("/cv/ocr/comm");
    expect(sent.query.img_url).toBe("https://example.com/a.png");
    expect(sent.body).toBe("");
  });

  it("uploads a file as the multipart field img, with the other form fields", async () => {
    const crop = await wechat.img.aiCrop({ img: { data: TINY_PNG, filename: "photo.png", contentType: "image/png" }, ratios: "1,2.35" });
    expect(crop.results).toHaveLength(2);
    const sent = lastTo("/cv/img/aicrop");
    expect(sent.query.img_url).toBeUndefined();
    expect(sent.body).toMatch(/name="img"; filename="photo.png"/);
    expect(sent.body).toMatch(/name="ratios"\r\n\r\n1,2\.35\r\n/);
  });

  it("passes the recognition mode of the card operations", async () => {
    const card = await wechat.ocr.idcard({ img_url: "https://example.com/id.png", type: "scan" });
    expect(card.type).toBe("Front");
    expect(lastTo("/cv/ocr/idcard").query.type).toBe("scan");
  });
});
