import { errorsNamespace, runtimeModuleOf, typesNamespace, type RuntimeName } from "./names.js";

/** One import line of a generated file. */
export interface ImportSpec {
  from: string;
  /** Named imports, in the order written. */
  names?: string[];
  /** `import * as <namespace>`. */
  namespace?: string;
  typeOnly?: boolean;
}

/** Where an import comes from; decides its place among the file's imports. */
type Origin = "package" | "runtime" | "local" | "builder";
const originOrder: Origin[] = ["package", "runtime", "local", "builder"];

interface Entry {
  origin: Origin;
  from: string;
  typeOnly: boolean;
  names: Set<string>;
  namespace?: string;
}

/**
 * What one generated file imports, recorded by the emitters as they write each reference (every
 * method returns the name to write), so that the file imports exactly what its code uses. Lines
 * come out packages first, then the runtime (values, then types; by module), the client's own
 * files, and last the schema builders (by their first name).
 */
export class FileImports {
  private readonly entries = new Map<string, Entry>();
  private printed = false;

  /** `root`: the path from the file to the client's folder (`./` or `../`). */
  constructor(private readonly root: string) {}

  /** A runtime helper or type, imported from the runtime module that declares it. */
  runtime(name: RuntimeName): string {
    const { module, typeOnly } = runtimeModuleOf(name);
    return this.add("runtime", `${this.root}runtime/${module}.js`, typeOnly, name);
  }

  /** A type from an npm package the generated client depends on (`zod`). */
  packageType(from: string, name: string): string {
    return this.add("package", from, true, name);
  }

  /** A value from another file of the client (`./errors.js`, `./in-band-errors.js`), as the file refers to it. */
  local(from: string, name: string): string {
    return this.add("local", from, false, name);
  }

  /** types.ts, as `import type * as t` (its names come from the description: only the namespace is bare). */
  types(): string {
    return this.namespaceTypes("local", `${this.root}types.js`, typesNamespace);
  }

  /** runtime/errors.ts's types, as `import type * as http`, for types.ts, where the description's names are bare. */
  errorTypes(): string {
    return this.namespaceTypes("runtime", `${this.root}runtime/errors.js`, errorsNamespace);
  }

  private namespaceTypes(origin: Origin, from: string, namespace: string): string {
    if (this.printed) throw new Error(`${namespace} was referenced after the file's imports were printed`);
    this.entries.set(`type * ${from}`, { origin, from, typeOnly: true, names: new Set(), namespace });
    return namespace;
  }

  /** A schema builder, from its module under `schemas/` (`prefix`: the path to that folder). */
  builder(prefix: string, module: string, name: string): string {
    return this.add("builder", `${prefix}${module}.js`, false, name);
  }

  /** The import lines, in the order described above; `own` names the file declares itself are left out. */
  specs(own: readonly string[] = []): ImportSpec[] {
    this.printed = true;
    const entries = [...this.entries.values()].map((e) => ({ ...e, names: [...e.names].filter((n) => !own.includes(n)).sort() }));
    const sortKey = (e: (typeof entries)[number]) => (e.origin === "builder" ? e.names[0] ?? "" : e.from);
    const kept = entries.filter((e) => e.namespace !== undefined || e.names.length > 0);
    const ordered = kept.sort((a, b) => {
      const byOrigin = originOrder.indexOf(a.origin) - originOrder.indexOf(b.origin);
      if (byOrigin !== 0) return byOrigin;
      // Within the runtime, values come before types.
      if (a.origin === "runtime" && a.typeOnly !== b.typeOnly) return a.typeOnly ? 1 : -1;
      return compare(sortKey(a), sortKey(b));
    });
    return ordered.map((e) => (e.namespace !== undefined ? { from: e.from, namespace: e.namespace, typeOnly: e.typeOnly } : { from: e.from, names: e.names, ...(e.typeOnly ? { typeOnly: true } : {}) }));
  }

  private add(origin: Origin, from: string, typeOnly: boolean, name: string): string {
    // A name written after the lines were printed would go unimported: build the statements first.
    if (this.printed) throw new Error(`${name} was referenced after the file's imports were printed`);
    const key = `${typeOnly ? "type " : ""}${from}`;
    let entry = this.entries.get(key);
    if (!entry) this.entries.set(key, (entry = { origin, from, typeOnly, names: new Set() }));
    entry.names.add(name);
    return name;
  }
}

/** Code-unit order: the same on every machine (no locale). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
