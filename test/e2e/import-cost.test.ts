// What importing the WeChat client loads: the core request path, and not the push receiver, the Redis
// store, the JSON-Schema helpers, API 安全's envelope code, any operations module or any schema —
// those load when first used. A structural check of which modules a fresh process loads; how long
// that takes is measured in bench/cold-start-wechat.ts, never asserted.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const client = "generated/wechat/";
/** Marks the end of a stage in the load order (the hooks see modules one after another, in order). */
const stageEnd = "data:text/javascript,export{}//stage-end";
// A module hook that reports every generated module Node loads, in order. It runs in its own thread:
// written synchronously, a line is out before the import that loads the module completes.
const hooks = `data:text/javascript,import { writeSync } from "node:fs";
export async function load(url, context, next) {
  if (url.includes(${JSON.stringify(`/${client}`)}) || url.startsWith("data:text/javascript,export{}//stage")) writeSync(2, "LOADED " + url + "\\n");
  return next(url, context);
}`;
const register = `data:text/javascript,import { register } from "node:module"; register(${JSON.stringify(hooks)});`;

/** The generated modules loaded by each stage of `script` (stages are separated by `await stage()`). */
function modulesLoaded(script: string): string[][] {
  const source = `const stage = () => import(${JSON.stringify(stageEnd)} + "?" + Math.random());\n${script}`;
  const run = spawnSync(process.execPath, ["--import", "tsx", "--import", register, "--input-type=module", "-e", source], { encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  const stages: string[][] = [[]];
  for (const line of run.stderr.split("\n")) {
    if (!line.startsWith("LOADED ")) continue;
    const url = line.slice("LOADED ".length);
    if (url.startsWith(stageEnd)) stages.push([]);
    else stages.at(-1)!.push(url.slice(url.indexOf(client) + client.length));
  }
  return stages;
}

const index = JSON.stringify(`${process.cwd()}/${client}index.ts`);
const lazyModules = [
  "push.ts", "runtime/push.ts", "runtime/push-crypto.ts", "runtime/push-format.ts", // the push receiver
  "runtime/redis-store.ts",
  "runtime/json-schema.ts", "runtime/formats.ts", // JSON-Schema combinators and formats
  "runtime/api-security-crypto.ts", // API 安全's envelopes and signatures
];

describe("importing the WeChat client", () => {
  it("loads the core request path and none of the push receiver, Redis store, JSON-Schema helpers, API 安全 crypto, operations or schemas", () => {
    const [imported] = modulesLoaded(`await import(${index});`);
    expect(imported).toEqual(expect.arrayContaining(["index.ts", "client.ts", "runtime/core.ts", "runtime/schema.ts"]));
    expect(imported!.filter((module) => lazyModules.includes(module))).toEqual([]);
    expect(imported!.filter((module) => /^(operations|schemas)\//.test(module) || module === "schemas.ts")).toEqual([]);
  }, 60_000);

  it("loads each of them when it is first used", () => {
    const [imported, used] = modulesLoaded(`const wechat = await import(${index});
await stage();
const values = new Map();
const redis = { get: async (key) => values.get(key) ?? null, set: async () => "OK", eval: async () => 0 };
await wechat.redisTokenStore(redis).get("k");
await wechat.createPushHandler({ token: "t", appid: "wx1", handlers: {} }).idle();
await wechat.createWeChatClient({ appid: "wx1", secret: "s" }).auth.code2Session({}).catch(() => undefined);`);
    expect(imported!.filter((module) => lazyModules.includes(module))).toEqual([]);
    expect(used).toEqual(expect.arrayContaining(["runtime/redis-store.ts", "push.ts", "runtime/push.ts", "operations/auth.ts"]));
  }, 60_000);
});
