import { createHash, createPrivateKey, createPublicKey, createSecretKey, generateKeyPairSync, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ApiSecurityError, createWeChatClient, type ApiSecurityOptions } from "../../generated/wechat/index.js";
import { envelopeAad, openEnvelope, sealEnvelope, signedBytes, signPss, verifyPss } from "../../generator/runtime/api-security-crypto.js";
import { expectNoSecrets } from "../secrets.js";

/** 服务端 API 签名加密指南: every published value reproduced, then the client's build-time checks. */
type Text = "appid" | "urlpath" | "symmetricKey" | "symmetricKeySn" | "privateKey" | "certificate" | "certificateSn" | "reqIv" | "reqPlaintext" | "reqData" | "reqAuthtag" | "reqSignature";
type Samples = Record<Text | "respIv" | "respData" | "respAuthtag" | "respSignature" | "respSignedSha256" | "respPlaintext" | "respDeprecatedSignature", string> & { reqTimestamp: number; respTimestamp: number };
const s = JSON.parse(readFileSync(new URL("../fixtures/wechat-api-security-samples.json", import.meta.url), "utf8")) as Samples;
const key = createSecretKey(Buffer.from(s.symmetricKey, "base64"));
const requestBody = JSON.stringify({ iv: s.reqIv, data: s.reqData, authtag: s.reqAuthtag });
const responseBody = JSON.stringify({ iv: s.respIv, data: s.respData, authtag: s.respAuthtag });

describe("API 安全 primitives against the official samples", () => {
  it("AES256_GCM: the request plaintext seals to the published data and authtag", () => {
    const aad = envelopeAad(s.urlpath, s.appid, s.reqTimestamp, s.symmetricKeySn);
    expect(aad).toBe("https://api.weixin.qq.com/wxa/getuserriskrank|wxba6223c06417af7b|1635927954|fa05fe1e5bcc79b81ad5ad4b58acf787");
    expect(sealEnvelope(key, Buffer.from(s.reqIv, "base64"), s.reqPlaintext, aad)).toEqual({ iv: s.reqIv, data: s.reqData, authtag: s.reqAuthtag });
    expect(requestBody).toHaveLength(324);
  });

  it("AES256_GCM: the published response opens to the published plaintext; tampering, another AAD or key do not open", () => {
    const aad = envelopeAad(s.urlpath, s.appid, s.respTimestamp, s.symmetricKeySn);
    const envelope = { iv: s.respIv, data: s.respData, authtag: s.respAuthtag };
    expect(JSON.parse(openEnvelope(key, envelope, aad)!)).toEqual(JSON.parse(s.respPlaintext));
    const data = Buffer.from(s.respData, "base64");
    data[3]! ^= 0x01;
    expect(openEnvelope(key, { ...envelope, data: data.toString("base64") }, aad)).toBeUndefined();
    expect(openEnvelope(key, envelope, envelopeAad(s.urlpath, s.appid, s.respTimestamp + 1, s.symmetricKeySn))).toBeUndefined();
    expect(openEnvelope(createSecretKey(Buffer.alloc(32, 7)), envelope, aad)).toBeUndefined();
    expect(openEnvelope(key, { ...envelope, authtag: "AAAA" }, aad)).toBeUndefined();
  });

  it("RSAwithSHA256: the published request signature verifies with the sample key's public half; ours verify too", () => {
    const privateKey = createPrivateKey(s.privateKey);
    const signed = signedBytes(s.urlpath, s.appid, s.reqTimestamp, requestBody);
    expect(verifyPss(createPublicKey(privateKey), signed, s.reqSignature)).toBe(true);
    const ours = signPss(privateKey, signed);
    expect(ours).not.toBe(s.reqSignature); // PSS is salted: every signature differs
    expect(verifyPss(createPublicKey(privateKey), signed, ours)).toBe(true);
    expect(verifyPss(createPublicKey(privateKey), signedBytes(s.urlpath, s.appid, s.reqTimestamp + 1, requestBody), ours)).toBe(false);
  });

  it("RSAwithSHA256: the published response signature verifies against the published platform certificate", () => {
    const signed = signedBytes(s.urlpath, s.appid, s.respTimestamp, responseBody);
    expect(responseBody).toHaveLength(292);
    expect(createHash("sha256").update(signed).digest("hex")).toBe(s.respSignedSha256);
    const certificate = new X509Certificate(s.certificate).publicKey;
    expect(verifyPss(certificate, signed, s.respSignature)).toBe(true);
    // The expiring certificate's signature is not this certificate's.
    expect(verifyPss(certificate, signed, s.respDeprecatedSignature)).toBe(false);
    expect(verifyPss(generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey, signed, s.respSignature)).toBe(false);
  });
});

describe("API 安全 options", () => {
  const good: ApiSecurityOptions = {
    symmetricKey: s.symmetricKey,
    symmetricKeySn: s.symmetricKeySn,
    privateKey: s.privateKey,
    platformCertificates: { [s.certificateSn]: s.certificate },
  };
  const build = (apiSecurity: ApiSecurityOptions) => () => createWeChatClient({ appid: s.appid, secret: "secret", apiSecurity });

  it("build a client from the official sample keys (PKCS#1 PEM, certificate) or a public key", () => {
    expect(build(good)).not.toThrow();
    const publicKey = new X509Certificate(s.certificate).publicKey.export({ type: "spki", format: "pem" }).toString();
    expect(build({ ...good, platformCertificates: { [s.certificateSn]: publicKey } })).not.toThrow();
  });

  it("fail when the client is built, naming the option and never the key", () => {
    const cases: [string, ApiSecurityOptions, RegExp][] = [
      ["short key", { ...good, symmetricKey: Buffer.alloc(16, 1).toString("base64") }, /symmetricKey must be the base64 of 32 bytes/],
      ["bad PEM", { ...good, privateKey: s.privateKey.replace("MIIEow", "MIIEox").slice(0, 400) }, /privateKey is not a PEM private key/],
      ["public key as private", { ...good, privateKey: createPublicKey(createPrivateKey(s.privateKey)).export({ type: "spki", format: "pem" }).toString() }, /privateKey/],
      ["EC key", { ...good, privateKey: generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey }, /must be an RSA private key/],
      ["bad certificate", { ...good, platformCertificates: { [s.certificateSn]: s.certificate.slice(0, 300) } }, /platform certificate 79ba700ea147819f640941bceb38b1d1 is not a PEM certificate/],
      ["no certificate", { ...good, platformCertificates: {} }, /at least one certificate/],
      ["SM4_GCM", { ...good, encryption: "SM4_GCM" as "AES256_GCM" }, /SM4_GCM is not supported/],
      ["SM2withSM3", { ...good, signature: "SM2withSM3" as "RSAwithSHA256" }, /SM2withSM3 is not supported/],
      ["no SN", { ...good, symmetricKeySn: "" }, /symmetricKeySn is required/],
    ];
    for (const [name, options, message] of cases) {
      let error: unknown;
      try {
        build(options)();
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(ApiSecurityError);
      expect((error as Error).message, name).toMatch(message);
      expectNoSecrets(error, [s.symmetricKey, s.privateKey.slice(40, 100), Buffer.alloc(16, 1).toString("base64")]);
    }
  });
});
