import { groupBy } from "../group-by.js";
import type { NamedSchema } from "../model/types.js";
import type { Direction, EmitContext } from "./context.js";
import type { ImportSpec } from "./print.js";
import type { ZodContext } from "./zod.js";

/**
 * References from one generated file to schema builders, each in its own module under `schemas/`:
 * a call loads only the schemas it uses (a large API's cold start stays short).
 */
export class SchemaImports {
  private readonly used = new Set<string>();

  /** `prefix`: the path from the importing file to the `schemas/` folder (`./schemas/`, `../schemas/`, `./`). */
  constructor(
    private readonly ctx: EmitContext,
    private readonly prefix: string,
  ) {}

  /** A zod context whose references are recorded; `from` is the schema being built, for cycles. */
  zod(direction: Direction, from?: NamedSchema): ZodContext {
    const use = (builder: string) => {
      this.used.add(builder);
      return builder;
    };
    return {
      ref: (name) => {
        const builder = use(this.ctx.schemaName(name, direction));
        return from && this.ctx.cyclic(from.name, name) ? `z.lazy(() => ${builder}())` : `${builder}()`;
      },
      builder: (name) => use(this.ctx.schemaName(name, direction)),
      direction,
      tolerant: this.ctx.model.tolerant,
      resolve: (name) => this.ctx.named(name).schema,
      base: (name) => {
        const inheritance = direction === "response" ? this.ctx.inheritanceOf(name) : undefined;
        return inheritance && `${use(inheritance.base)}()`;
      },
    };
  }

  /** Records a builder used by name (outside a zod expression). */
  use(builder: string): string {
    this.used.add(builder);
    return builder;
  }

  /** Import lines for the builders used, except those `own` declares itself. */
  imports(own: readonly string[] = []): ImportSpec[] {
    const imported = [...this.used].sort().filter((builder) => !own.includes(builder));
    return [...groupBy(imported, (builder) => this.ctx.schemaModule(builder))].map(([module, names]) => ({ from: `${this.prefix}${module}.js`, names }));
  }
}
