import { watchFile } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "./cli-args.js";
import { readTargets, type Target } from "./config.js";
import { coverageReport } from "./coverage.js";
import { diffModels, diffReport } from "./diff.js";
import { build, check, fetchInput, loadModel, SpecError } from "./index.js";
import { installHint } from "./install-hint.js";
import { isStale, writeAtomically, type Staleness } from "./write/files.js";

type Values = Record<string, string | boolean | undefined>;

async function targetsFrom(values: Values): Promise<Target[]> {
  const { input, output } = values;
  if (typeof input === "string" || typeof output === "string") {
    if (typeof input !== "string" || typeof output !== "string") throw new UsageError("--input and --output go together");
    return [{ input, output }];
  }
  const targets = await readTargets(process.cwd(), values.config as string | undefined);
  if (targets.length === 0) throw new UsageError("no targets: pass -i <spec> -o <dir>, or write a wxgen.config.json, or list them under \"wxgen.targets\" in package.json");
  return targets;
}

function summary(target: Target, stale: Staleness): string {
  const lines = [`${target.output} is out of date with ${target.input}:`];
  for (const [label, paths] of [["changed", stale.changed], ["missing", stale.missing], ["extra", stale.extra]] as const) {
    if (paths.length > 0) lines.push(`  ${label} (${paths.length}): ${paths.slice(0, 10).join(", ")}${paths.length > 10 ? ", …" : ""}`);
  }
  lines.push("Run `wxgen generate` and commit the result.");
  return lines.join("\n");
}

/** Generates one target and says so, with what the project must install; returns the files the description spans. */
async function generateTarget(target: Target): Promise<string[]> {
  const started = performance.now();
  const { files, sources } = build(target.input, (message) => console.warn(`wxgen: warning: ${message}`), target, await fetchInput(target.input));
  writeAtomically(target.output, files);
  console.log(`${target.input} → ${target.output}: ${files.size} files in ${Math.round(performance.now() - started)} ms`);
  for (const line of installHint(files, target.output)) console.log(`wxgen: ${line}`);
  return sources;
}

/**
 * Regenerates a target whenever a file of its description changes. A broken description is
 * reported and the previous output stays; watching goes on.
 */
function watch(target: Target, report: (error: unknown) => void): void {
  const watched = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const regenerate = async () => {
    let files = [resolve(target.input)];
    try {
      files = await generateTarget(target);
    } catch (error) {
      if (!(error instanceof SpecError)) throw error;
      console.error(`wxgen: ${error.message} (the previous output is unchanged)`);
    }
    for (const file of files) {
      if (watched.has(file)) continue;
      watched.add(file);
      watchFile(file, { interval: 100 }, (now, before) => {
        if (now.mtimeMs === before.mtimeMs) return;
        clearTimeout(timer);
        timer = setTimeout(() => void regenerate().catch(report), 50);
      });
    }
  };
  void regenerate()
    .then(() => console.log(`watching ${target.input} (Ctrl-C to stop)`))
    .catch(report);
}

/** Runs one command of the CLI; returns the exit code (undefined while watching). */
export async function runCommand(command: string, positionals: string[], values: Values, onError: (error: unknown) => void): Promise<number | undefined> {
  if (command !== "diff" && positionals.length > 0) throw new UsageError(`"${command}" takes no argument "${positionals[0]}"; did you mean -i ${positionals[0]}?`);
  if (command === "generate") {
    const targets = await targetsFrom(values);
    if (values.watch) {
      targets.forEach((target) => watch(target, onError));
      return undefined;
    }
    for (const target of targets) await generateTarget(target);
    return 0;
  }
  if (command === "check") {
    let stale = 0;
    for (const target of await targetsFrom(values)) {
      const result = await check(target);
      if (isStale(result)) {
        stale++;
        console.error(summary(target, result));
      } else console.log(`${target.output} is up to date with ${target.input}`);
    }
    return stale > 0 ? 1 : 0;
  }
  if (command === "diff") {
    const [before, after] = positionals;
    if (!before || !after || positionals.length > 2) throw new UsageError("diff takes two descriptions: wxgen diff <old> <new>");
    const report = diffModels(loadModel(before, {}, await fetchInput(before)), loadModel(after, {}, await fetchInput(after)));
    console.log(diffReport(report, before, after));
    return values["fail-on-breaking"] && report.changes.some((c) => c.breaking) ? 1 : 0;
  }
  const inputs = typeof values.input === "string" ? [values.input] : (await readTargets(process.cwd(), values.config as string | undefined)).map((t) => t.input);
  if (inputs.length === 0) throw new UsageError("no description: pass -i <spec> or list targets in a config file");
  for (const input of inputs) console.log(coverageReport(loadModel(input, {}, await fetchInput(input))) + "\n");
  return 0;
}
