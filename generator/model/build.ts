import { basename } from "node:path";
import type { Documents } from "../load/documents.js";
import { specError } from "../load/source.js";
import { readClient, readGatewayModes, readInBandError, readSecuritySchemes, readTolerant } from "./extensions.js";
import { pascalCase } from "./naming.js";
import { buildOperations, buildWebhooks, readSecurity } from "./operations.js";
import { SchemaConverter, type SpecVersion } from "./schemas.js";
import type { ApiModel, Operation, SecurityScheme, Tag } from "./types.js";

/** Names the generated files import or declare themselves; schemas must not take them. */
export const reservedTypeNames = ["z", "BinaryInput", "BinaryResponse", "RequestOptions"];

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
  const components = docs.child(rootAt, "components");
  const warnings: string[] = docs.warnings;
  const schemas = new SchemaConverter(docs, version, reservedTypeNames, warnings);
  const componentSchemas = docs.child(components, "schemas");
  if (componentSchemas.value !== undefined) schemas.registerComponents(componentSchemas);
  const securitySchemes = readSecuritySchemes(docs.child(components, "securitySchemes"), docs);
  const inBand = readInBandError(rootAt, docs, schemas);
  const context = {
    docs,
    schemas,
    schemes: securitySchemes,
    rootSecurity: readSecurity(docs.child(rootAt, "security"), securitySchemes, warnings) ?? [],
    rootInBandError: inBand || undefined,
    warnings,
  };
  const operations = buildOperations(docs.child(rootAt, "paths"), context);
  const webhooks = buildWebhooks(docs.child(rootAt, "webhooks"), context);
  linkTokenIssuers(securitySchemes, operations, docs);
  const info = (root.info ?? {}) as Record<string, unknown>;
  const client = readClient(root);
  const model: ApiModel = {
    source: basename(decodeURIComponent(new URL(docs.root.uri).pathname)),
    files: docs.paths(),
    title: typeof info.title === "string" ? info.title : "API",
    version: typeof info.version === "string" ? info.version : "",
    clientName: pascalCase(client.name ?? (typeof info.title === "string" ? info.title : "Api")),
    schemas: schemas.named,
    operations,
    securitySchemes,
    tags: readTags(root.tags),
    webhooks,
    tolerant: readTolerant(rootAt),
    gatewayModes: readGatewayModes(docs.child(docs.child(rootAt, "x-wxgen-client"), "modes"), securitySchemes),
    warnings,
  };
  if (typeof info.description === "string") model.description = info.description;
  if (typeof root["x-wxgen-push"] === "string") model.pushProtocol = root["x-wxgen-push"];
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
function linkTokenIssuers(schemes: SecurityScheme[], operations: Operation[], docs: Documents): void {
  for (const scheme of schemes) {
    if (!scheme.token) continue;
    for (const [mode, operationId] of Object.entries(scheme.token.modes)) {
      const issuer = operations.find((op) => op.operationId === operationId);
      if (!issuer) {
        throw specError(docs.root, ["components", "securitySchemes", scheme.key, "x-wxgen-token", "modes", mode], `no operation has operationId "${operationId}"`);
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
