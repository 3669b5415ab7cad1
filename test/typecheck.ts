import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { generate, type FileSet } from "../generator/index.js";

/** The strictest settings a user's project may have: what generated code and documented recipes must pass. */
export const STRICT_OPTIONS = { target: "ES2022", lib: ["ES2023"], module: "NodeNext", moduleResolution: "NodeNext", types: ["node"], strict: true, noEmit: true, skipLibCheck: true, noUnusedLocals: true, exactOptionalPropertyTypes: true };

type Result = { code: number | null; output: string };

/** Type-checks `include` (paths relative to `dir`) under these options, with the project's TypeScript unless `tsc` names another. */
export function typecheck(dir: string, include: string[], compilerOptions: Record<string, unknown> = STRICT_OPTIONS, tsc = "node_modules/typescript/bin/tsc"): Result {
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include }));
  const run = spawnSync(process.execPath, [resolve(tsc), "-p", dir], { encoding: "utf8" });
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
export async function generateAndTypecheck(input: string, name: string, options: { checkEverything?: boolean } = {}): Promise<Result & { files: number }> {
  const dir = cacheDir(name);
  const generated = await generate({ input, output: join(dir, "client") });
  // The files users' tsc skips (`@ts-nocheck`) are checked here all the same.
  if (options.checkEverything) {
    for (const [path, text] of generated) if (text.includes("// @ts-nocheck")) writeFileSync(join(dir, "client", path), text.replace(/^\/\/ @ts-nocheck.*$/m, ""));
  }
  return { ...typecheck(dir, ["client"]), files: generated.size };
}

/** A project's module setup, as far as generated code cares. */
export interface ModuleSetting {
  module: string;
  moduleResolution: string;
  /** The `type` of the package.json above the client. */
  packageType: "module" | "commonjs";
  /** The TypeScript to check with (default: the project's). */
  tsc?: string;
}

/** What the generated code promises to compile under, whatever the module setup. */
const strictest = { ...STRICT_OPTIONS, noUncheckedIndexedAccess: true, erasableSyntaxOnly: true, isolatedModules: true };

/** Writes each client (folder name → files) into a fresh project under .cache and type-checks them together under `setting`. */
export function typecheckClients(name: string, clients: Record<string, FileSet>, setting: ModuleSetting): Result {
  const dir = cacheDir(name);
  for (const [folder, files] of Object.entries(clients)) {
    for (const [path, text] of files) {
      mkdirSync(dirname(join(dir, folder, path)), { recursive: true });
      writeFileSync(join(dir, folder, path), text);
    }
  }
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: setting.packageType }));
  // verbatimModuleSyntax forbids import statements in CommonJS files, whatever they import; CommonJS
  // projects cannot turn it on, so it is checked wherever the files are ES modules.
  const esm = setting.packageType === "module" && setting.module !== "CommonJS";
  const options = { ...strictest, verbatimModuleSyntax: esm, module: setting.module, moduleResolution: setting.moduleResolution };
  return typecheck(dir, Object.keys(clients), options, setting.tsc);
}
