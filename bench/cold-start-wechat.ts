// Cold start of the WeChat client: a fresh Node process that imports the compiled client and makes one
// validated code2Session call, against one that makes the same call with raw undici.request + a zod
// schema (and one with raw undici alone). Two builds of the client: generated/wechat compiled by tsc
// module by module (as a user's own build of a generated client would be), and @wxgen/wechat as
// `npm run pack` builds it (what `npm install @wxgen/wechat` gives: the ES modules joined into a few
// files). Medians of alternating runs; each process reports performance.now() at the end of the call
// (wall time since it started) and the CPU time it used (user + system: on a loaded machine the
// steadier figure, since waiting for a core is not counted). Also lists the files each build loads.
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
const packed = spawnSync("npm", ["run", "pack"], { encoding: "utf8" });
if (packed.status !== 0) throw new Error(packed.stdout + packed.stderr);
const packageEntry = resolve("packages/wechat/dist/esm/index.js");

const body = JSON.stringify({ openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", session_key: "tiihtNczf5v6AKRyjwEUhQ==" });
const server = createServer((_, res) => res.writeHead(200, { "content-type": "text/plain" }).end(body));
await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const url = `${origin}/sns/jscode2session?appid=wx1&secret=s&js_code=c&grant_type=authorization_code`;
// Imported by name, as a user's code would (resolved through the node_modules link, like the clients' imports).
const undici = JSON.stringify("undici");
const zod = JSON.stringify("zod");

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
  "generated/wechat, compiled by tsc": clientScript(`${dir}/js/client/index.js`),
  "@wxgen/wechat, as packed": clientScript(packageEntry),
};
function clientScript(entry: string): string {
  return `import { createWeChatClient } from ${JSON.stringify(entry)};
const wechat = createWeChatClient({ appid: "wx1", secret: "s", baseUrl: ${JSON.stringify(origin)} });
const data = await wechat.auth.code2Session({ js_code: "c" });
if (!data.openid) throw new Error("no data");
console.log(${report}());
process.exit(0);`;
}
const clients = { "generated/wechat, compiled by tsc": `${dir}/js/`, "@wxgen/wechat, as packed": resolve("packages/wechat/dist/esm") + "/" };
const files = Object.fromEntries(Object.entries(scripts).map(([name, script]) => {
  const file = `${dir}/${name.replace(/\W+/g, "-")}.mjs`;
  writeFileSync(file, script);
  return [name, file];
}));

// Files of each build loaded by its script (import, create, first call): a cold start pays per module.
async function loaded(name: string, prefix: string): Promise<string[]> {
  const hook = `data:text/javascript,export async function load(u,c,n){if(u.startsWith(${JSON.stringify(`file://${prefix}`)}))console.error('LOADED '+u.slice(${`file://${prefix}`.length}));return n(u,c)}`;
  const { stderr } = await promisify(execFile)(process.execPath, ["--no-warnings", "--experimental-loader", hook, files[name]!], { encoding: "utf8" });
  return stderr.split("\n").filter((line) => line.startsWith("LOADED ")).map((line) => line.slice(7));
}
const loadedFiles = Object.fromEntries(await Promise.all(Object.entries(clients).map(async ([name, prefix]) => [name, await loaded(name, prefix)] as const)));

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
const column = (runs: [number, number][], which: 0 | 1) => median(runs.map((run) => run[which])).toFixed(1);
const difference = (name: string, which: 0 | 1) => median(times[name]!.map((run, i) => run[which] - zodRuns[i]![which])).toFixed(1);
console.log(`From process start to the first call's data, medians of ${runs} fresh processes each, run alternately, Node ${process.version}:\n`);
console.log("| | wall ms | CPU ms |\n|---|---:|---:|");
for (const [name, values] of Object.entries(times)) console.log(`| ${name} | ${column(values, 0)} | ${column(values, 1)} |`);
for (const name of Object.keys(clients)) {
  console.log(`| **${name} over raw undici + zod** (median of the ${runs} differences) | **${difference(name, 0)}** | **${difference(name, 1)}** |`);
}
for (const [name, modules] of Object.entries(loadedFiles)) {
  console.log(`\n${name}: import and first call load ${modules.length} files: ${modules.join(", ")}`);
}
