import type { ApiModel, Example, Operation } from "../../../generator/model/types.js";
import type { ExampleRoute } from "../simulator/examples.js";

/** The simulator's answer table for a description: each operation's first success example. */
export function exampleRoutes(model: ApiModel): ExampleRoute[] {
  return model.operations.map((op) => ({
    id: op.id,
    method: op.httpMethod,
    path: op.path,
    fills: op.fills.map((f) => ({ in: f.in, name: f.name, value: f.value })),
    answer: op.success.kind === "binary" || op.success.kind === "empty" ? { kind: op.success.kind } : { kind: "json", value: successExample(op)?.value ?? { errcode: 0, errmsg: "ok" } },
  }));
}

/** An example of an in-band error, by its code. */
export function isErrorExample(example: Example): boolean {
  const code = (example.value as { errcode?: unknown } | null)?.errcode;
  return code !== undefined && code !== null && Number(code) !== 0;
}

export function successExample(op: Operation): Example | undefined {
  return op.success.examples.find((e) => !isErrorExample(e));
}
