import type { RedisLike } from "./redis-store.js";

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
