import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";

/**
 * The README's code blocks are files of this repository, shown verbatim so that they cannot drift
 * from what the tests run. The one difference: the README writes imports that leave the file's
 * folder from the repository root (`./generated/wechat/index.js`), as a user's file beside
 * `generated/` would; imports of the file's neighbours (`./login.js`) stay as they are.
 */
export function asTheReadmeShowsIt(file: string): string {
  const dir = dirname(resolve(file));
  return readFileSync(file, "utf8")
    .replace(/(from |import\()"(\.\.\/[^"]+)"/g, (_, lead: string, specifier: string) => `${lead}"./${relative(".", resolve(dir, specifier))}"`)
    .trim();
}

/** The README's fenced code blocks, by language. */
export function readmeBlocks(language: string): string[] {
  const readme = readFileSync("README.md", "utf8");
  return [...readme.matchAll(new RegExp("^```" + language + "\\n([\\s\\S]*?)^```$", "gm"))].map((match) => match[1]!.trim());
}
