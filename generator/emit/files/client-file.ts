import {
  StructureKind, type ClassDeclarationStructure, type InterfaceDeclarationStructure, type MethodDeclarationStructure, type MethodSignatureStructure,
  type OptionalKind, type PropertySignatureStructure,
} from "ts-morph";
import { groupBy } from "../../group-by.js";
import { camelCase, objectKey, propertyKey } from "../../model/naming.js";
import { tokenMembers as tokenMemberNames } from "../../model/operations.js";
import type { Operation, SecurityScheme } from "../../model/types.js";
import type { EmitContext } from "../context.js";
import { FileImports } from "../imports.js";
import { docText, inlineDoc, operationDoc } from "../jsdoc.js";
import { Code, literalOf, printFile, type Statement } from "../print.js";

/**
 * client.ts: the client class with one member per namespace. A namespace is an interface (its
 * types and docs) and an entry of one table of operation refs that the runtime binds to the core:
 * the compiled client carries data per operation, not code.
 */
export function clientFile(ctx: EmitContext): string {
  // Module by module rather than runtime/index.js: a client without tokens never loads them.
  const imports = new FileImports("./");
  const tree = namespaceTree(ctx.model.operations);
  const statements: Statement[] = [operationModulesConstant(ctx, imports)];
  if (ctx.model.securitySchemes.length > 0) statements.push(schemesConstant(ctx.model.securitySchemes, imports));
  const tokens = tokenSchemes(ctx);
  if (tokens.length > 0) statements.push(tokenRulesConstant(ctx, tokens, imports));
  const signing = signatureSchemes(ctx);
  if (signing.length > 0) statements.push(signatureRulesConstant(signing, imports));
  if (tree.size > 1) statements.push(namespaceTable(ctx, tree, imports));
  statements.push(...optionsDeclarations(ctx, imports), clientClass(ctx, tree, imports), factory(ctx));
  for (const [key, node] of tree) if (key !== "") statements.push(namespaceInterface(ctx, node, imports));
  return printFile(ctx.model.source, imports.specs(), statements);
}

interface NamespaceNode {
  path: string[];
  children: string[];
  operations: Operation[];
}

function namespaceTree(operations: Operation[]): Map<string, NamespaceNode> {
  const tree = new Map<string, NamespaceNode>([["", { path: [], children: [], operations: [] }]]);
  const nodeAt = (path: string[]): NamespaceNode => {
    const key = path.join(".");
    let node = tree.get(key);
    if (!node) {
      node = { path, children: [], operations: [] };
      tree.set(key, node);
      nodeAt(path.slice(0, -1)).children.push(path.at(-1)!);
    }
    return node;
  };
  for (const op of operations) nodeAt(op.namespace).operations.push(op);
  return tree;
}

function schemesConstant(schemes: SecurityScheme[], imports: FileImports): string {
  const specs = Object.fromEntries(
    schemes.map((s) => [s.key, { key: s.key, type: s.type, in: s.in, name: s.paramName, scheme: s.scheme }]),
  );
  return `/** The description's security schemes, for the credential middleware. */\nconst schemes = ${literalOf(specs)} satisfies Record<string, ${imports.runtime("SchemeSpec")}>;`;
}

function tokenSchemes(ctx: EmitContext): SecurityScheme[] {
  return ctx.model.securitySchemes.filter((s) => s.token);
}

/** One loader per operations module: imported on the module's first call (token issuers too), then kept. */
function operationModulesConstant(ctx: EmitContext, imports: FileImports): string {
  const modules = [...groupBy(ctx.model.operations, (op) => ctx.operationModule(op)).keys()];
  const lines = modules.map((module) => `const ${ctx.names.loaderOf(module)} = ${imports.runtime("operationModule")}(() => import("./operations/${module}.js"));`);
  return `// Operations modules load on first use: importing the client stays cheap.
${lines.join("\n")}`;
}

/** `[module, "constName"]`: how the core finds an operation of a lazily loaded module. */
function operationRef(ctx: EmitContext, op: Operation): Code {
  return new Code(`[${ctx.names.loaderOf(ctx.operationModule(op))}, ${JSON.stringify(ctx.constName(op))}]`);
}

/**
 * Every namespace's members: nested namespaces as objects, methods as `[module, "constName", input
 * kind]`, each top-level namespace's table inside a function (built on the namespace's first use).
 * The client's own operations stay methods of its class.
 */
