/**
 * A stand-in for S3 (and any AWS endpoint) on 127.0.0.1: HEAD answers 404, PUT stores the body, and
 * every request is recorded, so a test can see what was uploaded, or that nothing was sent at all.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

export interface FakeS3 {
  endpoint: string;
  requests: Recorded[];
  /** The bodies PUT so far, by key (`/<bucket>/<key>` path-style). */
  objects(): Array<{ key: string; body: Buffer; sha256: string }>;
  close(): Promise<void>;
}

export async function startFakeS3(): Promise<FakeS3> {
  const requests: Recorded[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks) });
      if (request.method === "PUT") {
        response.writeHead(200, { ETag: '"0"' }).end();
      } else response.writeHead(404, { "Content-Type": "application/xml" }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    objects: () =>
      requests
        .filter((r) => r.method === "PUT")
        .map((r) => ({
          key: decodeURIComponent(new URL(r.url, "http://x").pathname).split("/").slice(2).join("/"),
          body: r.body,
          sha256: createHash("sha256").update(r.body).digest("hex"),
        })),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** S3 client settings for the fake: path-style, static credentials, a region. */
export const fakeS3Config = (endpoint: string) => ({
  endpoint,
  region: "us-east-1",
  forcePathStyle: true,
  credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
});
