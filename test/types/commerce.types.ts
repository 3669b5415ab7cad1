// Type-level tests of the commerce categories (发货信息管理, 交易保障, 付费管理, 红包封面, 服务市场), checked by
// `tsc -p .`: every `@ts-expect-error` line must fail to compile, every other line must compile. Nothing here runs.
import { createWeChatClient, type OrderShippingUploadShippingInfoInput, type PushHandlers } from "../../generated/wechat/index.js";

const wechat = createWeChatClient({ appid: "a", secret: "s" });

const shipping: OrderShippingUploadShippingInfoInput = {
  order_key: { order_number_type: 2, transaction_id: "4200001234" },
  logistics_type: 1,
  delivery_mode: 1,
  shipping_list: [{ tracking_no: "SF123", express_company: "SF", item_desc: "微信红包抱枕*1个", contact: { receiver_contact: "189****1234" } }],
  upload_time: "2022-12-15T13:29:35.120+08:00",
  payer: { openid: "o" },
};

export async function calls(): Promise<void> {
  await wechat.orderShipping.uploadShippingInfo(shipping);
  // @ts-expect-error payer is required
  await wechat.orderShipping.uploadShippingInfo({ ...shipping, payer: undefined });
  // @ts-expect-error logistics_type is 1 (快递), 2 (同城), 3 (虚拟) or 4 (自提)
  await wechat.orderShipping.uploadShippingInfo({ ...shipping, logistics_type: 5 });
  // @ts-expect-error every shipping_list entry needs item_desc
  await wechat.orderShipping.uploadShippingInfo({ ...shipping, shipping_list: [{ tracking_no: "SF123", express_company: "SF" }] });
  // @ts-expect-error order_number_type is 1 (商户侧单号) or 2 (微信支付单号)
  await wechat.orderShipping.uploadShippingInfo({ ...shipping, order_key: { order_number_type: 3 } });
  await wechat.orderShipping.uploadShippingInfo({ ...shipping, order_key: { order_number_type: 1, mchid: "1900000109", out_trade_no: "T1" } });
  // @ts-expect-error the merchant form (1) needs mchid and out_trade_no, not transaction_id
  await wechat.orderShipping.uploadShippingInfo({ ...shipping, order_key: { order_number_type: 1, transaction_id: "4200001234" } });
  // @ts-expect-error the WeChat Pay form (2) needs transaction_id
  await wechat.orderShipping.uploadShippingInfo({ ...shipping, order_key: { order_number_type: 2, mchid: "1900000109", out_trade_no: "T1" } });

  const managed: boolean = (await wechat.orderShipping.isTradeManaged({ appid: "wx" })).is_trade_managed;
  const order = (await wechat.orderShipping.getOrder({ transaction_id: "4200001234" })).order;
  // What WeChat sends is open (a state added later still type-checks); what the client sends is exact.
  const state: number | undefined = order.order_state;
  if (order.order_state === 2) void "已发货";
  await wechat.orderShipping.getOrderList({ order_state: 1, page_size: 10 });
  // @ts-expect-error order_state is one of the six documented states
  await wechat.orderShipping.getOrderList({ order_state: 7 });
  // @ts-expect-error received_time is required to remind the user to confirm receipt
  await wechat.orderShipping.notifyConfirmReceive({ transaction_id: "4200001234" });

  await wechat.transactionGuarantee.getPenaltyList({ offset: 0, limit: 10 });
  // @ts-expect-error limit is required
  await wechat.transactionGuarantee.getPenaltyList({ offset: 0 });
  await wechat.transactionComplaint.respondComplaint({ complaintOrderId: 1212, bussiHandle: 2, content: "已联系用户" });
  // @ts-expect-error bussiHandle is 1 (同意和解) or 2 (拒绝和解)
  await wechat.transactionComplaint.respondComplaint({ complaintOrderId: 1212, bussiHandle: 3 });

  const average: number = (await wechat.charge.getRecentAverageUsage({ spuId: "10000001" })).averageData;
  const url: string = (await wechat.redpacketcover.getAuthenticationUrl({ openid: "o", ctoken: "t" })).data.url;
  await wechat.serviceMarket.invokeService({ service: "wx", api: "OcrAllInOne", data: { img_url: "u" }, client_msg_id: "id" });
  // @ts-expect-error client_msg_id is required
  await wechat.serviceMarket.invokeService({ service: "wx", api: "OcrAllInOne", data: "{}" });
  void [managed, state, average, url];
}

export const handlers: PushHandlers = {
  tradeManageOrderSettlement(message) {
    const settled: number | undefined = message.settlement_time;
    const method: number | undefined = message.confirm_receive_method;
    void [settled, method];
  },
  tradeManageRemindShipping(message) {
    // @ts-expect-error the reminder carries no settlement_time
    void message.settlement_time;
  },
};
