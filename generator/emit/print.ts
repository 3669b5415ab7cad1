import { printStructure, StructureKind, type StatementStructures } from "ts-morph";
import { propertyKey } from "../model/naming.js";
import { generatedHeader } from "./header.js";

export type Statement = StatementStructures | string;

/** What a generated file may import; only the names its text uses are kept. */
export interface ImportSpec {
  from: string;
  /** Named imports. */
  names?: string[];
  /** `import * as <namespace>`. */
  namespace?: string;
  typeOnly?: boolean;
}

/**
 * Prints one file from its structures in a single pass (no AST edits, no formatter), then
 * prepends the header and the imports its text actually uses.
 */
export function printFile(source: string, imports: ImportSpec[], statements: Statement[], options: { skipCheck?: boolean } = {}): string {
  const body = printStructure({ kind: StructureKind.SourceFile, statements }, { indentNumberOfSpaces: 2 });
  const header = [generatedHeader(source, "ts")];
  // Declarations carry explicit types, so skipping the file's checks changes no type users see; it
  // spares their tsc thousands of schema expressions (wxgen's own tests type-check them).
  if (options.skipCheck) header.push("// @ts-nocheck — exported declarations are explicitly typed; wxgen's tests check this file's code");
  const lines = imports.flatMap((spec) => importLine(spec, body));
  return `${[...header, ...lines].join("\n")}\n\n${body}`;
}

function importLine(spec: ImportSpec, body: string): string[] {
  const type = spec.typeOnly ? "type " : "";
  if (spec.namespace) return new RegExp(`(?<![\\w$.])${spec.namespace}\\.`).test(codeOnly(body)) ? [`import ${type}* as ${spec.namespace} from "${spec.from}";`] : [];
  const names = usedNames(body, spec.names ?? []);
  return names.length === 0 ? [] : [`import ${type}{ ${names.join(", ")} } from "${spec.from}";`];
}

/** Raw source inside a literal written by `literalOf`. */
export class Code {
  constructor(readonly text: string) {}
}

/**
 * A JavaScript literal for plain data, with `Code` spliced in as-is; keys unquoted where legal.
 * Small flat objects stay on one line; anything else gets one entry per line.
 */
export function literalOf(value: unknown, indent = ""): string {
  if (value instanceof Code) return value.text;
  if (value === null || typeof value !== "object") return value === undefined ? "undefined" : JSON.stringify(value);
  const inner = `${indent}  `;
  const items = Array.isArray(value)
    ? value.map((v) => literalOf(v, inner))
    : Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${propertyKey(k)}: ${literalOf(v, inner)}`);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{ ", " }"];
  const flat = items.every((item) => !item.includes("\n")) && Object.values(value).every((v) => v instanceof Code || v === null || typeof v !== "object" || Array.isArray(v));
  const oneLine = items.length === 0 ? open.trim() + close.trim() : `${open}${items.join(", ")}${close}`;
  if (flat && oneLine.length + indent.length <= 100) return oneLine;
  return `${open.trim()}\n${items.map((item) => `${inner}${item},`).join("\n")}\n${indent}${close.trim()}`;
}

/** The named imports `text` actually uses (in code, not in comments or strings), so that generated files never import what they do not use. */
export function usedNames(text: string, candidates: readonly string[]): string[] {
  const code = codeOnly(text);
  return candidates.filter((name) => new RegExp(`(?<![\\w$.])${name.replace(/\$/g, "\\$")}(?![\\w$])`).test(code));
}

/** The text with comments and string literals blanked out. */
function codeOnly(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, " ");
}
