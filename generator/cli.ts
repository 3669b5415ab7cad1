import { readFileSync } from "node:fs";
import { commandUsage, parseCommandLine, usage, UsageError } from "./cli-args.js";
import { ConfigError } from "./config.js";
import { SpecError } from "./load/source.js";
import { OutputError } from "./write/files.js";

// The generator (ts-morph and all) loads only for a command: --help and --version answer at once.

function version(): string {
  return (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
}

async function run(argv: string[]): Promise<number | undefined> {
  const { command, positionals, values } = parseCommandLine(argv);
  if (values.version) {
    console.log(version());
    return 0;
  }
  if (values.help || command === undefined) {
    console.log(command === undefined ? usage : commandUsage(command));
    return values.help ? 0 : 2;
  }
  const { runCommand } = await import("./commands.js");
  return runCommand(command, positionals, values, report);
}

/** User errors are one line (plus the usage for command-line mistakes); anything else is a bug and keeps its stack. */
function report(error: unknown): void {
  if (!(error instanceof SpecError || error instanceof UsageError || error instanceof ConfigError || error instanceof OutputError)) throw error;
  console.error(`wxgen: ${error.message}`);
  if (error instanceof UsageError) console.error(usage);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  report(error);
}
