// Schema fidelity on the JSON-Schema-Test-Suite: every test's data through the generated zod schema.
// Run: npm run conformance [-- <suite tests folder>]   (default ../shared/jsts/tests)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { generate } from "../../generator/index.js";
import { loadSuiteFile, suiteFiles, type SuiteFile } from "./suite.js";

interface Outcome {
  file: string;
  group: string;
  test: string;
  expected: boolean;
  passed: boolean;
  error?: string;
}

type Validator = { safeParse(value: unknown): { success: boolean } };

async function runFile(file: SuiteFile, scratch: string): Promise<Outcome[]> {
  const dir = join(scratch, file.path.replace(/[/.]/g, "_"));
  const input = join(dir, "api.json");
  const outcomes: Outcome[] = [];
  const failAll = (error: string) => {
    for (const group of file.groups) for (const t of group.tests) outcomes.push({ file: file.path, group: group.description, test: t.description, expected: t.valid, passed: false, error });
  };
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(input, JSON.stringify(file.document));
    await generate({ input, output: join(dir, "out") });
  } catch (error) {
    failAll(`generation failed: ${(error as Error).message}`);
    return outcomes;
  }
  const { schemas } = (await import(pathToFileURL(resolve(dir, "out", "schemas.ts")).href)) as { schemas: Record<string, Validator> };
  for (const group of file.groups) {
    for (const t of group.tests) {
      let passed = false;
      let error: string | undefined;
      try {
        passed = schemas[group.name]!.safeParse(t.data).success === t.valid;
      } catch (e) {
        error = `threw: ${(e as Error).message}`;
      }
      outcomes.push({ file: file.path, group: group.description, test: t.description, expected: t.valid, passed, ...(error ? { error } : {}) });
    }
  }
  return outcomes;
}

const root = resolve(process.argv[2] ?? "../shared/jsts/tests");
const files = suiteFiles(root);
if (files.length === 0) {
  console.error(`conformance: no suite files under ${root} (../shared/jsts is not there?)`);
  process.exit(1);
}
// Inside the project, so that the generated code resolves zod from node_modules.
mkdirSync(".cache", { recursive: true });
const scratch = mkdtempSync(join(".cache", "conformance-"));
const results: Outcome[] = [];
let skippedTests = 0;
for (const path of files) {
  const file = loadSuiteFile(root, path);
  skippedTests += file.skipped.tests;
  results.push(...(await runFile(file, scratch)));
}
rmSync(scratch, { recursive: true, force: true });

const pct = (n: number, d: number) => (d === 0 ? "—" : `${((100 * n) / d).toFixed(1)}%`);
console.log(`JSON-Schema-Test-Suite conformance of wxgen's generated zod schemas (${root})\n`);
console.log("| file | tests | passed | pass rate | accept-all floor |");
console.log("|---|---:|---:|---:|---:|");
for (const path of files) {
  const mine = results.filter((r) => r.file === path);
  const valid = mine.filter((r) => r.expected).length;
  console.log(`| ${path} | ${mine.length} | ${mine.filter((r) => r.passed).length} | ${pct(mine.filter((r) => r.passed).length, mine.length)} | ${pct(valid, mine.length)} |`);
}
const passed = results.filter((r) => r.passed).length;
console.log(`| **all in scope** | ${results.length} | ${passed} | **${pct(passed, results.length)}** | ${pct(results.filter((r) => r.expected).length, results.length)} |`);
console.log(`\n${skippedTests} tests out of scope (ref.json groups with $id/$anchor/$dynamicRef or remote refs).`);
const failures = results.filter((r) => !r.passed);
if (failures.length > 0) {
  console.log(`\nFailures (${failures.length}):`);
  for (const f of failures) console.log(`- ${f.file} · ${f.group} · ${f.test} (expected ${f.expected ? "valid" : "invalid"})${f.error ? `: ${f.error}` : ""}`);
}
