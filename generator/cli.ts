import { parseArgs } from "node:util";
import { readTargets, type Target } from "./config.js";
import { coverageReport } from "./coverage.js";
import { check, generate, loadModel, SpecError } from "./index.js";
import { isStale, type Staleness } from "./write/files.js";

const usage = `Usage:
  wxgen generate [--input <spec>] [--output <dir>]   generate clients (default: every target in package.json "wxgen")
  wxgen check    [--input <spec>] [--output <dir>]   exit 1 when a generated client is out of date
  wxgen coverage [--input <spec>]                    operations per file or tag, and which lack examples or doc links`;

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

function run(argv: string[]): number {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { input: { type: "string" }, output: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const [command] = positionals;
  if (values.help || !command) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  if (command === "generate") {
    for (const target of targetsFrom(values)) {
      const started = performance.now();
      const files = generate(target, (message) => console.warn(`wxgen: warning: ${message}`));
      console.log(`${target.input} → ${target.output}: ${files.size} files in ${Math.round(performance.now() - started)} ms`);
    }
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
  if (error instanceof SpecError || error instanceof UsageError) {
    console.error(`wxgen: ${error.message}`);
    if (error instanceof UsageError) console.error(usage);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  } else throw error;
}
