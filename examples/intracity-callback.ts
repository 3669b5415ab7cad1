import { createServer } from "node:http";
import { createIntracityOrderStatusReceiver } from "../generated/wechat/index.js";

const { WX_PUSH_TOKEN, PORT = "8081" } = process.env;
// Give http://<this server>/… as callback_url to weixinExpress.intracityAddOrder.
const callback = createIntracityOrderStatusReceiver({
  secret: WX_PUSH_TOKEN!, // the message push Token: WeChat signs the callback with it
  async handler(update) {
    console.log(`order ${update.store_order_id}: status ${update.order_status}`);
    // returning nothing answers {"return_code":0,"return_msg":"OK"}; a throw answers 500 and WeChat calls again
  },
});
createServer(callback.listener).listen(Number(PORT), "127.0.0.1");
