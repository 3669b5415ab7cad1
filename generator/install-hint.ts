import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { FileSet } from "./emit/index.js";

/** The majors the generated code is written against; node: imports need Node's types at compile time only. */
const ranges: Record<string, string> = { zod: "^4", undici: "^7" };
const nodeTypes = "@types/node";

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/**
 * The install commands for what the generated client imports and the nearest package.json above
 * `output` lacks or lists with another major. Empty when nothing is missing. The command adds
 * runtime packages as dependencies: with only wxgen (a devDependency) a production install lacks them.
 */
export function installHint(files: FileSet, output: string): string[] {
  const imported = importedPackages(files);
  const manifest = nearestPackageJson(resolve(output));
  const pkg: PackageJson = manifest ? (JSON.parse(readFileSync(manifest, "utf8")) as PackageJson) : {};
  const listed = { ...pkg.devDependencies, ...pkg.peerDependencies, ...pkg.dependencies };
  const runtime = [...imported].filter((name) => !name.startsWith("node:") && !satisfied(name, listed));
  const dev = [...imported].some((name) => name.startsWith("node:")) && !(nodeTypes in listed) ? [nodeTypes] : [];
  if (runtime.length + dev.length === 0) return [];
  const add = addCommand(manifest ? dirname(manifest) : undefined);
  const spec = (name: string) => (ranges[name] ? `${name}@${ranges[name]}` : name);
  return [
    `the generated client needs packages ${manifest ? `${manifest} does not list` : "(no package.json found)"}:`,
    ...(runtime.length > 0 ? [`  ${add} ${runtime.map(spec).join(" ")}`] : []),
    ...(dev.length > 0 ? [`  ${add} -D ${dev.join(" ")}`] : []),
  ];
}

/** Bare specifiers the files import: `zod`, `undici`, `node:crypto`. */
function importedPackages(files: FileSet): Set<string> {
  const found = new Set<string>();
  for (const [path, text] of files) {
    if (!path.endsWith(".ts")) continue;
    for (const match of text.matchAll(/(?:from |import\()"((?:@[\w.-]+\/)?[\w.:-]+)[^"]*"/g)) {
      if (!match[1]!.startsWith(".")) found.add(match[1]!);
    }
  }
  return found;
}

function satisfied(name: string, listed: Record<string, string>): boolean {
  const range = listed[name];
  if (range === undefined) return false;
  const wanted = ranges[name];
  // Only the major matters to the generated code; ranges such as "latest" or "workspace:*" are trusted.
  const major = /\d+/.exec(range)?.[0];
  return wanted === undefined || major === undefined || `^${major}` === wanted;
}

function nearestPackageJson(dir: string): string | undefined {
  for (let here = dir; ; here = dirname(here)) {
    if (existsSync(join(here, "package.json"))) return join(here, "package.json");
    if (dirname(here) === here) return undefined;
  }
}

/** The project's package manager, from its lockfile. */
function addCommand(projectDir: string | undefined): string {
  const has = (file: string) => projectDir !== undefined && existsSync(join(projectDir, file));
  if (has("pnpm-lock.yaml")) return "pnpm add";
  if (has("yarn.lock")) return "yarn add";
  if (has("bun.lock") || has("bun.lockb")) return "bun add";
  return "npm install";
}
