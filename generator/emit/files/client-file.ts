import {
  Scope, StructureKind, type ClassDeclarationStructure, type InterfaceDeclarationStructure, type MethodDeclarationStructure, type OptionalKind,
  type PropertySignatureStructure,
} from "ts-morph";
import { camelCase, NameSet } from "../../model/naming.js";
import type { Operation, SecurityScheme } from "../../model/types.js";
import type { EmitContext } from "../context.js";
import { docText } from "../jsdoc.js";
import { literalOf, printFile, type Statement } from "../print.js";

/** client.ts: the client class with one member per namespace, each a class of methods. */
export function clientFile(ctx: EmitContext): string {
  const tree = namespaceTree(ctx.model.operations);
  const statements: Statement[] = [];
  if (ctx.model.securitySchemes.length > 0) statements.push(schemesConstant(ctx.model.securitySchemes));
  statements.push(optionsInterface(ctx), clientClass(ctx, tree.get("")!), factory(ctx));
  for (const [key, node] of tree) if (key !== "") statements.push(namespaceClass(ctx, node));
  return printFile(ctx.model.source, [
    {
      from: "./runtime/index.js",
      names: ["Core", "credential", "issueToken", "MemoryTokenStore", "TokenManager", "tokenMiddleware", "tokenStoreKey"],
    },
    {
      from: "./runtime/index.js",
      names: ["BinaryResponse", "ClientOptions", "CredentialValue", "RequestOptions", "SchemeSpec", "TokenStore"],
      typeOnly: true,
    },
    ...(ctx.errorClass ? [{ from: "./errors.js", names: [ctx.errorClass] }] : []),
    { from: "./operations.js", namespace: "op" },
    { from: "./types.js", namespace: "t", typeOnly: true },
  ], statements);
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

function schemesConstant(schemes: SecurityScheme[]): string {
  const specs = Object.fromEntries(
    schemes.map((s) => [s.key, { key: s.key, type: s.type, in: s.in, name: s.paramName, scheme: s.scheme }]),
  );
  return `/** The description's security schemes, for the credential middleware. */\nconst schemes = ${literalOf(specs)} satisfies Record<string, SchemeSpec>;`;
}

/** Option names for a token scheme: \`tokenMode\`, … when there is one, \`<scheme>Mode\`, … otherwise. */
function tokenPrefix(ctx: EmitContext, scheme: SecurityScheme): string {
  return ctx.model.securitySchemes.filter((s) => s.token).length === 1 ? "token" : camelCase(scheme.key);
}

function optionsInterface(ctx: EmitContext): InterfaceDeclarationStructure {
  const properties: OptionalKind<PropertySignatureStructure>[] = [];
  const plain: SecurityScheme[] = [];
  const ordered = [...ctx.model.securitySchemes].sort((a, b) => Number(!a.option) - Number(!b.option));
  for (const scheme of ordered) {
    if (scheme.option) {
      properties.push({ name: scheme.option, type: "string", isReadonly: true, docs: [docText([scheme.description, `Credential of security scheme \`${scheme.key}\`.`])!] });
    } else if (scheme.token) {
      const prefix = tokenPrefix(ctx, scheme);
      const modes = Object.keys(scheme.token.modes);
      properties.push(
        { name: `${prefix}Mode`, type: modes.map((m) => JSON.stringify(m)).join(" | "), hasQuestionToken: true, isReadonly: true, docs: [`How the client obtains \`${scheme.paramName ?? scheme.key}\`: ${modes.map((m) => `\`${m}\` (${scheme.token!.modes[m]})`).join(" or ")}. Default \`${modes[0]}\`.`] },
        { name: `${prefix}Store`, type: "TokenStore", hasQuestionToken: true, isReadonly: true, docs: ["Where tokens are kept and shared between clients, processes or machines. Default: in memory, for this client."] },
        { name: `${prefix}RefreshMarginMs`, type: "number", hasQuestionToken: true, isReadonly: true, docs: ["Refresh a token this long before it expires (at most half its lifetime). Default 60 000."] },
      );
    } else plain.push(scheme);
  }
  if (plain.length > 0) {
    const members = plain.map((s) => `readonly ${inlineKey(s.key)}?: CredentialValue;`).join(" ");
    properties.push({ name: "credentials", type: `{ ${members} }`, hasQuestionToken: true, isReadonly: true, docs: ["Credentials by security scheme; each is applied to the operations that name its scheme."] });
  }
  return {
    kind: StructureKind.Interface,
    name: `${ctx.clientClass}Options`,
    isExported: true,
    extends: ["ClientOptions"],
    docs: [`Options of {@link ${ctx.clientClass}}.`],
    properties,
  };
}

function inlineKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

