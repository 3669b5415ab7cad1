import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { generate, type FileSet } from "../generator/index.js";

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
const strictest = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  erasableSyntaxOnly: true,
  isolatedModules: true,
  noUnusedLocals: true,
};

const nodeNextEsm: ModuleSetting = { module: "NodeNext", moduleResolution: "NodeNext", packageType: "module" };

type Result = { code: number | null; output: string };

/**
 * Generates a client into the project's .cache (so that zod and undici resolve) and type-checks it
 * alone with the project's TypeScript, under strict and NodeNext. Returns tsc's exit code and output.
 */
export async function generateAndTypecheck(input: string, name: string, options: { checkEverything?: boolean } = {}): Promise<Result & { files: number }> {
  const dir = resolve(".cache", "typecheck", name);
  rmSync(dir, { recursive: true, force: true });
  const generated = await generate({ input, output: join(dir, "client") });
  // The files users' tsc skips (`@ts-nocheck`) are checked here all the same.
  if (options.checkEverything) {
    for (const [path, text] of generated) if (text.includes("// @ts-nocheck")) writeFileSync(join(dir, "client", path), text.replace(/^\/\/ @ts-nocheck.*$/m, ""));
  }
  return { ...typecheck(dir, nodeNextEsm), files: generated.size };
}

/** Writes each client (folder name → files) into a fresh project under .cache and type-checks them together under `setting`. */
export function typecheckClients(name: string, clients: Record<string, FileSet>, setting: ModuleSetting): Result {
  const dir = resolve(".cache", "typecheck", name);
  rmSync(dir, { recursive: true, force: true });
  for (const [folder, files] of Object.entries(clients)) {
    for (const [path, text] of files) {
      mkdirSync(dirname(join(dir, folder, path)), { recursive: true });
      writeFileSync(join(dir, folder, path), text);
    }
  }
  return typecheck(dir, setting);
}

function typecheck(dir: string, setting: ModuleSetting): Result {
  // verbatimModuleSyntax forbids import statements in CommonJS files, whatever they import; CommonJS
  // projects cannot turn it on, so it is checked wherever the files are ES modules.
  const esm = setting.packageType === "module" && setting.module !== "CommonJS";
  const { packageType, tsc = "node_modules/typescript/bin/tsc", ...modules } = setting;
  const config = {
    compilerOptions: { target: "ES2022", lib: ["ES2023"], types: ["node"], noEmit: true, skipLibCheck: true, ...strictest, verbatimModuleSyntax: esm, ...modules },
    include: ["."],
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: packageType }));
  const run = spawnSync(process.execPath, [resolve(tsc), "-p", dir], { encoding: "utf8" });
  return { code: run.status, output: run.stdout + run.stderr };
}
