import { fileURLToPath } from "node:url";
import { loadModel } from "../../../generator/index.js";
import type { ExampleRoute } from "./examples.js";
import { exampleRoutes } from "../build/example-routes.js";

// In the repository the table comes from the description; the package build replaces this module
// with the table itself, so that the published simulator needs no generator.
let table: ExampleRoute[] | undefined;

/** Every operation of the WeChat description, answered from its official examples. */
export function wechatExamples(): readonly ExampleRoute[] {
  table ??= exampleRoutes(loadModel(fileURLToPath(new URL("../../../spec/wechat-miniprogram.yaml", import.meta.url))));
  return table;
}
