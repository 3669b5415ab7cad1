import type Koa from "koa";
import type { PushReceiver } from "../../generated/wechat/index.js";

/** Koa 2. The receiver reads the request and writes the answer itself; use it before any body parser. */
export function routePushes(app: Koa, push: PushReceiver, path = "/wechat/push"): void {
  app.use(async (ctx, next) => {
    if (ctx.path !== path) return next();
    ctx.respond = false; // Koa stands aside: push.listener answers
    return push.listener(ctx.req, ctx.res);
  });
}
