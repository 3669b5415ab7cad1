import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What a test API received. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

export interface Reply {
  status: number;
  type: string;
  body: string;
}

/** A tiny API on 127.0.0.1 that records each request and answers with `reply` (JSON `{}` by default). */
export class RecordingServer {
  static readonly defaultReply: Reply = { status: 200, type: "application/json", body: "{}" };
  readonly received: Received[] = [];
  reply: Reply = RecordingServer.defaultReply;
  origin = "";
  private server: Server | undefined;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        this.received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(this.reply.status, { "content-type": this.reply.type }).end(this.reply.body);
      });
    });
    await new Promise<void>((done) => this.server!.listen(0, "127.0.0.1", done));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  last(): Received {
    return this.received.at(-1)!;
  }

  close(): Promise<void> {
    return new Promise((done) => (this.server ? this.server.close(() => done()) : done()));
  }
}
