import { groupBy } from "./group-by.js";
import type { ApiModel, Operation } from "./model/types.js";

/** What an operation documents: examples for what it takes and returns, and a doc link. */
export interface OperationCoverage {
  id: string;
  summary?: string;
  requestExample: boolean;
  responseExample: boolean;
  docsUrl: boolean;
}

/** Operations grouped by the file that declares them (or by tag, for a single-file description). */
export function coverageOf(model: ApiModel): Map<string, OperationCoverage[]> {
  const files = new Set(model.operations.map((op) => op.source));
  const groupOf = (op: Operation) => (files.size > 1 ? op.source : (op.tags[0] ?? "(untagged)"));
  return new Map([...groupBy(model.operations, groupOf)].map(([group, ops]) => [group, ops.map(operationCoverage)]));
}

function operationCoverage(op: Operation): OperationCoverage {
  const entry: OperationCoverage = { id: op.id, requestExample: hasRequestExample(op), responseExample: hasResponseExample(op), docsUrl: op.docsUrl !== undefined };
  if (op.summary !== undefined) entry.summary = op.summary;
  return entry;
}

/**
 * Nothing to show counts as shown: an operation without arguments needs no request example, and
 * file uploads (multipart, raw bytes) have no JSON example to give.
 */
function hasRequestExample(op: Operation): boolean {
  const needsBody = op.body !== undefined && (op.body.encoding === "json" || op.body.encoding === "form");
  const params = op.params.filter((p) => p.required);
  return (!needsBody || op.body!.examples.length > 0) && params.every((p) => p.example !== undefined || needsBody);
}

function hasResponseExample(op: Operation): boolean {
  return op.success.kind !== "json" || op.success.examples.length > 0;
}

export function coverageReport(model: ApiModel): string {
  const groups = coverageOf(model);
  const all = [...groups.values()].flat();
  const count = (list: OperationCoverage[], test: (c: OperationCoverage) => boolean) => list.filter(test).length;
  const complete = (c: OperationCoverage) => c.requestExample && c.responseExample && c.docsUrl;
  const lines = [
    `${model.title}: ${all.length} operations, ${count(all, complete)} with examples and a doc link`,
    "",
    "| group | operations | request examples | response examples | doc links |",
    "|---|---:|---:|---:|---:|",
    ...[...groups].map(([group, ops]) => `| ${group} | ${ops.length} | ${count(ops, (c) => c.requestExample)} | ${count(ops, (c) => c.responseExample)} | ${count(ops, (c) => c.docsUrl)} |`),
  ];
  const gaps = all.filter((c) => !complete(c));
  if (gaps.length > 0) {
    lines.push("", "Missing:");
    for (const c of gaps) {
      const missing = [!c.requestExample && "request example", !c.responseExample && "response example", !c.docsUrl && "doc link"].filter(Boolean);
      lines.push(`  ${c.id}${c.summary ? ` (${c.summary})` : ""}: ${missing.join(", ")}`);
    }
  }
  return lines.join("\n");
}
