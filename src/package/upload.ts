/** Puts artifacts in S3 under their content-hash keys, skipping the ones already there. */
import { createReadStream } from "node:fs";
import type { S3ClientConfig } from "@aws-sdk/client-s3";
import { UploadError } from "./errors.js";

/** A zip on disk (streamed to S3, never read whole into memory) or a template in memory. */
export type UploadBody = {
  size: number;
  /** Hex SHA-256 of the content: sent as the object's checksum, which S3 verifies. */
  sha256: string;
} & ({ path: string } | { bytes: Uint8Array; contentType: string });

export type UploadStatus = "uploaded" | "exists";

/** `<prefix>/<sha256>.<extension>`: the same content always lands on the same key. */
export const objectKey = (prefix: string | undefined, hash: string, extension: "zip" | "json" = "zip") => {
  const folder = (prefix ?? "").replace(/^\/+|\/+$/g, "");
  return folder ? `${folder}/${hash}.${extension}` : `${hash}.${extension}`;
};

export interface Uploader {
  upload(key: string, body: UploadBody): Promise<UploadStatus>;
  close(): void;
}

/**
 * HeadObject's "not there": 404, or 403 for a caller without s3:ListBucket (S3 then hides whether
 * the key exists); a real permission problem shows up on the PutObject that follows.
 */
const isAbsent = (error: unknown) =>
  [403, 404].includes((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0);

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

export async function createUploader(bucket: string, config: S3ClientConfig): Promise<Uploader> {
  const { S3Client, HeadObjectCommand, PutObjectCommand } = await import("@aws-sdk/client-s3"); // on demand: a heavy import
  const client = new S3Client(config);
  const exists = (key: string) =>
    client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
      () => true,
      (error: unknown) => {
        if (isAbsent(error)) return false;
        throw error;
      },
    );
  return {
    async upload(key, body) {
      try {
        if (await exists(key)) return "exists";
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: "path" in body ? createReadStream(body.path) : body.bytes,
            ContentLength: body.size,
            // Given, the SDK sends it as a header instead of reading the stream to compute one.
            ChecksumSHA256: Buffer.from(body.sha256, "hex").toString("base64"),
            ContentType: "path" in body ? "application/zip" : body.contentType,
          }),
        );
        return "uploaded";
      } catch (error) {
        throw new UploadError(`s3://${bucket}/${key}: ${describe(error)}`);
      }
    },
    close: () => client.destroy(),
  };
}
