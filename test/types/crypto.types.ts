// Type-level tests of the cryptography surface, checked by `tsc -p .`: every `@ts-expect-error`
// line must fail to compile, every other line must compile. Nothing here runs.
import { createWeChatClient, decryptOpenData, verifyRawData, type ApiSecurityOptions, type OpenData } from "../../generated/wechat/index.js";

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_: T) => undefined;

const keys: ApiSecurityOptions = { symmetricKey: "k", symmetricKeySn: "sn", privateKey: "pem", platformCertificates: { sn: "pem" } };
const wechat = createWeChatClient({ appid: "a", secret: "s", apiSecurity: keys });
// @ts-expect-error the platform certificates are required
createWeChatClient({ appid: "a", secret: "s", apiSecurity: { symmetricKey: "k", symmetricKeySn: "sn", privateKey: "pem" } });
// @ts-expect-error SM4_GCM is not offered: Node's crypto cannot do it
createWeChatClient({ appid: "a", secret: "s", apiSecurity: { ...keys, encryption: "SM4_GCM" } });

export async function sessionKeys(): Promise<void> {
  await wechat.auth.checkSessionKey({ openid: "o", sessionKey: "k" });
  await wechat.auth.resetUserSessionKey({ openid: "o", sessionKey: "k" });
  await wechat.internet.getUserEncryptKey({ openid: "o", sessionKey: "k" });
  // @ts-expect-error the signature is computed by the client: the caller passes the session key
  await wechat.auth.checkSessionKey({ openid: "o", signature: "s" });
  // @ts-expect-error the session key is required
  await wechat.auth.checkSessionKey({ openid: "o" });
}

export function openData(): void {
  const input = { sessionKey: "k", encryptedData: "d", iv: "i", appid: "a" };
  const user = decryptOpenData({ ...input, kind: "userInfo" });
  const openId: string = user.openId;
  const appid: string = user.watermark.appid;
  const steps = decryptOpenData({ ...input, kind: "weRunData" });
  const step: number = steps.stepInfoList[0]!.step;
  const share = decryptOpenData({ ...input, kind: "shareInfo" });
  assertType<Equals<typeof share.openGId, string>>(true);
  // @ts-expect-error share info has no openId
  const none: string = share.openId;
  const anyKind: OpenData = decryptOpenData(input);
  // @ts-expect-error without a kind, fields are unknown
  const guessed: string = anyKind.openId;
  // @ts-expect-error no such kind
  decryptOpenData({ ...input, kind: "userinfo" });
  // @ts-expect-error the appid is required: the watermark is always checked
  decryptOpenData({ sessionKey: "k", encryptedData: "d", iv: "i" });
  verifyRawData({ rawData: "{}", signature: "s", sessionKey: "k" });
  void [openId, appid, step, none, guessed];
}
