import { randomBytes } from "node:crypto";
import { MemoryDedupeStore, type DedupeStore } from "./push-dedupe.js";
import { PushCrypto, PushCryptoError, pushSignature, sameSignature } from "./push-crypto.js";
import { envelopeCiphertext, formatOf, parsePush, PushFormatError, serializePush, unwrap, type PushFormat } from "./push-format.js";
import { bodyText, bounded, checkTimestamp, consoleLogger, nodeListener, Rejection, rejected, text, type PushHttpRequest, type PushHttpResponse, type PushLogger, type PushReceiver } from "./push-http.js";
import { describeIssues } from "./errors.js";
import type { Schema } from "./schema.js";

/**
 * A receiver for WeChat's message push (消息推送): verifies signatures, decrypts, parses XML or
 * JSON, drops WeChat's retries, routes each payload to its typed handler, and answers within
 * WeChat's 5 seconds.
 */

/** How a payload reaches its handler: the constant fields it carries (`MsgType`, `Event`). */
export interface PushRoute {
  readonly name: string;
  readonly match: Readonly<Record<string, string>>;
  readonly schema: () => Schema;
  /** XML elements whose children the JSON layout has at the top level. */
  readonly xmlUnwrap?: readonly string[];
  /** The passive reply the push documents (sync mode): a handler's reply is checked against it before it is sent. */
  readonly reply?: () => Schema;
}

export interface PushContext {
  readonly format: PushFormat;
  readonly encrypted: boolean;
  /** The payload as received (decrypted), before validation. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** A passive reply (被动回复, sync mode only), sent in the format and encryption of the push. */
export type PushReply = Record<string, unknown>;
/**
 * What a handler returns: nothing (`success` is answered) or its reply. `Reply` is the push's documented reply
 * (its webhook's `responses.200`) where it has one; `object`, not `PushReply`, so that interfaces fit.
 */
export type PushResult<Reply extends object = PushReply> = void | undefined | Reply | Promise<void | undefined | Reply>;

export interface PushReceiverOptions<Handlers> {
  /** The Token set in the mini program's message push settings. */
  readonly token: string;
  /** EncodingAESKey, for compatible and secure modes. */
  readonly encodingAESKey?: string;
  /** The mini program's appid: decrypted messages must be for it. */
  readonly appid: string;
  readonly handlers: Handlers;
  /** "async" (default): answer `success` at once and run the handler afterwards. "sync": wait for it and send its reply. */
  readonly reply?: "async" | "sync";
  /** Refuse unencrypted pushes (secure mode). Default false. */
  readonly requireEncryption?: boolean;
  /** Where handled pushes are remembered; `redisDedupeStore(redis)` to share it between instances. Default: in memory. */
  readonly dedupe?: DedupeStore;
  /** How long a push is remembered. Default 10 minutes (WeChat retries within seconds). */
  readonly dedupeTtlMs?: number;
  /** Larger bodies are refused. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Pushes whose timestamp is further from now are refused (replays). Default 300 s. */
  readonly timestampToleranceSeconds?: number;
  /** Sync mode: a handler slower than this gets `success` sent for it (WeChat retries after 5 s). Default 4 500 ms. */
  readonly syncBudgetMs?: number;
  /** A handler still running after this is logged as failed and no longer waited for (`idle()`). Default 30 s. */
  readonly handlerTimeoutMs?: number;
  /** Handlers running at once; past it pushes are answered 503, so that WeChat delivers them again later. Default 100. */
  readonly maxConcurrentHandlers?: number;
  /** Default: console. Never given secrets. */
  readonly logger?: PushLogger;
}

/** A request whose query holds one string per parameter. */
interface SingleValuedRequest extends PushHttpRequest {
  readonly query: Readonly<Record<string, string>>;
}

type Handler = (message: unknown, context: PushContext) => PushResult;

/** The most specific route whose fields all match `payload` by `same` (an event route also matches on `Event`). */
function routeOf(routes: readonly PushRoute[], payload: Record<string, unknown>, same: (received: string, value: string) => boolean): PushRoute | undefined {
  const matching = routes.filter((r) => Object.entries(r.match).every(([field, value]) => same(String(payload[field]), value)));
  return matching.sort((a, b) => Object.keys(b.match).length - Object.keys(a.match).length)[0];
}

/** The routing fields `payload` spells otherwise than `route` (another case), in the route's spelling. */
function respelled(route: PushRoute, payload: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(route.match).filter(([field, value]) => typeof payload[field] === "string" && payload[field] !== value));
}

