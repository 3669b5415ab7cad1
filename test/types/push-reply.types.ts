// Type-level tests of push replies (被动回复), checked by `tsc -p .`: a handler of a push whose webhook documents a
// reply (`responses.200`) returns that reply, typed exactly as something sent; every `@ts-expect-error` line must
// fail to compile, every other line must compile. Nothing here runs.
import { createPushHandler, type PushHandlers } from "../../generated/wechat/index.js";

const checked: PushHandlers = {
  // The reply of 审核商户事件: the envelope sent back, BizID and the result.
  logisticsCheckBiz: (push) => ({
    ToUserName: push.FromUserName,
    FromUserName: push.ToUserName,
    CreateTime: push.CreateTime,
    MsgType: "event",
    Event: "check_biz",
    BizID: push.BizID ?? "",
    ResultCode: 0,
    ResultMsg: "success",
  }),
  // Asynchronous handlers return the reply through a promise.
  logisticsGetQuota: async (push) => ({
    ToUserName: push.FromUserName,
    FromUserName: push.ToUserName,
    CreateTime: push.CreateTime,
    MsgType: "event",
    Event: "get_quota",
    BizID: push.BizID ?? "",
    ResultCode: 0,
    ResultMsg: "success",
    Quota: 100,
  }),
  // A handler may still answer plain `success` by returning nothing.
  addExpressPath: () => undefined,
};

const missingResult: PushHandlers = {
  // @ts-expect-error the reply of check_biz must carry ResultCode and ResultMsg
  logisticsCheckBiz: (push) => ({ ToUserName: push.FromUserName, FromUserName: push.ToUserName, CreateTime: 0, MsgType: "event", Event: "check_biz", BizID: "" }),
};

const wrongEvent: PushHandlers = {
  // @ts-expect-error a reply is sent, so its Event is exact: not an event this reply does not answer
  logisticsCheckBiz: () => ({ ToUserName: "", FromUserName: "", CreateTime: 0, MsgType: "event", Event: "add_waybill", BizID: "", ResultCode: 0, ResultMsg: "" }),
};

const wrongType: PushHandlers = {
  // @ts-expect-error ResultCode is a number
  logisticsGetQuota: async () => ({ ToUserName: "", FromUserName: "", CreateTime: 0, MsgType: "event", Event: "get_quota", BizID: "", ResultCode: "0", ResultMsg: "" }),
};

export const receivers = [checked, missingResult, wrongEvent, wrongType].map((handlers) => createPushHandler({ token: "t", appid: "wx", handlers, reply: "sync" }));
