// Requests per second over loopback for code2Session (a validated GET whose JSON arrives as text/plain),
// at concurrency 1 and 32: raw undici.request + JSON.parse, the wxgen WeChat client, openapi-fetch, and a
// @hey-api/openapi-ts client with its zod validators (parseAs: "json", since WeChat sends text/plain).
// The server runs in a child process. Rounds alternate between the clients; medians are printed.
// Run: npm --prefix bench ci && npx tsx bench/loopback.ts
import { fork, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { Agent, request } from "undici";

if (process.argv[2] === "serve") {
  // The child: a server that answers every request with a login session, as WeChat does (text/plain).
  const { createServer } = await import("node:http");
  const body = JSON.stringify({ openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", session_key: "tiihtNczf5v6AKRyjwEUhQ==", unionid: "oGZUI0egBJY1zhBYw2KhdUfwVJJE" });
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "text/plain", "content-length": Buffer.byteLength(body) }).end(body));
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => process.send!((server.address() as { port: number }).port));
} else {
  await main();
}

async function main(): Promise<void> {
  const bench = resolve("bench/node_modules");
  if (!existsSync(`${bench}/openapi-fetch`)) throw new Error("bench peers missing: npm --prefix bench ci");
  const dir = resolve(".cache/bench/loopback");
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/openapi-ts.config.mjs`, `export default { input: ${JSON.stringify(resolve("spec/wechat-miniprogram.yaml"))}, output: "hey", plugins: ["@hey-api/client-fetch", "zod", { name: "@hey-api/sdk", validator: true }] };\n`);
  const generated = spawnSync(`${bench}/.bin/openapi-ts`, ["-f", "openapi-ts.config.mjs", "--silent"], { cwd: dir, encoding: "utf8" });
  if (generated.status !== 0) throw new Error(generated.stderr || generated.stdout);

  const child = fork(new URL(import.meta.url).pathname, ["serve"], { execArgv: ["--import", "tsx"] });
  const port = await new Promise<number>((done) => child.once("message", (message) => done(message as number)));
  const origin = `http://127.0.0.1:${port}`;
  const appid = "wx1234567890abcdef";
  const secret = "0123456789abcdef0123456789abcdef";

  const { createWeChatClient } = await import("../generated/wechat/index.js");
  const createFetchClient = (await import(`${bench}/openapi-fetch/dist/index.mjs`)).default as (options: { baseUrl: string }) => { GET: (path: string, init: object) => Promise<{ data?: unknown; error?: unknown }> };
  const hey = await import(`${dir}/hey/sdk.gen.ts`);
  const heyClient = await import(`${dir}/hey/client.gen.ts`);

  const agent = new Agent({ keepAliveTimeout: 60_000 });
  const wechat = createWeChatClient({ appid, secret, baseUrl: origin });
  const openapiFetch = createFetchClient({ baseUrl: origin });
  heyClient.client.setConfig({ baseUrl: origin, parseAs: "json", auth: (auth: { name?: string }) => (auth.name === "appid" ? appid : secret) });

  const clients: Record<string, () => Promise<unknown>> = {
    "raw undici.request + JSON.parse": async () => {
      const response = await request(`${origin}/sns/jscode2session?appid=${appid}&secret=${secret}&js_code=0a3b&grant_type=authorization_code`, { dispatcher: agent });
      return JSON.parse(await response.body.text());
    },
    "wxgen (validated)": () => wechat.auth.code2Session({ js_code: "0a3b" }),
    "openapi-fetch (no validation)": async () => {
      const { data, error } = await openapiFetch.GET("/sns/jscode2session", { params: { query: { appid, secret, js_code: "0a3b", grant_type: "authorization_code" } }, parseAs: "json" });
      if (error || !data) throw new Error("openapi-fetch failed");
      return data;
    },
    "hey-api + zod (validated)": async () => {
      const { data } = await hey.authCode2Session({ query: { js_code: "0a3b", grant_type: "authorization_code" }, throwOnError: true });
      return data;
    },
  };

  /** Requests per second with `concurrency` callers in a loop, for `ms`. */
  async function rate(call: () => Promise<unknown>, concurrency: number, ms: number): Promise<number> {
    let done = 0;
    const until = performance.now() + ms;
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await call();
        done++;
      }
    }));
    return done / ((performance.now() - started) / 1000);
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const rounds = Number(process.env.ROUNDS ?? 5);
  const ms = Number(process.env.MS ?? 2_000);
  for (const call of Object.values(clients)) await rate(call, 8, 500); // warm-up: connections, JIT, first imports
  console.log(`Requests per second over loopback (server in a child process), medians of ${rounds} alternating rounds of ${ms} ms, Node ${process.version}:\n`);
  console.log("| client | c=1 req/s | vs raw | c=32 req/s | vs raw |\n|---|---:|---:|---:|---:|");
  const results: Record<string, Record<number, number[]>> = Object.fromEntries(Object.keys(clients).map((name) => [name, { 1: [], 32: [] }]));
  for (let round = 0; round < rounds; round++) {
    for (const concurrency of [1, 32]) for (const [name, call] of Object.entries(clients)) results[name]![concurrency]!.push(await rate(call, concurrency, ms));
  }
  const raw = results["raw undici.request + JSON.parse"]!;
  for (const [name, byConcurrency] of Object.entries(results)) {
    const cells = [1, 32].flatMap((c) => [median(byConcurrency[c]!).toFixed(0), `${(median(byConcurrency[c]!) / median(raw[c]!)).toFixed(2)}×`]);
    console.log(`| ${name} | ${cells.join(" | ")} |`);
  }
  await Promise.all([wechat.close(), agent.close()]);
  child.kill();
}
