import { createServer, type Server } from "node:http";
import type { PushReceiver } from "../../generated/wechat/index.js";

/** node:http. `push.listener` is a request listener: route to it by path. */
export function pushServer(push: PushReceiver, path = "/wechat/push"): Server {
  return createServer((req, res) => {
    if (new URL(req.url ?? "/", "http://localhost").pathname === path) return push.listener(req, res);
    res.writeHead(404).end();
  });
}
