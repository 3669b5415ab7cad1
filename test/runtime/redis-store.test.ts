import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryDedupeStore, redisDedupeStore } from "../../generator/runtime/push-dedupe.js";
import { redisTokenStore } from "../../generator/runtime/token.js";
import { redisAvailable, RedisServer } from "../redis.js";

const token = (value: string) => ({ value, expiresAt: Date.now() + 60_000, refreshAt: Date.now() + 30_000 });

describe.skipIf(!redisAvailable)("redis token store and push de-duplication, against a real redis-server", () => {
  let server: RedisServer;
  let redis: Redis;
  beforeAll(async () => {
    server = await RedisServer.start();
    redis = new Redis({ port: server.port, host: "127.0.0.1", lazyConnect: true });
    await redis.connect();
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  it("stores tokens under the prefix with their lifetime, and reads them back", async () => {
    const store = redisTokenStore(redis, { keyPrefix: "t1:" });
    expect(await store.get("k")).toBeUndefined();
    await store.set("k", token("a"), 60_000);
    expect((await store.get("k"))?.value).toBe("a");
    expect(await redis.pttl("t1:k")).toBeGreaterThan(59_000);
    await store.set("short", token("b"), 0.4); // rounded up to 1 ms, never 0 (Redis refuses PX 0)
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await store.get("short")).toBeUndefined();
  });

  it("deletes a token only while it is still the stored one", async () => {
    const store = redisTokenStore(redis, { keyPrefix: "t2:" });
    await store.set("k", token("new"), 60_000);
    expect(await store.compareAndDelete("k", "old")).toBe(false);
    expect((await store.get("k"))?.value).toBe("new");
    expect(await store.compareAndDelete("k", "new")).toBe(true);
    expect(await store.get("k")).toBeUndefined();
  });

  it("gives a lock to one holder at a time; only the holder extends or releases it", async () => {
    const store = redisTokenStore(redis, { keyPrefix: "t3:" });
    const first = await store.lock("lock", 1_000);
    expect(first).toBeDefined();
    expect(await store.lock("lock", 1_000)).toBeUndefined();
    expect(await first!.extend(30_000)).toBe(true);
    expect(await redis.pttl("t3:lock")).toBeGreaterThan(29_000);
    await redis.set("t3:lock", "someone-else"); // the lock expired and another holder took it
    expect(await first!.extend(30_000)).toBe(false);
    await first!.release();
    expect(await redis.get("t3:lock")).toBe("someone-else");
    await redis.del("t3:lock");
    const second = await store.lock("lock", 1_000);
    await second!.release();
    expect(await redis.exists("t3:lock")).toBe(0);
  });

  it("claims a push key once across stores sharing Redis, until the time to live passes", async () => {
    const [a, b] = [redisDedupeStore(redis), redisDedupeStore(redis)];
    expect(await Promise.all([a.claim("msg-1", 200), b.claim("msg-1", 200)])).toEqual([true, false]);
    expect(await redis.exists("wxgen:push:msg-1")).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await b.claim("msg-1", 200)).toBe(true);
  });
});

describe("MemoryDedupeStore", () => {
  it("claims a key once until its time to live passes", async () => {
    const store = new MemoryDedupeStore();
    expect([await store.claim("k", 50), await store.claim("k", 50), await store.claim("other", 50)]).toEqual([true, false, true]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await store.claim("k", 50)).toBe(true);
  });
});
