import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { coverageOf, coverageReport } from "../../generator/coverage.js";
import { loadModel } from "../../generator/index.js";
import { tempDir } from "../helpers.js";

const description = `openapi: 3.1.0
info: { title: Zoo, version: "1" }
paths:
  /pets/{id}:
    get:
      operationId: pets.get
      tags: [pets]
      summary: One pet
      externalDocs: { url: "https://example.com/pets.get" }
      parameters:
        - { name: id, in: path, required: true, schema: { type: string }, example: "p1" }
      responses:
        "200":
          description: ok
          content: { application/json: { schema: { type: object }, example: { id: p1 } } }
  /pets:
    post:
      operationId: pets.create
      tags: [pets]
      requestBody:
        content: { application/json: { schema: { type: object } } }
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: object } } } }
  /upload:
    post:
      operationId: upload
      requestBody:
        content: { multipart/form-data: { schema: { type: object, properties: { file: { type: string, format: binary } } } } }
      responses:
        "204": { description: done }
`;

describe("coverage", () => {
  const model = loadModel(join(tempDir({ "zoo.yaml": description }), "zoo.yaml"));

  it("groups a single file's operations by tag and tells, per operation, which examples and links it has", () => {
    expect(coverageOf(model)).toEqual(
      new Map([
        [
          "pets",
          [
            { id: "pets.get", summary: "One pet", requestExample: true, responseExample: true, docsUrl: true },
            { id: "pets.create", requestExample: false, responseExample: false, docsUrl: false },
          ],
        ],
        // An upload has no JSON example to give, and an empty response nothing to show.
        ["(untagged)", [{ id: "upload", requestExample: true, responseExample: true, docsUrl: false }]],
      ]),
    );
  });

  it("reports counts per group and lists what each incomplete operation lacks", () => {
    expect(coverageReport(model)).toBe(
      [
        "Zoo: 3 operations, 1 with examples and a doc link",
        "",
        "| group | operations | request examples | response examples | doc links |",
        "|---|---:|---:|---:|---:|",
        "| pets | 2 | 1 | 1 | 1 |",
        "| (untagged) | 1 | 1 | 1 | 0 |",
        "",
        "Missing:",
        "  pets.create: request example, response example, doc link",
        "  upload: doc link",
      ].join("\n"),
    );
  });
});
