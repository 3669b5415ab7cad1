import { describe, expect, it } from "vitest";
import { envelopeCiphertext, formatOf, parsePush, PushFormatError, serializePush, unwrap } from "../../generator/runtime/push-format.js";

describe("push bodies", () => {
  it("tell XML from JSON by the first character", () => {
    expect([formatOf("  <xml/>"), formatOf('\n{"a":1}'), formatOf("a=1"), formatOf("")]).toEqual(["xml", "json", undefined, undefined]);
  });

  it("find the ciphertext of an encrypted envelope without parsing", () => {
    expect(envelopeCiphertext('{"ToUserName":"gh","Encrypt":"QUJD+/="}', "json")).toBe("QUJD+/=");
    expect(envelopeCiphertext("<xml><Encrypt><![CDATA[QUJD]]></Encrypt></xml>", "xml")).toBe("QUJD");
    expect(envelopeCiphertext("<xml><Encrypt> QUJD </Encrypt></xml>", "xml")).toBe("QUJD");
    expect(envelopeCiphertext('{"Encrypt":"not base64!"}', "json")).toBeUndefined();
  });

  it("parse JSON pushes with 64-bit ids exact, and XML pushes as the root's children, text kept as text", async () => {
    expect(await parsePush('{"MsgId":24435462512345678901,"Content":"hi"}', "json")).toEqual({ MsgId: "24435462512345678901", Content: "hi" });
    expect(await parsePush("<xml><ToUserName><![CDATA[gh_1]]></ToUserName><CreateTime>0123</CreateTime><Item><A>1</A></Item></xml>", "xml")).toEqual({ ToUserName: "gh_1", CreateTime: "0123", Item: { A: "1" } });
  });

  it("refuse malformed, hostile and over-deep bodies with a clear reason", async () => {
    const refused = (body: string, format: "xml" | "json") => parsePush(body, format).then(() => "parsed", (e: PushFormatError) => `${e.name}: ${e.message}`);
    expect(await refused("{", "json")).toBe("PushFormatError: malformed JSON");
    expect(await refused("[1]", "json")).toBe("PushFormatError: JSON push is not an object");
    expect(await refused('{"a":{"__proto__":{"x":1}}}', "json")).toBe('PushFormatError: reserved name "__proto__"');
    expect(await refused(`${'{"a":'.repeat(40)}1${"}".repeat(40)}`, "json")).toBe("PushFormatError: nested deeper than 32 levels");
    expect(await refused('<!DOCTYPE x [<!ENTITY a "b">]><xml>&a;</xml>', "xml")).toBe("PushFormatError: XML with a DTD or entity declarations is refused");
    expect(await refused("<xml><constructor>1</constructor></xml>", "xml")).toBe("PushFormatError: reserved tag name <constructor>");
    expect(await refused(`<xml>${"<a>".repeat(40)}${"</a>".repeat(40)}</xml>`, "xml")).toBe("PushFormatError: nested deeper than 32 levels");
    expect(await refused("<xml><a></xml>", "xml")).toBe("PushFormatError: malformed XML");
    expect(await refused("<root><a>1</a></root>", "xml")).toBe("PushFormatError: XML push has no <xml> root element");
  });

  it("lift wrapper elements' children to the top, leaving other values alone", () => {
    expect(unwrap({ MsgType: "event", Info: { a: "1" }, List: ["x"] }, ["Info", "List", "Missing"])).toEqual({ MsgType: "event", a: "1", List: ["x"] });
  });

  it("serialize replies in the push's format: XML text in CDATA (an embedded ]]> split), numbers bare, lists repeated", async () => {
    const reply = { ToUserName: "o1", CreateTime: 1, Content: "a]]>b", Articles: [{ Title: "t1" }, { Title: "t2" }], Skipped: null };
    const xml = serializePush(reply, "xml");
    expect(xml).toBe("<xml><ToUserName><![CDATA[o1]]></ToUserName><CreateTime>1</CreateTime><Content><![CDATA[a]]]]><![CDATA[>b]]></Content><Articles><Title><![CDATA[t1]]></Title></Articles><Articles><Title><![CDATA[t2]]></Title></Articles></xml>");
    expect((await parsePush(xml, "xml")).Content).toBe("a]]>b");
    expect(serializePush({ a: 1 }, "json")).toBe('{"a":1}');
  });
});
