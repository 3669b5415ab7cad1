import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { isUrl } from "./load/documents.js";

/** One description and the folder its client is generated into. */
export interface Target {
  /** A file path or an http(s) URL. */
  input: string;
  output: string;
  /** Let `$ref`s name files outside the description's folder. */
  refsOutside?: boolean;
}

/** What `wxgen.config.{json,mjs,ts}` holds: one target, or several. */
export type WxgenConfig = Target | { targets: Target[] };

/** Types a config file: `export default defineConfig({ input: "api.yaml", output: "src/client" })`. */
export function defineConfig(config: WxgenConfig): WxgenConfig {
  return config;
}

/** A config file or package.json's `wxgen` key is not what wxgen expects. */
export class ConfigError extends Error {}

export const configNames = ["wxgen.config.json", "wxgen.config.mjs", "wxgen.config.ts"];

/**
 * The targets `wxgen generate` and `wxgen check` work on: from `configFile` when given, else from the
 * one `wxgen.config.*` in `cwd`, else from the `wxgen` key of package.json
 * (`{ "wxgen": { "targets": [{ "input": "spec/api.yaml", "output": "generated/api" }] } }`).
 * Relative paths in a config file are relative to the file.
 */
export async function readTargets(cwd = process.cwd(), configFile?: string): Promise<Target[]> {
  const file = configFile === undefined ? findConfig(cwd) : resolve(cwd, configFile);
  if (file === undefined) return packageTargets(cwd);
  if (!existsSync(file)) throw new ConfigError(`${file}: no such config file`);
  return targetsOf(file, await loadConfig(file));
}

function findConfig(cwd: string): string | undefined {
  const found = configNames.map((name) => join(cwd, name)).filter((file) => existsSync(file));
  if (found.length > 1) throw new ConfigError(`more than one config file: ${found.map((f) => basename(f)).join(", ")}; keep one`);
  return found[0];
}

function packageTargets(cwd: string): Target[] {
  const file = resolve(cwd, "package.json");
  if (!existsSync(file)) return [];
  const config = (JSON.parse(readFileSync(file, "utf8")) as { wxgen?: { targets?: unknown } }).wxgen;
  if (config?.targets === undefined) return [];
  if (!isTargetList(config.targets)) throw new ConfigError(`${file}: "wxgen.targets" must be an array of { "input": string, "output": string }`);
  return config.targets;
}

async function loadConfig(file: string): Promise<unknown> {
  if (file.endsWith(".json")) return parseJson(file);
  if (file.endsWith(".ts")) return importTypeScript(file);
  return importDefault(pathToFileURL(file).href, file);
}

function parseJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError(`${file}: ${(error as Error).message}`);
  }
}

async function importDefault(url: string, file: string): Promise<unknown> {
  try {
    return ((await import(url)) as { default?: unknown }).default;
  } catch (error) {
    throw new ConfigError(`${file}: cannot load (${(error as Error).message.split("\n")[0]})`);
  }
}

/**
 * Node 20 cannot run TypeScript, so a .ts config is transpiled with the TypeScript that ts-morph
 * (a dependency of wxgen) bundles, into a temporary .mjs beside it so that its imports resolve as
 * they would from the .ts file. Types are not checked here; the user's tsc does that.
 */
async function importTypeScript(file: string): Promise<unknown> {
  const { ts } = await import("ts-morph");
  const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    fileName: file,
  });
  const transpiled = join(dirname(file), `.${basename(file)}.${process.pid}.mjs`);
  writeFileSync(transpiled, outputText);
  try {
    return await importDefault(pathToFileURL(transpiled).href, file);
  } finally {
    rmSync(transpiled, { force: true });
  }
}

function targetsOf(file: string, config: unknown): Target[] {
  const targets = isTarget(config) ? [config] : (config as { targets?: unknown } | undefined)?.targets;
  if (!isTargetList(targets)) {
    throw new ConfigError(`${file}: the config must be { input, output } or { targets: [{ input, output }, …] } (export default defineConfig(…) in .mjs/.ts)`);
  }
  const base = dirname(file);
  return targets.map((t) => ({ ...t, input: isUrl(t.input) ? t.input : resolve(base, t.input), output: resolve(base, t.output) }));
}

function isTarget(value: unknown): value is Target {
  return typeof (value as Target | null)?.input === "string" && typeof (value as Target | null)?.output === "string";
}

function isTargetList(value: unknown): value is Target[] {
  return Array.isArray(value) && value.every(isTarget);
}