function namespaceTable(ctx: EmitContext, tree: Map<string, NamespaceNode>, imports: FileImports): string {
  const child = (node: NamespaceNode, name: string) => tree.get([...node.path, name].join("."))!;
  const members = (node: NamespaceNode): Record<string, unknown> => Object.fromEntries([
    ...node.children.map((name) => [name, members(child(node, name))]),
    ...node.operations.map((op) => [op.method, methodRef(ctx, op)]),
  ]);
  const root = tree.get("")!;
  const table = Object.fromEntries(root.children.map((name) => [name, new Code(`() => (${literalOf(members(child(root, name)), "  ")})`)]));
  return `/** The namespaces' methods, by the operation each calls (bound to the core by \`bindNamespaces\` on first use). */\nconst namespaceMethods = ${literalOf(table)} satisfies ${imports.runtime("NamespaceTables")};`;
}

function methodRef(ctx: EmitContext, op: Operation): Code {
  const shape = ctx.input(op);
  const kind = !shape ? `, "none"` : shape.required ? "" : `, "optional"`;
  return new Code(`[${ctx.names.loaderOf(ctx.operationModule(op))}, ${JSON.stringify(ctx.constName(op))}${kind}]`);
}

function tokenRulesConstant(ctx: EmitContext, schemes: SecurityScheme[], imports: FileImports): string {
  const opRef = (id: string) => operationRef(ctx, ctx.model.operations.find((o) => o.id === id)!);
  const rules = Object.fromEntries(
    schemes.map(({ key, token }) => [
      key,
      {
        modes: Object.fromEntries(Object.entries(token!.modes).map(([mode, id]) => [mode, opRef(id)])),
        token: token!.tokenField,
        expiresIn: token!.expiresInField,
        invalidCodes: token!.invalidCodes,
        force: token!.force && { mode: token!.force.mode, input: token!.force.input, intervalMs: token!.force.minIntervalSeconds * 1000 },
        fallbackModes: token!.fallbackModes.length > 0 ? token!.fallbackModes : undefined,
      },
    ]),
  );
  return `/** How the client obtains and renews tokens (\`x-wxgen-token\`). */\nconst tokenRules = ${literalOf(rules)} satisfies Record<string, ${imports.runtime("TokenRule")}>;`;
}

function signatureSchemes(ctx: EmitContext): SecurityScheme[] {
  return ctx.model.securitySchemes.filter((s) => s.signature);
}

/** Schemes whose credential is a value to send as is: neither a token nor a signature. */
function isPlain(scheme: SecurityScheme): boolean {
  return !scheme.option && !scheme.token && !scheme.signature;
}

function signatureRulesConstant(schemes: SecurityScheme[], imports: FileImports): string {
  const rules = Object.fromEntries(schemes.map(({ key, in: location, paramName, signature }) => [
    key,
    { in: location, name: paramName, algorithm: signature!.algorithm, message: signature!.message, argument: signature!.keyArgument },
  ]));
  return `/** Schemes that sign the path and body bytes (\`x-wxgen-signature\`). */\nconst signatureRules = ${literalOf(rules)} satisfies Record<string, ${imports.runtime("SignatureRule")}>;`;
}

/** The Core's signing rules, with the keys that come from client options. */
function signaturesConfig(ctx: EmitContext): string {
  const entries = signatureSchemes(ctx).map((scheme) => {
    const rule = `signatureRules${memberAccess(scheme.key)}`;
    const option = scheme.signature!.keyOption;
    return `${objectKey(scheme.key)}: ${option ? `{ ...${rule}, key: options${memberAccess(option)} }` : rule}`;
  });
  return `{ ${entries.join(", ")} }`;
}

/** Option names for a token scheme: \`tokenMode\`, … when there is one, \`<scheme>Mode\`, … otherwise. */
function tokenPrefix(ctx: EmitContext, scheme: SecurityScheme): string {
  return tokenSchemes(ctx).length === 1 ? "token" : camelCase(scheme.key);
}

/**
 * The options interface; with gateway modes (`x-wxgen-client.modes`) the credential options move
 * into a union discriminated by `mode`: required without a gateway, optional behind one.
 */
