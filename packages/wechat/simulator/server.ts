import { randomBytes } from "node:crypto";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { routes, type Session, type SimState } from "./handlers.js";
import { json, wechatError, type Reply, type SimRequest } from "./http.js";
import { TokenAuthority, type TokenAuthorityOptions } from "./tokens.js";
import { ExampleResponder, type ExampleRoute } from "./examples.js";
import type { SimulatedApiSecurity } from "./api-security.js";
import { OperationIndex, type OperationRef } from "./operations.js";
import { newEncodingAESKey, type PushAccount } from "./push.js";
import { sendPush, sendVerification, type PushAnswer, type PushDeliveryOptions, type VerificationAnswer } from "./push-sender.js";
import { receivedRequest, redact, type ReceivedRequest } from "./received.js";
import { failureSteps, pause, Script, type ScriptedFailure, type ScriptedStep } from "./script.js";
import { SignatureVerifier, type SigningKeys } from "./signatures.js";
import type { ApiModel } from "../../../generator/model/types.js";

export { sessionSignature } from "./handlers.js";
export type { OperationRef } from "./operations.js";
export type { PushAccount, PushMode } from "./push.js";
export type { PushAnswer, PushDeliveryOptions, VerificationAnswer } from "./push-sender.js";
export { REDACTED, type ReceivedRequest } from "./received.js";
export { MAX_SCRIPTED_DELAY_MS, type ScriptedFailure } from "./script.js";

export interface SimulatorOptions extends Partial<Omit<TokenAuthorityOptions, "now">> {
  /** The appid the simulated mini program has. Default wx00000000000000a1. */
  appid?: string;
  /** Its appsecret. Default a fixed 32-character hex string. */
  secret?: string;
  /** Answer every operation of this table from its documented examples instead (no token checks). */
  examples?: readonly ExampleRoute[];
  /** Operations without a handler of their own answer from this table (instead of 404). */
  fallbackExamples?: readonly ExampleRoute[];
  /** The port on 127.0.0.1 (default: any free one). */
  port?: number;
  /** The message push settings (消息推送) of the simulated mini program. Default: a random Token and EncodingAESKey. */
  push?: { token?: string; encodingAESKey?: string };
  /** Act as WeChat in API 安全 mode for this account: signed requests are verified and decrypted, their answers encrypted and signed. */
  apiSecurity?: SimulatedApiSecurity;
  /** Check the signed credentials (x-wxgen-signature) of this description's operations with these keys. */
  signing?: { model: ApiModel; keys: SigningKeys };
}

/**
 * A local stand-in for api.weixin.qq.com on 127.0.0.1: real HTTP, WeChat's token semantics on a
 * clock the test controls, in-band errors, text/plain JSON, images vs JSON errors — and the
 * controls a test needs: scripted failures ({@link WeChatSimulator.failNext}), the requests
 * received ({@link WeChatSimulator.received}), pushes to a receiver ({@link WeChatSimulator.deliverPush}).
 */
export class WeChatSimulator {
  readonly state: SimState;
  /** Every request received, in order (secrets as sent: see {@link WeChatSimulator.received} to redact them). */
  readonly requests: ReceivedRequest[] = [];
  /** TCP connections accepted: keep-alive clients open few. */
  connections = 0;
  private readonly script = new Script();
  private readonly examples: ExampleResponder | undefined;
  private readonly fallback: ExampleResponder | undefined;
  private readonly port: number;
  readonly apiSecurity: SimulatedApiSecurity | undefined;
  private readonly handled = new OperationIndex(routes);
  private readonly operations: OperationIndex;
  /** Aborted by close(): cuts scripted delays short so that closing never waits for them. */
  private readonly closing = new AbortController();
  private readonly pushSettings: { token: string; encodingAESKey: string };
  private readonly signatures: SignatureVerifier | undefined;
  private clockOffset = 0;
  private server: Server | undefined;
  url = "";

