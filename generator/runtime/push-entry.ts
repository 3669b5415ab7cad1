import type { IncomingMessage, ServerResponse } from "node:http";
import type { PushReceiver } from "./push.js";
import type { RedisLike } from "./redis-store.js";

// What index.ts exports of the push receiver: small, and free of its dependencies (push.ts, crypto,
// XML), which load when a receiver is created.

/** Remembers pushes already handled, so WeChat's retries run the handler once, across instances too. */
export interface DedupeStore {
  /** True when this key was not seen within `ttlMs` (and is now claimed); false for a duplicate. */
  claim(key: string, ttlMs: number): Promise<boolean>;
}

export class MemoryDedupeStore implements DedupeStore {
  private readonly seen = new Map<string, number>();
  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    if (this.seen.size > 10_000) for (const [k, until] of this.seen) if (until <= now) this.seen.delete(k);
    if ((this.seen.get(key) ?? 0) > now) return false;
    this.seen.set(key, now + ttlMs);
    return true;
  }
}

/** Claims with `SET NX PX`: atomic, so two instances receiving the same retry handle it once. */
export function redisDedupeStore(redis: RedisLike, options: { keyPrefix?: string } = {}): DedupeStore {
  const prefix = options.keyPrefix ?? "wxgen:push:";
  return {
    async claim(key, ttlMs) {
      return (await redis.set(prefix + key, "1", "PX", Math.max(1, Math.ceil(ttlMs)), "NX")) === "OK";
    },
  };
}

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
