import { fileURLToPath, pathToFileURL } from "node:url";
import { resolve as resolvePath } from "node:path";
import { displayName, readSource, SpecError, specError, UnreadableError, type Pointer, type SourceFile } from "./source.js";

/** A place in a loaded file, with the base URI in effect there, the value's own `$id` included. */
export interface Location {
  readonly source: SourceFile;
  readonly pointer: Pointer;
  readonly base: string;
  readonly value: unknown;
}

/**
 * Every file a description spans, loaded up front so that `$ref` resolution is synchronous,
 * with the `$id` resources and `$anchor`s of JSON Schema 2020-12 indexed by absolute URI.
 */
export class Documents {
  readonly root: SourceFile;
  private readonly files = new Map<string, SourceFile>();
  /** `$id` URI → the schema that declares it; `uri#anchor` → the schema with that `$anchor`. */
  private readonly resources = new Map<string, Location>();
  /** Problems that did not stop loading, as file:line:col messages. */
  readonly warnings: string[] = [];
  /** Where each `x-wxgen-*` key stands (outside examples and other data), for model/extensions.ts to check its name. */
  readonly extensionKeys: { source: SourceFile; pointer: Pointer; name: string }[] = [];
  /** Files a `$ref` may name: those in the root's folder and below, unless `refsOutside` allows any. */
  private readonly folder: string | undefined;
  /** The text of every file of a description given by URL, by URL. */
  private readonly fetched: ReadonlyMap<string, string>;

  /** `rootPath` is a file path or an http(s) URL (its files fetched beforehand into `options.fetched`). */
  constructor(rootPath: string, options: { refsOutside?: boolean; fetched?: ReadonlyMap<string, string> } = {}) {
    const uri = isUrl(rootPath) ? rootPath : pathToFileURL(resolvePath(rootPath)).href;
    this.fetched = options.fetched ?? new Map();
    this.folder = options.refsOutside ? undefined : new URL(".", uri).href;
    this.root = this.load(uri);
  }

  /** The value at `pointer`; `parentBase` is the base URI in effect around it (its own `$id` applies on top). */
  at(source: SourceFile, pointer: Pointer, parentBase = source.uri): Location {
    let value: unknown = source.value;
    for (const segment of pointer) value = (value as Record<string | number, unknown>)[segment];
    return { source, pointer, base: baseOf(value, parentBase), value };
  }

  /** Paths of every file the description spans. */
  paths(): string[] {
    return [...this.files.keys()].filter((uri) => uri.startsWith("file:")).map((uri) => fileURLToPath(uri));
  }

  /** The location of `segment` inside `parent`'s value. */
  child(parent: Location, segment: string | number): Location {
    const value = (parent.value as Record<string | number, unknown> | undefined)?.[segment];
    return { source: parent.source, pointer: [...parent.pointer, segment], base: baseOf(value, parent.base), value };
  }

  /**
   * `at` itself, or where its `$ref` chain ends: for the objects OpenAPI lets stand behind a `$ref`
   * (path items, parameters, bodies, responses, examples, security schemes). Schemas keep their refs.
   */
  follow(at: Location): Location {
    const seen = new Set<string>();
    let here = at;
    for (let ref = refOf(here.value); ref !== undefined; ref = refOf(here.value)) {
      const key = `${here.source.uri}#${here.pointer.join("/")}`;
      if (seen.has(key)) throw specError(here.source, here.pointer, `$ref "${ref}" leads back to itself`);
      seen.add(key);
      here = this.resolve(ref, here);
    }
    return here;
  }

  /** The location a `$ref` found at `from` points to. */
  resolve(ref: string, from: Location): Location {
    const target = new URL(ref, from.base);
    const fragment = decodeURIComponent(target.hash.slice(1));
    target.hash = "";
    const resource = this.resources.get(target.href) ?? this.fileRoot(target.href);
    if (!resource) {
      throw specError(from.source, from.pointer, `$ref "${ref}": no schema has $id ${target.href} (only local files and the http(s) files of a description given by URL are read)`);
    }
    if (fragment === "") return resource;
    if (!fragment.startsWith("/")) {
      const anchored = this.resources.get(`${target.href}#${fragment}`);
      if (!anchored) throw specError(from.source, from.pointer, `$ref "${ref}": no $anchor "${fragment}" in ${target.href}`);
      return anchored;
    }
    const found = this.descend(resource, fragment);
    if (found.at) return found.at;
    const fallback = this.documentFallback(ref, from);
    if (fallback) return fallback;
    throw specError(from.source, from.pointer, `$ref "${ref}" does not resolve: no "${found.missing}" in ${pointerText(found.pointer)}`);
  }

