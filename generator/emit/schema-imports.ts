import type { NamedSchema } from "../model/types.js";
import type { Direction, EmitContext } from "./context.js";
import type { FileImports } from "./imports.js";
import type { ZodContext } from "./zod.js";

/**
 * References from one generated file to schema builders, each in its own module under `schemas/`
 * (a call loads only the schemas it uses: a large API's cold start stays short), and to the
 * runtime helpers the zod expressions call; all recorded in the file's imports.
 */
export class SchemaImports {
  /** `prefix`: the path from the importing file to the `schemas/` folder (`./schemas/`, `../schemas/`, `./`). */
  constructor(
    private readonly ctx: EmitContext,
    readonly imports: FileImports,
    private readonly prefix: string,
  ) {}

  /** A zod context whose references are recorded; `from` is the schema being built, for cycles. */
  zod(direction: Direction, from?: NamedSchema): ZodContext {
    const { graph, names } = this.ctx;
    return {
      ref: (name) => {
        const builder = this.use(names.builderOf(name, direction));
        return from && graph.cyclic(from.name, name) ? `${this.imports.runtime("z")}.lazy(() => ${builder}())` : `${builder}()`;
      },
      builder: (name) => this.use(names.builderOf(name, direction)),
      direction,
      tolerant: this.ctx.model.tolerant,
      resolve: (name) => graph.named(name).schema,
      base: (name) => {
        const base = direction === "response" ? names.baseBuilderOf(name) : undefined;
        return base && `${this.use(base)}()`;
      },
      helper: (name) => this.imports.runtime(name),
    };
  }

  /** Records a builder used by name (outside a zod expression). */
  use(builder: string): string {
    return this.imports.builder(this.prefix, this.ctx.names.schemaModule(builder), builder);
  }
}
