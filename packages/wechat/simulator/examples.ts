import { json, type Reply, type SimRequest } from "./http.js";
import { OperationIndex, type SimOperation } from "./operations.js";

/**
 * How the simulator answers one operation from its documented examples: plain data, so that the
 * simulator needs no generator (the package embeds the WeChat description's table when it is built).
 */
export interface ExampleRoute extends SimOperation {
  readonly answer: { kind: "binary" } | { kind: "empty" } | { kind: "json"; value: unknown };
}

/**
 * Answers any operation of a table from its documented examples: the first response example that is
 * not an error (binary operations answer a tiny PNG).
 */
export class ExampleResponder {
  /** Every operation of the table, for the simulator to name requests by. */
  readonly operations: OperationIndex<ExampleRoute>;

  constructor(table: readonly ExampleRoute[]) {
    this.operations = new OperationIndex(table);
  }

  answer(request: SimRequest): Reply | undefined {
    const route = this.operations.identify(request);
    if (!route) return undefined;
    if (route.answer.kind === "binary") return { contentType: "image/png", body: TINY_PNG };
    if (route.answer.kind === "empty") return { body: "" };
    return json(route.answer.value);
  }
}

/** The 8-byte PNG signature: enough for a client that just passes bytes through. */
export const TINY_PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
