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

/** WeChat's pushes are a few levels deep; anything much deeper is an attack on the parser. */
const MAX_DEPTH = 32;
/** Names that would reach an object's prototype once they become property names. */
const RESERVED_NAMES = new Set(["__proto__", "constructor", "prototype"]);

/**
 * The ciphertext of an encrypted push (`Encrypt`), found without parsing the body: its signature
 * (`msg_signature`) is checked before any parser sees what an unknown sender wrote.
 */
export function envelopeCiphertext(body: string, format: PushFormat): string | undefined {
  const found = format === "json"
    ? /"Encrypt"\s*:\s*"([A-Za-z0-9+/=]+)"/.exec(body)
    : /<Encrypt>\s*(?:<!\[CDATA\[([A-Za-z0-9+/=]+)\]\]>|([A-Za-z0-9+/=]+))\s*<\/Encrypt>/.exec(body);
  return found?.[1] ?? found?.[2];
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
    checkShape(value, 1);
    return value as Record<string, unknown>;
  }
  // No document type: entity definitions are how XML bombs and external-entity reads work.
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) throw new PushFormatError("XML with a DTD or entity declarations is refused");
  checkXmlTags(body);
  const { XMLParser, XMLValidator } = await xmlLibrary();
  if (XMLValidator.validate(body) !== true) throw new PushFormatError("malformed XML");
  const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, processEntities: true, ignoreDeclaration: true, ignorePiTags: true });
  const document = parser.parse(body);
  const root = document.xml;
  if (root === null || typeof root !== "object" || Array.isArray(root)) throw new PushFormatError("XML push has no <xml> root element");
  return root as Record<string, unknown>;
}

/** Depth and names of a decoded JSON value, as for XML. */
function checkShape(value: unknown, depth: number): void {
  if (value === null || typeof value !== "object") return;
  if (depth > MAX_DEPTH) throw new PushFormatError(`nested deeper than ${MAX_DEPTH} levels`);
  for (const [key, item] of Object.entries(value)) {
    if (RESERVED_NAMES.has(key)) throw new PushFormatError(`reserved name "${key}"`);
    checkShape(item, depth + 1);
  }
}

/** Tag depth and names, in one pass over the text, before the XML parser runs. */
function checkXmlTags(body: string): void {
  let depth = 0;
  for (const [, closing, name, selfClosing] of body.matchAll(/<(\/?)([^\s>/!?]+)[^>]*?(\/?)>/g)) {
    if (RESERVED_NAMES.has(name!)) throw new PushFormatError(`reserved tag name <${name}>`);
    if (closing) depth--;
    else if (!selfClosing && ++depth > MAX_DEPTH) throw new PushFormatError(`nested deeper than ${MAX_DEPTH} levels`);
  }
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
