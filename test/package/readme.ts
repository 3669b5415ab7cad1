import { readFileSync } from "node:fs";

/** A step of a README section: a shell block's commands, or a file to write. */
export type Step = { kind: "shell"; lines: string[] } | { kind: "file"; path: string; text: string };

/**
 * The steps of one `## heading` section of the README, in order: ```sh blocks are commands,
 * blocks whose info string names a file (```ts src/main.ts) are files; other blocks only illustrate.
 */
export function readmeSteps(heading: string, readme = readFileSync("README.md", "utf8")): Step[] {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no section "## ${heading}"`);
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const steps: Step[] = [];
  for (const [, info, body] of section.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)) {
    const [language, path] = info!.trim().split(/\s+/);
    if (language === "sh") steps.push({ kind: "shell", lines: body!.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("#")) });
    else if (path) steps.push({ kind: "file", path, text: body! });
  }
  return steps;
}
