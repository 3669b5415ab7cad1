import { parseArgs } from "node:util";
import { ConfigError, readTargets, type Target } from "./config.js";
import { coverageReport } from "./coverage.js";
import { diffModels, diffReport } from "./diff.js";
import { watchFile } from "node:fs";
import { resolve } from "node:path";
import { build, check, loadModel, SpecError } from "./index.js";
import { isStale, writeAtomically, type Staleness } from "./write/files.js";

const usage = `Usage:
  wxgen generate [--input <spec>] [--output <dir>] [--watch]   generate clients (default: every target in package.json "wxgen")
  wxgen check    [--input <spec>] [--output <dir>]   exit 1 when a generated client is out of date
  wxgen coverage [--input <spec>]                    operations per file or tag, and which lack examples or doc links
  wxgen diff <old-spec> <new-spec> [--fail-on-breaking]  what changed for callers; exit 1 on breaking changes if asked`;

function targetsFrom(values: { input?: string; output?: string }): Target[] {
  if (values.input || values.output) {
    if (!values.input || !values.output) throw new UsageError("--input and --output go together");
    return [{ input: values.input, output: values.output }];
  }
  const targets = readTargets();
  if (targets.length === 0) throw new UsageError('no targets: pass --input and --output, or list them under "wxgen.targets" in package.json');
  return targets;
}

class UsageError extends Error {}

function summary(target: Target, stale: Staleness): string {
  const lines = [`${target.output} is out of date with ${target.input}:`];
  for (const [label, paths] of [["changed", stale.changed], ["missing", stale.missing], ["extra", stale.extra]] as const) {
    if (paths.length > 0) lines.push(`  ${label} (${paths.length}): ${paths.slice(0, 10).join(", ")}${paths.length > 10 ? ", …" : ""}`);
  }
  lines.push("Run `wxgen generate` and commit the result.");
  return lines.join("\n");
}

/** Generates one target and says so; returns the files the description spans. */
function generateTarget(target: Target): string[] {
  const started = performance.now();
  const { files, sources } = build(target.input, (message) => console.warn(`wxgen: warning: ${message}`), target);
  writeAtomically(target.output, files);
  console.log(`${target.input} → ${target.output}: ${files.size} files in ${Math.round(performance.now() - started)} ms`);
  return sources;
}

/**
 * Regenerates a target whenever a file of its description changes. A broken description is
 * reported and the previous output stays; watching goes on.
 */
function watch(target: Target): void {
  const watched = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const regenerate = () => {
    let files = [resolve(target.input)];
    try {
      files = generateTarget(target);
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
        timer = setTimeout(regenerate, 50);
      });
    }
  };
  regenerate();
  console.log(`watching ${target.input} (Ctrl-C to stop)`);
}

function run(argv: string[]): number | undefined {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      input: { type: "string" },
      output: { type: "string" },
      watch: { type: "boolean" },
      "fail-on-breaking": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command] = positionals;
  if (values.help || !command) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  if (command === "generate") {
    const targets = targetsFrom(values);
    if (values.watch) {
      targets.forEach(watch);
      return undefined;
    }
    for (const target of targets) generateTarget(target);
    return 0;
  }
  if (command === "check") {
    let stale = 0;
    for (const target of targetsFrom(values)) {
      const result = check(target);
      if (isStale(result)) {
        stale++;
        console.error(summary(target, result));
      } else console.log(`${target.output} is up to date with ${target.input}`);
    }
    return stale > 0 ? 1 : 0;
  }
  if (command === "diff") {
    const [, before, after] = positionals;
    if (!before || !after) throw new UsageError("diff takes two descriptions: wxgen diff <old> <new>");
    const report = diffModels(loadModel(before), loadModel(after));
    console.log(diffReport(report, before, after));
    return values["fail-on-breaking"] && report.changes.some((c) => c.breaking) ? 1 : 0;
  }
  if (command === "coverage") {
    const inputs = values.input ? [values.input] : readTargets().map((t) => t.input);
    if (inputs.length === 0) throw new UsageError("no description: pass --input or list targets in package.json");
    for (const input of inputs) console.log(coverageReport(loadModel(input)) + "\n");
    return 0;
  }
  throw new UsageError(`unknown command "${command}"`);
}

try {
  process.exitCode = run(process.argv.slice(2));
} catch (error) {
  if (error instanceof SpecError || error instanceof UsageError || error instanceof ConfigError) {
    console.error(`wxgen: ${error.message}`);
    if (error instanceof UsageError) console.error(usage);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  } else throw error;
}
