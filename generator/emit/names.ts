import { camelCase, identifier, javascriptReserved, NameSet, pascalCase } from "../model/naming.js";
import { validatedErrors } from "../model/operations.js";
import type { ApiModel, InBandErrorRule, Operation, Webhook } from "../model/types.js";
import type { SchemaGraph } from "./schema-graph.js";

/**
 * Every name a generated file writes bare, and the names derived from the description, claimed
 * here once so that none can collide with what the runtime gives the generated files (the
 * tables below), what the files declare themselves, or what JavaScript gives meaning to.
 *
 * The runtime's helpers stay named imports (`import { lazy, z }`) rather than `import * as rt`:
 * `FileImports.runtime` imports no name that is not in the table, and every description-derived
 * name a module writes bare (schema builders, operation constants, client.ts's loaders and
 * namespace classes) is claimed against that table, so a clash cannot be emitted and the schema
 * modules keep reading `z.string()`. Schema names are public types (index.ts re-exports types.ts)
 * and are claimed against index.ts's own exports instead: a schema called `Lazy` keeps its type
 * name, only its builder constant moves (`Lazy2`).
 */

/** What generated files import, bare, from each runtime module (`FileImports.runtime` takes only these). */
const runtimeImports = {
  "schema": {
    values: ["binaryInput", "exposeAll", "fromText", "int64", "int64Input", "jsonDecoded", "jsonEncoded", "lazy", "oneOrMany", "z"],
    types: ["BinaryInput", "BinaryResponse", "Lazy", "ReadonlyInput"],
  },
  "json-schema": {
    values: ["allOf", "arrayOf", "byType", "codePoints", "discriminated", "exactlyOne", "format", "multipleOf", "not", "objectRules", "oneOfValues"],
    types: [],
  },
  "operation": { values: ["bindNamespaces", "operationModule"], types: ["InBandErrorSpec", "NamespaceTables", "OperationSpec"] },
  "core": { values: ["Core"], types: ["ClientOptions", "RequestOptions"] },
  "security": { values: ["credential"], types: ["CredentialValue", "SchemeSpec"] },
  "token-access": { values: ["TokenAccess"], types: ["TokenRule"] },
  "token": { values: [], types: ["TokenProvider", "TokenStore"] },
  "api-security": { values: ["apiSecurityMiddleware"], types: ["ApiSecurityOptions"] },
  "api-promise": { values: [], types: ["ApiPromise"] },
  "signing": { values: [], types: ["SignatureRule"] },
  "push": { values: ["createPushReceiver"], types: ["PushContext", "PushReceiverOptions", "PushResult", "PushRoute"] },
  "push-http": { values: [], types: ["PushReceiver"] },
  "push-callback": { values: ["createCallbackReceiver"], types: ["CallbackReceiverOptions"] },
  "errors": { values: ["HttpError", "InBandApiError"], types: [] },
} as const;

type Tables = typeof runtimeImports;
export type RuntimeName = { [M in keyof Tables]: Tables[M]["values"][number] | Tables[M]["types"][number] }[keyof Tables];
/** The runtime helpers generated zod schemas call. */
export type SchemaHelper = Tables["schema" | "json-schema"]["values"][number];

const runtimeIndex = new Map<string, { module: string; typeOnly: boolean }>(
  Object.entries(runtimeImports).flatMap(([module, { values, types }]) => [
    ...values.map((name): [string, { module: string; typeOnly: boolean }] => [name, { module, typeOnly: false }]),
    ...types.map((name): [string, { module: string; typeOnly: boolean }] => [name, { module, typeOnly: true }]),
  ]),
);

/** Every name generated files import from the runtime, with its module. */
export const runtimeNames: readonly { name: RuntimeName; module: string; typeOnly: boolean }[] = [...runtimeIndex].map(([name, at]) => ({ name: name as RuntimeName, ...at }));

export function runtimeModuleOf(name: RuntimeName): { module: string; typeOnly: boolean } {
  return runtimeIndex.get(name)!;
}

/** The namespace types.ts is imported as wherever schema names are written bare beside it. */
export const typesNamespace = "t";