/**
 * One string per query parameter. WeChat sends each once: a repeated parameter (an array) or a
 * nested one (qs's `a[b]=c`, an object) is refused with the reason, never guessed at.
 */
function singleValued(query: PushHttpRequest["query"]): Record<string, string> {
  const entries = query instanceof URLSearchParams ? [...new Set(query.keys())].map((name) => [name, query.getAll(name)] as const) : Object.entries(query);
  const single: Record<string, string> = {};
  for (const [name, value] of entries) {
    const only = Array.isArray(value) && value.length === 1 ? value[0] : value;
    if (only === undefined || only === null) continue;
    if (typeof only === "object") throw new Rejection(400, `query parameter "${name}" must be one value, not ${Array.isArray(only) ? "repeated" : "nested"}`);
    single[name] = String(only);
  }
  return single;
}

export function createPushReceiver<Handlers extends object>(routes: readonly PushRoute[], options: PushReceiverOptions<Handlers>): PushReceiver {
  const crypto = options.encodingAESKey ? new PushCrypto(options.encodingAESKey) : undefined;
  const dedupe = options.dedupe ?? new MemoryDedupeStore();
  const logger = options.logger ?? consoleLogger("wechat push");
  const handlers = options.handlers as Record<string, Handler | undefined>;
  const running = new Set<Promise<unknown>>();

  const query = (request: SingleValuedRequest, name: string): string | undefined => request.query[name];

  /** Whether the query's `param` is the signature of token, timestamp and nonce (and `extra`: the ciphertext). */
  const signed = (request: SingleValuedRequest, param: string, ...extra: string[]): boolean =>
    sameSignature(pushSignature(options.token, query(request, "timestamp") ?? "", query(request, "nonce") ?? "", ...extra), query(request, param));

  function verify(request: SingleValuedRequest): PushHttpResponse {
    if (!signed(request, "signature")) throw new Rejection(403, "bad signature on the verification request");
    return text(200, query(request, "echostr") ?? "");
  }

  /**
   * Signature, decryption, appid: the payload as WeChat meant it, or a rejection. Signatures are
   * checked before any parser runs: an unsigned body costs a hash, not an XML parse.
   */
  async function open(request: SingleValuedRequest, body: string): Promise<{ payload: Record<string, unknown>; format: PushFormat; encrypted: boolean }> {
    checkTimestamp(query(request, "timestamp"), options.timestampToleranceSeconds);
    const format = formatOf(body);
    if (!format) throw new Rejection(400, "body is neither XML nor JSON");
    const encrypted = query(request, "encrypt_type") === "aes" || query(request, "msg_signature") !== undefined;
    if (!encrypted) {
      if (options.requireEncryption) throw new Rejection(403, "unencrypted push refused (requireEncryption)");
      if (!signed(request, "signature")) throw new Rejection(403, "bad signature");
      const outer = await parsePush(body, format);
      if (typeof outer.Encrypt === "string") throw new Rejection(403, "bad msg_signature: encrypted body without one");
      return { payload: outer, format, encrypted: false };
    }
    if (!crypto) throw new Rejection(400, "encrypted push, but this receiver has no encodingAESKey");
    // The signature covers the ciphertext: check it before decrypting or parsing anything.
    const ciphertext = envelopeCiphertext(body, format);
    if (!ciphertext || !signed(request, "msg_signature", ciphertext)) throw new Rejection(403, "bad msg_signature");
    const { message, appid } = crypto.decrypt(ciphertext);
    if (appid !== options.appid) throw new Rejection(403, "decrypted push is for another appid");
    const innerFormat = formatOf(message);
    if (!innerFormat) throw new Rejection(400, "decrypted body is neither XML nor JSON");
    return { payload: await parsePush(message, innerFormat), format: innerFormat, encrypted: true };
  }

  function route(payload: Record<string, unknown>, format: PushFormat): { name: string; message: unknown; handler: Handler | undefined; reply?: (() => Schema) | undefined } {
    // WeChat documents event names as case-insensitive ("add_waybill（不区分大小写）"): a push that no
    // route matches as spelled is matched ignoring case, and validated with the route's spelling.
    const chosen = routeOf(routes, payload, (received, value) => received === value) ?? routeOf(routes, payload, (received, value) => received.toLowerCase() === value.toLowerCase());
    if (chosen) {
      const input = { ...(format === "xml" ? unwrap(payload, chosen.xmlUnwrap ?? []) : payload), ...respelled(chosen, payload) };
      const result = chosen.schema().safeParse(input);
      if (result.success) return { name: chosen.name, message: result.data, handler: handlers[chosen.name], reply: chosen.reply };
      logger.warn(`${chosen.name} push does not match its schema (${describeIssues(result.error.issues)}); passed on as unknown`);
    }
    return { name: "unknown", message: payload, handler: handlers.unknown };
  }

  /**
   * What identifies a delivery across WeChat's retries: MsgId, else sender and time. A push
   * carrying neither is handled every time it comes: one key shared by all of them would drop each after the first.
   */
  function dedupeKey(payload: Record<string, unknown>): string | undefined {
    if (payload.MsgId !== undefined) return `msg:${String(payload.MsgId)}`;
    if (payload.FromUserName === undefined || payload.CreateTime === undefined) return undefined;
    return `event:${String(payload.FromUserName)}:${String(payload.CreateTime)}:${String(payload.Event ?? payload.MsgType ?? "")}`;
  }

  /**
   * A handler's reply, where it is what the push documents; otherwise (a JavaScript caller, a cast)
   * none, as for a failed handler: WeChat could not use it, and the log says what is wrong.
   */
  function checkedReply(result: unknown, name: string, schema: (() => Schema) | undefined): unknown {
    if (!schema || result === undefined || result === null || typeof result !== "object") return result;
    const checked = schema().safeParse(result);
    if (checked.success) return result;
    logger.error(`reply of handler "${name}" does not match its schema (${describeIssues(checked.error.issues)}); answered "success" instead`, undefined);
    return undefined;
  }

  async function reply(result: unknown, format: PushFormat, encrypted: boolean): Promise<PushHttpResponse> {
    if (result === undefined || result === null || typeof result !== "object") return text(200, "success");
    const plain = serializePush(result as PushReply, format);
    const contentType = format === "xml" ? "application/xml; charset=utf-8" : "application/json; charset=utf-8";
    if (!encrypted || !crypto) return { status: 200, body: plain, contentType };
    const Encrypt = crypto.encrypt(plain, options.appid);
    const TimeStamp = Math.floor(Date.now() / 1000);
    const Nonce = randomBytes(8).toString("hex");
    const MsgSignature = pushSignature(options.token, String(TimeStamp), Nonce, Encrypt);
    return { status: 200, body: serializePush({ Encrypt, MsgSignature, TimeStamp, Nonce }, format), contentType };
  }

  async function receive(request: SingleValuedRequest): Promise<PushHttpResponse> {
    const body = bodyText(request, options.maxBodyBytes);
    const { payload, format, encrypted } = await open(request, body);
    // Before the push is claimed: a push turned away here is handled when WeChat retries it.
    if (running.size >= (options.maxConcurrentHandlers ?? 100)) throw new Rejection(503, "too many handlers running; WeChat will deliver it again");
    const key = dedupeKey(payload);
    if (key !== undefined && !(await dedupe.claim(key, options.dedupeTtlMs ?? 600_000))) return text(200, "success");
    const { name, message, handler, reply: replySchema } = route(payload, format);
    if (!handler) return text(200, "success");
    const context: PushContext = { format, encrypted, raw: payload };
    const run = bounded(Promise.resolve().then(() => handler(message, context)), name, options.handlerTimeoutMs ?? 30_000).catch((error: unknown) => {
      logger.error(`handler "${name}" failed`, error);
      return undefined;
    });
    running.add(run);
    void run.finally(() => running.delete(run));
    if (options.reply === "sync") {
      const budget = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), options.syncBudgetMs ?? 4_500).unref());
      return reply(checkedReply(await Promise.race([run, budget]), name, replySchema), format, encrypted);
    }
    return text(200, "success");
  }

  async function handle(request: PushHttpRequest): Promise<PushHttpResponse> {
    try {
      const method = request.method.toUpperCase();
      const single = { ...request, query: singleValued(request.query) };
      if (method === "GET") return verify(single);
      if (method === "POST") return await receive(single);
      throw new Rejection(405, "only GET (verification) and POST (pushes)");
    } catch (error) {
      if (error instanceof Rejection) return rejected(logger, error);
      if (error instanceof PushFormatError || error instanceof PushCryptoError) return rejected(logger, new Rejection(400, error.message));
      logger.error("push handling failed", error);
      return text(500, "error");
    }
  }

  return {
    handle,
    listener: nodeListener(handle, logger, options.maxBodyBytes),
    idle: async () => {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
