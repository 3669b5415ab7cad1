import { printStructure, StructureKind, type StatementStructures } from "ts-morph";
import { objectKey } from "../model/naming.js";
import { generatedHeader } from "./header.js";
import type { ImportSpec } from "./imports.js";

export type Statement = StatementStructures | string;

/**
 * Prints one file from its structures in a single pass (no AST edits, no formatter), under the
 * header and the imports its emitter recorded while building the statements (imports.ts).
 */
export function printFile(source: string, imports: readonly ImportSpec[], statements: Statement[], options: { skipCheck?: boolean } = {}): string {
  const body = printStructure({ kind: StructureKind.SourceFile, statements }, { indentNumberOfSpaces: 2 });
  const header = [generatedHeader(source, "ts")];
  // Declarations carry explicit types, so skipping the file's checks changes no type users see; it
  // spares their tsc thousands of schema expressions (wxgen's own tests type-check them).
  if (options.skipCheck) header.push("// @ts-nocheck — exported declarations are explicitly typed; wxgen's tests check this file's code");
  return `${[...header, ...imports.map(importLine)].join("\n")}\n\n${body}`;
}

function importLine(spec: ImportSpec): string {
  const type = spec.typeOnly ? "type " : "";
  const what = spec.namespace !== undefined ? `* as ${spec.namespace}` : `{ ${spec.names!.join(", ")} }`;
  return `import ${type}${what} from "${spec.from}";`;
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
        .map(([k, v]) => `${objectKey(k)}: ${literalOf(v, inner)}`);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{ ", " }"];
  const flat = items.every((item) => !item.includes("\n")) && Object.values(value).every((v) => v instanceof Code || v === null || typeof v !== "object" || Array.isArray(v));
  const oneLine = items.length === 0 ? open.trim() + close.trim() : `${open}${items.join(", ")}${close}`;
  if (flat && oneLine.length + indent.length <= 100) return oneLine;
  return `${open.trim()}\n${items.map((item) => `${inner}${item},`).join("\n")}\n${indent}${close.trim()}`;
}