/** The namespace types.ts imports runtime/errors.ts as: types.ts writes schema names bare, the runtime's stay apart. */
export const errorsNamespace = "http";

/** types.ts's map of each operation's HttpError, its lookup type, and errors.ts's guard: fixed public names. */
export const httpErrorNames = { map: "HttpErrors", lookup: "HttpErrorOf", guard: "isHttpError" } as const;

/** Names generated files declare or import for themselves, besides the runtime's. */
const fileNames = [
  typesNamespace, "ZodType", // schemas.ts, from zod
  "schemas", "Schemas", // schemas.ts
  "routes", "PushHandlers", "PushMessage", "createPushHandler", // push.ts
  "schemes", "tokenRules", "signatureRules", "namespaceMethods", // client.ts
];

/** Globals the emitted code calls or names (`Record<…>`, `Promise<void>`, `Object.entries`, `new RegExp`). */
const globalsWritten = ["Object", "Promise", "Readonly", "Record", "RegExp"];

/**
 * A module exporting `then` is a thenable: `await import()` of it would call it. `__esModule`
 * changes how CommonJS interop reads a module.
 */
const exportMeanings = ["then", "__esModule"];

/** Names no constant of an operations, schema or push module may take: everything written bare there. */
const moduleReserved = [...runtimeIndex.keys(), ...fileNames, ...globalsWritten, ...exportMeanings, ...javascriptReserved];

/** What index.ts re-exports from the runtime, module by module: each module is loaded only if used. */
export const runtimeExports: [module: string, values: string[], types: string[]][] = [
  ["errors", ["AbortError", "ApiClientError", "ConnectionError", "CredentialError", "HttpError", "InBandApiError", "RequestValidationError", "ResponseTooLargeError", "ResponseValidationError", "TimeoutError", "TokenStoreError"], ["UndocumentedHttpError"]],
  ["api-promise", [], ["ApiPromise", "RawResponse", "WithResponse"]],
  ["core", [], ["ClientOptions", "RequestOptions", "ResponseMismatch"]],
  ["middleware", [], ["ApiRequest", "ApiResponse", "Middleware", "Next"]],
  ["observe", [], ["ErrorEvent", "Hooks", "RequestEvent", "ResponseEvent", "RetryHookEvent"]],
  ["schema", [], ["BinaryInput", "BinaryResponse", "ReadonlyInput"]],
  ["security", [], ["CredentialValue"]],
];

/** Exported only by clients whose description has tokens (`x-wxgen-token`). */
export const tokenExports: typeof runtimeExports = [
  ["token", ["MemoryTokenStore", "redisTokenStore"], ["StoredToken", "TokenLock", "TokenProvider", "TokenStore"]],
  ["token-access", [], ["TokenAccess"]],
  ["redis-store", [], ["RedisLike", "RedisTokenStoreOptions"]],
];

/** Exported by clients with a push receiver: the dedupe store, the receiver's types, push.ts's own. */
export const pushExports = {
  dedupe: { values: ["MemoryDedupeStore", "redisDedupeStore"], types: ["DedupeStore"] },
  receiverTypes: ["PushContext", "PushReceiverOptions", "PushReply", "PushResult"],
  /** The HTTP side every receiver shares (push and callbacks). */
  httpTypes: ["PushHttpRequest", "PushHttpResponse", "PushLogger", "PushReceiver"],
  callbackTypes: ["CallbackContext", "CallbackReceiverOptions"],
  ownTypes: ["PushHandlers", "PushMessage"],
  factory: "createPushHandler",
};

/** Exported by clients with API 安全 or open data. */
export const cryptoExports = {
  errors: { apiSecurity: "ApiSecurityError", openData: "OpenDataError" },
  apiSecurityTypes: ["ApiSecurityOptions"],
  openDataValues: ["decryptOpenData", "verifyRawData"],
  openDataTypes: ["DecryptOpenDataInput", "OpenData", "OpenDataKind", "OpenDataKinds", "OpenDataWatermark", "OpenChatToolInfo", "OpenGroupEnterInfo", "OpenPhoneNumber", "OpenShareInfo", "OpenUserInfo", "OpenWeRunData", "VerifyRawDataInput"],
};

