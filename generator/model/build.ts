import { basename } from "node:path";
import type { Documents, Location } from "../load/documents.js";
import { specError } from "../load/source.js";
import { checkExtensionNames, readApiSecurity, readGatewayModes, readInBandError, readRootExtensions, readSecuritySchemes } from "./extensions.js";
import { publicTypeReserved } from "../emit/names.js";
import { pascalCase } from "./naming.js";
import { buildOperations, buildWebhooks, readSecurity } from "./operations.js";
import { SchemaConverter, type SpecVersion } from "./schemas.js";
import type { ApiModel, Operation, SecurityScheme, Tag } from "./types.js";

export function buildModel(docs: Documents): ApiModel {
  const rootAt = docs.at(docs.root, []);
  const root = rootAt.value as Record<string, unknown> | null;
  if (root !== null && typeof root === "object" && "swagger" in root) {
    throw specError(docs.root, ["swagger"], "this is a Swagger 2.0 description; wxgen reads OpenAPI 3.0 and 3.1: convert it first (for example `npx swagger2openapi in.yaml -o openapi.yaml`)");
  }
  if (root === null || typeof root !== "object" || typeof root.openapi !== "string") {
    throw specError(docs.root, [], "not an OpenAPI description: the root needs an `openapi` version field");
  }
  const version = specVersion(root.openapi, docs);
  checkExtensionNames(docs);
  const components = docs.child(rootAt, "components");
  const warnings: string[] = docs.warnings;
  const info = (root.info ?? {}) as Record<string, unknown>;
  const client = readRootExtensions(rootAt, docs);
  const clientName = pascalCase(client.name ?? (typeof info.title === "string" ? info.title : "Api"));
  // Schema names become the client's public type names: they avoid what the generated index exports.
  const schemas = new SchemaConverter(docs, version, publicTypeReserved(clientName), warnings);
  const componentSchemas = docs.child(components, "schemas");
  if (componentSchemas.value !== undefined) schemas.registerComponents(componentSchemas);
  const schemesAt = docs.child(components, "securitySchemes");
  const securitySchemes = readSecuritySchemes(schemesAt, docs);
  const inBand = readInBandError(rootAt, docs, schemas);
  const apiSecurity = readApiSecurity(rootAt, docs, securitySchemes);
  const context = {
    docs,
    schemas,
    schemes: securitySchemes,
    rootSecurity: readSecurity(docs.child(rootAt, "security"), securitySchemes, warnings) ?? [],
    rootInBandError: inBand || undefined,
    apiSecurity: apiSecurity !== undefined,
    warnings,
  };
  const operations = buildOperations(docs.child(rootAt, "paths"), context);
  const webhooks = buildWebhooks(docs.child(rootAt, "webhooks"), context);
  linkTokenIssuers(securitySchemes, operations, schemesAt, docs);
  const model: ApiModel = {
    source: basename(decodeURIComponent(new URL(docs.root.uri).pathname)),
    files: docs.paths(),
    title: typeof info.title === "string" ? info.title : "API",
    version: typeof info.version === "string" ? info.version : "",
    clientName,
    schemas: schemas.named,
    operations,
    securitySchemes,
    tags: readTags(root.tags),
    webhooks,
    tolerant: client.tolerant,
    gatewayModes: readGatewayModes(rootAt, docs, securitySchemes),
    warnings,
  };
  if (typeof info.description === "string") model.description = info.description;
  if (client.push) model.pushProtocol = client.push;
  if (apiSecurity) model.apiSecurity = apiSecurity;
  if (client.openData) model.openData = client.openData;
  const servers = root.servers as { url?: unknown }[] | undefined;
  const baseUrl = client.baseUrl ?? (typeof servers?.[0]?.url === "string" ? servers[0].url : undefined);
  if (baseUrl !== undefined) model.baseUrl = baseUrl;
  return model;
}

function specVersion(openapi: string, docs: Documents): SpecVersion {
  if (/^3\.0\./.test(openapi)) return "3.0";
  if (/^3\.[1-9]\./.test(openapi)) return "3.1";
  throw specError(docs.root, ["openapi"], `unsupported OpenAPI version ${openapi}; wxgen reads 3.0.x and 3.1.x`);
}

/** `x-wxgen-token.modes` name operations by `operationId`; point them at the operations' final ids. */
function linkTokenIssuers(schemes: SecurityScheme[], operations: Operation[], schemesAt: Location, docs: Documents): void {
  for (const scheme of schemes) {
    if (!scheme.token) continue;
    for (const [mode, operationId] of Object.entries(scheme.token.modes)) {
      const issuer = operations.find((op) => op.operationId === operationId);
      if (!issuer) {
        // Where the scheme is written: behind a $ref it may sit in another file.
        const at = docs.follow(docs.child(schemesAt, scheme.key));
        throw specError(at.source, [...at.pointer, "x-wxgen-token", "modes", mode], `no operation has operationId "${operationId}"`);
      }
      scheme.token.modes[mode] = issuer.id;
    }
  }
}

function readTags(raw: unknown): Tag[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((t): t is { name: string; description?: unknown } => typeof t?.name === "string")
    .map((t) => (typeof t.description === "string" ? { name: t.name, description: t.description } : { name: t.name }));
}
