/**
 * `npm run pack`: builds the two packages and packs them into dist/packs/.
 * - wxgen (this folder's package.json): the generator compiled into dist/, with the runtime's
 *   TypeScript sources beside it as data (they are what generated clients copy).
 * - @wxgen/wechat (packages/wechat): the committed client generated/wechat/ and the simulator,
 *   compiled by tsc and joined into a few files (see bundleModules), as ES modules into dist/esm and
 *   as CommonJS into dist/cjs (a nested package.json makes the latter CommonJS).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { rolldown } from "rolldown";
import { stageWeChat } from "./wechat/build/stage.js";

const root = resolve(import.meta.dirname, "..");
const packs = join(root, "dist", "packs");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");

const compilerOptions = {
  target: "ES2022",
  lib: ["ES2023"],
  types: ["node"],
  strict: true,
  skipLibCheck: true,
  declaration: true,
  isolatedModules: true,
};

/** Runs tsc on `include` (relative to `dir`) with these options, via a tsconfig written into `dir`. */
function compile(dir: string, name: string, options: Record<string, unknown>, include: string[], exclude: string[] = []): void {
  const config = join(dir, `tsconfig.${name}.json`);
  writeFileSync(config, JSON.stringify({ compilerOptions: { ...compilerOptions, ...options }, include, exclude }));
  try {
    execFileSync(process.execPath, [tsc, "-p", config], { stdio: "inherit" });
  } finally {
    rmSync(config);
  }
}

function buildWxgen(): void {
  const out = join(root, "dist");
  for (const entry of readdirSync(out, { withFileTypes: true })) if (entry.name !== "packs") rmSync(join(out, entry.name), { recursive: true });
  compile(root, "wxgen", { module: "NodeNext", moduleResolution: "NodeNext", rootDir: "generator", outDir: "dist" }, ["generator/**/*.ts"], ["generator/runtime/**", "**/*.test.ts"]);
  const runtime = join(root, "generator", "runtime");
  mkdirSync(join(out, "runtime"), { recursive: true });
  for (const name of readdirSync(runtime)) if (!name.endsWith(".test.ts")) copyFileSync(join(runtime, name), join(out, "runtime", name));
  writeFileSync(join(out, "bin.js"), '#!/usr/bin/env node\nimport "./cli.js";\n', { mode: 0o755 });
}

/** The entry points of @wxgen/wechat (its package.json's exports and bin) in the staged tree; the shell one is ES module only. */
const wechatEntries = { index: "index.js", push: "push.js", "simulator/index": "simulator/index.js", "simulator/bin": "simulator/bin.js" };

/** The relative modules `file` (tsc's output) imports statically, and theirs: what loading it loads. */
function staticImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const [, specifier] of readFileSync(file, "utf8").matchAll(/^(?:import|export)\b[^;]*?["'](\.{1,2}\/[^"']+)["'];$/gm)) staticImports(resolve(dirname(file), specifier!), seen);
  return seen;
}

/**
 * Joins tsc's ES modules in `modules` into `out`, as ES modules or CommonJS: a file per entry point;
 * one chunk, core, with what importing the client loads and what every operations module imports
 * (a first call needs it whichever namespace it is in); and a chunk per lazily imported module (a
 * namespace's operations, push, Redis), which still loads on first use. A cold start pays per file:
 * importing the client and making its first call reads 3 or 4 files instead of about 40. One copy
 * of each module for all entry points, so the error classes are the same whichever entry point
 * they come from. Declarations stay one per module: types cost nothing at run time.
 */
async function bundleModules(modules: string, format: "esm" | "cjs", out: string): Promise<void> {
  const entries = Object.entries(wechatEntries).filter(([name]) => format === "esm" || name !== "simulator/bin");
  const operations = readdirSync(join(modules, "operations")).filter((name) => name.endsWith(".js"));
  const everyOperations = operations.map((name) => staticImports(join(modules, "operations", name))).reduce((all, next) => new Set([...all].filter((file) => next.has(file))));
  const core = new Set([...staticImports(join(modules, "index.js")), ...everyOperations]);
  const bundle = await rolldown({
    input: Object.fromEntries(entries.map(([name, file]) => [name, join(modules, file)])),
    // zod, undici, node: built-ins and the optional peers are the user's to install.
    external: (id) => !id.startsWith(".") && !isAbsolute(id),
    platform: "node",
    logLevel: "warn",
    // The simulator imports API 安全's crypto statically, the client lazily: a lazy chunk either way.
    onLog: (level, log, report) => log.code === "INEFFECTIVE_DYNAMIC_IMPORT" || report(level, log),
  });
  await bundle.write({ dir: out, format, entryFileNames: "[name].js", chunkFileNames: "chunks/[name]-[hash].js", codeSplitting: { groups: [{ name: "core", test: (id) => core.has(id) }] } });
  await bundle.close();
}

async function buildWeChat(): Promise<string> {
  const pkg = join(root, "packages", "wechat");
  const dist = join(pkg, "dist");
  rmSync(dist, { recursive: true, force: true });
  const src = join(dist, "src");
  const modules = join(dist, "modules");
  stageWeChat(root, src);
  compile(dist, "esm", { module: "NodeNext", moduleResolution: "NodeNext", rootDir: "src", outDir: "modules", verbatimModuleSyntax: true }, ["src/**/*.ts"]);
  await bundleModules(modules, "esm", join(dist, "esm"));
  cpSync(modules, join(dist, "esm"), { recursive: true, filter: (file) => !file.endsWith(".js") });
  await bundleModules(modules, "cjs", join(dist, "cjs"));
  // CommonJS declarations; the shell entry point awaits at top level, and `bin` runs the ES module build only.
  compile(dist, "cjs", { module: "CommonJS", moduleResolution: "Bundler", rootDir: "src", outDir: "cjs", emitDeclarationOnly: true }, ["src/**/*.ts"], ["src/simulator/bin.ts"]);
  writeFileSync(join(dist, "cjs", "package.json"), JSON.stringify({ type: "commonjs" }) + "\n");
  for (const staging of [src, modules]) rmSync(staging, { recursive: true });
  return pkg;
}

function versionOf(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
}

/** Packs `dir` into dist/packs; returns the tarball's path and sizes. */
function pack(dir: string): { file: string; size: number; unpackedSize: number; entryCount: number } {
  const [info] = JSON.parse(execFileSync("npm", ["pack", dir, "--pack-destination", packs, "--json"], { cwd: root, encoding: "utf8" })) as { filename: string; size: number; unpackedSize: number; entryCount: number }[];
  return { file: join(packs, info!.filename), size: info!.size, unpackedSize: info!.unpackedSize, entryCount: info!.entryCount };
}

const wechatDir = join(root, "packages", "wechat");
if (versionOf(root) !== versionOf(wechatDir)) {
  throw new Error(`wxgen is ${versionOf(root)} but @wxgen/wechat is ${versionOf(wechatDir)}: both packages share one version number`);
}
mkdirSync(packs, { recursive: true });
for (const name of readdirSync(packs)) if (name.endsWith(".tgz")) rmSync(join(packs, name));
buildWxgen();
await buildWeChat();
for (const dir of [root, wechatDir]) {
  const { file, size, unpackedSize, entryCount } = pack(dir);
  console.log(`${relative(root, file)}: ${(size / 1024).toFixed(1)} kB packed, ${(unpackedSize / 1024).toFixed(1)} kB unpacked, ${entryCount} files`);
}