/** The names of the client class and what comes with it, from the client's name. */
export function clientNames(clientName: string): { clientClass: string; errorClass: string; options: string; commonOptions: string; factory: string } {
  const clientClass = `${clientName}Client`;
  return { clientClass, errorClass: `${clientName}ApiError`, options: `${clientClass}Options`, commonOptions: `${clientClass}CommonOptions`, factory: `create${clientClass}` };
}

/**
 * Names a schema (so a public type, re-exported by index.ts with `export type *`) may not take:
 * what index.ts exports by name would hide it, and types.ts writes `BinaryInput` and `Record` bare.
 */
export function publicTypeReserved(clientName: string): string[] {
  const runtime = [...runtimeExports, ...tokenExports].flatMap(([, values, types]) => [...values, ...types]);
  const push = [...pushExports.dedupe.values, ...pushExports.dedupe.types, ...pushExports.receiverTypes, ...pushExports.httpTypes, ...pushExports.callbackTypes, ...pushExports.ownTypes, pushExports.factory, "callbacks"];
  const crypto = [...Object.values(cryptoExports.errors), ...cryptoExports.apiSecurityTypes, ...cryptoExports.openDataValues, ...cryptoExports.openDataTypes];
  return [...runtime, ...push, ...crypto, ...Object.values(clientNames(clientName)), ...Object.values(httpErrorNames), typesNamespace, errorsNamespace, "Record"];
}

/**
 * The names of one generated client, claimed in this order (the order decides which of two
 * clashing names gets the plain one, so it is part of the output's determinism). Client
 * members (namespaces, methods) and schema names come claimed from the model, in description
 * order (model/operations.ts, model/schemas.ts).
 * 1. types.ts: per operation, in description order, `<Op>Input` and `<Op>Response`; then
 *    allOf-inheritance bases `<Name>Base` (schema order), push variants `<Name>Push`, request
 *    type variants and request schema variants `<Name>Input` (each in the order the schema graph
 *    finds them: schemas that differ themselves in schema order, then those that differ through
 *    a reference); then inline push payloads `<Webhook>Push` and inline replies `<Webhook>Reply`,
 *    in webhook order; then `<Op>HttpError`, in description order, for each operation that
 *    documents a JSON error response (the map and lookup names, `HttpErrors` and `HttpErrorOf`,
 *    are reserved outright); then, apart from the types, the receivers of signed callbacks
 *    `create<Webhook>Receiver`, in webhook order.
 * 2. Constants of the schema and operations modules, each avoiding what those modules write
 *    bare: schema builders (schemas, bases, request and push variants: the type's name unless
 *    it is taken), in-band error rules (`inBandError`, `inBandError2`, … in operation order),
 *    operation specs (camelCase of the operation, in description order).
 * 3. Files: schema modules (unique ignoring case, builders in the order of 2), operations
 *    modules (one per namespace, in order of first operation), and client.ts's loader
 *    constant and class of each namespace.
 */
export class EmitNames {
  readonly clientClass: string;
  readonly errorClass: string | undefined;
  private readonly opTypes = new Map<Operation, { input: string; response: string }>();
  private readonly bases = new Map<string, string>();
  private readonly pushTypes = new Map<string, string>();
  /** Schemas whose type differs in requests: name → the request type. */
  private readonly requestTypes = new Map<string, string>();
  /** Schemas whose validation differs in requests: name → the type-like name its request builder starts from. */
  private readonly requestSchemas = new Map<string, string>();
  private readonly webhookTypes = new Map<Webhook, string>();
  private readonly callbackFactories = new Map<Webhook, string>();
  private readonly replyTypes = new Map<Webhook, string>();
  private readonly httpErrorTypes = new Map<Operation, string>();
  /** Type name → the constant that builds its zod schema. */
  private readonly builders = new Map<string, string>();
  private readonly inBandNames = new Map<InBandErrorRule, string>();
  private readonly opConsts = new Map<Operation, string>();
  /** Builder → its module under `schemas/`. */
  private readonly modules = new Map<string, string>();
  private readonly operationModules = new Map<string, string>();
  private readonly loaders = new Map<string, string>();
  private readonly namespaceClasses = new Map<string, string>();