  constructor(options: SimulatorOptions = {}) {
    const now = () => Date.now() + this.clockOffset;
    this.examples = options.examples && new ExampleResponder(options.examples);
    this.apiSecurity = options.apiSecurity;
    this.fallback = options.fallbackExamples && new ExampleResponder(options.fallbackExamples);
    this.port = options.port ?? 0;
    this.operations = new OperationIndex([...routes, ...(this.examples?.operations.all ?? []), ...(this.fallback?.operations.all ?? [])]);
    this.signatures = options.signing && new SignatureVerifier(options.signing.model, options.signing.keys);
    this.pushSettings = { token: options.push?.token ?? randomBytes(16).toString("hex"), encodingAESKey: options.push?.encodingAESKey ?? newEncodingAESKey() };
    this.state = {
      appid: options.appid ?? "wx00000000000000a1",
      secret: options.secret ?? "0123456789abcdef0123456789abcdef",
      tokens: new TokenAuthority({
        now,
        ttlSeconds: options.ttlSeconds ?? 7200,
        classicOverlapMs: options.classicOverlapMs ?? 5 * 60_000,
        stableRenewWindowMs: options.stableRenewWindowMs ?? 5 * 60_000,
        forceRefreshIntervalMs: options.forceRefreshIntervalMs ?? 30_000,
      }),
      loginCodes: new Map(),
      usedCodes: new Set(),
      sessions: new Map(),
      media: new Map(),
      sent: [],
      typing: [],
      now,
      pushToken: this.pushSettings.token,
      intracityOrders: new Map(),
      callbacks: [],
    };
  }

  /** The push settings a receiver under test must be configured with: appid, Token, EncodingAESKey. */
  get pushAccount(): PushAccount {
    return { appid: this.state.appid, ...this.pushSettings };
  }

  /** The appid the simulator accepts: give it to the client under test. */
  get appid(): string {
    return this.state.appid;
  }

