import { readFileSync, statSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, visit, type Alias, type Document, type Node } from "yaml";
import { jsonOffset } from "./json-position.js";

/** A problem in a description, located at file:line:col. */
export class SpecError extends Error {
  override readonly name = "SpecError";
  constructor(
    readonly file: string,
    readonly line: number,
    readonly col: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${col}: ${problem}`);
  }
}

/** One parsed YAML or JSON file of a description. */
export interface SourceFile {
  /** Absolute file URL: the base for relative `$ref`s. */
  readonly uri: string;
  /** Path shown in messages, relative to the working directory. */
  readonly display: string;
  readonly text: string;
  readonly value: unknown;
  /** Read by `JSON.parse`: positions come from scanning the text, not from a parse by the YAML library. */
  readonly json: boolean;
}

export type Pointer = readonly (string | number)[];

/** A file of a description could not be read; the caller says who referred to it. */
export class UnreadableError extends Error {}

/**
 * Reads and parses the file at `uri`: a file URL from disk, anything else from `fetched`
 * (descriptions behind http(s) are fetched up front, so that loading stays synchronous).
 */
export function readSource(uri: string, fetched: ReadonlyMap<string, string> = new Map()): SourceFile {
  const display = displayName(uri);
  const text = readText(uri, fetched);
  return { uri, display, text, ...parse(display, text) };
}

function readText(uri: string, fetched: ReadonlyMap<string, string>): string {
  const text = fetched.get(uri);
  if (text !== undefined) return text;
  if (!uri.startsWith("file:")) throw new UnreadableError("not fetched");
  try {
    // A device or a pipe (`$ref: /dev/zero`) would be read forever.
    if (!statSync(fileURLToPath(uri)).isFile()) throw new UnreadableError("not a regular file");
    return readFileSync(fileURLToPath(uri), "utf8");
  } catch (error) {
    if (error instanceof UnreadableError) throw error;
    throw new UnreadableError((error as NodeJS.ErrnoException).code ?? "unknown error");
  }
}

/** Path shown in messages: relative to the working directory for files, the URL otherwise. */
export function displayName(uri: string): string {
  if (!uri.startsWith("file:")) return uri;
  const path = fileURLToPath(uri);
  return relative(process.cwd(), path) || path;
}

/** JSON goes through `JSON.parse` (fast on 10 MB files); YAML, and JSON that fails, through `yaml` for positions. */
export function parseText(display: string, text: string): unknown {
  return parse(display, text).value;
}

function parse(display: string, text: string): { value: unknown; json: boolean } {
  if (/^\s*[{[]/.test(text)) {
    try {
      return { value: JSON.parse(text), json: true };
    } catch {
      // fall through: the YAML parser reports where the problem is
    }
  }
  // Without a LineCounter: it costs a fifth of the parse, and only errors need positions.
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const error = doc.errors[0];
  if (error) {
    const { line, col } = linePosition(text, error.pos[0]);
    throw new SpecError(display, line, col, error.message.split("\n")[0] ?? error.code);
  }
  return { value: toValue(doc, display, text), json: false };
}

/** How far YAML aliases may multiply what they copy (the `yaml` library's guard against alias bombs). */
const maxAliasCount = 100;

/** The document's value, with YAML aliases that point forward or multiply out of bounds reported where they stand. */
function toValue(doc: Document, display: string, text: string): unknown {
  try {
    return doc.toJS({ maxAliasCount });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    const anchors = new Set<string>();
    let unresolved: Alias | undefined;
    let first: Alias | undefined;
    visit(doc, {
      Node(_, node) {
        if (isAlias(node)) {
          first ??= node;
          if (!anchors.has(node.source)) unresolved ??= node;
        } else if (node.anchor) anchors.add(node.anchor);
      },
    });
    const alias = unresolved ?? first;
    const { line, col } = linePosition(text, alias?.range?.[0] ?? 0);
    const problem = unresolved
      ? `alias *${unresolved.source} comes before its anchor &${unresolved.source} (or has none)`
      : `YAML aliases expand past ${maxAliasCount} copies (an alias bomb?): write the repeated part once and $ref it`;
    throw new SpecError(display, line, col, problem);
  }
}

function linePosition(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf("\n"); at !== -1 && at < offset; at = text.indexOf("\n", at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

function parseWithPositions(text: string): { doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  return { doc, lines };
}

const positioned = new WeakMap<SourceFile, { doc: Document; lines: LineCounter }>();

/** What of a member an error points at: its value (a wrong value), or its key (a misspelt or unknown name). */
export type Anchor = "value" | "key";

/**
 * Line and column of the value at `pointer` (or of its key), or of the deepest ancestor that exists.
 * Positions are computed on demand: only error paths pay for them.
 */
export function locate(source: SourceFile, pointer: Pointer, anchor: Anchor = "value"): { line: number; col: number } {
  if (source.json) return linePosition(source.text, jsonOffset(source.text, pointer, anchor));
  let parsed = positioned.get(source);
  if (!parsed) {
    parsed = parseWithPositions(source.text);
    positioned.set(source, parsed);
  }
  let node: Node | null | undefined = parsed.doc.contents as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (const [index, segment] of pointer.entries()) {
    const next = child(node, segment);
    if (!next) break;
    node = next.value;
    offset = anchor === "key" && index === pointer.length - 1 ? next.keyOffset : next.offset;
  }
  const { line, col } = parsed.lines.linePos(offset);
  return { line, col };
}

function child(node: Node | null | undefined, segment: string | number): { value: Node | null; offset: number; keyOffset: number } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => String(isScalar(item.key) ? item.key.value : item.key) === String(segment));
    if (!pair) return undefined;
    const value = (pair.value as Node | null) ?? null;
    const keyOffset = (pair.key as Node | null)?.range?.[0] ?? value?.range?.[0] ?? 0;
    // A nested collection starts on the lines below its key: point at the key.
    const offset = (isScalar(value) ? value.range?.[0] : undefined) ?? keyOffset;
    return { value, offset, keyOffset };
  }
  if (isSeq(node)) {
    const value = node.items[Number(segment)] as Node | undefined;
    return value?.range ? { value, offset: value.range[0], keyOffset: value.range[0] } : undefined;
  }
  return undefined;
}

/** An error about the value at `pointer` in `source` (or about its key: an unknown or misspelt name). */
export function specError(source: SourceFile, pointer: Pointer, problem: string, anchor: Anchor = "value"): SpecError {
  const { line, col } = locate(source, pointer, anchor);
  return new SpecError(source.display, line, col, problem);
}