function optionsDeclarations(ctx: EmitContext, imports: FileImports): Statement[] {
  const { common, credentials } = optionProperties(ctx, imports);
  const modes = ctx.model.gatewayModes;
  const name = `${ctx.clientClass}Options`;
  const declare = (interfaceName: string, properties: OptionalKind<PropertySignatureStructure>[], doc: string): InterfaceDeclarationStructure => ({
    kind: StructureKind.Interface, name: interfaceName, isExported: true, extends: [imports.runtime("ClientOptions")], docs: [doc], properties,
  });
  if (modes.length === 0) return [declare(name, [...credentials, ...common], `Options of {@link ${ctx.clientClass}}.`)];
  const member = (mode: string, optional: boolean) => {
    const lines = credentials.map((p) => `${inlineDoc(p.docs![0] as string, "  ")}  readonly ${p.name}${optional ? "?" : ""}: ${p.type};`);
    return `{\n  readonly mode${optional ? "" : "?"}: ${JSON.stringify(mode)};\n${lines.join("\n")}\n}`;
  };
  const modeDocs = modes.map((m) => `\`mode: ${JSON.stringify(m.name)}\`: ${m.description ?? "behind a gateway"}; calls go to ${m.baseUrl} and carry no ${m.supplies.map((s) => `\`${s}\``).join(", ")}.`);
  const alias = [
    `/**\n * Options of {@link ${ctx.clientClass}}. Without \`mode\` (or \`mode: "direct"\`) the credentials are required.`,
    ...modeDocs.map((d) => ` * ${d}`),
    " */",
    `export type ${name} = ${name.replace(/Options$/, "CommonOptions")} & (${[member("direct", false), ...modes.map((m) => member(m.name, true))].join(" | ")});`,
  ].join("\n");
  return [declare(name.replace(/Options$/, "CommonOptions"), common, `Options of {@link ${ctx.clientClass}} besides its credentials.`), alias];
}

function optionProperties(ctx: EmitContext, imports: FileImports): { common: OptionalKind<PropertySignatureStructure>[]; credentials: OptionalKind<PropertySignatureStructure>[] } {
  const credentials: OptionalKind<PropertySignatureStructure>[] = [];
  const properties: OptionalKind<PropertySignatureStructure>[] = [];
  const plain: SecurityScheme[] = [];
  const ordered = [...ctx.model.securitySchemes].sort((a, b) => Number(!a.option) - Number(!b.option));
  const options = new Set<string>();
  for (const scheme of ordered) {
    if (scheme.option) {
      // Several schemes may draw on one option (the secret under two wire names): declared once.
      if (options.has(scheme.option)) continue;
      options.add(scheme.option);
      const users = ordered.filter((s) => s.option === scheme.option).map((s) => `\`${s.key}\``);
      credentials.push({ name: scheme.option, type: "string", isReadonly: true, docs: [docText([scheme.description, `Credential of security scheme ${users.join(", ")}.`])!] });
    } else if (scheme.token) {
      const prefix = tokenPrefix(ctx, scheme);
      const modes = Object.keys(scheme.token.modes);
      const token = scheme.paramName ?? scheme.key;
      const option = (name: string, type: string, doc: string) => properties.push({ name: prefix + name, type, hasQuestionToken: true, isReadonly: true, docs: [doc] });
      option("Mode", modes.map((m) => JSON.stringify(m)).join(" | "), `How the client obtains \`${token}\`: ${modes.map((m) => `\`${m}\` (${scheme.token!.modes[m]})`).join(" or ")}. Default \`${modes[0]}\`.`);
      const { store, provider } = scheme.token.examples;
      option("Store", imports.runtime("TokenStore"), `Where tokens are kept and shared between clients, processes or machines${store ? ` (${store})` : ""}. Default: in memory, for this client.`);
      if (scheme.token.fallbackModes.length > 0) {
        option("StoreFallback", '"fail" | "memory"', `When the store fails: \`"fail"\` (default) throws TokenStoreError; \`"memory"\` keeps a per-process token, allowed in ${scheme.token.fallbackModes.map((m) => `\`${m}\``).join(", ")} mode only.`);
      }
      option("Provider", imports.runtime("TokenProvider"), `Supplies \`${token}\` from elsewhere instead${provider ? ` (${provider})` : ""}; called again with \`failed\` when the API rejects a token.`);
      option("RefreshMarginMs", "number", "Refresh a token this long before it expires (at most half its lifetime). Default 60 000.");
      option("LockTtlMs", "number", "Lifetime of the store's refresh lock, renewed while its holder fetches; a crashed holder delays the others at most this long. Default 10 000.");
      option("MinLifetimeMs", "number", "A token lifetime reported below this (0, negative, a few seconds) counts as this, so that a bad answer never means a token request per call. Default 60 000.");
    } else if (scheme.signature?.keyOption && !options.has(scheme.signature.keyOption)) {
      options.add(scheme.signature.keyOption);
      const doc = docText([scheme.signature.keyDescription ?? scheme.description, `Signing key of security scheme \`${scheme.key}\` (never sent); operations that require it fail with CredentialError without it.`])!;
      properties.push({ name: scheme.signature.keyOption, type: "string", hasQuestionToken: true, isReadonly: true, docs: [doc] });
    } else if (isPlain(scheme)) plain.push(scheme);
  }
  if (ctx.hasApiSecurity) {
    // Where the keys come from is the API's wording (`x-wxgen-api-security.description`); what they do is the runtime's.
    const keys = ctx.model.apiSecurity?.description ?? "The keys of signed and encrypted calls.";
    properties.push({
      name: "apiSecurity",
      type: imports.runtime("ApiSecurityOptions"),
      hasQuestionToken: true,
      isReadonly: true,
      docs: [`${keys} Given, every operation that supports it is sent signed and encrypted, and its answer must be signed by a platform certificate and decrypt. Bad keys throw ApiSecurityError here, when the client is built.`],
    });
  }
  if (plain.length > 0) {
    const members = plain.map((s) => `readonly ${propertyKey(s.key)}?: ${imports.runtime("CredentialValue")};`).join(" ");
    properties.push({ name: "credentials", type: `{ ${members} }`, hasQuestionToken: true, isReadonly: true, docs: ["Credentials by security scheme; each is applied to the operations that name its scheme."] });
  }
  return { common: properties, credentials };
}