  /** The appsecret the simulator accepts: give it to the client under test. */
  get secret(): string {
    return this.state.secret;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        const request: SimRequest = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, raw: Buffer.concat(chunks) };
        const received = receivedRequest(request, this.operations.identify(request)?.id);
        this.requests.push(received);
        void this.answer(request, this.script.take(received), res).then((reply) => {
          if (res.destroyed) return; // the caller hung up during a scripted delay
          res.writeHead(reply.status ?? 200, { ...reply.headers, "content-type": reply.contentType ?? "application/json" });
          res.end(reply.body);
        });
      });
    });
    this.server.on("connection", () => this.connections++);
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.closing.abort();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A one-time login code, as wx.login would hand to the mini program. */
  issueLoginCode(session: Partial<Session> = {}): string {
    const code = randomBytes(16).toString("hex");
    this.state.loginCodes.set(code, {
      openid: session.openid ?? `o${randomBytes(14).toString("base64url")}`,
      sessionKey: session.sessionKey ?? randomBytes(16).toString("base64"),
      ...(session.unionid ? { unionid: session.unionid } : {}),
    });
    return code;
  }

  /** Moves the simulator's clock forward. */
  advance(ms: number): void {
    this.clockOffset += ms;
  }

  /**
   * The next call (or `times` calls) of `operation` fails as scripted; later calls are answered as
   * usual. Scripts for one operation are used in the order given.
   *
   * @param operation its id (`"auth.code2Session"`) or its route (`"GET /sns/jscode2session"`); an unknown id throws.
   * @example sim.failNext("auth.code2Session", { errcode: 45011, errmsg: "api freq out of limit" });
   * @example sim.failNext("customerServiceMessage.send", { status: 503, times: 2 });
   * @example sim.failNext("auth.getStableAccessToken", { delayMs: 2_000 }); // then the real answer
   */
  failNext(operation: OperationRef, failure: ScriptedFailure): void {
    this.script.add(this.operations.resolve(operation), failureSteps(failure));
  }

  /** The next calls of `operation` get these answers verbatim, in order; a plain object is sent as JSON. */
  inject(operation: OperationRef, ...replies: (Reply | Record<string, unknown>)[]): void {
    const steps = replies.map((reply) => ({ reply: "body" in reply ? (reply as Reply) : json(reply, "application/json") }));
    this.script.add(this.operations.resolve(operation), steps);
  }

  /** Scripted answers (failNext, inject) not used yet: for one operation, or in all. */
  pendingScripts(operation?: OperationRef): number {
    return this.script.pending(operation === undefined ? undefined : this.operations.resolve(operation));
  }

  /**
   * The requests received, in order: all, or those of one operation. With `redact`, each secret
   * the simulator knows (the appsecret, every access_token it issued, every session_key) is
   * replaced by `"[redacted]"` wherever it appears — to snapshot or log what the client sent.
   *
   * @example expect(sim.received("auth.code2Session")[0]?.query.js_code).toBe(code);
   */
  received(operation?: OperationRef, options: { redact?: boolean } = {}): ReceivedRequest[] {
    const ref = operation === undefined ? undefined : this.operations.resolve(operation);
    const matching = ref ? this.requests.filter((request) => OperationIndex.matches(ref, request)) : [...this.requests];
    return options.redact ? matching.map((request) => redact(request, this.secrets())) : matching;
  }

  /** How many requests `operation` (id or route) received. */
  count(operation: OperationRef): number {
    return this.received(operation).length;
  }

  /** Forgets the requests received and the scripts not used yet (tokens and sessions stay): for `beforeEach`. */
  reset(): void {
    this.requests.length = 0;
    this.script.clear();
  }

  /**
   * Delivers a push to the receiver at `url` as WeChat's servers do: signed with the push Token
   * (signature, timestamp, nonce), encrypted with the EncodingAESKey in compatible and secure mode
   * (encrypt_type=aes, msg_signature), as XML or JSON. Resolves with the receiver's answer; a passive
   * reply is decrypted and verified. Bounded like WeChat: 5 s for the answer.
   *
   * @example await sim.deliverPush(receiverUrl, { ToUserName: "gh_1", FromUserName: openid, CreateTime: 1714112445, MsgType: "text", Content: "hi", MsgId: "1" }, { mode: "secure", format: "json" });
   */
  deliverPush(url: string, payload: Record<string, unknown>, options: PushDeliveryOptions): Promise<PushAnswer> {
    return sendPush(url, { ...this.pushAccount, ...options.account }, payload, options);
  }

  /** The GET WeChat sends when the push URL is saved: `verified` when the receiver echoed `echostr`. */
  verifyPushUrl(url: string, account: Partial<PushAccount> = {}): Promise<VerificationAnswer> {
    return sendVerification(url, { ...this.pushAccount, ...account });
  }

  private secrets(): string[] {
    const sessions = [...this.state.sessions.values(), ...this.state.loginCodes.values()];
    return [this.state.secret, ...this.state.tokens.issuedValues(), ...sessions.map((session) => session.sessionKey)];
  }

  /** In API 安全 mode the answer, scripted ones included, goes back sealed. */
  private answer(request: SimRequest, scripted: ScriptedStep | undefined, res: ServerResponse): Promise<Reply> {
    const plain = (opened: SimRequest) => this.answerPlain(opened, scripted, res);
    if (!this.apiSecurity) return plain(request);
    return this.apiSecurity.exchange(request, `${this.url}${request.path}`, this.state.appid, this.state.now(), plain);
  }

  private async answerPlain(request: SimRequest, scripted: ScriptedStep | undefined, res: ServerResponse): Promise<Reply> {
    // A scripted delay ends early when the caller hangs up or the simulator closes.
    if (scripted?.delayMs) await pause(scripted.delayMs, AbortSignal.any([this.closing.signal, abortedOnClose(res)]));
    if (scripted?.reply) return scripted.reply;
    const badSignature = this.signatures?.check(request);
    if (badSignature) return badSignature;
    const fromExamples = this.examples?.answer(request);
    if (fromExamples) return fromExamples;
    const handler = this.handled.identify(request)?.handler;
    if (!handler) return this.fallback?.answer(request) ?? { ...wechatError(-1, `no such api ${request.path}`), status: 404 };
    return handler(request, this.state);
  }
}

/** A signal that aborts when the response is closed before it was sent (the caller hung up). */
function abortedOnClose(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableEnded) controller.abort();
  });
  return controller.signal;
}

/** Starts a simulator on 127.0.0.1 at a free port; `sim.url` is the base URL to give the client. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<WeChatSimulator> {
  return new WeChatSimulator(options).start();
}
