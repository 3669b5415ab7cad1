import type { ApiModel, Example, Operation } from "../../generator/model/types.js";
import { json, type Reply, type SimRequest } from "./http.js";
import { OperationIndex, type SimOperation } from "./operations.js";

/**
 * Answers any operation of a description from its documented examples: the first response example
 * that is not an error (binary operations answer a tiny PNG). Operations multiplexed on one path are
 * told apart by the constant values the client fills (`action: apply`).
 */
export class ExampleResponder {
  /** Every operation of the description, for the simulator to name requests by. */
  readonly operations: OperationIndex<SimOperation & { readonly operation: Operation }>;

  constructor(model: ApiModel) {
    this.operations = new OperationIndex(model.operations.map((op) => ({ id: op.id, method: op.httpMethod, path: op.path, fills: op.fills, operation: op })));
  }

  answer(request: SimRequest): Reply | undefined {
    const op = this.operations.identify(request)?.operation;
    if (!op) return undefined;
    if (op.success.kind === "binary") return { contentType: "image/png", body: TINY_PNG };
    if (op.success.kind === "empty") return { body: "" };
    const example = successExample(op);
    return example === undefined ? json({ errcode: 0, errmsg: "ok" }) : json(example.value);
  }
}

/** An example of an in-band error, by its code. */
export function isErrorExample(example: Example): boolean {
  const code = (example.value as { errcode?: unknown } | null)?.errcode;
  return code !== undefined && code !== null && Number(code) !== 0;
}

export function successExample(op: Operation): Example | undefined {
  return op.success.examples.find((e) => !isErrorExample(e));
}

/** The 8-byte PNG signature: enough for a client that just passes bytes through. */
export const TINY_PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
