/**
 * The macro's side of nested stacks (docs/scaling.md): their templates go to the bucket of the macro's
 * own stack (`PARETO_TEMPLATES_BUCKET`, template.yaml), each under a key derived from its content and
 * never overwritten, and the root it returns points at them.
 */
import type { NestedStack } from "../expander/template/split.js";
import type { Template } from "../expander/types.js";
import { type PutTemplate, storeNestedTemplates, templateBytes } from "../package/stacks.js";

/** What keeps the macro from storing the templates: reported as the macro's failure, not as a bug. */
export class TemplatesBucketError extends Error {}

/** S3's answer to a conditional write of a key that exists (412), or that is being written (409). */
const alreadyThere = (error: unknown) =>
  [409, 412].includes((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0);

export async function storeInTemplatesBucket(root: Template, stacks: NestedStack[]): Promise<Template> {
  const bucket = process.env.PARETO_TEMPLATES_BUCKET;
  if (!bucket)
    throw new TemplatesBucketError(
      `this app expands into a root and ${stacks.length} nested stacks, and the macro's stack has no templates bucket ` +
        "(PARETO_TEMPLATES_BUCKET): update the macro's stack to this version of Pareto, or deploy with `pareto deploy`",
    );
  const { S3Client, PutObjectCommand } = await import("@aws-sdk/client-s3"); // only for split apps: a heavy import
  // A custom S3 endpoint (AWS_ENDPOINT_URL_S3) is a local emulator, addressed by path.
  const client = new S3Client(process.env.AWS_ENDPOINT_URL_S3 ? { forcePathStyle: true } : {});
  const put: PutTemplate = async (key, body, sha256) => {
    try {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          IfNoneMatch: "*",
          ChecksumSHA256: Buffer.from(sha256, "hex").toString("base64"),
          ContentType: "application/json",
        }),
      );
      return "uploaded";
    } catch (error) {
      if (alreadyThere(error)) return "exists";
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new TemplatesBucketError(`cannot write the nested stacks' templates to s3://${bucket}/${key}: ${reason}`);
    }
  };
  try {
    const nested = stacks.map(({ id, template }) => ({ id, body: templateBytes(template) }));
    return (await storeNestedTemplates(root, nested, put, { bucket, prefix: "stacks" })).template;
  } finally {
    client.destroy();
  }
}
