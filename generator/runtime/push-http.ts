import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * What every receiver of requests WeChat makes to us shares (message push, signed callbacks): the
 * framework-neutral request and answer, refusals with a reason, the size cap while reading, the
 * bound on a handler, and the Node listener over all of it.
 */

export interface PushHttpRequest {
  readonly method: string;
  /** As the framework parsed it (Express's `req.query`, Fastify's `request.query`) or URLSearchParams. */
  readonly query: Readonly<Record<string, unknown>> | URLSearchParams;
  readonly body?: string | Uint8Array;
}

export interface PushHttpResponse {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
}

export interface PushReceiver {
  /** The framework-neutral core: one HTTP request in, the answer out. */
  handle(request: PushHttpRequest): Promise<PushHttpResponse>;
  /** A Node `(req, res)` listener built on `handle` (also fits Express and Koa's `ctx.req/ctx.res`). */
  listener(req: IncomingMessage, res: ServerResponse): void;
  /** Resolves when handlers started so far (async mode) have finished. */
  idle(): Promise<void>;
}

export interface PushLogger {
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** The default logger of a receiver: the console, each line tagged with what received it. */
export function consoleLogger(tag: string): PushLogger {
  return { warn: (m) => console.warn(`[${tag}] ${m}`), error: (m, e) => console.error(`[${tag}] ${m}`, e) };
}

/** A request refused, with the status and a reason that holds no secret. */
export class Rejection extends Error {
  readonly status: number;

  constructor(status: number, reason: string) {
    super(reason);
    this.status = status;
  }
}

/** A framework's body parser consumed the request before the receiver, which needs the raw bytes the signature covers. */
const ALREADY_PARSED = "the request body was already read by a body parser (such as express.json()); mount the receiver before it, or pass it the raw text";

export const DEFAULT_MAX_BODY_BYTES = 1 << 20;

export const text = (status: number, body: string): PushHttpResponse => ({ status, body, contentType: "text/plain; charset=utf-8" });

export const jsonAnswer = (value: unknown): PushHttpResponse => ({ status: 200, body: JSON.stringify(value), contentType: "application/json; charset=utf-8" });

/** Refuses a request whose timestamp (Unix seconds) is missing, malformed or further than `toleranceSeconds` (default 300) from now: a replay. */
export function checkTimestamp(value: unknown, toleranceSeconds = 300): void {
  if (value === undefined || value === "") throw new Rejection(403, "timestamp missing");
  const seconds = Number(value);
  if (!Number.isInteger(seconds)) throw new Rejection(403, "timestamp is not a whole number of seconds");
  if (Math.abs(Date.now() / 1000 - seconds) > toleranceSeconds) throw new Rejection(403, `timestamp more than ${toleranceSeconds} s away`);
}

/** Why a request is refused goes to the log (an error when the app is set up wrong) and, in a few words, to the sender. */
export function rejected(logger: PushLogger, rejection: Rejection): PushHttpResponse {
  const line = `rejected (${rejection.status}): ${rejection.message}`;
  if (rejection.status === 500) logger.error(line);
  else logger.warn(line);
  return text(rejection.status, `rejected: ${rejection.message}`);
}

/** The request body as text, refused when a parser already turned it into an object or it passes the cap. */
export function bodyText(request: PushHttpRequest, maxBodyBytes = DEFAULT_MAX_BODY_BYTES): string {
  const raw = request.body ?? "";
  if (typeof raw !== "string" && !(raw instanceof Uint8Array)) throw new Rejection(500, ALREADY_PARSED);
  const size = typeof raw === "string" ? Buffer.byteLength(raw) : raw.length;
  if (size > maxBodyBytes) throw new Rejection(413, "body too large");
  return typeof raw === "string" ? raw : Buffer.from(raw).toString("utf8");
}

/** The handler's result, or a failure once `ms` have passed (the handler itself cannot be stopped). */
export function bounded<T>(work: Promise<T>, name: string, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`handler "${name}" still running after ${ms} ms`)), ms).unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** A Node listener over `handle`: reads the body up to the cap, then answers what `handle` says. */
export function nodeListener(handle: PushReceiver["handle"], logger: PushLogger, maxBodyBytes = DEFAULT_MAX_BODY_BYTES): PushReceiver["listener"] {
  return (req, res) => {
    const answer = ({ status, contentType, body }: PushHttpResponse, headers: Record<string, string> = {}) =>
      res.writeHead(status, { "content-type": contentType, ...headers });
    // A body parser that ran first has read the stream: waiting for its end would hang the request.
    if (req.readableEnded) {
      const refusal = rejected(logger, new Rejection(500, ALREADY_PARSED));
      return void answer(refusal).end(refusal.body);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) return void chunks.push(chunk);
      // Past the cap: answer now, read no further, and close the connection behind the answer.
      req.off("data", onData).off("end", onEnd).pause();
      const refusal = rejected(logger, new Rejection(413, "body too large"));
      answer(refusal, { connection: "close" }).end(refusal.body, () => req.destroy());
    };
    const onEnd = () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      void handle({ method: req.method ?? "GET", query: url.searchParams, body: Buffer.concat(chunks) }).then((response) => answer(response).end(response.body));
    };
    req.on("data", onData).on("end", onEnd);
  };
}
