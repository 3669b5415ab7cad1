// The generated WeChat client against the local WeChat simulator: `npm run demo`.
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createPushHandler, createWeChatClient, WeChatApiError, type Middleware } from "../generated/wechat/index.js";
import { startSimulator } from "../packages/wechat/simulator/server.js";

const sim = await startSimulator();
let calls = 0;
// Middleware is a plain function that sees each request and a `next` to send it.
const count: Middleware = async (request, next) => {
  calls++;
  return next(request);
};
const wechat = createWeChatClient({ appid: sim.state.appid, secret: sim.state.secret, baseUrl: sim.url, middleware: [count] });
const step = (title: string, detail: unknown) => console.log(`• ${title}\n  ${JSON.stringify(detail)}`);

try {
  console.log(`WeChat simulator at ${sim.url}\n`);

  const code = sim.issueLoginCode({ unionid: "o6_bmasdasdsad6_2sgVt7hMZOPfL" });
  const session = await wechat.auth.code2Session({ js_code: code });
  step("auth.code2Session (WeChat answers text/plain JSON)", { openid: session.openid, unionid: session.unionid });

  const signature = createHmac("sha256", session.session_key).update("").digest("hex");
  step("auth.checkSessionKey", await wechat.auth.checkSessionKey({ openid: session.openid, signature }));

  step("customerServiceMessage.send (text)", await wechat.customerServiceMessage.send({ touser: session.openid, msgtype: "text", text: { content: "你好，世界" } }));
  await wechat.customerServiceMessage.setTyping({ touser: session.openid, command: "Typing" });
  step("customerServiceMessage.setTyping", sim.state.typing.at(-1));

  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const uploaded = await wechat.customerServiceMessage.uploadTempMedia({ media: { data: png, filename: "hello.png", contentType: "image/png" } });
  step("customerServiceMessage.uploadTempMedia (multipart)", uploaded);
  const media = await wechat.customerServiceMessage.getTempMedia({ media_id: uploaded.media_id });
  step("customerServiceMessage.getTempMedia (bytes)", { contentType: media.contentType, bytes: media.data.length });

  try {
    await wechat.auth.code2Session({ js_code: "not-a-code" });
  } catch (error) {
    if (!(error instanceof WeChatApiError)) throw error;
    step("in-band error (HTTP 200, errcode in the body)", { name: error.name, errcode: error.errcode, errmsg: error.errmsg, rid: error.rid, meaning: error.meaning });
  }
  try {
    await wechat.auth.checkSessionKey({ openid: session.openid, signature: 42 as unknown as string });
  } catch (error) {
    step("request validation: nothing is sent", { name: (error as Error).name, message: (error as Error).message });
  }

  sim.state.tokens.revokeAll();
  await wechat.customerServiceMessage.send({ touser: session.openid, msgtype: "text", text: { content: "token revoked behind our back" } });
  step("access_token revoked on the server: 40001, refreshed once, replayed once", { tokenRequests: sim.count("auth.getStableAccessToken") });

  // Message push: WeChat delivers an encrypted XML text message; the handler answers through the API.
  const push = createPushHandler({
    ...sim.pushAccount,
    handlers: {
      async text(message) {
        await wechat.customerServiceMessage.send({ touser: message.FromUserName, msgtype: "text", text: { content: `收到：${message.Content}` } });
      },
    },
  });
  const receiver = createServer(push.listener).listen(0, "127.0.0.1");
  await new Promise((resolve) => receiver.once("listening", resolve));
  const pushed = { ToUserName: "gh_demo", FromUserName: session.openid, CreateTime: Math.floor(Date.now() / 1000), MsgType: "text", Content: "在吗？", MsgId: "23478023473801234567" };
  const answer = await sim.deliverPush(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/wechat/push`, pushed, { mode: "secure", format: "xml" });
  await push.idle();
  receiver.close();
  step("message push (secure mode, XML): answered, then replied through the API", { answer: answer.body, reply: sim.state.sent.at(-1) });

  console.log(`\n${calls} calls went through the middleware; WeChat saw ${sim.requests.length} requests:`);
  console.log(sim.received().map((r) => `  ${r.method} ${r.path}  ${r.operation}`).join("\n"));
} finally {
  await wechat.close();
  await sim.close();
}
