// Generation and type-check cost of wxgen beside openapi-typescript and @hey-api/openapi-ts (zod
// plugin), on the real-world descriptions in ../shared/specs, in one run on this machine.
// Setup: npm --prefix bench ci   Run: npx tsx bench/generation.ts [spec names…]   (needs ../shared)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

const shared = resolve("../shared/specs");
const specs = ["petstore30.yaml", "kratos.json", "stripe.yaml", "github.json"].filter((s) => process.argv.length <= 2 || process.argv.slice(2).some((a) => s.startsWith(a)));
const work = resolve(".cache/bench");
const bench = resolve("bench/node_modules");

if (!existsSync(shared)) {
  console.error("bench/generation: ../shared/specs is missing; nothing to measure");
  process.exit(1);
}
if (!existsSync(bench)) {
  console.error("bench/generation: the peers are not installed; run `npm --prefix bench ci` first");
  process.exit(1);
}

interface Tool {
  name: string;
  /** Command that generates `spec` into `out`. */
  command(spec: string, out: string): string[];
  /** What to type-check in `out`. */
  include: string[];
}

const tools: Tool[] = [
  { name: "wxgen", command: (spec, out) => ["node", "generator/bin.mjs", "generate", "--input", spec, "--output", out], include: ["**/*.ts"] },
  { name: "openapi-typescript", command: (spec, out) => ["node", `${bench}/openapi-typescript/bin/cli.js`, spec, "-o", `${out}/schema.ts`], include: ["schema.ts"] },
  {
    name: "hey-api (zod)",
    command: (spec, out) => [`${bench}/.bin/openapi-ts`, "-i", spec, "-o", out, "-c", "@hey-api/client-fetch", "-p", "@hey-api/typescript", "@hey-api/sdk", "zod", "--silent"],
    include: ["**/*.ts"],
  },
];

const typescripts = [
  { name: "TS 5.9", tsc: `${bench}/typescript/bin/tsc` },
  { name: "TS 7", tsc: resolve("node_modules/typescript/bin/tsc") },
];

interface Measure {
  seconds: number;
  megabytes: number;
  ok: boolean;
  note?: string;
}

/** Wall time and peak memory of a command, from GNU time. */
function measure(argv: string[], cwd = process.cwd()): Measure {
  const run = spawnSync("/usr/bin/time", ["-f", "TIME %e %M", ...argv], { cwd, encoding: "utf8", maxBuffer: 1 << 28 });
  const match = /TIME ([\d.]+) (\d+)/.exec(run.stderr ?? "");
  const output = `${run.stdout}\n${run.stderr}`;
  const errors = (output.match(/error TS\d+/g) ?? []).length;
  return {
    seconds: match ? Number(match[1]) : Number.NaN,
    megabytes: match ? Number(match[2]) / 1024 : Number.NaN,
    ok: run.status === 0,
    ...(run.status !== 0 ? { note: errors ? `${errors} type errors` : `exit ${run.status}: ${output.split("\n").find((l) => /error|Error/.test(l))?.slice(0, 120) ?? ""}` } : {}),
  };
}

function tsconfig(dir: string, include: string[]): string {
  const file = resolve(dir, "tsconfig.bench.json");
  const compilerOptions = { target: "ES2022", module: "ESNext", moduleResolution: "Bundler", lib: ["ES2023", "DOM"], types: ["node"], strict: true, skipLibCheck: true, noEmit: true };
  writeFileSync(file, JSON.stringify({ compilerOptions, include }));
  return file;
}

const rows: string[] = [];
const cell = (m: Measure) => (m.ok ? `${m.seconds.toFixed(1)} s, ${Math.round(m.megabytes)} MB` : `✗ ${m.note} (${m.seconds.toFixed(1)} s, ${Math.round(m.megabytes)} MB)`);
for (const spec of specs) {
  for (const tool of tools) {
    const out = resolve(work, tool.name.replace(/\W+/g, "-"), spec.replace(/\..*$/, ""));
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const generation = measure(tool.command(resolve(shared, spec), out));
    const checks = generation.ok ? typescripts.map((ts) => measure(["node", ts.tsc, "-p", tsconfig(out, tool.include)])) : [];
    const row = `| ${spec} | ${tool.name} | ${cell(generation)} | ${checks.map(cell).join(" | ") || "— | —"} |`;
    rows.push(row);
    console.error(row);
  }
}
console.log(`\nGeneration and \`tsc --noEmit\` of the output (strict), wall time and peak RSS, one run each:\n`);
console.log(`| spec | tool | generate | ${typescripts.map((t) => `type-check ${t.name}`).join(" | ")} |`);
console.log(`|---|---|---|${typescripts.map(() => "---").join("|")}|`);
for (const row of rows) console.log(row);
