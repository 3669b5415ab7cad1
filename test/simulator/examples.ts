import type { ApiModel, Example, Operation } from "../../generator/model/types.js";
import { json, jsonBody, type Reply, type SimRequest } from "./http.js";

/**
 * Answers any operation of a description from its documented examples: the first response example
 * that is not an error (binary operations answer a tiny PNG). Operations multiplexed on one path are
 * told apart by the constant values the client fills (`action: apply`).
 */
export class ExampleResponder {
  private readonly routes = new Map<string, Operation[]>();

  constructor(model: ApiModel) {
    for (const op of model.operations) {
      const key = `${op.httpMethod} ${op.path}`;
      this.routes.set(key, [...(this.routes.get(key) ?? []), op]);
    }
  }

  answer(request: SimRequest): Reply | undefined {
    const candidates = this.routes.get(`${request.method} ${request.path}`);
    if (!candidates) return undefined;
    const body = jsonBody(request) ?? {};
    const op = candidates.find((o) => o.fills.every((f) => (f.in === "body" ? body[f.name] : request.query.get(f.name)) === fillValue(f.in, f.value))) ?? candidates[0]!;
    if (op.success.kind === "binary") return { contentType: "image/png", body: TINY_PNG };
    if (op.success.kind === "empty") return { body: "" };
    const example = successExample(op);
    return example === undefined ? json({ errcode: 0, errmsg: "ok" }) : json(example.value);
  }
}

function fillValue(location: string, value: unknown): unknown {
  return location === "body" ? value : String(value);
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
