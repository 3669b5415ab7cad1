import { createServer } from "node:http";
import { createPushHandler, createWeChatClient } from "../generated/wechat/index.js";

const { WX_APPID, WX_SECRET, WX_PUSH_TOKEN, WX_PUSH_AES_KEY, WX_API_BASE_URL, PORT = "8080" } = process.env;
const wechat = createWeChatClient({ appid: WX_APPID!, secret: WX_SECRET!, baseUrl: WX_API_BASE_URL });
const push = createPushHandler({
  appid: WX_APPID!,
  token: WX_PUSH_TOKEN!,
  encodingAESKey: WX_PUSH_AES_KEY, // compatible or secure mode (兼容模式 / 安全模式)
  handlers: {
    async text(message) {
      const content = `收到：${message.Content}`;
      await wechat.customerServiceMessage.send({ touser: message.FromUserName, msgtype: "text", text: { content } });
    },
    userEnterTempsession: (event) => console.log(`${event.FromUserName} opened the chat`),
  },
});
const server = createServer(push.listener).listen(Number(PORT), "127.0.0.1");
server.on("listening", () => console.log(`listening on ${JSON.stringify(server.address())}`));
