import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect } from "vitest";
import { loadModel, SpecError, type ApiModel } from "../generator/index.js";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder with these files, removed after the test. */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "wxgen-"));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The error a promise rejects with; fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: Error) => error,
  );
}

/** The model of a one-file description `api.yaml` written to a temporary folder. */
export function loadText(text: string): ApiModel {
  return loadModel(join(tempDir({ "api.yaml": text }), "api.yaml"));
}

/** The message of the SpecError loading a one-file description fails with, from `api.yaml:line:col` on. */
export function specErrorOf(text: string): string {
  try {
    loadText(text);
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return (error as Error).message.replace(/^.*(?=api\.yaml)/, "");
  }
  throw new Error("expected a SpecError");
}
