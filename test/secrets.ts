import { inspect } from "node:util";
import { expect } from "vitest";

/** Fails when any of the secrets shows in the error: its message, fields, cause chain, inspected or serialized. */
export function expectNoSecrets(error: unknown, secrets: readonly string[]): void {
  expect(error).toBeInstanceOf(Error);
  const seen = [inspect(error, { depth: Infinity, showHidden: true }), JSON.stringify(error), String(error)].join("\n");
  for (const secret of secrets) expect(seen.includes(secret), `error shows a secret: ${secret.slice(0, 8)}…`).toBe(false);
}
