import { fetch } from "undici";
import { isUrl } from "./documents.js";
import { parseText, SpecError } from "./source.js";

/** How long one file of a remote description may take, by default. */
const defaultTimeoutMs = 30_000;
/** A description that names more files than this is surely a `$ref` loop through changing URLs. */
const maxFiles = 500;

/**
 * Fetches a description given by http(s) URL and every http(s) file its `$ref`s name, relative
 * ones resolved against the file that holds them: URL → text, for `Documents`.
 */
export async function fetchDescription(url: string, timeoutMs = defaultTimeoutMs): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const queue = [new URL(url).href];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (texts.has(next)) continue;
    if (texts.size >= maxFiles) throw new SpecError(url, 1, 1, `the description names more than ${maxFiles} files`);
    const text = await fetchText(next, timeoutMs);
    texts.set(next, text);
    for (const ref of refsIn(parseText(next, text))) {
      const target = new URL(ref, next);
      target.hash = "";
      if (isUrl(target.href) && !texts.has(target.href)) queue.push(target.href);
    }
  }
  return texts;
}

async function fetchText(url: string, timeoutMs: number): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    if (!response.ok) throw new SpecError(url, 1, 1, `cannot fetch: HTTP ${response.status} ${response.statusText}`.trimEnd());
    return text;
  } catch (error) {
    if (error instanceof SpecError) throw error;
    const name = (error as Error).name;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = name === "TimeoutError" ? `no answer within ${timeoutMs / 1000} s` : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new SpecError(url, 1, 1, `cannot fetch (${reason})`);
  }
}

/** Every `$ref` string in a parsed file. */
function refsIn(value: unknown, found: string[] = []): string[] {
  if (value === null || typeof value !== "object") return found;
  for (const [key, child] of Object.entries(value)) {
    if (key === "$ref" && typeof child === "string") found.push(child);
    else refsIn(child, found);
  }
  return found;
}
