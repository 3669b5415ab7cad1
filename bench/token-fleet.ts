// Access tokens across a fleet: N real processes × 200 concurrent calls on a cold cache, sharing
// the token through a real redis-server, against the in-memory store (one token per process).
// Run: npx tsx bench/token-fleet.ts   (needs redis-server on the PATH)
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { createWeChatClient, MemoryTokenStore, redisTokenStore, type TokenStore } from "../generated/wechat/index.js";
import { runFleet } from "../test/e2e/fleet.js";
import { redisAvailable, RedisServer } from "../test/redis.js";
import { startSimulator } from "../packages/wechat/simulator/server.js";

const CALLS = 200;
const FLEETS = [1, 4, 8];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(processes: number, redisPort: number | undefined) {
  const sim = await startSimulator();
  try {
    const reports = await runFleet(processes, {
      simUrl: sim.url,
      appid: sim.state.appid,
      secret: sim.state.secret,
      ...(redisPort === undefined ? {} : { redisPort }),
      keyPrefix: `bench-${randomUUID()}:`,
      calls: CALLS,
    });
    const token = reports.flatMap((r) => r.tokenLatencies);
    const calls = reports.flatMap((r) => r.latencies);
    return {
      tokenRequests: sim.count("POST /cgi-bin/stable_token"),
      token: [percentile(token, 50), percentile(token, 99)],
      call: [percentile(calls, 50), percentile(calls, 99)],
      failed: reports.reduce((n, r) => n + r.failed.length, 0),
    };
  } finally {
    await sim.close();
  }
}

if (!redisAvailable) {
  console.error("bench/token-fleet: redis-server is not installed (apt-get install redis-server)");
  process.exit(1);
}
const redis = await RedisServer.start();
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
console.log(`${CALLS} concurrent calls per process, cold cache, stable tokens, local simulator on 127.0.0.1\n`);
console.log("Token wait: from the call's start until it holds a token (store, lock and token request). Call: the whole call.\n");
console.log("| processes | store | token requests | token wait p50 | token wait p99 | call p50 | call p99 | failed |");
console.log("|---:|---|---:|---:|---:|---:|---:|---:|");
try {
  for (const processes of FLEETS) {
    const shared = await measure(processes, redis.port);
    const memory = await measure(processes, undefined);
    for (const [store, r] of [["Redis", shared], ["memory", memory]] as const) {
      console.log(`| ${processes} | ${store} | ${r.tokenRequests} | ${fmt(r.token[0]!)} | ${fmt(r.token[1]!)} | ${fmt(r.call[0]!)} | ${fmt(r.call[1]!)} | ${r.failed} |`);
    }
    console.log(`| ${processes} | added by Redis | | ${fmt(shared.token[0]! - memory.token[0]!)} | ${fmt(shared.token[1]! - memory.token[1]!)} | | | |`);
  }
  await storeCosts(redis.port);
} finally {
  await redis.stop();
}

/** In one process: obtaining the token cold (median of 5 fresh accounts) and warm, per store. */
async function storeCosts(port: number): Promise<void> {
  const client = new Redis({ port, host: "127.0.0.1" });
  await client.ping();
  const sim = await startSimulator();
  const median = (values: number[]) => percentile(values, 50);
  const time = async (run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    return performance.now() - started;
  };
  console.log("\nOne process, `accessToken.get()`: cold = first token (store + lock + token request), warm = the next call.\n");
  console.log("| store | cold (median of 5) | warm (median of 1,000) |");
  console.log("|---|---:|---:|");
  for (const [name, store] of [["memory", () => new MemoryTokenStore()], ["Redis", () => redisTokenStore(client, { keyPrefix: `bench-${randomUUID()}:` })]] as [string, () => TokenStore][]) {
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) {
      const wechat = createWeChatClient({ appid: sim.state.appid, secret: sim.state.secret, baseUrl: sim.url, tokenStore: store() });
      cold.push(await time(() => wechat.accessToken.get()));
      for (let j = 0; j < 200; j++) warm.push(await time(() => wechat.accessToken.get()));
      await wechat.close();
    }
    console.log(`| ${name} | ${fmt(median(cold))} | ${median(warm).toFixed(3)} ms |`);
  }
  const gets: number[] = [];
  for (let i = 0; i < 1_000; i++) gets.push(await time(() => client.get("bench:nothing")));
  console.log(`| (one Redis GET, for scale) | | ${median(gets).toFixed(3)} ms |`);
  client.disconnect();
  await sim.close();
}
