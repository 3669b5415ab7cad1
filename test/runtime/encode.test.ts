import { describe, expect, it } from "vitest";
import { encodeBody, headerValue, pathSegment, queryPairs } from "../../generator/runtime/encode.js";
import { int64, int64Input } from "../../generator/runtime/schema.js";

describe("parameter serialization", () => {
  it("writes query parameters in form, delimited and deepObject styles", () => {
    expect(queryPairs({ name: "tag", in: "query" }, ["a", "b"])).toEqual([["tag", "a"], ["tag", "b"]]);
    expect(queryPairs({ name: "tag", in: "query", explode: false }, ["a", "b"])).toEqual([["tag", "a,b"]]);
    expect(queryPairs({ name: "tag", in: "query", style: "pipeDelimited", explode: false }, ["a", "b"])).toEqual([["tag", "a|b"]]);
    expect(queryPairs({ name: "f", in: "query", style: "deepObject", explode: true }, { a: 1, b: true })).toEqual([["f[a]", "1"], ["f[b]", "true"]]);
    expect(queryPairs({ name: "f", in: "query" }, { a: 1 })).toEqual([["a", "1"]]);
    expect(queryPairs({ name: "n", in: "query" }, 0)).toEqual([["n", "0"]]);
  });

  it("percent-encodes path segments in simple, label and matrix styles", () => {
    expect(pathSegment({ name: "id", in: "path" }, "a/b c")).toBe("a%2Fb%20c");
    expect(pathSegment({ name: "id", in: "path" }, [1, 2])).toBe("1,2");
    expect(pathSegment({ name: "id", in: "path", style: "label" }, [1, 2])).toBe(".1,2");
    expect(pathSegment({ name: "id", in: "path", style: "matrix", explode: true }, [1, 2])).toBe(";id=1;id=2");
  });

  it("joins header values", () => {
    expect(headerValue(["a", "b"])).toBe("a,b");
    expect(headerValue(7)).toBe("7");
  });
});

describe("body encoding", () => {
  it("keeps Chinese text unescaped in JSON, as WeChat expects", async () => {
    expect((await encodeBody("json", "application/json", { content: "你好" })).body).toBe('{"content":"你好"}');
  });

  it("encodes forms and multipart with file names", async () => {
    expect((await encodeBody("form", "application/x-www-form-urlencoded", { a: "1 2", b: 3 })).body).toBe("a=1+2&b=3");
    const multipart = await encodeBody("multipart", "multipart/form-data", { media: { data: new Uint8Array([1, 2]), filename: "x.png", contentType: "image/png" }, type: "image" });
    expect(multipart.contentType).toBeUndefined();
    const form = multipart.body as FormData;
    const file = form.get("media") as File;
    expect([file.name, file.type, file.size, form.get("type")]).toEqual(["x.png", "image/png", 2, "image"]);
  });
});

describe("64-bit integers in requests", () => {
  it("are written as JSON numbers with every digit", async () => {
    const body = int64Input().safeParse("12345678901234567890");
    expect(body.success).toBe(true);
    expect((await encodeBody("json", "application/json", { id: body.success ? body.data : undefined, small: 1 })).body).toBe('{"id":12345678901234567890,"small":1}');
    expect(int64Input().safeParse("12a").success).toBe(false);
    expect(int64().safeParse(42)).toEqual({ success: true, data: "42" });
  });
});
