// CPU the WeChat client adds per call over raw undici.request + JSON.parse, in process, through a
// fake dispatcher that answers at once (no network, no server): what is left is the client's own work.
// Run: npx tsx bench/in-process.ts   (rounds alternate between the variants; medians are printed)
import { Dispatcher, request } from "undici";
import { createWeChatClient } from "../generated/wechat/index.js";

const session = Buffer.from(JSON.stringify({ openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", session_key: "tiihtNczf5v6AKRyjwEUhQ==", unionid: "oGZUI0egBJY1zhBYw2KhdUfwVJJE" }));
const ok = Buffer.from(JSON.stringify({ errcode: 0, errmsg: "ok" }));
const token = Buffer.from(JSON.stringify({ access_token: "ACCESS_TOKEN_".padEnd(160, "x"), expires_in: 7200 }));
const rawHeaders = (body: Buffer) => [Buffer.from("content-type"), Buffer.from("text/plain"), Buffer.from("content-length"), Buffer.from(String(body.length))];

/** Answers on the next microtask, like a response already in the socket's buffer. */
class FakeDispatcher extends Dispatcher {
  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const body = options.path.startsWith("/sns/jscode2session") ? session : options.path.startsWith("/cgi-bin/stable_token") ? token : ok;
    queueMicrotask(() => {
      handler.onConnect?.(() => undefined);
      handler.onHeaders?.(200, rawHeaders(body), () => undefined, "OK");
      handler.onData?.(body);
      handler.onComplete?.([]);
    });
    return true;
  }
}

const dispatcher = new FakeDispatcher();
const base = "http://api.weixin.test";
const wechat = createWeChatClient({ appid: "wx1234567890abcdef", secret: "0123456789abcdef0123456789abcdef", baseUrl: base, dispatcher });
const message = { touser: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", msgtype: "text" as const, text: { content: "hello" } };
const tokenValue = await wechat.accessToken.get();

const variants: Record<string, () => Promise<unknown>> = {
  "raw undici: code2Session": async () => {
    const response = await request(`${base}/sns/jscode2session?appid=wx1234567890abcdef&secret=0123456789abcdef0123456789abcdef&js_code=0a3b&grant_type=authorization_code`, { dispatcher });
    return JSON.parse(await response.body.text());
  },
  "wxgen: auth.code2Session (validated)": () => wechat.auth.code2Session({ js_code: "0a3b" }),
  "raw undici: POST message/custom/send": async () => {
    const response = await request(`${base}/cgi-bin/message/custom/send?access_token=${tokenValue}`, { dispatcher, method: "POST", body: JSON.stringify(message), headers: { "content-type": "application/json" } });
    return JSON.parse(await response.body.text());
  },
  "wxgen: customerServiceMessage.send (warm token)": () => wechat.customerServiceMessage.send(message),
};

const perCallUs = (calls: number, run: () => Promise<unknown>) => async () => {
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / calls;
};
const signed = (us: number) => `${us >= 0 ? "+" : "−"}${Math.abs(us).toFixed(1)}`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const rounds = Number(process.env.ROUNDS ?? 9);
const calls = Number(process.env.CALLS ?? 20_000);
const figures: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (const run of Object.values(variants)) await perCallUs(2_000, run)(); // warm-up: JIT, first import of each operations module
for (let round = 0; round < rounds; round++) {
  for (const [name, run] of Object.entries(variants)) figures[name]!.push(await perCallUs(calls, run)());
}
const m = Object.fromEntries(Object.entries(figures).map(([name, values]) => [name, median(values)]));
console.log(`CPU per call (user+system), medians of ${rounds} rounds of ${calls} sequential calls, Node ${process.version}:\n`);
console.log("| call | µs per call | added by wxgen |\n|---|---:|---:|");
const pairs: [string, string][] = [["raw undici: code2Session", "wxgen: auth.code2Session (validated)"], ["raw undici: POST message/custom/send", "wxgen: customerServiceMessage.send (warm token)"]];
for (const [raw, client] of pairs) {
  console.log(`| ${raw} | ${m[raw]!.toFixed(1)} | |`);
  console.log(`| ${client} | ${m[client]!.toFixed(1)} | **${signed(m[client]! - m[raw]!)}** |`);
}
await wechat.close();
