import type { RequestOptions } from "./core.js";
import type { DerivedSpec } from "./derive.js";
import type { Schema } from "./schema.js";

/** What the generated code tells the core about one operation. */
export interface OperationSpec {
  /** Namespaced name, as in errors: `auth.code2Session`. */
  readonly id: string;
  readonly method: string;
  /** Path template, `{name}` for path parameters. */
  readonly path: string;
  readonly params?: readonly ParamSpec[];
  /** Validates the parameters the caller passes (an object schema of them). */
  readonly paramsSchema?: () => Schema;
  readonly body?: BodySpec;
  /** Values the client fills itself: `grant_type=client_credential`. */
  readonly fills?: readonly FillSpec[];
  /** Alternatives of security scheme keys; absent or [] when none is needed. */
  readonly security?: readonly (readonly string[])[];
  /** apiKey credentials travel in the JSON body instead of where their scheme says. */
  readonly credentialsIn?: "body";
  readonly response: ResponseSpec;
  /** Documented non-2xx responses by status (`404`, `4XX`, `default`). */
  readonly errors?: Readonly<Record<string, () => Schema>>;
  readonly inBandError?: InBandErrorSpec;
  /** Documented error codes of this operation → meaning. */
  readonly errorCodes?: Readonly<Record<string, string>>;
  /** In-band codes meaning "try again later" (`x-wxgen-retryable`): retried with backoff. */
  readonly retryableCodes?: readonly number[];
  /** Safe to send twice (`x-wxgen-idempotent`); default: by HTTP method. */
  readonly idempotent?: boolean;
  /** Response properties holding secrets (issued tokens): masked in error reports. */
  readonly secretFields?: readonly string[];
  /** Parameters computed from a secret input (`x-wxgen-derived`). */
  readonly derived?: readonly DerivedSpec[];
  /** The operation can be called signed and encrypted (`x-wxgen-api-security`). */
  readonly apiSecurity?: true;
}

export type ParamLocation = "query" | "path" | "header" | "cookie";

export interface ParamSpec {
  readonly name: string;
  readonly in: ParamLocation;
  /** Serialization style (OpenAPI `style`), default `form` for query/cookie and `simple` otherwise. */
  readonly style?: string;
  readonly explode?: boolean;
}

export type BodyEncoding = "json" | "multipart" | "form" | "binary" | "text";

export interface BodySpec {
  readonly encoding: BodyEncoding;
  readonly contentType: string;
  readonly required: boolean;
  /** The body's properties are spread among the call's arguments; otherwise they come as `body`. */
  readonly flatten: boolean;
  readonly schema: () => Schema;
}

export interface FillSpec {
  readonly in: ParamLocation | "body";
  readonly name: string;
  readonly value: unknown;
}

export interface ResponseSpec {
  readonly kind: "json" | "binary" | "text" | "empty";
  readonly schema?: () => Schema;
}

/** `x-wxgen-in-band-error`: how a successful HTTP response can still carry an error. */
export interface InBandErrorSpec {
  readonly code: string;
  readonly message: string;
  readonly success: readonly number[];
  readonly requestId?: { readonly field: string; readonly pattern: string };
  /** Meanings of codes any operation may return. */
  readonly codes?: Readonly<Record<string, string>>;
}

/**
 * A namespace's operations module, imported on its first call and kept: later calls find the
 * specs at hand, with no `import()` in between.
 */
export interface OperationModule {
  loaded?: Readonly<Record<string, OperationSpec>>;
  readonly load: () => Promise<Readonly<Record<string, OperationSpec>>>;
}

export function operationModule(importer: () => Promise<object>): OperationModule {
  const module: OperationModule = {
    load: async () => (module.loaded ??= (await importer()) as Readonly<Record<string, OperationSpec>>),
  };
  return module;
}

/** An operation of a lazily loaded module, by its export name. */
export type OperationRef = readonly [module: OperationModule, name: string];

/**
 * How a namespace method calls its operation: `[module, name]` takes a required input, with
 * `"optional"` an input that defaults to `{}`, with `"none"` only the request options.
 */
export type MethodRef = readonly [module: OperationModule, name: string, input?: "optional" | "none"];

/** A namespace's methods and nested namespaces, by member name. */
export interface MethodTable {
  readonly [member: string]: MethodRef | MethodTable;
}

/** The client's namespaces, each table written inside a function: built when the namespace is first used. */
export interface NamespaceTables {
  readonly [namespace: string]: () => MethodTable;
}

type Call = (module: OperationModule, name: string, input: unknown, options?: RequestOptions) => unknown;

/**
 * Defines the client's namespaces on `target`, each bound by `bindMethods` on its first access and
 * from then on a plain property: a new client binds only the namespaces it uses (a process that
 * logs users in pays for `auth`, not for 440 methods), and the emitted tables are compiled and
 * evaluated only then.
 */
export function bindNamespaces<T extends object>(target: T, tables: NamespaceTables, call: Call): T {
  for (const [member, table] of Object.entries(tables)) {
    Object.defineProperty(target, member, {
      get: () => define(target, member, bindMethods({}, table(), call)),
      enumerable: true,
      configurable: true,
    });
  }
  return target;
}

/**
 * Defines a namespace's members on `target` from its table: each method is a closure over its
 * ref, so the emitted client holds a line of data per operation instead of a class method, and its
 * types and docs are interfaces, which compile to nothing.
 */
export function bindMethods<T extends object>(target: T, table: MethodTable, call: Call): T {
  for (const [member, entry] of Object.entries(table)) define(target, member, isMethodRef(entry) ? method(entry, call) : bindMethods({}, entry, call));
  return target;
}

/** Defined, not assigned: a member named `__proto__` stays a member. */
function define<V>(target: object, member: string, value: V): V {
  Object.defineProperty(target, member, { value, enumerable: true, writable: true, configurable: true });
  return value;
}

function isMethodRef(entry: MethodRef | MethodTable): entry is MethodRef {
  return Array.isArray(entry);
}

function method([module, name, input]: MethodRef, call: Call): (...args: never[]) => unknown {
  if (input === "none") return (options?: RequestOptions) => call(module, name, {}, options);
  if (input === "optional") return (args: unknown = {}, options?: RequestOptions) => call(module, name, args, options);
  return (args: unknown, options?: RequestOptions) => call(module, name, args, options);
}
