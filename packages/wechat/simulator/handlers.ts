import { createHmac, randomBytes } from "node:crypto";
import { formBody, json, jsonBody, ok, wechatError, type Reply, type SimRequest } from "./http.js";
import type { SimOperation } from "./operations.js";
import { addOrder, mockNotify, type IntracityState } from "./intracity.js";
import type { TokenAuthority } from "./tokens.js";

/** The WeChat endpoints the simulator answers, each as documented (errors in-band). */

export interface Session {
  openid: string;
  sessionKey: string;
  unionid?: string;
}

export interface Media {
  type: string;
  contentType: string;
  data: Uint8Array;
}

/** What the simulator remembers; `appid`, `now` and the intracity orders are IntracityState's. */
export interface SimState extends IntracityState {
  secret: string;
  tokens: TokenAuthority;
  /** Unused login codes → the session they open. */
  loginCodes: Map<string, Session>;
  usedCodes: Set<string>;
  sessions: Map<string, Session>;
  media: Map<string, Media>;
  /** Customer-service messages accepted, in order. */
  sent: Record<string, unknown>[];
  typing: { touser: string; command: string }[];
}

type Handler = (request: SimRequest, state: SimState) => Reply | Promise<Reply>;

function checkApp(appid: unknown, secret: unknown, state: SimState): Reply | undefined {
  if (!appid) return wechatError(41002, "appid missing");
  if (appid !== state.appid) return wechatError(40013, "invalid appid");
  if (!secret) return wechatError(41004, "appsecret missing");
  if (secret !== state.secret) return wechatError(40125, "invalid appsecret");
  return undefined;
}

/** The access_token check every business endpoint does first. */
function checkToken(request: SimRequest, state: SimState): Reply | undefined {
  switch (state.tokens.check(request.query.get("access_token"))) {
    case "ok":
      return undefined;
    case "missing":
      return wechatError(41001, "access_token missing");
    case "malformed":
      return wechatError(40014, "invalid access_token");
    case "expired":
      return wechatError(42001, "access_token expired");
    case "unknown":
      return wechatError(40001, "invalid credential, access_token is invalid or not latest");
  }
}

const getAccessToken: Handler = (request, state) => {
  const q = request.query;
  if (q.get("grant_type") !== "client_credential") return wechatError(40002, "invalid grant_type");
  const bad = checkApp(q.get("appid"), q.get("secret"), state);
  if (bad) return bad;
  const token = state.tokens.issueClassic();
  return json({ access_token: token.value, expires_in: state.tokens.expiresIn(token) });
};

const getStableAccessToken: Handler = (request, state) => {
  if (request.method !== "POST") return wechatError(43002, "require POST method");
  const body = jsonBody(request);
  if (!body) return wechatError(47001, "data format error");
  if (body.grant_type !== "client_credential") return wechatError(40002, "invalid grant_type");
  const bad = checkApp(body.appid, body.secret, state);
  if (bad) return bad;
  const token = state.tokens.issueStable(body.force_refresh === true);
  return json({ access_token: token.value, expires_in: state.tokens.expiresIn(token) });
};

/** jscode2session answers with Content-Type text/plain, as WeChat does. */
const code2Session: Handler = (request, state) => {
  const q = request.query;
  const textPlain = "text/plain";
  const bad = checkApp(q.get("appid"), q.get("secret"), state);
  if (bad) return { ...bad, contentType: textPlain };
  if (q.get("grant_type") !== "authorization_code") return wechatError(40002, "invalid grant_type", textPlain);
  const code = q.get("js_code") ?? "";
  if (state.usedCodes.has(code)) return wechatError(40163, "code been used", textPlain);
  const session = state.loginCodes.get(code);
  if (!session) return wechatError(40029, "invalid code", textPlain);
  state.loginCodes.delete(code);
  state.usedCodes.add(code);
  state.sessions.set(session.openid, session);
  return json({ openid: session.openid, session_key: session.sessionKey, ...(session.unionid ? { unionid: session.unionid } : {}) }, textPlain);
};

export function sessionSignature(sessionKey: string): string {
  return createHmac("sha256", sessionKey).update("").digest("hex");
}

function checkSignature(request: SimRequest, state: SimState): Session | Reply {
  const q = request.query;
  if (q.get("sig_method") !== "hmac_sha256") return wechatError(87008, "invalid sig_method");
  const session = state.sessions.get(q.get("openid") ?? "");
  if (!session) return wechatError(87007, "session_key is not existd");
  if (q.get("signature") !== sessionSignature(session.sessionKey)) return wechatError(87009, "invalid signature");
  return session;
}

