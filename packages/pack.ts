/**
 * `npm run pack`: builds the two packages and packs them into dist/packs/.
 * - wxgen (this folder's package.json): the generator compiled into dist/, with the runtime's
 *   TypeScript sources beside it as data (they are what generated clients copy).
 * - @wxgen/wechat (packages/wechat): the committed client generated/wechat/ and the simulator,
 *   compiled twice, into dist/esm and dist/cjs (a nested package.json makes the latter CommonJS).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
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

function buildWeChat(): string {
  const pkg = join(root, "packages", "wechat");
  const dist = join(pkg, "dist");
  rmSync(dist, { recursive: true, force: true });
  const src = join(dist, "src");
  stageWeChat(root, src);
  compile(dist, "esm", { module: "NodeNext", moduleResolution: "NodeNext", rootDir: "src", outDir: "esm", verbatimModuleSyntax: true }, ["src/**/*.ts"]);
  // The shell entry point awaits at top level; `bin` runs the ES module build only.
  compile(dist, "cjs", { module: "CommonJS", moduleResolution: "Bundler", rootDir: "src", outDir: "cjs" }, ["src/**/*.ts"], ["src/simulator/bin.ts"]);
  writeFileSync(join(dist, "cjs", "package.json"), JSON.stringify({ type: "commonjs" }) + "\n");
  rmSync(src, { recursive: true });
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
buildWeChat();
for (const dir of [root, wechatDir]) {
  const { file, size, unpackedSize, entryCount } = pack(dir);
  console.log(`${relative(root, file)}: ${(size / 1024).toFixed(1)} kB packed, ${(unpackedSize / 1024).toFixed(1)} kB unpacked, ${entryCount} files`);
}
