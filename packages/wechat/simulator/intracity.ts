import { createHash } from "node:crypto";
import { jsonBody, ok, wechatError, type Reply, type SimRequest } from "./http.js";
import { deliver, type DeliveryAnswer } from "./push.js";

/**
 * 同城配送 as far as its order-status callback goes: intracity_addorder remembers the order and its
 * callback_url; intracity_mocknotify sends the signed callback there, as WeChat does for sandbox orders.
 */

interface IntracityOrder {
  readonly wxOrderId: string;
  readonly wxStoreId: string;
  readonly storeOrderId: string;
  readonly callbackUrl: string;
}

/** One callback sent, and what the receiver answered. */
export interface SentCallback {
  readonly url: string;
  readonly payload: Record<string, unknown>;
  readonly answer: DeliveryAnswer;
}

export interface IntracityState {
  appid: string;
  /** The message push Token: what the callback is signed with. */
  pushToken: string;
  now: () => number;
  intracityOrders: Map<string, IntracityOrder>;
  callbacks: SentCallback[];
}

/**
 * The addorder page's rule, written out here rather than taken from the runtime under test:
 * md5 over `k=v` of every field but sign in ASCII order, joined with `&`, then `&token=<Token>`.
 */
export function intracitySign(payload: Record<string, unknown>, token: string): string {
  const fields = Object.keys(payload).filter((key) => key !== "sign").sort().map((key) => `${key}=${String(payload[key])}`);
  return createHash("md5").update(`${fields.join("&")}&token=${token}`).digest("hex");
}

export function addOrder(request: SimRequest, state: IntracityState): Reply {
  const body = jsonBody(request);
  if (!body || typeof body.wx_store_id !== "string" || typeof body.store_order_id !== "string") return wechatError(47001, "data format error");
  const wxOrderId = `2000000000000${String(state.intracityOrders.size + 1).padStart(6, "0")}`;
  const order = { wxOrderId, wxStoreId: body.wx_store_id, storeOrderId: body.store_order_id, callbackUrl: String(body.callback_url ?? "") };
  state.intracityOrders.set(wxOrderId, order);
  return ok({ wx_order_id: wxOrderId, wx_store_id: order.wxStoreId, store_order_id: order.storeOrderId, service_trans_id: "SFTC", trans_order_id: `JS${wxOrderId.slice(-6)}`, distance: 2358, fee: 1300 });
}

export async function mockNotify(request: SimRequest, state: IntracityState): Promise<Reply> {
  const body = jsonBody(request);
  if (!body || !Number.isInteger(body.order_status)) return wechatError(47001, "data format error");
  const order = [...state.intracityOrders.values()].find((o) => o.wxOrderId === body.wx_order_id || (o.wxStoreId === body.wx_store_id && o.storeOrderId === body.store_order_id));
  if (!order) return wechatError(47001, "no such order");
  const seconds = Math.floor(state.now() / 1000);
  const payload: Record<string, unknown> = {
    appid: state.appid,
    wx_store_id: order.wxStoreId,
    wx_order_id: order.wxOrderId,
    store_order_id: order.storeOrderId,
    order_status: body.order_status,
    status_change_time: seconds,
    timestamp: seconds,
    service_trans_id: "SFTC",
  };
  payload.sign = intracitySign(payload, state.pushToken);
  const answer = await deliver(order.callbackUrl, { query: {}, body: JSON.stringify(payload) });
  state.callbacks.push({ url: order.callbackUrl, payload, answer });
  return ok();
}