const checkSessionKey: Handler = (request, state) => {
  const session = checkSignature(request, state);
  return "body" in session ? session : ok();
};

const resetUserSessionKey: Handler = (request, state) => {
  const session = checkSignature(request, state);
  if ("body" in session) return session;
  session.sessionKey = randomBytes(16).toString("base64");
  return ok({ openid: session.openid, session_key: session.sessionKey });
};

const messageFields: Record<string, string[]> = {
  text: ["content"],
  image: ["media_id"],
  link: ["title", "description", "url", "thumb_url"],
  miniprogrampage: ["title", "appid", "pagepath", "thumb_media_id"],
};

const sendMessage: Handler = (request, state) => {
  const body = jsonBody(request);
  if (!body) return wechatError(47001, "data format error");
  if (typeof body.touser !== "string" || !body.touser) return wechatError(40003, "invalid openid");
  const fields = messageFields[String(body.msgtype)];
  if (!fields) return wechatError(40008, "invalid message type");
  const payload = body[String(body.msgtype)] as Record<string, unknown> | undefined;
  if (!payload || fields.some((f) => typeof payload[f] !== "string")) return wechatError(47001, "data format error");
  state.sent.push(body);
  return ok();
};

const setTyping: Handler = (request, state) => {
  const body = jsonBody(request);
  if (!body || typeof body.touser !== "string") return wechatError(47001, "data format error");
  if (body.command !== "Typing" && body.command !== "CancelTyping") return wechatError(45081, "command invalid ");
  state.typing.push({ touser: body.touser, command: body.command });
  return ok();
};

const uploadTempMedia: Handler = async (request, state) => {
  if (request.query.get("type") !== "image") return wechatError(40004, "invalid media type");
  const form = await formBody(request);
  const file = form?.get("media");
  if (!file || typeof file === "string") return wechatError(41005, "media data missing");
  const mediaId = randomBytes(24).toString("base64url");
  state.media.set(mediaId, { type: "image", contentType: file.type || "application/octet-stream", data: new Uint8Array(await file.arrayBuffer()) });
  return json({ type: "image", media_id: mediaId, created_at: Math.floor(state.now() / 1000) });
};

/** Bytes on success; JSON (labelled text/plain) on error. */
const getTempMedia: Handler = (request, state) => {
  const media = state.media.get(request.query.get("media_id") ?? "");
  if (!media) return wechatError(40007, "invalid media_id", "text/plain");
  return { contentType: media.contentType, body: media.data };
};

const withToken = (handler: Handler): Handler => (request, state) => checkToken(request, state) ?? handler(request, state);

/** The operations the simulator implements itself, by the id the generated client gives them. */
export const routes: readonly (SimOperation & { readonly handler: Handler })[] = [
  { id: "auth.getAccessToken", method: "GET", path: "/cgi-bin/token", handler: getAccessToken },
  { id: "auth.getStableAccessToken", method: "POST", path: "/cgi-bin/stable_token", handler: getStableAccessToken },
  { id: "auth.code2Session", method: "GET", path: "/sns/jscode2session", handler: code2Session },
  { id: "auth.checkSessionKey", method: "GET", path: "/wxa/checksession", handler: withToken(checkSessionKey) },
  { id: "auth.resetUserSessionKey", method: "GET", path: "/wxa/resetusersessionkey", handler: withToken(resetUserSessionKey) },
  { id: "customerServiceMessage.send", method: "POST", path: "/cgi-bin/message/custom/send", handler: withToken(sendMessage) },
  { id: "customerServiceMessage.setTyping", method: "POST", path: "/cgi-bin/message/custom/business/typing", handler: withToken(setTyping) },
  { id: "customerServiceMessage.uploadTempMedia", method: "POST", path: "/cgi-bin/media/upload", handler: withToken(uploadTempMedia) },
  { id: "customerServiceMessage.getTempMedia", method: "GET", path: "/cgi-bin/media/get", handler: withToken(getTempMedia) },
  { id: "weixinExpress.intracityAddOrder", method: "POST", path: "/cgi-bin/express/intracity/addorder", handler: withToken(addOrder) },
  { id: "weixinExpress.intracityMockNotify", method: "POST", path: "/cgi-bin/express/intracity/mocknotify", handler: withToken(mockNotify) },
];