/** `.key` when legal, `["key"]` otherwise (and for `__proto__`, whose dotted read is the prototype). */
function memberAccess(key: string): string {
  return key !== "__proto__" && propertyKey(key) === key ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** A condition on `options.mode` true where a gateway supplies the scheme, or undefined when none does. */
function suppliedByGateway(ctx: EmitContext, scheme: SecurityScheme): string | undefined {
  const modes = ctx.model.gatewayModes.filter((m) => m.supplies.includes(scheme.key));
  return modes.length === 0 ? undefined : modes.map((m) => `options.mode === ${JSON.stringify(m.name)}`).join(" || ");
}

/** With gateway modes credential options are optional: applied (and counted as configured) when given. */
function optionalCredentials(ctx: EmitContext): boolean {
  return ctx.model.gatewayModes.length > 0;
}

function credentialMiddleware(ctx: EmitContext, tokenMembers: Map<SecurityScheme, string>, imports: FileImports): string[] {
  const credential = () => imports.runtime("credential");
  return ctx.model.securitySchemes.flatMap((scheme) => {
    const ref = `schemes${memberAccess(scheme.key)}`;
    if (scheme.option) {
      const value = `options${memberAccess(scheme.option)}`;
      return [optionalCredentials(ctx) ? `...(${value} === undefined ? [] : [${credential()}(${ref}, ${value})])` : `${credential()}(${ref}, ${value})`];
    }
    if (scheme.token) {
      const supplied = suppliedByGateway(ctx, scheme);
      const middleware = `this.${tokenMembers.get(scheme)}.middleware()`;
      return [supplied ? `...(${supplied} ? [] : [${middleware}])` : middleware];
    }
    if (scheme.signature) return [];
    const value = `options.credentials?.${memberAccess(scheme.key).replace(/^\./, "")}`;
    return [`...(${value} === undefined ? [] : [${credential()}(${ref}, ${value})])`];
  });
}

/** The client's base URL: the option, else the gateway mode's, else the description's. */
function baseUrlOf(ctx: EmitContext): string {
  const modes = ctx.model.gatewayModes.map((m) => `(options.mode === ${JSON.stringify(m.name)} ? ${JSON.stringify(m.baseUrl)} : `);
  return `options.baseUrl ?? ${[...modes, JSON.stringify(ctx.model.baseUrl ?? "")].join("")}${")".repeat(modes.length)}`;
}

/** Innermost (last of the credentials): it seals the request as the credentials left it, and opens the answer before anything reads it. */
function apiSecurityEntries(ctx: EmitContext, imports: FileImports): string[] {
  const rule = ctx.model.apiSecurity;
  if (!rule || !ctx.hasApiSecurity) return [];
  const context = `{ appid: options${memberAccess(rule.appIdOption)}, baseUrl: ${baseUrlOf(ctx)}, keepInQuery: ${JSON.stringify(rule.keepInQuery)} }`;
  return [`...(options.apiSecurity ? [${imports.runtime("apiSecurityMiddleware")}(options.apiSecurity, ${context})] : [])`];
}

/** The schemes this client has credentials for: options and tokens always, plain ones when given. */
function configuredSchemes(ctx: EmitContext): string {
  const always = ctx.model.securitySchemes.filter((s) => (s.option && !optionalCredentials(ctx)) || s.token || s.signature?.keyArgument).map((s) => JSON.stringify(s.key));
  if (optionalCredentials(ctx)) {
    for (const s of ctx.model.securitySchemes.filter((scheme) => scheme.option)) always.push(`...(options${memberAccess(s.option!)} === undefined ? [] : [${JSON.stringify(s.key)}])`);
  }
  const keyed = signatureSchemes(ctx).filter((s) => s.signature!.keyOption).map((s) => `...(options${memberAccess(s.signature!.keyOption!)} === undefined ? [] : [${JSON.stringify(s.key)}])`);
  const plain = ctx.model.securitySchemes.filter(isPlain);
  if (plain.length === 0) return `[${[...always, ...keyed].join(", ")}]`;
  const given = "...Object.entries(options.credentials ?? {}).filter(([, value]) => value !== undefined).map(([key]) => key)";
  return `[${[...always, ...keyed, given].join(", ")}]`;
}

function tokenAccessors(ctx: EmitContext, members: Map<SecurityScheme, string>, imports: FileImports): string[] {
  const account = [...new Set(ctx.model.securitySchemes.filter((s) => s.option).map((s) => `options${memberAccess(s.option!)}`))];
  return tokenSchemes(ctx).map((scheme) => {
    const prefix = tokenPrefix(ctx, scheme);
    const setting = (name: string, option: string) => `${name}: options.${prefix}${option}`;
    const supplied = suppliedByGateway(ctx, scheme);
    const settings = [`optionPrefix: ${JSON.stringify(prefix)}`, ...(supplied ? [`suppliedByGateway: ${supplied}`] : []), setting("mode", "Mode"), setting("store", "Store"), ...(scheme.token!.fallbackModes.length > 0 ? [setting("storeFallback", "StoreFallback")] : []), setting("provider", "Provider"), setting("refreshMarginMs", "RefreshMarginMs"), setting("lockTtlMs", "LockTtlMs"), setting("minLifetimeMs", "MinLifetimeMs")];
    return [
      `this.${members.get(scheme)} = new ${imports.runtime("TokenAccess")}(schemes${memberAccess(scheme.key)}, tokenRules${memberAccess(scheme.key)}, {`,
      ...settings.map((s) => `  ${s},`),
      `}, [${account.join(", ")}], ([module, name], input, callOptions) => this.#core.call(module, name, input, callOptions));`,
    ].join("\n");
  });
}

function clientClass(ctx: EmitContext, tree: Map<string, NamespaceNode>, imports: FileImports): ClassDeclarationStructure {
  const root = tree.get("")!;
  // Member names were claimed with the operations (model/operations.ts): namespaces and methods never clash.
  const tokenMembers = tokenMemberNames(ctx.model.securitySchemes);
  const core = [
    `this.#core = new ${imports.runtime("Core")}({`,
    "  ...options,",
    `  baseUrl: ${baseUrlOf(ctx)},`,
    ...(ctx.model.securitySchemes.length > 0 ? [`  schemes: ${configuredSchemes(ctx)},`] : []),
    ...(signatureSchemes(ctx).length > 0 ? [`  signatures: ${signaturesConfig(ctx)},`] : []),
    ...(ctx.errorClass ? [`  inBandError: ${imports.local("./errors.js", ctx.errorClass)},`] : []),
    ...(ctx.model.securitySchemes.length > 0 ? [`  credentials: [${[...credentialMiddleware(ctx, tokenMembers, imports), ...apiSecurityEntries(ctx, imports)].map((m) => `\n    ${m},`).join("")}\n  ],`] : []),
    "});",
  ].join("\n");
  const doc = docText([ctx.model.title + (ctx.model.version ? ` (${ctx.model.version})` : ""), ctx.model.description]);
  return {
    kind: StructureKind.Class,
    name: ctx.clientClass,
    isExported: true,
    docs: doc ? [doc] : [],
    properties: [
      ...[...tokenMembers].map(([scheme, name]) => ({ name, isReadonly: true, type: imports.runtime("TokenAccess"), docs: [`\`${scheme.paramName ?? scheme.key}\`: read the current token, or force a renewal.`] })),
      // Defined by bindNamespaces in the constructor: declared only, so no field initializer overwrites them.
      ...root.children.map((child) => ({ name: child, isReadonly: true, hasDeclareKeyword: true, type: ctx.names.namespaceClass([child]) })),
      { name: "#core", isReadonly: true, type: imports.runtime("Core") },
    ],
    ctors: [{
      parameters: [{ name: "options", type: `${ctx.clientClass}Options` }],
      statements: [
        ...tokenAccessors(ctx, tokenMembers, imports),
        core,
        ...(root.children.length > 0 ? [`${imports.runtime("bindNamespaces")}(this, namespaceMethods, (module, name, input, options) => this.#core.call(module, name, input, options));`] : []),
      ],
    }],
    methods: [
      ...operationMethods(ctx, root.operations, imports),
      { name: "close", returnType: "Promise<void>", docs: ["Closes the client's own connection pool."], statements: ["return this.#core.close();"] },
    ],
  };
}

function factory(ctx: EmitContext): Statement {
  return {
    kind: StructureKind.Function,
    name: `create${ctx.clientClass}`,
    isExported: true,
    docs: [`Creates a {@link ${ctx.clientClass}}.`],
    parameters: [{ name: "options", type: `${ctx.clientClass}Options` }],
    returnType: ctx.clientClass,
    statements: [`return new ${ctx.clientClass}(options);`],
  };
}

function namespaceInterface(ctx: EmitContext, node: NamespaceNode, imports: FileImports): InterfaceDeclarationStructure {
  return {
    kind: StructureKind.Interface,
    name: ctx.names.namespaceClass(node.path),
    isExported: true,
    docs: [`Operations under \`${node.path.join(".")}\`.`],
    properties: node.children.map((child) => ({ name: child, isReadonly: true, type: ctx.names.namespaceClass([...node.path, child]) })),
    methods: node.operations.map((op) => methodSignature(ctx, op, imports)),
  };
}

/** A namespace method: the class method's signature and docs, with an optional input marked `?` (bindMethods defaults it). */
function methodSignature(ctx: EmitContext, op: Operation, imports: FileImports): OptionalKind<MethodSignatureStructure> {
  const { name, docs, parameters = [], returnType } = operationMethods(ctx, [op], imports)[0]!;
  return { name, docs, returnType, parameters: parameters.map(({ initializer, ...p }) => (initializer ? { ...p, hasQuestionToken: true } : p)) };
}

function operationMethods(ctx: EmitContext, operations: Operation[], imports: FileImports): OptionalKind<MethodDeclarationStructure>[] {
  return operations.map((op) => {
    const shape = ctx.input(op);
    const parameters = shape
      ? [{ name: "input", type: `${imports.runtime("ReadonlyInput")}<${imports.types()}.${ctx.inputType(op)}>`, ...(shape.required ? {} : { initializer: "{}" }) }]
      : [];
    const result = ctx.resultType(op, imports);
    const httpError = ctx.names.httpErrorType(op);
    const doc = operationDoc(op, ctx.model.securitySchemes, {
      inBandClass: ctx.errorClass,
      httpErrorType: httpError && `${imports.types()}.${httpError}`,
      hasInput: shape !== undefined,
    });
    return {
      name: op.method,
      docs: doc ? [doc] : [],
      parameters: [...parameters, { name: "options", type: imports.runtime("RequestOptions"), hasQuestionToken: true }],
      returnType: `${imports.runtime("ApiPromise")}<${result}>`,
      statements: [
        `return this.#core.call<${result}>(${ctx.names.loaderOf(ctx.operationModule(op))}, ${JSON.stringify(ctx.constName(op))}, ${shape ? "input" : "{}"}, options);`,
      ],
    };
  });
}