  /**
   * Widely copied 3.1 descriptions write `#/components/…` inside a schema with its own `$id`, where
   * JSON Schema reads it against that `$id`. When that reading finds nothing and the file has the
   * pointer, the file is meant: resolved there, with a warning.
   */
  private documentFallback(ref: string, from: Location): Location | undefined {
    if (!ref.startsWith("#") || from.base === from.source.uri) return undefined;
    const inFile = this.descend(this.fileRoot(from.source.uri)!, decodeURIComponent(ref.slice(1))).at;
    if (inFile) this.warnings.push(specError(from.source, [...from.pointer, "$ref"], `$ref "${ref}" names nothing in the schema with $id ${from.base}: resolved in ${from.source.display} instead`).message);
    return inFile;
  }

  /** The location a JSON pointer reaches from `start`, or the segment it is missing and where. */
  private descend(start: Location, fragment: string): { at?: Location; missing?: string; pointer: Pointer } {
    let here = start;
    for (const raw of fragment.slice(1).split("/")) {
      const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      const value = here.value;
      if (value === null || typeof value !== "object" || !(segment in value)) return { missing: segment, pointer: here.pointer };
      const next = (value as Record<string, unknown>)[segment];
      here = { source: here.source, pointer: [...here.pointer, segment], base: baseOf(next, here.base), value: next };
    }
    return { at: here, pointer: here.pointer };
  }

  private fileRoot(uri: string): Location | undefined {
    const source = this.files.get(uri);
    return source && { source, pointer: [], base: baseOf(source.value, uri), value: source.value };
  }

  /** Loads the file at `uri`; `from` is the `$ref` that names it (none for the root). */
  private load(uri: string, from?: Location): SourceFile {
    let source: SourceFile;
    try {
      source = readSource(uri, this.fetched);
    } catch (error) {
      if (!(error instanceof UnreadableError)) throw error;
      if (!from) throw new SpecError(displayName(uri), 1, 1, `cannot read file (${error.message})`);
      throw specError(from.source, [...from.pointer, "$ref"], `$ref "${(from.value as { $ref: string }).$ref}": cannot read ${displayName(uri)} (${error.message})`);
    }
    this.files.set(uri, source);
    this.index({ source, pointer: [], base: uri, value: source.value });
    return source;
  }

  /** Indexes `$id`/`$anchor`, then loads every other local file a `$ref` names. */
  private index(root: Location): void {
    const pointer: (string | number)[] = [];
    const refs: Location[] = [];
    const visit = (value: unknown, inherited: string): void => {
      if (value === null || typeof value !== "object") return;
      if (pointer.length > maxDepth) throw specError(root.source, pointer, `nested deeper than ${maxDepth} levels: wxgen reads descriptions up to that depth`);
      const node = value as Record<string, unknown>;
      const base = baseOf(node, inherited);
      const here = (): Location => ({ source: root.source, pointer: [...pointer], base, value });
      if (typeof node.$id === "string") this.resources.set(base, here());
      if (typeof node.$anchor === "string") this.resources.set(`${base}#${node.$anchor}`, here());
      if (typeof node.$ref === "string") refs.push(here());
      for (const key of Object.keys(node)) {
        if (isDataKeyword(key)) continue;
        pointer.push(key);
        if (key.startsWith("x-wxgen-")) this.extensionKeys.push({ source: root.source, pointer: [...pointer], name: key });
        visit(node[key], base);
        pointer.pop();
      }
    };
    visit(root.value, root.base);
    for (const from of refs) {
      const target = new URL((from.value as { $ref: string }).$ref, from.base);
      target.hash = "";
      // Other schemes can only name `$id` resources; resolve() reports them if none does.
      const loadable = target.protocol === "file:" || this.fetched.has(target.href);
      if (!loadable || this.files.has(target.href) || this.resources.has(target.href)) continue;
      if (this.folder && !target.href.startsWith(this.folder)) {
        throw specError(from.source, [...from.pointer, "$ref"], `$ref "${(from.value as { $ref: string }).$ref}" leaves the description's folder (${displayName(this.folder)}); allow it with refsOutside`);
      }
      this.load(target.href, from);
    }
  }
}

/**
 * How deep a description may nest (outside examples and other data). Real descriptions stay
 * within a few dozen levels; the bound keeps every later stage's recursion far from the stack's end.
 */
const maxDepth = 128;

/** Keywords whose values are data, not schemas: a `$ref` or `$id` inside them means nothing. */
function isDataKeyword(key: string): boolean {
  return key === "enum" || key === "const" || key === "default" || key === "example" || key === "examples";
}

export function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

function baseOf(value: unknown, base: string): string {
  const id = value !== null && typeof value === "object" ? (value as { $id?: unknown }).$id : undefined;
  return typeof id === "string" ? new URL(id, base).href : base;
}

export function pointerText(pointer: Pointer): string {
  return "#/" + pointer.map((s) => String(s).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}

function refOf(value: unknown): string | undefined {
  const ref = (value as { $ref?: unknown } | null | undefined)?.$ref;
  return typeof ref === "string" ? ref : undefined;
}
