import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { routes, type Session, type SimState } from "./handlers.js";
import { wechatError, type Reply, type SimRequest } from "./http.js";
import { TokenAuthority, type TokenAuthorityOptions } from "./tokens.js";
import { ExampleResponder } from "./examples.js";
import { SimulatedApiSecurity } from "./api-security.js";
import type { ApiModel } from "../../generator/model/types.js";

export { sessionSignature } from "./handlers.js";

export interface SimulatorOptions extends Partial<Omit<TokenAuthorityOptions, "now">> {
  appid?: string;
  secret?: string;
  /** Answer every operation of this description from its documented examples instead (no token checks). */
  examples?: ApiModel;
  /** Act as WeChat in API 安全 mode for this account: signed requests are verified and decrypted, their answers encrypted and signed. */
  apiSecurity?: SimulatedApiSecurity;
}

/** What the tests can see of each request. */
export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: string;
}

/**
 * A local stand-in for api.weixin.qq.com on 127.0.0.1: real HTTP, WeChat's token semantics on a
 * clock the test controls, in-band errors, text/plain JSON, images vs JSON errors.
 */
export class WeChatSimulator {
  readonly state: SimState;
  readonly requests: LoggedRequest[] = [];
  /** TCP connections accepted: keep-alive clients open few. */
  connections = 0;
  private readonly injected = new Map<string, (Reply | Record<string, unknown>)[]>();
  private readonly delays = new Map<string, number>();
  private readonly examples: ExampleResponder | undefined;
  readonly apiSecurity: SimulatedApiSecurity | undefined;
  private clockOffset = 0;
  private server: Server | undefined;
  url = "";

  constructor(options: SimulatorOptions = {}) {
    const now = () => Date.now() + this.clockOffset;
    this.examples = options.examples && new ExampleResponder(options.examples);
    this.apiSecurity = options.apiSecurity;
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
    };
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        const request: SimRequest = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, raw: Buffer.concat(chunks) };
        this.requests.push({ method: request.method, path: request.path, query: Object.fromEntries(url.searchParams), body: request.raw.toString("utf8") });
        void this.answer(request).then((reply) => {
          res.writeHead(reply.status ?? 200, { ...reply.headers, "content-type": reply.contentType ?? "application/json" });
          res.end(reply.body);
        });
      });
    });
    this.server.on("connection", () => this.connections++);
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
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

  /** The next requests to `route` ("POST /cgi-bin/stable_token") get these answers, in order. A plain object is sent as JSON. */
  inject(route: string, ...replies: (Reply | Record<string, unknown>)[]): void {
    this.injected.set(route, [...(this.injected.get(route) ?? []), ...replies]);
  }

  /** Every request to `route` waits this long before it is answered. */
  delay(route: string, ms: number): void {
    this.delays.set(route, ms);
  }

  /** Requests made to one route. */
  count(route: string): number {
    const [method, path] = route.split(" ");
    return this.requests.filter((r) => r.method === method && r.path === path).length;
  }

  private answer(request: SimRequest): Promise<Reply> {
    if (!this.apiSecurity) return this.answerPlain(request);
    return this.apiSecurity.exchange(request, `${this.url}${request.path}`, this.state.appid, this.state.now(), (plain) => this.answerPlain(plain));
  }

  private async answerPlain(request: SimRequest): Promise<Reply> {
    const route = `${request.method} ${request.path}`;
    const delay = this.delays.get(route);
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    const injected = this.injected.get(route)?.shift();
    if (injected) return "body" in injected ? (injected as Reply) : { contentType: "application/json", body: JSON.stringify(injected) };
    const fromExamples = this.examples?.answer(request);
    if (fromExamples) return fromExamples;
    const handler = routes[route];
    if (!handler) return { ...wechatError(-1, `no such api ${request.path}`), status: 404 };
    return handler(request, this.state);
  }
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<WeChatSimulator> {
  return new WeChatSimulator(options).start();
}
