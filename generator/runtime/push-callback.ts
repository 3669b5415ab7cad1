import { createHash } from "node:crypto";
import { sameSignature } from "./push-crypto.js";
import { bodyText, bounded, checkTimestamp, consoleLogger, jsonAnswer, nodeListener, Rejection, rejected, text, type PushHttpRequest, type PushHttpResponse, type PushLogger, type PushReceiver } from "./push-http.js";
import { describeIssues } from "./errors.js";
import type { Schema } from "./schema.js";

/**
 * A receiver for a signed callback (`x-wxgen-callback`): a JSON POST the API makes to a URL the
 * caller gave it, signed inside the body with a shared secret, and answered with a fixed
 * acknowledgement — WeChat's 同城配送 order-status callback is one. Unlike message push there is
 * nothing to route on and no envelope: one receiver per callback, answered once the handler is done
 * (an answer other than the acknowledgement makes the sender try again, so there is no de-duplication).
 */

/** How the body's signature is computed: every other field, sorted by name, as `name=value&…`, then `append` + the secret, hashed, hex. */
export interface CallbackSignature {
  /** The body field carrying the signature. */
  readonly field: string;
  readonly hash: "md5" | "sha1" | "sha256";
  /** What comes between the sorted fields and the secret (`&token=`, `&key=`). */
  readonly append: string;
}

export interface CallbackRoute {
  readonly name: string;
  readonly schema: () => Schema;
  readonly signature: CallbackSignature;
  /** A body field holding the sending time (Unix seconds), checked against the clock. */
  readonly timestampField?: string;
  /** Sent when the handler returns nothing. */
  readonly acknowledgement: unknown;
}

export interface CallbackContext {
  /** The payload as received, before validation. */
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface CallbackReceiverOptions<Message, Reply> {
  /** The secret the sender signs with (for 同城配送: the Token of the mini program's message push settings). */
  readonly secret: string;
  /** Called once per verified callback; what it returns is the answer (default: the acknowledgement). A throw answers 500 and the sender tries again. */
  readonly handler: (message: Message, context: CallbackContext) => Reply | void | Promise<Reply | void>;
  /** Larger bodies are refused. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Callbacks whose timestamp is further from now are refused (replays). Default 300 s. */
  readonly timestampToleranceSeconds?: number;
  /** A handler slower than this fails the callback (500), so that the sender tries again. Default 4 500 ms. */
  readonly handlerTimeoutMs?: number;
  /** Default: console. Never given secrets. */
  readonly logger?: PushLogger;
}

/** The signature of a callback body: scalars as text, nested values as JSON, absent (null) fields left out. */
export function callbackSignature(body: Readonly<Record<string, unknown>>, rule: CallbackSignature, secret: string): string {
  const fields = Object.keys(body)
    .filter((name) => name !== rule.field && body[name] !== null && body[name] !== undefined)
    .sort()
    .map((name) => `${name}=${typeof body[name] === "object" ? JSON.stringify(body[name]) : String(body[name])}`);
  return createHash(rule.hash).update(`${fields.join("&")}${rule.append}${secret}`, "utf8").digest("hex");
}

export function createCallbackReceiver<Message, Reply>(route: CallbackRoute, options: CallbackReceiverOptions<Message, Reply>): PushReceiver {
  const logger = options.logger ?? consoleLogger(`${route.name} callback`);
  const running = new Set<Promise<unknown>>();

  /** The body as a verified object: parsed (JSON only), signed with the secret, recent. */
  function open(request: PushHttpRequest): Record<string, unknown> {
    let payload: unknown;
    try {
      payload = JSON.parse(bodyText(request, options.maxBodyBytes));
    } catch (error) {
      if (error instanceof Rejection) throw error;
      throw new Rejection(400, "body is not JSON");
    }
    if (payload === null || typeof payload !== "object" || Array.isArray(payload)) throw new Rejection(400, "body is not a JSON object");
    const body = payload as Record<string, unknown>;
    const given = body[route.signature.field];
    if (typeof given !== "string" || !sameSignature(callbackSignature(body, route.signature, options.secret), given)) throw new Rejection(403, "bad signature");
    // A callback sent without the field is let through: the signature covers it, so it cannot have been stripped from a signed one.
    if (route.timestampField !== undefined && body[route.timestampField] !== undefined) checkTimestamp(body[route.timestampField], options.timestampToleranceSeconds);
    return body;
  }

  async function receive(request: PushHttpRequest): Promise<PushHttpResponse> {
    const raw = open(request);
    const parsed = route.schema().safeParse(raw);
    if (!parsed.success) {
      // Signed by the sender, so not an attack: a shape this description does not know yet. Refused, so the sender tries again once the app knows it.
      throw new Rejection(422, `payload does not match its schema (${describeIssues(parsed.error.issues)})`);
    }
    const run = bounded(Promise.resolve().then(() => options.handler(parsed.data as Message, { raw })), route.name, options.handlerTimeoutMs ?? 4_500);
    running.add(run);
    void run.then(
      () => running.delete(run),
      () => running.delete(run),
    );
    const answer = await run;
    return jsonAnswer(answer ?? route.acknowledgement);
  }

  async function handle(request: PushHttpRequest): Promise<PushHttpResponse> {
    try {
      if (request.method.toUpperCase() !== "POST") throw new Rejection(405, "only POST");
      return await receive(request);
    } catch (error) {
      if (error instanceof Rejection) return rejected(logger, error);
      logger.error(`handler "${route.name}" failed`, error);
      return text(500, "error");
    }
  }

  return {
    handle,
    listener: nodeListener(handle, logger, options.maxBodyBytes),
    idle: async () => {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
