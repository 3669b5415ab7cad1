import { STATUS_CODES } from "node:http";
import { wechatError, type Reply } from "./http.js";
import { OperationIndex, type ResolvedRef } from "./operations.js";

/**
 * A failure for the next call(s) of an operation: an in-band errcode, an HTTP status, a delay, or
 * a combination (a slow 503; a late errcode). At least one of `errcode`, `status`, `delayMs`.
 */
export interface ScriptedFailure {
  /** Answer `{ errcode, errmsg }` as WeChat does (HTTP 200 unless `status` is given; a rid in errmsg). */
  readonly errcode?: number;
  /** The errmsg before the rid. Default "scripted failure". */
  readonly errmsg?: string;
  /** The HTTP status to answer with (100–599). Without `errcode` the body is text: `body`, or the status text. */
  readonly status?: number;
  /** The text body of a status without errcode. Default: the status text ("Service Unavailable"). */
  readonly body?: string;
  /** Wait this long before answering, at most {@link MAX_SCRIPTED_DELAY_MS}. Alone, the real answer comes late. */
  readonly delayMs?: number;
  /** How many of the next calls get this failure (at most 10 000). Default 1. */
  readonly times?: number;
}

/** Longest scripted delay: a test that scripts longer has mixed up seconds and milliseconds. */
export const MAX_SCRIPTED_DELAY_MS = 60_000;

/** Most calls one failure may be scripted for: each is kept until used. */
const MAX_SCRIPTED_TIMES = 10_000;

/** What one scripted call gets: a wait, then a fixed answer (or, with none, the simulator's own). */
export interface ScriptedStep {
  readonly delayMs?: number;
  readonly reply?: Reply;
}

interface Entry {
  readonly ref: ResolvedRef;
  readonly step: ScriptedStep;
}

/** Scripted answers, first in first out per operation; each is used by one call. */
export class Script {
  private readonly entries: Entry[] = [];

  add(ref: ResolvedRef, steps: readonly ScriptedStep[]): void {
    for (const step of steps) this.entries.push({ ref, step });
  }

  /** The step scripted for this request, taken off the script; undefined when none is. */
  take(request: { method: string; path: string; operation?: string | undefined }): ScriptedStep | undefined {
    const index = this.entries.findIndex((entry) => OperationIndex.matches(entry.ref, request));
    return index < 0 ? undefined : this.entries.splice(index, 1)[0]!.step;
  }

  /** Steps not used yet, for `ref` or all. */
  pending(ref?: ResolvedRef): number {
    return ref ? this.entries.filter((entry) => entry.ref.route === ref.route && entry.ref.id === ref.id).length : this.entries.length;
  }

  clear(): void {
    this.entries.length = 0;
  }
}

/** The steps a failure stands for, checked: a mistyped failure is an error in the test, not a silent success. */
export function failureSteps(failure: ScriptedFailure): ScriptedStep[] {
  const { errcode, errmsg = "scripted failure", status, body, delayMs, times = 1 } = failure;
  if (errcode === undefined && status === undefined && delayMs === undefined) throw new TypeError("a scripted failure needs errcode, status or delayMs");
  if (errcode !== undefined && (!Number.isInteger(errcode) || errcode === 0)) throw new TypeError(`errcode must be a non-zero integer (0 is success), not ${errcode}`);
  if (status !== undefined && (!Number.isInteger(status) || status < 100 || status > 599)) throw new TypeError(`status must be an HTTP status (100–599), not ${status}`);
  if (delayMs !== undefined && !(delayMs >= 0 && delayMs <= MAX_SCRIPTED_DELAY_MS)) throw new RangeError(`delayMs must be between 0 and ${MAX_SCRIPTED_DELAY_MS}, not ${delayMs}`);
  if (!Number.isInteger(times) || times < 1 || times > MAX_SCRIPTED_TIMES) throw new TypeError(`times must be an integer from 1 to ${MAX_SCRIPTED_TIMES}, not ${times}`);
  // One reply per call: each in-band error carries its own rid, as WeChat's do.
  const reply = (): Reply | undefined => (errcode !== undefined ? { ...wechatError(errcode, errmsg), ...(status !== undefined ? { status } : {}) } : status !== undefined ? statusReply(status, body) : undefined);
  return Array.from({ length: times }, () => {
    const answer = reply();
    return { ...(delayMs !== undefined ? { delayMs } : {}), ...(answer ? { reply: answer } : {}) };
  });
}

function statusReply(status: number, body: string | undefined): Reply {
  return { status, contentType: "text/plain; charset=utf-8", body: body ?? STATUS_CODES[status] ?? String(status) };
}

/** Resolves after `ms`, or at once when `signal` aborts (the caller hung up, the simulator closed). */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
