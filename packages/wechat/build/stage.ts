import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { loadModel } from "../../../generator/index.js";
import { exampleRoutes } from "./example-routes.js";

const simulatorEntries = ["packages/wechat/simulator/index.ts", "packages/wechat/simulator/bin.ts"];
/** The module that, in the repository, computes the answer table from the description. */
const examplesModule = "packages/wechat/simulator/wechat-examples.ts";

/**
 * Where a source file of the package goes in the staged tree: the client at the root, the
 * simulator under simulator/, and the generator's runtime as the client's copy of it.
 */
function stagedName(root: string, file: string): string {
  const path = relative(root, file).split("\\").join("/");
  const places: [string, string][] = [
    ["generated/wechat/", ""],
    ["generator/runtime/", "runtime/"],
    ["packages/wechat/simulator/", "simulator/"],
    // Types only (the simulator's `signing` option takes a model from wxgen's loadModel); no code.
    ["generator/model/types.ts", "simulator/model-types.ts"],
  ];
  for (const [from, to] of places) if (path.startsWith(from)) return to + path.slice(from.length);
  throw new Error(`the simulator imports ${path}, which @wxgen/wechat does not ship`);
}

const importPattern = /(from\s+|import\s*\()"(\.{1,2}\/[^"]+)"/g;

/**
 * Writes the sources of @wxgen/wechat into `out`: generated/wechat/ as it is, then the files the
 * simulator's entry points reach, their imports rewritten to the staged layout, and the WeChat
 * description's example table embedded as data.
 */
export function stageWeChat(root: string, out: string): void {
  cpSync(join(root, "generated", "wechat"), out, { recursive: true, filter: (file) => !file.endsWith(".md") });
  const queue = simulatorEntries.map((entry) => join(root, entry));
  const staged = new Set<string>();
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (staged.has(file)) continue;
    staged.add(file);
    const target = join(out, stagedName(root, file));
    if (stagedName(root, file).startsWith("runtime/")) {
      if (!existsSync(target)) throw new Error(`the simulator imports ${relative(root, file)}, which the WeChat client does not copy`);
      continue;
    }
    if (relative(root, file) === examplesModule) {
      writeFile(target, examplesData(root));
      continue;
    }
    const text = readFileSync(file, "utf8").replace(importPattern, (_, keyword: string, specifier: string) => {
      const imported = resolve(dirname(file), specifier.replace(/\.js$/, ".ts"));
      queue.push(imported);
      let path = relative(dirname(target), join(out, stagedName(root, imported))).split("\\").join("/").replace(/\.ts$/, ".js");
      if (!path.startsWith(".")) path = `./${path}`;
      return `${keyword}"${path}"`;
    });
    writeFile(target, text);
  }
}

function examplesData(root: string): string {
  const table = exampleRoutes(loadModel(join(root, "spec", "wechat-miniprogram.yaml")));
  return [
    'import type { ExampleRoute } from "./examples.js";',
    "",
    "/** Every operation of the WeChat description, answered from its official examples (embedded when the package was built). */",
    `const table: readonly ExampleRoute[] = ${JSON.stringify(table)};`,
    "",
    "export function wechatExamples(): readonly ExampleRoute[] {",
    "  return table;",
    "}",
    "",
  ].join("\n");
}

function writeFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
