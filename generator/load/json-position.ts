import type { Anchor, Pointer } from "./source.js";

/**
 * Where the value at `pointer` starts in a JSON text, found by scanning the text along the pointer
 * alone: siblings are skipped bracket by bracket, nothing is built. For a 10 MB description this
 * costs a few milliseconds and no memory, where a positioned parse by the YAML library costs
 * seconds and half a gigabyte (every warning with a position needs one).
 *
 * Offsets follow the YAML locator's rule: a scalar member points at its value, a nested object or
 * array at its key (the collection starts on the lines below it); a missing segment stops at the
 * deepest ancestor found.
 */
export function jsonOffset(text: string, pointer: Pointer, anchor: Anchor = "value"): number {
  let at = skipSpace(text, 0);
  let offset = at;
  for (const [index, segment] of pointer.entries()) {
    const found = text[at] === "{" ? member(text, at, String(segment)) : text[at] === "[" ? item(text, at, Number(segment)) : undefined;
    if (!found) break;
    at = found.value;
    offset = anchor === "key" && index === pointer.length - 1 ? found.key : found.offset;
  }
  return offset;
}

interface Found {
  /** Where the value starts. */
  value: number;
  /** Where to point for it. */
  offset: number;
  /** Where its key starts (an item: the item). */
  key: number;
}

function member(text: string, open: number, name: string): Found | undefined {
  let at = skipSpace(text, open + 1);
  while (text[at] === '"') {
    const keyEnd = stringEnd(text, at);
    const value = skipSpace(text, skipSpace(text, keyEnd) + 1);
    if ((JSON.parse(text.slice(at, keyEnd)) as string) === name) return { value, offset: isCollection(text, value) ? at : value, key: at };
    at = next(text, value);
  }
  return undefined;
}

function item(text: string, open: number, index: number): Found | undefined {
  if (!Number.isInteger(index) || index < 0) return undefined;
  let at = skipSpace(text, open + 1);
  for (let i = 0; at < text.length && text[at] !== "]"; i++) {
    if (i === index) return { value: at, offset: at, key: at };
    at = next(text, at);
  }
  return undefined;
}

/** The start of the entry after the value at `at` (past its comma), or the closing bracket. */
function next(text: string, at: number): number {
  const after = skipSpace(text, valueEnd(text, at));
  return text[after] === "," ? skipSpace(text, after + 1) : after;
}

function isCollection(text: string, at: number): boolean {
  return text[at] === "{" || text[at] === "[";
}

function valueEnd(text: string, at: number): number {
  if (text[at] === '"') return stringEnd(text, at);
  if (!isCollection(text, at)) {
    let end = at;
    while (end < text.length && !",}] \t\r\n".includes(text[end]!)) end++;
    return end;
  }
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') i = stringEnd(text, i) - 1;
    else if (ch === "{" || ch === "[") depth++;
    else if ((ch === "}" || ch === "]") && --depth === 0) return i + 1;
  }
  return text.length;
}

/** Just past the closing quote of the string opening at `at`. */
function stringEnd(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && " \t\r\n".includes(text[at]!)) at++;
  return at;
}