  constructor(model: ApiModel, graph: SchemaGraph) {
    const client = clientNames(model.clientName);
    this.clientClass = client.clientClass;
    this.errorClass = model.operations.some((op) => op.inBandError) ? client.errorClass : undefined;
    this.claimTypes(model, graph);
    this.claimConstants(model, graph);
    this.claimFiles(model, graph);
  }

  private claimTypes(model: ApiModel, graph: SchemaGraph): void {
    const types = new NameSet([...model.schemas.map((s) => s.name), ...publicTypeReserved(model.clientName)]);
    for (const op of model.operations) this.opTypes.set(op, { input: types.claim(`${op.typeName}Input`), response: types.claim(`${op.typeName}Response`) });
    for (const name of graph.inheritanceBases.keys()) this.bases.set(name, types.claim(`${name}Base`));
    for (const name of graph.pushVariants) this.pushTypes.set(name, types.claim(`${name}Push`));
    for (const name of graph.requestTypeVariants) this.requestTypes.set(name, types.claim(`${name}Input`));
    for (const name of graph.requestSchemaVariants) this.requestSchemas.set(name, this.requestTypes.get(name) ?? types.claim(`${name}Input`));
    for (const webhook of model.webhooks) if (graph.inlinePayload(webhook)) this.webhookTypes.set(webhook, types.claim(`${pascalCase(webhook.name)}Push`));
    for (const webhook of model.webhooks) if (graph.inlineReply(webhook)) this.replyTypes.set(webhook, types.claim(`${pascalCase(webhook.name)}Reply`));
    for (const op of model.operations) if (validatedErrors(op).length > 0) this.httpErrorTypes.set(op, types.claim(`${op.typeName}HttpError`));
    // Values exported by push.ts and index.ts: apart from every type (no claimed type ends in "Receiver") and from what push.ts writes bare.
    const factories = new NameSet([...model.schemas.map((s) => s.name), ...publicTypeReserved(model.clientName), ...moduleReserved]);
    for (const webhook of model.webhooks) if (webhook.callback) this.callbackFactories.set(webhook, factories.claim(`create${pascalCase(webhook.name)}Receiver`));
  }

  private claimConstants(model: ApiModel, graph: SchemaGraph): void {
    const constants = new NameSet(moduleReserved);
    const builder = (type: string) => this.builders.set(type, constants.claim(type));
    for (const s of model.schemas) {
      builder(s.name);
      const base = this.bases.get(s.name);
      if (base) builder(base);
    }
    for (const type of this.requestSchemas.values()) builder(type);
    for (const type of this.pushTypes.values()) builder(type);
    for (const op of model.operations) if (op.inBandError && !this.inBandNames.has(op.inBandError)) this.inBandNames.set(op.inBandError, constants.claim("inBandError"));
    for (const op of model.operations) this.opConsts.set(op, constants.claim(identifier(op.typeName)));
  }

