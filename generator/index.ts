import { Documents } from "./load/documents.js";
import { buildModel } from "./model/build.js";
import { emit, type FileSet } from "./emit/index.js";
import { compareTree, readTree, writeAtomically, type Staleness } from "./write/files.js";

export { SpecError } from "./load/source.js";
export type { FileSet } from "./emit/index.js";
export type { ApiModel } from "./model/types.js";

export interface GenerateOptions extends LoadOptions {
  /** The OpenAPI description (YAML or JSON; other files it references are read too). */
  input: string;
  /** The folder to (re)create with the generated client. */
  output: string;
}

/** How a description is read. */
export interface LoadOptions {
  /** Let `$ref`s name files outside the description's folder (refused by default). */
  refsOutside?: boolean;
}

/** Description → model: the load and build stages. */
export function loadModel(input: string, options: LoadOptions = {}) {
  return buildModel(new Documents(input, options));
}

/** The client for `input` in memory, and the files the description spans. `onWarning` hears problems that did not stop it. */
export function build(input: string, onWarning: (message: string) => void = () => undefined, options: LoadOptions = {}): { files: FileSet; sources: string[] } {
  const model = loadModel(input, options);
  model.warnings.forEach(onWarning);
  return { files: emit(model), sources: model.files };
}

/** All files of the client for `input`, in memory. */
export function generateFiles(input: string, onWarning?: (message: string) => void, options: LoadOptions = {}): FileSet {
  return build(input, onWarning, options).files;
}

/** Generates the client for `input` into `output`, replacing it atomically. */
export function generate(options: GenerateOptions, onWarning?: (message: string) => void): FileSet {
  const files = generateFiles(options.input, onWarning, options);
  writeAtomically(options.output, files);
  return files;
}

/** Compares `output` with what `input` generates, without writing anything. */
export function check(options: GenerateOptions): Staleness {
  return compareTree(generateFiles(options.input, undefined, options), readTree(options.output));
}
