// Serverless cold start: a fresh Node process that imports the generated GitHub client and makes one
// validated call, against one that makes the same call with bare undici.request. Medians of 21 alternating runs.
// Run: npx tsx bench/cold-start.ts   (needs ../shared/specs/github.json)
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { generate } from "../generator/index.js";

const spec = resolve("../shared/specs/github.json");
if (!existsSync(spec)) {
  console.error("bench/cold-start: ../shared/specs/github.json is missing");
  process.exit(1);
}
const dir = resolve(".cache/bench/cold");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
await generate({ input: spec, output: `${dir}/client` });
// Deployed code is JavaScript: compile the client as a user's build would.
writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", types: ["node"], strict: true, skipLibCheck: true, outDir: "js", rootDir: "." }, include: ["client"] }));
const compiled = spawnSync(process.execPath, [resolve("node_modules/typescript/bin/tsc"), "-p", dir], { encoding: "utf8" });
if (compiled.status !== 0) throw new Error(compiled.stdout);
writeFileSync(`${dir}/js/package.json`, JSON.stringify({ type: "module" }));

const server = createServer((_, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"+1":"https://github.githubassets.com/images/icons/emoji/unicode/1f44d.png"}'));
await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const undiciUrl = resolve("node_modules/undici/index.js");
const scripts = {
  "bare undici.request": `import { request } from ${JSON.stringify(undiciUrl)};
const response = await request(${JSON.stringify(`${origin}/emojis`)});
const data = await response.body.json();
if (!data["+1"]) throw new Error("no data");
console.log(performance.now());
process.exit(0);`,
  "wxgen GitHub client": `const client = await import(${JSON.stringify(`${dir}/js/client/index.js`)});
const create = Object.entries(client).find(([name]) => name.startsWith("create") && name.endsWith("Client"))[1];
const github = create({ baseUrl: ${JSON.stringify(origin)} });
const data = await github.emojis.get();
if (!data["+1"]) throw new Error("no data");
console.log(performance.now());
process.exit(0);`,
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const files = Object.fromEntries(
  Object.entries(scripts).map(([name, script]) => {
    const file = resolve(dir, `${name.replace(/\W+/g, "-")}.mjs`);
    writeFileSync(file, script);
    return [name, file];
  }),
);
// Runs alternate between the two, so that a busy moment of the machine hits both alike.
const runs = 21;
const times: Record<string, number[]> = { "bare undici.request": [], "wxgen GitHub client": [] };
for (let i = 0; i < runs; i++) {
  for (const name of Object.keys(times)) {
    // Asynchronously: the server answering the call lives in this process.
    const { stdout } = await promisify(execFile)(process.execPath, [files[name]!], { encoding: "utf8" });
    times[name]!.push(Number(stdout.trim()));
  }
}
server.close();
const [bare, client] = [times["bare undici.request"]!, times["wxgen GitHub client"]!];
const added = client.map((t, i) => t - bare[i]!);
console.log(`From process start to the first call's data (performance.now() at the end), medians of ${runs} fresh processes each, run alternately:\n`);
console.log("| | ms |\n|---|---:|");
console.log(`| bare undici.request + JSON | ${median(bare).toFixed(1)} |`);
console.log(`| wxgen GitHub client (import, create, one validated call) | ${median(client).toFixed(1)} |`);
console.log(`| **added by the client** (median of the ${runs} differences) | **${median(added).toFixed(1)}** |`);
