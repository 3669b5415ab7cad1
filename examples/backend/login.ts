import { WeChatApiError, type WeChatClient } from "../../generated/wechat/index.js";

export type LoginResult = { ok: true; openid: string } | { ok: false; tryAgain: boolean };

/** The backend under test: trades the code wx.login gave the mini program for the user's openid. */
export async function login(wechat: WeChatClient, code: string): Promise<LoginResult> {
  try {
    const { openid } = await wechat.auth.code2Session({ js_code: code });
    return { ok: true, openid };
  } catch (error) {
    if (!(error instanceof WeChatApiError)) throw error;
    return { ok: false, tryAgain: error.errcode === 45011 }; // 45011: WeChat is rate-limiting this app
  }
}
