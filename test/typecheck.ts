import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { generate } from "../generator/index.js";

/** The strictest settings a user's project may have: what generated code and documented recipes must pass. */
export const STRICT_OPTIONS = { target: "ES2022", lib: ["ES2023"], module: "NodeNext", moduleResolution: "NodeNext", types: ["node"], strict: true, noEmit: true, skipLibCheck: true, noUnusedLocals: true, exactOptionalPropertyTypes: true };

/** Type-checks `include` (paths relative to `dir`) with the project's TypeScript under these options. */
export function typecheck(dir: string, include: string[], compilerOptions: Record<string, unknown> = STRICT_OPTIONS): { code: number | null; output: string } {
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include }));
  const run = spawnSync(process.execPath, [resolve("node_modules/typescript/bin/tsc"), "-p", dir], { encoding: "utf8" });
  return { code: run.status, output: run.stdout + run.stderr };
}

/** A fresh folder under the project's .cache (so that zod, undici and @types resolve). */
export function cacheDir(name: string): string {
  const dir = resolve(".cache", "typecheck", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Generates a client into the project's .cache and type-checks it alone under `strict` with the
 * project's TypeScript. Returns tsc's exit code and output.
 */
export function generateAndTypecheck(input: string, name: string, options: { checkEverything?: boolean } = {}): { code: number | null; output: string; files: number } {
  const dir = cacheDir(name);
  const generated = generate({ input, output: join(dir, "client") });
  const files = generated.size;
  // The files users' tsc skips (`@ts-nocheck`) are checked here all the same.
  if (options.checkEverything) {
    for (const [path, text] of generated) if (text.includes("// @ts-nocheck")) writeFileSync(join(dir, "client", path), text.replace(/^\/\/ @ts-nocheck.*$/m, ""));
  }
  return { ...typecheck(dir, ["client"]), files };
}
