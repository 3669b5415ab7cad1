import { Documents } from "./load/documents.js";
import { buildModel } from "./model/build.js";
import { emit, type FileSet } from "./emit/index.js";
import { compareTree, readTree, writeAtomically, type Staleness } from "./write/files.js";

export { SpecError } from "./load/source.js";
export type { FileSet } from "./emit/index.js";
export type { ApiModel } from "./model/types.js";

export interface GenerateOptions {
  /** The OpenAPI description (YAML or JSON; other files it references are read too). */
  input: string;
  /** The folder to (re)create with the generated client. */
  output: string;
}

/** Description → model: the load and build stages. */
export function loadModel(input: string) {
  return buildModel(new Documents(input));
}

/** All files of the client for `input`, in memory. */
export function generateFiles(input: string): FileSet {
  return emit(loadModel(input));
}

/** Generates the client for `input` into `output`, replacing it atomically. */
export function generate(options: GenerateOptions): FileSet {
  const files = generateFiles(options.input);
  writeAtomically(options.output, files);
  return files;
}

/** Compares `output` with what `input` generates, without writing anything. */
export function check(options: GenerateOptions): Staleness {
  return compareTree(generateFiles(options.input), readTree(options.output));
}
