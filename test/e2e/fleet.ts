import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { WorkerConfig, WorkerReport } from "./fleet-worker.js";

const worker = fileURLToPath(new URL("./fleet-worker.ts", import.meta.url));

/** A real Node process running fleet-worker.ts, started and ready for "go". */
export async function startWorker(config: WorkerConfig): Promise<{ child: ChildProcess; report: Promise<WorkerReport> }> {
  const child = fork(worker, [JSON.stringify(config)], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  let resolveReport!: (report: WorkerReport) => void;
  const report = new Promise<WorkerReport>((resolve, reject) => {
    resolveReport = resolve;
    child.once("exit", (code) => reject(new Error(`worker exited with ${code} before reporting`)));
  });
  report.catch(() => undefined);
  await new Promise<void>((resolve, reject) => {
    child.on("message", (message) => (message === "ready" ? resolve() : resolveReport(message as WorkerReport)));
    child.once("exit", (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
  });
  return { child, report };
}

/** Starts `count` workers, then tells them all to go at once and collects their reports. */
export async function runFleet(count: number, config: WorkerConfig): Promise<WorkerReport[]> {
  const workers = await Promise.all(Array.from({ length: count }, () => startWorker(config)));
  for (const { child } of workers) child.send("go");
  return Promise.all(workers.map((w) => w.report));
}
