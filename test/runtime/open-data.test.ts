import { createCipheriv, createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decryptOpenData, OpenDataError, verifyRawData } from "../../generated/wechat/index.js";
import { expectNoSecrets } from "../secrets.js";

/** 开放数据校验与解密: the official samples, then each check failing on its own. */
const sample = JSON.parse(readFileSync(new URL("../fixtures/wechat-open-data-samples.json", import.meta.url), "utf8")) as Record<string, string>;
const official = { sessionKey: sample.sessionKey!, encryptedData: sample.encryptedData!, iv: sample.iv!, appid: sample.appid! };
const watermarkTime = 1477314187;

/** Open data as WeChat makes it, for the checks the sample cannot reach. */
function encrypt(payload: object, sessionKey = sample.sessionKey!, iv = sample.iv!): string {
  const cipher = createCipheriv("aes-128-cbc", Buffer.from(sessionKey, "base64"), Buffer.from(iv, "base64"));
  return Buffer.concat([cipher.update(JSON.stringify(payload)), cipher.final()]).toString("base64");
}

function failure(run: () => unknown): OpenDataError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OpenDataError);
    return error as OpenDataError;
  }
  throw new Error("expected an OpenDataError");
}

describe("decryptOpenData", () => {
  it("decrypts the official sample to the documented user info, typed by kind", () => {
    const user = decryptOpenData({ ...official, kind: "userInfo" });
    expect(user).toEqual(JSON.parse(sample.plaintext!));
    expect([user.openId, user.unionId, user.watermark.appid, user.watermark.timestamp]).toEqual(["oGZUI0egBJY1zhBYw2KhdUfwVJJE", "ocMvos6NjeKLIBqg5Mr9QjxrP1FA", sample.appid, watermarkTime]);
  });

  it("checks the watermark's age only when asked", () => {
    const now = (watermarkTime + 60) * 1000;
    expect(decryptOpenData({ ...official, maxAgeSeconds: 120, now }).watermark.timestamp).toBe(watermarkTime);
    expect(failure(() => decryptOpenData({ ...official, maxAgeSeconds: 30, now })).reason).toBe("stale");
  });

  it("rejects data made for another app", () => {
    const error = failure(() => decryptOpenData({ ...official, appid: "wx0000000000000000" }));
    expect(error.reason).toBe("watermark");
    expect(error.message).toContain("wx4f4bc4dec97d474b");
  });

  it("reads WeRun steps, share and group info and phone numbers", () => {
    const watermark = { appid: sample.appid, timestamp: watermarkTime };
    const steps = decryptOpenData({ ...official, kind: "weRunData", encryptedData: encrypt({ stepInfoList: [{ timestamp: 1445866601, step: 100 }], watermark }) });
    expect(steps.stepInfoList[0]!.step).toBe(100);
    expect(decryptOpenData({ ...official, kind: "shareInfo", encryptedData: encrypt({ openGId: "OPENGID", watermark }) }).openGId).toBe("OPENGID");
    expect(decryptOpenData({ ...official, kind: "groupEnterInfo", encryptedData: encrypt({ opengid: "OPENGID", watermark }) }).opengid).toBe("OPENGID");
    const phone = decryptOpenData({ ...official, kind: "phoneNumber", encryptedData: encrypt({ phoneNumber: "+8613800000000", purePhoneNumber: "13800000000", countryCode: "86", watermark }) });
    expect(phone.purePhoneNumber).toBe("13800000000");
    expect(failure(() => decryptOpenData({ ...official, kind: "shareInfo", encryptedData: encrypt({ watermark }) })).reason).toBe("shape");
    expect(failure(() => decryptOpenData({ ...official, encryptedData: encrypt({ openGId: "G" }) })).reason).toBe("shape");
  });

  it("rejects tampered data, a wrong key and malformed input without showing the key or the plaintext", () => {
    const bytes = Buffer.from(sample.encryptedData!, "base64");
    bytes[bytes.length - 20]! ^= 0xff;
    const cases: [string, Partial<typeof official>, string[]][] = [
      ["tampered", { encryptedData: bytes.toString("base64") }, ["decrypt", "not-json"]],
      ["other key", { sessionKey: "HyVFkGl5F5OQWJZZaNzBBg==" }, ["decrypt", "not-json"]],
      ["short key", { sessionKey: "c2hvcnQ=" }, ["malformed"]],
      ["bad iv", { iv: "not base64!" }, ["malformed"]],
    ];
    for (const [name, change, reasons] of cases) {
      const error = failure(() => decryptOpenData({ ...official, ...change }));
      expect(reasons, name).toContain(error.reason);
      expectNoSecrets(error, [sample.sessionKey!, "HyVFkGl5F5OQWJZZaNzBBg==", "oGZUI0egBJY1zhBYw2KhdUfwVJJE", "Guangzhou"]);
    }
  });
});

describe("verifyRawData", () => {
  const raw = { rawData: sample.rawData!, signature: sample.rawSignature!, sessionKey: sample.rawSessionKey! };

  it("accepts the official sample: sha1(rawData + session_key)", () => {
    expect(createHash("sha1").update(raw.rawData + raw.sessionKey).digest("hex")).toBe(raw.signature);
    expect(() => verifyRawData(raw)).not.toThrow();
    expect(() => verifyRawData({ ...raw, signature: raw.signature.toUpperCase() })).not.toThrow();
  });

  it("rejects a changed rawData, signature or key, showing none of them", () => {
    for (const change of [{ rawData: raw.rawData.replace("Band", "Bond") }, { signature: "0".repeat(40) }, { signature: "short" }, { sessionKey: sample.sessionKey! }]) {
      const error = failure(() => verifyRawData({ ...raw, ...change }));
      expect(error.reason).toBe("signature");
      expectNoSecrets(error, [raw.sessionKey, sample.sessionKey!, raw.rawData]);
    }
  });
});
