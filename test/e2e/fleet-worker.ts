// One process of a fleet: a WeChat client sharing its access token through Redis. Driven by the
// parent over IPC: it says "ready", waits for "go", makes `calls` concurrent calls, reports, exits.
import { Redis } from "ioredis";
import { createWeChatClient, MemoryTokenStore, redisTokenStore } from "../../generated/wechat/index.js";

export interface WorkerConfig {
  simUrl: string;
  appid: string;
  secret: string;
  /** Redis port, or undefined for the in-memory store. */
  redisPort?: number;
  keyPrefix: string;
  calls: number;
  lockTtlMs?: number;
  mode?: "stable" | "classic";
}

export interface WorkerReport {
  ok: number;
  failed: string[];
  /** Per call, ms: until the call had its access token. */
  tokenLatencies: number[];
  /** Per call, ms: the whole call. */
  latencies: number[];
}

const config = JSON.parse(process.argv[2]!) as WorkerConfig;
const redis = config.redisPort === undefined ? undefined : new Redis({ port: config.redisPort, host: "127.0.0.1" });
const wechat = createWeChatClient({
  appid: config.appid,
  secret: config.secret,
  baseUrl: config.simUrl,
  tokenStore: redis ? redisTokenStore(redis, { keyPrefix: config.keyPrefix }) : new MemoryTokenStore(),
  ...(config.lockTtlMs ? { tokenLockTtlMs: config.lockTtlMs } : {}),
  ...(config.mode ? { tokenMode: config.mode } : {}),
});

process.on("message", async (message) => {
  if (message !== "go") return;
  const report: WorkerReport = { ok: 0, failed: [], tokenLatencies: [], latencies: [] };
  await Promise.all(
    Array.from({ length: config.calls }, async (_, i) => {
      const started = performance.now();
      try {
        await wechat.accessToken.get();
        report.tokenLatencies.push(performance.now() - started);
        await wechat.customerServiceMessage.send({ touser: `o${process.pid}-${i}`, msgtype: "text", text: { content: "hi" } });
        report.ok++;
      } catch (error) {
        report.failed.push(String(error));
      }
      report.latencies.push(performance.now() - started);
    }),
  );
  process.send!(report, () => {
    void Promise.all([wechat.close(), redis?.quit()]).finally(() => process.exit(0));
  });
});
await redis?.ping(); // connected before the clock starts
process.send!("ready");
