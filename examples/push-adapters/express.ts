import express, { type Express } from "express";
import type { PushReceiver } from "../../generated/wechat/index.js";

/** Express 5. The receiver checks signatures over the raw body: give it the text, not parsed JSON. */
export function routePushes(app: Express, push: PushReceiver, path = "/wechat/push"): void {
  app.all(path, express.text({ type: "*/*" }), async (req, res) => {
    const answer = await push.handle({ method: req.method, query: req.query, body: req.body });
    res.status(answer.status).type(answer.contentType).send(answer.body);
  });
}
