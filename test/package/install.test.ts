import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readmeSteps, type Step } from "./readme.js";

/**
 * The README's "Use wxgen in your project" and "Use the WeChat client", followed word for word in
 * fresh projects outside the repository, ES module and CommonJS, against the tarballs `npm run pack`
 * makes. Packages come from the local npm cache (the registry only when the cache lacks them).
 */
const version = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;
const tarballs: Record<string, string> = {
  wxgen: resolve(`dist/packs/wxgen-${version}.tgz`),
  "@wxgen/wechat": resolve(`dist/packs/wxgen-wechat-${version}.tgz`),
};
const projects: string[] = [];
// Each case runs the installed tools a few times; on a loaded machine one start can take seconds.
vi.setConfig({ testTimeout: 120_000 });
/** The installed CLI, without npx's own start-up. */
const wxgen = "node node_modules/wxgen/dist/bin.js";

interface Run {
  code: number | null;
  out: string;
}

/** Runs `command` in a shell in `cwd`, without the npm_* variables of the `npm test` around us. */
function sh(command: string, cwd: string, env: Record<string, string> = {}): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("npm_")));
  return new Promise((done) => {
    const child = spawn("sh", ["-c", command], { cwd, env: { ...clean, npm_config_update_notifier: "false", ...env } });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk));
    child.on("close", (code) => done({ code, out }));
  });
}

/** `npm install` of the README, from the local tarballs for wxgen's own packages, offline first. */
async function install(line: string, cwd: string): Promise<Run> {
  const words = line.split(/\s+/).map((word) => tarballs[word] ?? word);
  const offline = await sh(`${words.join(" ")} --no-audit --no-fund --offline`, cwd);
  return offline.code === 0 ? offline : sh(`${words.join(" ")} --no-audit --no-fund --prefer-offline`, cwd);
}

/** Follows `steps` in a new folder; `skip` leaves out the lines it matches. Returns the folder and each command's output. */
async function follow(steps: Step[], skip: (line: string) => boolean, env: Record<string, string>): Promise<{ dir: string; outputs: Map<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), "wxgen-user-"));
  projects.push(dir);
  const outputs = new Map<string, string>();
  for (const step of steps) {
    if (step.kind === "file") {
      mkdirSync(dirname(join(dir, step.path)), { recursive: true });
      writeFileSync(join(dir, step.path), step.text);
      continue;
    }
    for (const line of step.lines.filter((l) => !skip(l))) {
      const run = line.startsWith("npm install") ? await install(line, dir) : await sh(line, dir, env);
      if (run.code !== 0) throw new Error(`\`${line}\` failed in ${dir} (exit ${run.code}):\n${run.out}`);
      outputs.set(line, run.out);
    }
  }
  return { dir, outputs };
}

/** A stand-in for the Todo API of the README's example, on 127.0.0.1. */
async function todoServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const found = req.method === "GET" && req.url === "/todos/1";
    res.writeHead(found ? 200 : 404, { "content-type": "application/json" });
    res.end(JSON.stringify(found ? { id: 1, title: "write the tests", done: true } : { message: "not found" }));
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let todo: { server: Server; url: string };

beforeAll(async () => {
  const pack = await sh("npm run pack", process.cwd());
  if (pack.code !== 0) throw new Error(`npm run pack failed:\n${pack.out}`);
  todo = await todoServer();
}, 300_000);

// Four projects' node_modules to remove: slow on a loaded machine.
afterAll(() => {
  todo?.server.close();
  for (const dir of projects.splice(0)) rmSync(dir, { recursive: true, force: true });
}, 120_000);

const moduleKinds = { "ES module": () => false, CommonJS: (line: string) => line === "npm pkg set type=module" };

