import { parseArgs, type ParseArgsConfig } from "node:util";
import { closestWord } from "./suggestion.js";

/** A mistake on the command line: reported in one line, followed by the usage. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig["options"]>;

interface Command {
  synopsis: string;
  summary: string;
  options: Options;
  /** One line per option, for `wxgen <command> --help`. */
  help: string[];
}

const input = { type: "string", short: "i" } as const;
const output = { type: "string", short: "o" } as const;
const config = { type: "string", short: "c" } as const;
const targetHelp = [
  "-i, --input <spec>    the OpenAPI 3.0/3.1 description: a file or an http(s) URL",
  "-o, --output <dir>    the folder of the client (a new folder, or one wxgen generated)",
  "-c, --config <file>   a config file (default: wxgen.config.{json,mjs,ts}, else package.json \"wxgen\")",
];

export const commands: Record<string, Command> = {
  generate: {
    synopsis: "wxgen generate [-i <spec> -o <dir>] [--watch]",
    summary: "generate clients (default: every target of the config)",
    options: { input, output, config, watch: { type: "boolean" } },
    help: [...targetHelp, "--watch               regenerate when a file of the description changes"],
  },
  check: {
    synopsis: "wxgen check [-i <spec> -o <dir>]",
    summary: "exit 1 when a generated client is out of date",
    options: { input, output, config },
    help: targetHelp,
  },
  coverage: {
    synopsis: "wxgen coverage [-i <spec>]",
    summary: "operations per file or tag, and which lack examples or doc links",
    options: { input, config },
    help: [targetHelp[0]!, targetHelp[2]!],
  },
  diff: {
    synopsis: "wxgen diff <old-spec> <new-spec> [--fail-on-breaking]",
    summary: "what changed for callers; exit 1 on breaking changes if asked",
    options: { "fail-on-breaking": { type: "boolean" } },
    help: ["--fail-on-breaking    exit 1 when a change breaks existing callers"],
  },
};

const common: Options = { help: { type: "boolean", short: "h" }, version: { type: "boolean", short: "v" } };

export const usage = [
  "Usage:",
  ...Object.values(commands).map((c) => `  ${c.synopsis.padEnd(56)} ${c.summary}`),
  "  wxgen --version | wxgen <command> --help",
].join("\n");

export function commandUsage(name: string): string {
  const command = commands[name]!;
  return [`Usage: ${command.synopsis}`, "", command.summary, "", ...command.help.map((line) => `  ${line}`), "  -h, --help            this help"].join("\n");
}

export interface Parsed {
  command: string | undefined;
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

/** The command and its options; unknown commands and options are a UsageError naming the closest known one. */
export function parseCommandLine(argv: string[]): Parsed {
  const name = argv[0] !== undefined && !argv[0].startsWith("-") ? argv[0] : undefined;
  if (name !== undefined && !(name in commands)) throw new UsageError(`unknown command "${name}"${suggestion(name, Object.keys(commands))}`);
  const options = { ...common, ...(name === undefined ? {} : commands[name]!.options) };
  try {
    const { positionals, values } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { command: name, positionals: positionals.slice(1), values: values as Parsed["values"] };
  } catch (error) {
    throw new UsageError(parseProblem(error as Error & { code?: string }, options, name));
  }
}

function parseProblem(error: Error & { code?: string }, options: Options, command: string | undefined): string {
  const where = command === undefined ? "" : ` for "${command}"`;
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const option = /'([^']+)'/.exec(error.message)?.[1] ?? "?";
    const known = Object.keys(options).map((long) => `--${long}`);
    return `unknown option ${option}${where}${suggestion(option, known)}`;
  }
  if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const option = /--[\w-]+/.exec(error.message)?.[0] ?? "an option";
    return `${option} needs a value`;
  }
  return error.message.split("\n")[0] ?? "cannot read the command line";
}

/** `; did you mean "x"?` for the known word closest to `word`, if it is close. */
function suggestion(word: string, known: string[]): string {
  const best = closestWord(word, known);
  return best === undefined ? "" : `; did you mean "${best}"?`;
}
