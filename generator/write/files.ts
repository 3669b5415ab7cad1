import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { isGenerated } from "../emit/header.js";
import type { FileSet } from "../emit/index.js";

/** The output folder holds files wxgen did not write: nothing was changed. */
export class OutputError extends Error {}

/**
 * Replaces `output` with exactly `files`: everything is written into a sibling temp folder first,
 * then swapped in by rename, so a failed run leaves the previous output as it was. A folder holding
 * any file without wxgen's header (the user's code, the project root) is refused before anything is written.
 */
export function writeAtomically(output: string, files: FileSet): void {
  refuseForeignFiles(output);
  const staging = `${output}.tmp-${process.pid}`;
  const retired = `${output}.old-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const [path, text] of files) {
      const target = join(staging, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
    mkdirSync(dirname(output), { recursive: true });
    if (existsSync(output)) renameSync(output, retired);
    renameSync(staging, output);
  } catch (error) {
    if (!existsSync(output) && existsSync(retired)) renameSync(retired, output);
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  rmSync(retired, { recursive: true, force: true });
}

const shownForeign = 5;

function refuseForeignFiles(output: string): void {
  const foreign = foreignFiles(output, shownForeign + 1);
  if (foreign.length === 0) return;
  const named = foreign.slice(0, shownForeign).join(", ") + (foreign.length > shownForeign ? ", …" : "");
  throw new OutputError(
    `${output} holds files wxgen did not write (${named}); wxgen only replaces its own output. Choose a new or empty folder, such as ${join(output, "client")}`,
  );
}

/**
 * Up to `limit` files under `dir` (relative, '/'-separated) that do not start with wxgen's header,
 * shallowest first: pointed at a project, the message names its package.json before node_modules.
 */
export function foreignFiles(dir: string, limit: number): string[] {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) return [dir];
  const found: string[] = [];
  const folders = [dir];
  for (let folder = folders.shift(); folder !== undefined && found.length < limit; folder = folders.shift()) {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) folders.push(path);
      else if (!entry.isFile() || !isGenerated(firstBytes(path))) found.push(relative(dir, path).split(sep).join("/"));
    }
  }
  return found.slice(0, limit);
}

/** Enough of a file to see its header, without reading all of it. */
function firstBytes(path: string): string {
  const buffer = Buffer.alloc(64);
  const fd = openSync(path, "r");
  try {
    return buffer.toString("utf8", 0, readSync(fd, buffer, 0, buffer.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** Files on disk under `dir`, by path relative to it ('/'-separated). */
export function readTree(dir: string): FileSet {
  const files: FileSet = new Map();
  if (!existsSync(dir)) return files;
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(dir, path).split(sep).join("/"), readFileSync(path, "utf8"));
    }
  };
  walk(dir);
  return files;
}

export interface Staleness {
  changed: string[];
  missing: string[];
  extra: string[];
}

/** How the files on disk differ from what generation produces; all lists empty when up to date. */
export function compareTree(expected: FileSet, actual: FileSet): Staleness {
  const changed = [...expected.keys()].filter((path) => actual.has(path) && actual.get(path) !== expected.get(path));
  const missing = [...expected.keys()].filter((path) => !actual.has(path));
  const extra = [...actual.keys()].filter((path) => !expected.has(path)).sort();
  return { changed, missing, extra };
}

export function isStale(s: Staleness): boolean {
  return s.changed.length + s.missing.length + s.extra.length > 0;
}
