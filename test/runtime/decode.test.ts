import { describe, expect, it } from "vitest";
import { inBandFailure, looksLikeJsonObject, parseJson } from "../../generator/runtime/decode.js";
import type { InBandErrorSpec, OperationSpec } from "../../generator/runtime/operation.js";

const rule: InBandErrorSpec = { code: "errcode", message: "errmsg", success: [0], requestId: { field: "errmsg", pattern: "rid: ([0-9a-f-]+)" }, codes: { "-1": "系统繁忙" } };
const op: OperationSpec = { id: "auth.code2Session", method: "GET", path: "/", response: { kind: "json" }, errorCodes: { "40029": "js_code 无效" } };
const bytes = (text: string) => new TextEncoder().encode(text);

describe("in-band errors", () => {
  it("treat an absent or zero code as success", () => {
    expect(inBandFailure(op, rule, { openid: "o" })).toBeUndefined();
    expect(inBandFailure(op, rule, { errcode: 0, errmsg: "ok" })).toBeUndefined();
    expect(inBandFailure(op, rule, { errcode: "0" })).toBeUndefined();
    expect(inBandFailure(op, rule, [1, 2])).toBeUndefined();
  });

  it("read numeric-string codes, the rid and the documented meaning", () => {
    expect(inBandFailure(op, rule, { errcode: "40029", errmsg: "invalid code rid: 6523a1b2-1f2e3d4c-5b6a7980" })).toEqual({
      code: 40029,
      detail: "invalid code rid: 6523a1b2-1f2e3d4c-5b6a7980",
      meaning: "js_code 无效",
      requestId: "6523a1b2-1f2e3d4c-5b6a7980",
    });
    expect(inBandFailure(op, rule, { errcode: -1, errmsg: "system error" })).toMatchObject({ code: -1, meaning: "系统繁忙", requestId: undefined });
  });
});

describe("body decoding", () => {
  it("parses JSON whatever it is labelled, and says when it is not JSON", () => {
    expect(parseJson(bytes('{"a":1}'))).toEqual({ value: { a: 1 } });
    expect(parseJson(bytes("<html>"))).toBeUndefined();
  });

  it("sniffs JSON objects among file bytes", () => {
    expect(looksLikeJsonObject(bytes(' \n{"errcode":40007}'))).toBe(true);
    expect(looksLikeJsonObject(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe(false);
    expect(looksLikeJsonObject(new Uint8Array())).toBe(false);
  });
});

describe("64-bit integers", () => {
  it("come out of JSON exact, as strings of digits, and safe ones stay numbers", () => {
    expect(parseJson(bytes('{"MsgId":23478023473801234567,"n":-9007199254740993,"ok":9007199254740991,"s":"12345678901234567890","f":1.5e300}'))).toEqual({
      value: { MsgId: "23478023473801234567", n: "-9007199254740993", ok: 9007199254740991, s: "12345678901234567890", f: 1.5e300 },
    });
  });

  it("ignore digits inside strings, escaped quotes included", () => {
    expect(parseJson(bytes('{"a":"x\\"12345678901234567890","b":12345678901234567890}'))).toEqual({ value: { a: 'x"12345678901234567890', b: "12345678901234567890" } });
  });
});