describe.each(Object.entries(moduleKinds))("README: Use wxgen in your project, as a %s project", (kind, skip) => {
  let project: { dir: string; outputs: Map<string, string> };
  beforeAll(async () => {
    project = await follow(readmeSteps("Use wxgen in your project"), skip, { TODO_API: todo.url });
  }, 300_000);

  it("installs a compiled CLI that needs no TypeScript loader", async () => {
    expect((await sh("npx wxgen --version", project.dir)).out.trim()).toBe(version);
    expect(existsSync(join(project.dir, "node_modules", "tsx"))).toBe(false);
    const pkg = JSON.parse(readFileSync(join(project.dir, "package.json"), "utf8")) as { type?: string };
    expect(pkg.type ?? "commonjs").toBe(kind === "CommonJS" ? "commonjs" : "module");
  });

  it("prints the install line the README gives next, and the client compiles with the user's tsc and runs on plain node", () => {
    expect(project.outputs.get("npx wxgen generate -i api.yaml -o src/client")).toContain("npm install undici@^7 zod@^4");
    expect(project.outputs.get("node dist/main.js")).toContain("todo 1: write the tests (done)");
    const compiled = readFileSync(join(project.dir, "dist", "main.js"), "utf8");
    expect(compiled.includes("require(")).toBe(kind === "CommonJS");
  });

  it("refuses to generate into a folder of the user's files, names them, and changes nothing", async () => {
    const before = readFileSync(join(project.dir, "src", "main.ts"), "utf8");
    const run = await sh(`${wxgen} generate -i api.yaml -o src`, project.dir);
    expect(run.code).toBe(1);
    expect(run.out).toContain("src holds files wxgen did not write (main.ts)");
    expect(run.out).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(project.dir, "src", "main.ts"), "utf8")).toBe(before);
    expect(readdirSync(join(project.dir, "src")).sort()).toEqual(["client", "main.ts"]);
    const root = await sh(`${wxgen} generate -i api.yaml -o .`, project.dir);
    expect(root.code).toBe(1);
    expect(root.out).toContain("package.json");
    expect((await sh(`${wxgen} generate -i api.yaml -o src/client`, project.dir)).code).toBe(0);
  });
});