  private claimFiles(model: ApiModel, graph: SchemaGraph): void {
    // File names must not clash on case-insensitive file systems either.
    const files = new NameSet();
    const claimFile = (builder: string) => {
      const file = files.claim(builder.toLowerCase());
      this.modules.set(builder, file === builder.toLowerCase() ? builder : `${builder}_${file.slice(builder.length)}`);
    };
    for (const s of model.schemas) {
      claimFile(this.builders.get(s.name)!);
      const base = this.bases.get(s.name);
      if (base) this.modules.set(this.builders.get(base)!, this.modules.get(this.builders.get(s.name)!)!);
    }
    for (const type of this.requestSchemas.values()) claimFile(this.builders.get(type)!);
    for (const type of this.pushTypes.values()) claimFile(this.builders.get(type)!);
    const namespaces = new NameSet(["in-band-errors"]);
    // client.ts declares loaders and namespace classes beside its imports and its own classes.
    const clientScope = new NameSet([...runtimeIndex.keys(), ...fileNames, ...globalsWritten, ...javascriptReserved, ...Object.values(clientNames(model.clientName))]);
    for (const op of model.operations) {
      const key = op.namespace.join(".");
      if (this.operationModules.has(key)) continue;
      const module = namespaces.claim(key === "" ? "client" : key);
      this.operationModules.set(key, module);
      this.loaders.set(module, clientScope.claim(`${camelCase(module)}Operations`));
    }
    for (const op of model.operations) {
      for (let depth = 1; depth <= op.namespace.length; depth++) {
        const path = op.namespace.slice(0, depth).join(".");
        if (!this.namespaceClasses.has(path)) this.namespaceClasses.set(path, clientScope.claim(`${pascalCase(op.namespace.slice(0, depth).join(" "))}Api`));
      }
    }
  }

  /** The name to refer to in a request (its request variant, if it has one) or in a response or push. */
  typeName(name: string, direction: "request" | "response" | "push"): string {
    return direction === "request" ? (this.requestTypes.get(name) ?? name) : name;
  }

  /** The builder constant of a schema as read in this direction (its request or push variant, if it has one). */
  builderOf(name: string, direction: "request" | "response" | "push"): string {
    const variant = direction === "request" ? this.requestSchemas.get(name) : direction === "push" ? this.pushTypes.get(name) : undefined;
    return this.builders.get(variant ?? name)!;
  }

  /** The builder of an allOf-inheritance base's own schema. */
  baseBuilderOf(name: string): string | undefined {
    const base = this.bases.get(name);
    return base && this.builders.get(base);
  }

  /** Variants declared besides each schema's own form: schema name → variant (type name, or builder). */
  variants(kind: "request types" | "request schemas" | "push schemas"): ReadonlyMap<string, string> {
    if (kind === "request types") return this.requestTypes;
    const types = kind === "request schemas" ? this.requestSchemas : this.pushTypes;
    return new Map([...types].map(([name, type]) => [name, this.builders.get(type)!]));
  }

  /** The module under `schemas/` that declares a builder. */
  schemaModule(builder: string): string {
    return this.modules.get(builder)!;
  }

  operationModule(op: Operation): string {
    return this.operationModules.get(op.namespace.join("."))!;
  }

  /** client.ts's constant holding an operations module's loader. */
  loaderOf(module: string): string {
    return this.loaders.get(module)!;
  }

  namespaceClass(path: string[]): string {
    return this.namespaceClasses.get(path.join("."))!;
  }

  /** Name of the operation's spec constant in its operations module. */
  constName(op: Operation): string {
    return this.opConsts.get(op)!;
  }

  inBandErrorName(rule: InBandErrorRule): string {
    return this.inBandNames.get(rule)!;
  }

  inBandErrorRules(): ReadonlyMap<InBandErrorRule, string> {
    return this.inBandNames;
  }

  inputType(op: Operation): string {
    return this.opTypes.get(op)!.input;
  }

  responseType(op: Operation): string {
    return this.opTypes.get(op)!.response;
  }

  /** types.ts's `<Op>HttpError`, for an operation that documents JSON error responses. */
  httpErrorType(op: Operation): string | undefined {
    return this.httpErrorTypes.get(op);
  }

  /** The type of a webhook's payload: its named schema, or the declaration types.ts makes for an inline one. */
  webhookType(webhook: Webhook, named: string | undefined): string {
    return named ?? this.webhookTypes.get(webhook)!;
  }

  /** The function push.ts and index.ts export to receive a callback (`x-wxgen-callback`). */
  callbackFactory(webhook: Webhook): string {
    return this.callbackFactories.get(webhook)!;
  }

  /** The type of a webhook's reply: its named schema in request form, or the declaration types.ts makes for an inline one. */
  replyType(webhook: Webhook, named: string | undefined): string {
    return named !== undefined ? this.typeName(named, "request") : this.replyTypes.get(webhook)!;
  }
}
