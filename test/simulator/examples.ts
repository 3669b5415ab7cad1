import { json, jsonBody, type Reply, type SimRequest } from "./http.js";

/**
 * How the simulator answers one operation from its documented examples: plain data, so that the
 * simulator needs no generator (the package embeds the WeChat description's table when it is built).
 */
export interface ExampleRoute {
  method: string;
  path: string;
  /** Constant values the client fills (`action: apply`): they tell apart operations multiplexed on one path. */
  fills: { in: string; name: string; value: unknown }[];
  answer: { kind: "binary" } | { kind: "empty" } | { kind: "json"; value: unknown };
}

/**
 * Answers any operation of a table from its documented examples: the first response example that is
 * not an error (binary operations answer a tiny PNG).
 */
export class ExampleResponder {
  private readonly routes = new Map<string, ExampleRoute[]>();

  constructor(table: readonly ExampleRoute[]) {
    for (const route of table) {
      const key = `${route.method} ${route.path}`;
      this.routes.set(key, [...(this.routes.get(key) ?? []), route]);
    }
  }

  answer(request: SimRequest): Reply | undefined {
    const candidates = this.routes.get(`${request.method} ${request.path}`);
    if (!candidates) return undefined;
    const body = jsonBody(request) ?? {};
    const route = candidates.find((r) => r.fills.every((f) => (f.in === "body" ? body[f.name] : request.query.get(f.name)) === fillValue(f.in, f.value))) ?? candidates[0]!;
    if (route.answer.kind === "binary") return { contentType: "image/png", body: TINY_PNG };
    if (route.answer.kind === "empty") return { body: "" };
    return json(route.answer.value);
  }
}

function fillValue(location: string, value: unknown): unknown {
  return location === "body" ? value : String(value);
}

/** The 8-byte PNG signature: enough for a client that just passes bytes through. */
export const TINY_PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