/** `.key` when legal, `["key"]` otherwise. */
function memberAccess(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function managerName(scheme: SecurityScheme): string {
  return `${camelCase(scheme.key)}Manager`;
}

function credentialMiddleware(ctx: EmitContext): string[] {
  return ctx.model.securitySchemes.flatMap((scheme) => {
    const ref = `schemes${memberAccess(scheme.key)}`;
    if (scheme.option) return [`credential(${ref}, options${memberAccess(scheme.option)})`];
    if (scheme.token) return [`tokenMiddleware(${ref}, ${managerName(scheme)}, ${literalOf(scheme.token.invalidCodes)})`];
    const value = `options.credentials?.${memberAccess(scheme.key).replace(/^\./, "")}`;
    return [`...(${value} === undefined ? [] : [credential(${ref}, ${value})])`];
  });
}

function tokenManagers(ctx: EmitContext): string[] {
  const identity = ctx.model.securitySchemes.filter((s) => s.option).map((s) => `options${memberAccess(s.option!)}`);
  return ctx.model.securitySchemes.filter((s) => s.token).map((scheme) => {
    const token = scheme.token!;
    const prefix = tokenPrefix(ctx, scheme);
    const modes = Object.entries(token.modes).map(([mode, id]) => `${inlineKey(mode)}: op.${ctx.constName(ctx.model.operations.find((o) => o.id === id)!)}`);
    const mode = `${camelCase(scheme.key)}Mode`;
    return [
      `const ${mode} = options.${prefix}Mode ?? ${JSON.stringify(Object.keys(token.modes)[0])};`,
      `const ${managerName(scheme)} = new TokenManager({`,
      `  key: tokenStoreKey(${JSON.stringify(scheme.key)}, ${mode}, [${identity.join(", ")}]),`,
      `  store: options.${prefix}Store ?? new MemoryTokenStore(),`,
      `  refreshMarginMs: options.${prefix}RefreshMarginMs,`,
      `  issue: () => issueToken(this.#core, { ${modes.join(", ")} }[${mode}], ${JSON.stringify(token.tokenField)}, ${JSON.stringify(token.expiresInField)}),`,
      `});`,
    ].join("\n");
  });
}

function clientClass(ctx: EmitContext, root: NamespaceNode): ClassDeclarationStructure {
  const names = new NameSet(["close"]);
  const members = root.children.map((child) => ({ child, name: names.claim(child) }));
  const core = [
    "this.#core = new Core({",
    "  ...options,",
    `  baseUrl: options.baseUrl ?? ${JSON.stringify(ctx.model.baseUrl ?? "")},`,
    ...(ctx.errorClass ? [`  inBandError: ${ctx.errorClass},`] : []),
    `  middleware: [${["...(options.middleware ?? [])", ...credentialMiddleware(ctx)].map((m) => `\n    ${m},`).join("")}\n  ],`,
    "});",
  ].join("\n");
  const doc = docText([ctx.model.title + (ctx.model.version ? ` (${ctx.model.version})` : ""), ctx.model.description]);
  return {
    kind: StructureKind.Class,
    name: ctx.clientClass,
    isExported: true,
    docs: doc ? [doc] : [],
    properties: [
      ...members.map(({ child, name }) => ({ name, isReadonly: true, type: ctx.namespaceClass([child]) })),
      { name: "#core", isReadonly: true, type: "Core" },
    ],
    ctors: [{
      parameters: [{ name: "options", type: `${ctx.clientClass}Options` }],
      statements: [...tokenManagers(ctx), core, ...members.map(({ child, name }) => `this.${name} = new ${ctx.namespaceClass([child])}(this.#core);`)],
    }],
    methods: [
      ...operationMethods(ctx, root.operations, names),
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

function namespaceClass(ctx: EmitContext, node: NamespaceNode): ClassDeclarationStructure {
  const names = new NameSet();
  const members = node.children.map((child) => ({ child, name: names.claim(child) }));
  return {
    kind: StructureKind.Class,
    name: ctx.namespaceClass(node.path),
    isExported: true,
    docs: [`Operations under \`${node.path.join(".")}\`.`],
    properties: [
      ...members.map(({ child, name }) => ({ name, isReadonly: true, type: ctx.namespaceClass([...node.path, child]) })),
      { name: "#core", isReadonly: true, type: "Core" },
    ],
    ctors: [{
      parameters: [{ name: "core", type: "Core" }],
      statements: ["this.#core = core;", ...members.map(({ child, name }) => `this.${name} = new ${ctx.namespaceClass([...node.path, child])}(core);`)],
    }],
    methods: operationMethods(ctx, node.operations, names),
  };
}

function operationMethods(ctx: EmitContext, operations: Operation[], names: NameSet): OptionalKind<MethodDeclarationStructure>[] {
  return operations.map((op) => {
    const shape = ctx.input(op);
    const parameters = shape
      ? [{ name: "input", type: `t.${ctx.inputType(op)}`, ...(shape.required ? {} : { initializer: "{}" }) }]
      : [];
    const result = ctx.resultType(op);
    const doc = docText([op.summary, op.description && `\n${op.description}`, op.docsUrl && `\n@see ${op.docsUrl}`, op.deprecated ? "@deprecated" : undefined]);
    return {
      name: names.claim(op.method),
      docs: doc ? [doc] : [],
      parameters: [...parameters, { name: "options", type: "RequestOptions", hasQuestionToken: true }],
      returnType: `Promise<${result}>`,
      statements: [`return this.#core.call<${result}>(op.${ctx.constName(op)}, ${shape ? "input" : "{}"}, options);`],
    };
  });
}
