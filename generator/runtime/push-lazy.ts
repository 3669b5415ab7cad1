import type { IncomingMessage, ServerResponse } from "node:http";
import type { PushReceiver } from "./push-http.js";

/**
 * A push receiver whose code (receiver, crypto, XML, the push schemas) is imported when the
 * receiver is created, not when the client is: an app that only calls the API never loads it.
 */
export function lazyPushReceiver(load: () => Promise<PushReceiver>): PushReceiver {
  let receiver: PushReceiver | undefined;
  const loading = load().then((loaded) => (receiver = loaded));
  loading.catch(() => undefined); // reported by the first request instead
  return {
    handle: async (request) => (receiver ?? (await loading)).handle(request),
    listener: (req: IncomingMessage, res: ServerResponse) => {
      if (receiver) return receiver.listener(req, res);
      req.pause(); // the body waits, unread, until the receiver is there
      loading.then(
        (loaded) => {
          loaded.listener(req, res);
          req.resume(); // an explicitly paused stream stays paused when listeners are added
        },
        () => res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("error"),
      );
    },
    idle: async () => (receiver ?? (await loading)).idle(),
  };
}
