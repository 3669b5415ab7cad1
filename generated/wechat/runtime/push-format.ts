import { quoteUnsafeIntegers } from "./decode.js";

/** Push bodies as WeChat sends them (XML or JSON) and replies in the same format. */

export type PushFormat = "xml" | "json";

export class PushFormatError extends Error {
  override name = "PushFormatError";
}

export function formatOf(body: string): PushFormat | undefined {
  const start = body.trimStart()[0];
  return start === "<" ? "xml" : start === "{" ? "json" : undefined;
}

/** The payload as an object: XML's root element's children, or the JSON object (64-bit ids exact). */
export async function parsePush(body: string, format: PushFormat): Promise<Record<string, unknown>> {
  if (format === "json") {
    let value: unknown;
    try {
      value = JSON.parse(quoteUnsafeIntegers(body));
    } catch {
      throw new PushFormatError("malformed JSON");
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new PushFormatError("JSON push is not an object");
    return value as Record<string, unknown>;
  }
  // No document type: entity definitions are how XML bombs and external-entity reads work.
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) throw new PushFormatError("XML with a DTD or entity declarations is refused");
  const { XMLParser, XMLValidator } = await xmlLibrary();
  if (XMLValidator.validate(body) !== true) throw new PushFormatError("malformed XML");
  const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, processEntities: true, ignoreDeclaration: true, ignorePiTags: true });
  const document = parser.parse(body);
  const root = document.xml;
  if (root === null || typeof root !== "object" || Array.isArray(root)) throw new PushFormatError("XML push has no <xml> root element");
  return root as Record<string, unknown>;
}

/** The part of fast-xml-parser used here. */
interface XmlLibrary {
  XMLParser: new (options: Record<string, unknown>) => { parse(xml: string): Record<string, unknown> };
  XMLValidator: { validate(xml: string): true | object };
}

/**
 * fast-xml-parser, loaded on the first XML push: clients that never receive XML (or only JSON
 * pushes) need not install it, and the module graph of the client stays zod + undici.
 */
async function xmlLibrary(): Promise<XmlLibrary> {
  const name = "fast-xml-parser";
  try {
    return (await import(name)) as XmlLibrary;
  } catch {
    throw new Error("receiving XML pushes needs the fast-xml-parser package: npm install fast-xml-parser");
  }
}

/** Lifts the children of wrapper elements to the top, where the JSON layout has them. */
export function unwrap(payload: Record<string, unknown>, wrappers: readonly string[]): Record<string, unknown> {
  let out = payload;
  for (const wrapper of wrappers) {
    const inner = out[wrapper];
    if (inner === null || typeof inner !== "object" || Array.isArray(inner)) continue;
    const { [wrapper]: _, ...rest } = out;
    out = { ...rest, ...(inner as Record<string, unknown>) };
  }
  return out;
}

export function serializePush(value: Record<string, unknown>, format: PushFormat): string {
  return format === "json" ? JSON.stringify(value) : `<xml>${xmlElements(value)}</xml>`;
}

function xmlElements(value: Record<string, unknown>): string {
  return Object.entries(value)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([name, v]) => (Array.isArray(v) ? v.map((item) => xmlElement(name, item)).join("") : xmlElement(name, v)))
    .join("");
}

function xmlElement(name: string, value: unknown): string {
  if (typeof value === "object" && value !== null) return `<${name}>${xmlElements(value as Record<string, unknown>)}</${name}>`;
  if (typeof value === "number" || typeof value === "boolean") return `<${name}>${value}</${name}>`;
  return `<${name}><![CDATA[${String(value).replace(/]]>/g, "]]]]><![CDATA[>")}]]></${name}>`;
}
