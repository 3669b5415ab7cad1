// Cold start of the WeChat client: a fresh Node process that imports the compiled client and makes one
// validated code2Session call, against one that makes the same call with raw undici.request + a zod
// schema (and one with raw undici alone). Medians of alternating runs; each process reports
// performance.now() at the end of the call (wall time since it started) and the CPU time it used
// (user + system: on a loaded machine the steadier figure, since waiting for a core is not counted).
// Also counts the modules the client's import loads.
// Run: npx tsx bench/cold-start-wechat.ts
import { execFile, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { promisify } from "node:util";

const dir = resolve(".cache/bench/cold-wechat");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
cpSync(resolve("generated/wechat"), `${dir}/client`, { recursive: true });
// Deployed code is JavaScript: compile the client as a user's build would.
writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", types: ["node"], strict: true, skipLibCheck: true, outDir: "js", rootDir: ".", typeRoots: [resolve("node_modules/@types")] }, include: ["client"] }));
const compiled = spawnSync(process.execPath, [resolve("node_modules/typescript/bin/tsc"), "-p", dir], { encoding: "utf8" });
if (compiled.status !== 0) throw new Error(compiled.stdout || compiled.stderr);
writeFileSync(`${dir}/js/package.json`, JSON.stringify({ type: "module" }));
// The compiled client resolves zod and undici from the project's node_modules.
spawnSync("ln", ["-s", resolve("node_modules"), `${dir}/node_modules`]);

const body = JSON.stringify({ openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", session_key: "tiihtNczf5v6AKRyjwEUhQ==" });
const server = createServer((_, res) => res.writeHead(200, { "content-type": "text/plain" }).end(body));
await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const url = `${origin}/sns/jscode2session?appid=wx1&secret=s&js_code=c&grant_type=authorization_code`;
const undici = JSON.stringify(resolve("node_modules/undici/index.js"));
const zod = JSON.stringify(resolve("node_modules/zod/index.js"));

// Printed by each script when its data is there: [wall ms, CPU ms].
const report = "(() => { const cpu = process.cpuUsage(); return JSON.stringify([performance.now(), (cpu.user + cpu.system) / 1000]); })";
const scripts: Record<string, string> = {
  "raw undici.request + JSON.parse": `import { request } from ${undici};
const data = JSON.parse(await (await request(${JSON.stringify(url)})).body.text());
if (!data.openid) throw new Error("no data");
console.log(${report}());
process.exit(0);`,
  "raw undici.request + zod": `import { request } from ${undici};
import { z } from ${zod};
const schema = z.looseObject({ openid: z.string(), session_key: z.string(), unionid: z.string().optional() });
const data = schema.parse(JSON.parse(await (await request(${JSON.stringify(url)})).body.text()));
if (!data.openid) throw new Error("no data");
console.log(${report}());
process.exit(0);`,
  "wxgen WeChat client": `import { createWeChatClient } from ${JSON.stringify(`${dir}/js/client/index.js`)};
const wechat = createWeChatClient({ appid: "wx1", secret: "s", baseUrl: ${JSON.stringify(origin)} });
const data = await wechat.auth.code2Session({ js_code: "c" });
if (!data.openid) throw new Error("no data");
console.log(${report}());
process.exit(0);`,
};
const files = Object.fromEntries(Object.entries(scripts).map(([name, script]) => {
  const file = `${dir}/${name.replace(/\W+/g, "-")}.mjs`;
  writeFileSync(file, script);
  return [name, file];
}));

// Modules loaded by importing the client (no call): what a cold start pays for before any work.
const trace = spawnSync(process.execPath, ["--no-warnings", "--experimental-loader", "data:text/javascript,export async function load(u,c,n){if(u.includes('/js/client/'))console.error('LOADED '+u.split('/js/client/')[1]);return n(u,c)}", "-e", `import(${JSON.stringify(`${dir}/js/client/index.js`)})`], { encoding: "utf8" });
const clientModules = trace.stderr.split("\n").filter((line) => line.startsWith("LOADED ")).map((line) => line.slice(7));

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const runs = Number(process.env.RUNS ?? 21);
const times: Record<string, [wall: number, cpu: number][]> = Object.fromEntries(Object.keys(files).map((name) => [name, []]));
for (let i = 0; i < runs; i++) {
  for (const name of Object.keys(times)) {
    const { stdout } = await promisify(execFile)(process.execPath, [files[name]!], { encoding: "utf8" });
    times[name]!.push(JSON.parse(stdout.trim()) as [number, number]);
  }
}
server.close();
const zodRuns = times["raw undici.request + zod"]!;
const clientRuns = times["wxgen WeChat client"]!;
const column = (runs: [number, number][], which: 0 | 1) => median(runs.map((run) => run[which])).toFixed(1);
const difference = (which: 0 | 1) => median(clientRuns.map((run, i) => run[which] - zodRuns[i]![which])).toFixed(1);
console.log(`From process start to the first call's data, medians of ${runs} fresh processes each, run alternately, Node ${process.version}:\n`);
console.log("| | wall ms | CPU ms |\n|---|---:|---:|");
for (const [name, values] of Object.entries(times)) console.log(`| ${name} | ${column(values, 0)} | ${column(values, 1)} |`);
console.log(`| **client over raw undici + zod** (median of the ${runs} differences) | **${difference(0)}** | **${difference(1)}** |`);
console.log(`\nImporting the client loads ${clientModules.length} of its modules: ${clientModules.join(", ")}`);
