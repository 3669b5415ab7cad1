import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

/** One description and the folder its client is generated into. */
export interface Target {
  input: string;
  output: string;
  /** Let `$ref`s name files outside the description's folder. */
  refsOutside?: boolean;
}

/** package.json's `wxgen` key is not what wxgen expects. */
export class ConfigError extends Error {}

/**
 * The targets `wxgen generate` and `wxgen check` work on, from the `wxgen` key of package.json:
 * `{ "wxgen": { "targets": [{ "input": "spec/api.yaml", "output": "generated/api" }] } }`.
 */
export function readTargets(cwd = process.cwd()): Target[] {
  const file = resolve(cwd, "package.json");
  if (!existsSync(file)) return [];
  const config = (JSON.parse(readFileSync(file, "utf8")) as { wxgen?: { targets?: unknown } }).wxgen;
  const targets = config?.targets;
  if (targets === undefined) return [];
  if (!Array.isArray(targets) || targets.some((t) => typeof t?.input !== "string" || typeof t?.output !== "string")) {
    throw new ConfigError(`${file}: "wxgen.targets" must be an array of { "input": string, "output": string }`);
  }
  return targets as Target[];
}
