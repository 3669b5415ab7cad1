import { randomUUID } from "node:crypto";
import type { StoredToken, TokenLock, TokenStore } from "./token.js";

/** The Redis commands the token store needs; an ioredis client has them (wxgen does not import it). */
export interface RedisLike {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, px: "PX", ttlMs: number): Promise<unknown>;
  set(key: string, value: string, px: "PX", ttlMs: number, nx: "NX"): Promise<unknown>;
  eval(script: string, keyCount: number, ...keysAndArgs: (string | number)[]): Promise<unknown>;
}

export interface RedisTokenStoreOptions {
  /** Prepended to every key, e.g. `"myapp:"`. Default `"wxgen:"`. */
  readonly keyPrefix?: string;
}

// Deletes KEYS[1] only if it still holds the token ARGV[1] (tokens are stored as JSON).
const deleteIfToken = `
local stored = redis.call("GET", KEYS[1])
if stored and cjson.decode(stored).value == ARGV[1] then return redis.call("DEL", KEYS[1]) end
return 0`;

// Deletes the lock KEYS[1] only if this holder (ARGV[1]) still owns it.
const releaseIfOwner = `
if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end
return 0`;

// Extends the lock KEYS[1] to ARGV[2] ms only if this holder (ARGV[1]) still owns it.
const extendIfOwner = `
if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) end
return 0`;

/**
 * A token store in Redis, shared by every process and machine that uses the same Redis and prefix.
 * Locks are `SET NX PX` with a random owner, released by compare-and-delete. Users call it as
 * token.ts's `redisTokenStore`, which imports this module on the store's first use.
 */
export function redisStore(redis: RedisLike, options: RedisTokenStoreOptions = {}): TokenStore {
  const prefix = options.keyPrefix ?? "wxgen:";
  return {
    async get(key) {
      const stored = await redis.get(prefix + key);
      return stored === null ? undefined : (JSON.parse(stored) as StoredToken);
    },
    async set(key, token, ttlMs) {
      await redis.set(prefix + key, JSON.stringify(token), "PX", Math.max(1, Math.ceil(ttlMs)));
    },
    async compareAndDelete(key, value) {
      return (await redis.eval(deleteIfToken, 1, prefix + key, value)) === 1;
    },
    async lock(key, ttlMs): Promise<TokenLock | undefined> {
      const owner = randomUUID();
      const taken = await redis.set(prefix + key, owner, "PX", Math.max(1, Math.ceil(ttlMs)), "NX");
      if (taken !== "OK") return undefined;
      return {
        release: async () => {
          await redis.eval(releaseIfOwner, 1, prefix + key, owner);
        },
        extend: async (ms) => (await redis.eval(extendIfOwner, 1, prefix + key, owner, Math.max(1, Math.ceil(ms)))) === 1,
      };
    },
  };
}
