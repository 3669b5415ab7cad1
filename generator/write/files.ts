import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import type { FileSet } from "../emit/index.js";

/**
 * Replaces `output` with exactly `files`: everything is written into a sibling temp folder first,
 * then swapped in by rename, so a failed run leaves the previous output as it was.
 */
export function writeAtomically(output: string, files: FileSet): void {
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