describe.each(Object.entries(moduleKinds))("README: Use the WeChat client, in a %s project", (kind) => {
  let project: { dir: string; outputs: Map<string, string> };
  beforeAll(async () => {
    const steps = readmeSteps("Use the WeChat client");
    // The section's project is CommonJS (npm init's default); the ES module variant adds the type.
    if (kind === "ES module") steps.splice(1, 0, { kind: "shell", lines: ["npm pkg set type=module"] });
    project = await follow(steps, () => false, {});
  }, 300_000);

  it("logs a user in with code2Session against the packaged simulator, by import and by require", () => {
    expect(project.outputs.get("node main.mjs")).toMatch(/logged in o-demo-user \(session key of \d+ characters\)/);
    expect(project.outputs.get("node main.cjs")).toContain("logged in o-demo-user");
  });

  it("installs zod and undici only: no generator toolchain", () => {
    const installed = readdirSync(join(project.dir, "node_modules")).flatMap((name) =>
      name.startsWith("@") ? readdirSync(join(project.dir, "node_modules", name)).map((sub) => `${name}/${sub}`) : [name],
    );
    expect(installed.filter((name) => !name.startsWith(".")).sort()).toEqual(["@wxgen/wechat", "undici", "zod"]);
  });

  it("types both entry points for the user's tsc: ES module and CommonJS declarations", async () => {
    const use = (from: string) =>
      `${from}\nconst wechat = createWeChatClient({ appid: "wx1", secret: "s" });\nvoid wechat.auth.code2Session({ js_code: "c" });\n// @ts-expect-error js_code is required\nvoid wechat.auth.code2Session({});\nvoid startSimulator;\n`;
    writeFileSync(join(project.dir, "check.mts"), use('import { createWeChatClient } from "@wxgen/wechat";\nimport { startSimulator } from "@wxgen/wechat/simulator";'));
    writeFileSync(join(project.dir, "check.cts"), use('import { createWeChatClient } from "@wxgen/wechat";\nimport { startSimulator } from "@wxgen/wechat/simulator";'));
    const tsc = resolve("node_modules/typescript/bin/tsc");
    const types = resolve("node_modules/@types");
    const run = await sh(`node ${tsc} --noEmit --strict --module NodeNext --moduleResolution NodeNext --typeRoots ${types} --types node check.mts check.cts`, project.dir);
    expect(run.out).toBe("");
    expect(run.code).toBe(0);
  });

  it("starts the simulator from a shell: wxgen-wechat-simulator --port", async () => {
    const child: ChildProcess = spawn(join(project.dir, "node_modules", ".bin", "wxgen-wechat-simulator"), ["--port", "0"], { cwd: project.dir });
    try {
      const [, url, appid, secret] = /on (http:\/\/127\.0\.0\.1:\d+) \(appid (\S+), secret (\S+)\)/.exec(await firstLine(child))!;
      const response = await fetch(`${url}/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`);
      expect(((await response.json()) as { expires_in?: number }).expires_in).toBe(7200);
    } finally {
      child.kill();
    }
  });

  it("reads four of its files for an import and a first call, by import and by require, and none of push, Redis or the simulator", async () => {
    // The simulator runs in a process of its own, so that only the client's files are counted.
    writeFileSync(join(project.dir, "sim.mjs"), 'import { startSimulator } from "@wxgen/wechat/simulator";\nconst sim = await startSimulator();\nconsole.log(JSON.stringify({ url: sim.url, appid: sim.state.appid, secret: sim.state.secret, codes: [1, 2].map(() => sim.issueLoginCode({ openid: "o-demo-user" })) }));\n');
    const child: ChildProcess = spawn(process.execPath, ["sim.mjs"], { cwd: project.dir });
    try {
      const sim = JSON.parse(await firstLine(child)) as { url: string; appid: string; secret: string; codes: string[] };
      const call = (code: string) => `const wechat = createWeChatClient({ appid: "${sim.appid}", secret: "${sim.secret}", baseUrl: "${sim.url}" });\nconst { openid } = await wechat.auth.code2Session({ js_code: "${code}" });\nconsole.log(openid);\n`;
      const esmHook = "data:text/javascript,export async function load(u,c,n){if(u.includes('/@wxgen/wechat/'))console.error('FILE '+u.split('/@wxgen/wechat/')[1]);return n(u,c)}";
      writeFileSync(join(project.dir, "files.mjs"), `import { createWeChatClient } from "@wxgen/wechat";\n${call(sim.codes[0]!)}`);
      writeFileSync(join(project.dir, "files.cjs"), `const { createWeChatClient } = require("@wxgen/wechat");\n(async () => {\n${call(sim.codes[1]!)}for (const file of Object.keys(require.cache)) if (file.includes("/@wxgen/wechat/")) console.error("FILE " + file.split("/@wxgen/wechat/")[1]);\nprocess.exit(0);\n})();\n`);
      for (const [script, build] of [[`node --no-warnings --experimental-loader "${esmHook}" files.mjs`, "esm"], ["node files.cjs", "cjs"]] as const) {
        const run = await sh(script, project.dir);
        expect(run.out).toContain("o-demo-user");
        const files = [...run.out.matchAll(/^FILE (.+)$/gm)].map((match) => match[1]!);
        expect(files[0]).toBe(`dist/${build}/index.js`);
        expect(files.length).toBeLessThanOrEqual(4);
        expect(files.filter((file) => /push|redis|simulator|json-schema/.test(file))).toEqual([]);
      }
    } finally {
      child.kill();
    }
  });
});

/** The first line `child` prints (it fails if the child exits first). */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise<string>((ready, fail) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => (out += chunk) && out.includes("\n") && ready(out.split("\n")[0]!));
    child.on("exit", (code) => fail(new Error(`exited with ${code}: ${out}`)));
  });
}
