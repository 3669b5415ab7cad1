import { describe, expect, it } from "vitest";
import { loadModel } from "../../generator/index.js";
import { objectSchemas, receivedSchemas, resolver, sentSchemas } from "./schema-walk.js";

/**
 * The validation rule of the WeChat description (spec/README.md): exact about what WeChat accepts,
 * tolerant of what it sends.
 */
const model = loadModel("spec/wechat-miniprogram.yaml");
const resolve = resolver(model);

/** Required properties of the objects reachable from these roots: `Schema.property` labels. */
function requiredFields(roots: ReturnType<typeof receivedSchemas>) {
  return objectSchemas(model, roots).flatMap(({ label, schema }) =>
    (schema.required ?? []).map((name) => ({ field: `${label}.${name}`, property: schema.properties?.[name] })),
  );
}

describe("what WeChat sends", () => {
  const required = requiredFields(receivedSchemas(model));

  it("requires a field only where WeChat guarantees it, and says why (x-wxgen-guaranteed)", () => {
    const unmarked = required.filter(({ property }) => typeof property !== "object" || property.guaranteed === undefined).map((r) => r.field);
    expect(unmarked).toEqual([]);
  });

  it("marks no field guaranteed that is not required", () => {
    const marked = objectSchemas(model, receivedSchemas(model)).flatMap(({ label, schema }) =>
      Object.entries(schema.properties ?? {})
        .filter(([name, p]) => typeof p === "object" && p.guaranteed !== undefined && !(schema.required ?? []).includes(name))
        .map(([name]) => `${label}.${name}`),
    );
    expect(marked).toEqual([]);
  });

  it("is read with open enums and numbers that may be numeric strings (x-wxgen-tolerant)", () => {
    expect(model.tolerant).toBe(true);
  });

  it("lists the guaranteed fields", () => {
    expect(required.map((r) => r.field).sort()).toMatchInlineSnapshot(`
      [
        "AccessTokenResponse.access_token",
        "AccessTokenResponse.expires_in",
        "B2bGetAppKeyResponse.appkey",
        "B2bRetailUploadMchFileResponse.file_id",
        "ChargeRecentAverageUsageResponse.averageData",
        "CheckEncryptedDataResponse.vaild",
        "CityServiceGetBusinessViewResponse.query_string",
        "CityServiceGetServicePathResponse.path",
        "CloudbaseDbJobResponse.job_id",
        "CloudbaseSmsTaskResponse.query_id",
        "CloudbaseVoipSignResponse.signature",
        "Code2SessionResponse.openid",
        "Code2SessionResponse.session_key",
        "DramaApplyUploadResponse.upload_id",
        "DramaAuditDramaResponse.drama_id",
        "DramaMediaIdResponse.media_id",
        "DramaPullUploadResponse.task_id",
        "DramaUploadPartResponse.etag",
        "FaceGetVerifyIdResponse.verify_id",
        "GenerateSchemeResponse.openlink",
        "GenerateShortLinkResponse.link",
        "GenerateUrlLinkResponse.url_link",
        "GetApiDomainIpResponse.ip_list",
        "GetApiQuotaResponse.quota",
        "GetCallbackIpResponse.ip_list",
        "GetPaidUnionIdResponse.unionid",
        "GetPhoneNumberResponse.phone_info",
        "GetPluginOpenPIdResponse.openpid",
        "GetRidInfoResponse.request",
        "GetUserEncryptKeyResponse.key_info_list",
        "HardwareDeviceCreateGroupResponse.group_id",
        "HardwareDeviceSnTicketResponse.sn_ticket",
        "ImgAiCropResponse.results",
        "ImgSuperResolutionResponse.media_id",
        "KfBusinessRegisterResponse.business_id",
        "LiveCreateRoomResponse.roomId",
        "LiveGetPushUrlResponse.pushAddr",
        "LiveGoodsAddResponse.auditId",
        "LiveGoodsAddResponse.goodsId",
        "LiveGoodsAuditResponse.auditId",
        "LivePushMessageResponse.message_id",
        "NovelCreateBookResponse.book_id",
        "NovelCreateChapterResponse.chapter_id",
        "NovelReplaceChapterResponse.new_chapter_id",
        "OcrBankcardResponse.number",
        "OrderShippingConfirmationCompletedResponse.completed",
        "OrderShippingGetOrderResponse.order",
        "OrderShippingIsTradeManagedResponse.is_trade_managed",
        "PushAddExpressPathEvent.CreateTime",
        "PushAddExpressPathEvent.Event",
        "PushAddExpressPathEvent.FromUserName",
        "PushAddExpressPathEvent.MsgType",
        "PushAddExpressPathEvent.ToUserName",
        "PushB2bRetailPayNotify.CreateTime",
        "PushB2bRetailPayNotify.Event",
        "PushB2bRetailPayNotify.FromUserName",
        "PushB2bRetailPayNotify.MsgType",
        "PushB2bRetailPayNotify.ToUserName",
        "PushB2bRetailRefundNotify.CreateTime",
        "PushB2bRetailRefundNotify.Event",
        "PushB2bRetailRefundNotify.FromUserName",
        "PushB2bRetailRefundNotify.MsgType",
        "PushB2bRetailRefundNotify.ToUserName",
        "PushImageMessage.CreateTime",
        "PushImageMessage.FromUserName",
        "PushImageMessage.MsgType",
        "PushImageMessage.ToUserName",
        "PushLogisticsCheckBizEvent.CreateTime",
        "PushLogisticsCheckBizEvent.Event",
        "PushLogisticsCheckBizEvent.FromUserName",
        "PushLogisticsCheckBizEvent.MsgType",
        "PushLogisticsCheckBizEvent.ToUserName",
        "PushLogisticsGetQuotaEvent.CreateTime",
        "PushLogisticsGetQuotaEvent.Event",
        "PushLogisticsGetQuotaEvent.FromUserName",
        "PushLogisticsGetQuotaEvent.MsgType",
        "PushLogisticsGetQuotaEvent.ToUserName",
        "PushMiniprogrampageMessage.CreateTime",
        "PushMiniprogrampageMessage.FromUserName",
        "PushMiniprogrampageMessage.MsgType",
        "PushMiniprogrampageMessage.ToUserName",
        "PushSecvodAuditEvent.CreateTime",
        "PushSecvodAuditEvent.Event",
        "PushSecvodAuditEvent.FromUserName",
        "PushSecvodAuditEvent.MsgType",
        "PushSecvodAuditEvent.ToUserName",
        "PushSecvodUploadEvent.CreateTime",
        "PushSecvodUploadEvent.Event",
        "PushSecvodUploadEvent.FromUserName",
        "PushSecvodUploadEvent.MsgType",
        "PushSecvodUploadEvent.ToUserName",
        "PushSubscribeMsgChangeEvent.CreateTime",
        "PushSubscribeMsgChangeEvent.Event",
        "PushSubscribeMsgChangeEvent.FromUserName",
        "PushSubscribeMsgChangeEvent.List",
        "PushSubscribeMsgChangeEvent.MsgType",
        "PushSubscribeMsgChangeEvent.ToUserName",
        "PushSubscribeMsgChangeItem.TemplateId",
        "PushSubscribeMsgPopupEvent.CreateTime",
        "PushSubscribeMsgPopupEvent.Event",
        "PushSubscribeMsgPopupEvent.FromUserName",
        "PushSubscribeMsgPopupEvent.List",
        "PushSubscribeMsgPopupEvent.MsgType",
        "PushSubscribeMsgPopupEvent.ToUserName",
        "PushSubscribeMsgPopupItem.TemplateId",
        "PushSubscribeMsgSentEvent.CreateTime",
        "PushSubscribeMsgSentEvent.Event",
        "PushSubscribeMsgSentEvent.FromUserName",
        "PushSubscribeMsgSentEvent.List",
        "PushSubscribeMsgSentEvent.MsgType",
        "PushSubscribeMsgSentEvent.ToUserName",
        "PushSubscribeMsgSentItem.TemplateId",
        "PushTextMessage.Content",
        "PushTextMessage.CreateTime",
        "PushTextMessage.FromUserName",
        "PushTextMessage.MsgType",
        "PushTextMessage.ToUserName",
        "PushTradeManageOrderSettlementEvent.CreateTime",
        "PushTradeManageOrderSettlementEvent.Event",
        "PushTradeManageOrderSettlementEvent.FromUserName",
        "PushTradeManageOrderSettlementEvent.MsgType",
        "PushTradeManageOrderSettlementEvent.ToUserName",
        "PushTradeManageRemindAccessApiEvent.CreateTime",
        "PushTradeManageRemindAccessApiEvent.Event",
        "PushTradeManageRemindAccessApiEvent.FromUserName",
        "PushTradeManageRemindAccessApiEvent.MsgType",
        "PushTradeManageRemindAccessApiEvent.ToUserName",
        "PushTradeManageRemindShippingEvent.CreateTime",
        "PushTradeManageRemindShippingEvent.Event",
        "PushTradeManageRemindShippingEvent.FromUserName",
        "PushTradeManageRemindShippingEvent.MsgType",
        "PushTradeManageRemindShippingEvent.ToUserName",
        "PushUpdateWaybillStatusEvent.CreateTime",
        "PushUpdateWaybillStatusEvent.Event",
        "PushUpdateWaybillStatusEvent.FromUserName",
        "PushUpdateWaybillStatusEvent.MsgType",
        "PushUpdateWaybillStatusEvent.ToUserName",
        "PushUserEnterTempsessionEvent.CreateTime",
        "PushUserEnterTempsessionEvent.Event",
        "PushUserEnterTempsessionEvent.FromUserName",
        "PushUserEnterTempsessionEvent.MsgType",
        "PushUserEnterTempsessionEvent.ToUserName",
        "PushWxaMediaCheckEvent.CreateTime",
        "PushWxaMediaCheckEvent.Event",
        "PushWxaMediaCheckEvent.FromUserName",
        "PushWxaMediaCheckEvent.MsgType",
        "PushWxaMediaCheckEvent.ToUserName",
        "PushWxaMediaCheckEvent.trace_id",
        "PushWxaliveFollowNotifyEvent.CreateTime",
        "PushWxaliveFollowNotifyEvent.Event",
        "PushWxaliveFollowNotifyEvent.FromUserName",
        "PushWxaliveFollowNotifyEvent.MsgType",
        "PushWxaliveFollowNotifyEvent.ToUserName",
        "PushWxalivePushMessageNotifyEvent.CreateTime",
        "PushWxalivePushMessageNotifyEvent.Event",
        "PushWxalivePushMessageNotifyEvent.FromUserName",
        "PushWxalivePushMessageNotifyEvent.MsgType",
        "PushWxalivePushMessageNotifyEvent.ToUserName",
        "PushXpayCoinPayNotify.CreateTime",
        "PushXpayCoinPayNotify.Event",
        "PushXpayCoinPayNotify.FromUserName",
        "PushXpayCoinPayNotify.MsgType",
        "PushXpayCoinPayNotify.ToUserName",
        "PushXpayComplaintNotify.CreateTime",
        "PushXpayComplaintNotify.Event",
        "PushXpayComplaintNotify.FromUserName",
        "PushXpayComplaintNotify.MsgType",
        "PushXpayComplaintNotify.ToUserName",
        "PushXpayGoodsDeliverNotify.CreateTime",
        "PushXpayGoodsDeliverNotify.Event",
        "PushXpayGoodsDeliverNotify.FromUserName",
        "PushXpayGoodsDeliverNotify.MsgType",
        "PushXpayGoodsDeliverNotify.ToUserName",
        "PushXpayRefundNotify.CreateTime",
        "PushXpayRefundNotify.Event",
        "PushXpayRefundNotify.FromUserName",
        "PushXpayRefundNotify.MsgType",
        "PushXpayRefundNotify.ToUserName",
        "PushXpaySubscribeIosRefundQueryNotify.Event",
        "PushXpaySubscribeIosRefundQueryNotify.MsgType",
        "PushXpayWxpayCallbackNotify.CreateTime",
        "PushXpayWxpayCallbackNotify.Event",
        "PushXpayWxpayCallbackNotify.FromUserName",
        "PushXpayWxpayCallbackNotify.MsgType",
        "PushXpayWxpayCallbackNotify.ToUserName",
        "RedPacketCoverUrlResponse.data",
        "RedPacketCoverUrlResponse.data.url",
        "ResetUserSessionKeyResponse.openid",
        "ResetUserSessionKeyResponse.session_key",
        "SecCheckResult.suggest",
        "SecMediaCheckAsyncResponse.trace_id",
        "SecMsgCheckResponse.result",
        "SecUserRiskRankResponse.risk_rank",
        "SoterVerifySignatureResponse.is_ok",
        "SubscribeTemplateAddResponse.priTmplId",
        "TradeGuaranteeStatusResponse.isActived",
        "UploadTempMediaResponse.media_id",
        "WxExpressAddReturnResponse.return_id",
        "WxExpressIntracityOrderStatusCallback.sign",
        "WxExpressWaybillTokenResponse.waybill_token",
      ]
    `);
  });
});

describe("what the client sends", () => {
  it("never demands a field WeChat fills with a documented default, or that its page calls optional", () => {
    const demanded = requiredFields(sentSchemas(model)).filter(({ property }) => {
      const schema = property === undefined ? undefined : resolve(property);
      return schema?.default !== undefined || /默认(为|值|是)|选填|非必填|不填则/.test(schema?.description ?? "");
    });
    expect(demanded.map((d) => d.field)).toEqual([]);
  });
});
