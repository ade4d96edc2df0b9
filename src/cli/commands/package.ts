/** `pareto package`: build each local `code` path, upload it to S3, write the template pointing at it. */
import { extname } from "node:path";
import { stringify } from "yaml";
import { serialise } from "../../expander/index.js";
import type { Template } from "../../expander/types.js";
import { PackageError, UploadError } from "../../package/errors.js";
import { packageTemplate } from "../../package/index.js";
import { builtTable } from "../../package/report.js";
import { storedLine } from "../../package/stacks.js";
import { option, parseArgs, UsageError, urlOption } from "../args.js";
import { refuseOverwritingTemplate } from "../files.js";
import { EXIT, emit, type Console } from "../output.js";
import { readTemplate, templateDir } from "../template-file.js";

const SPEC = {
  positionals: 1,
  flags: ["sourcemap", "quiet"],
  options: ["bucket", "prefix", "output", "endpoint-url"],
  aliases: { o: "output", q: "quiet" },
};

/** YAML for a `.yaml`/`.yml` output (YAML 1.1 quoting, as CloudFormation reads it, and no aliases), else JSON. */
function render(template: unknown, output: string | undefined): string {
  if (output && [".yaml", ".yml"].includes(extname(output).toLowerCase()))
    return stringify(template, { version: "1.1", aliasDuplicateObjects: false, lineWidth: 0 });
  return serialise(template as Template);
}

export async function packageCommand(argv: string[], out: Console): Promise<number> {
  const args = parseArgs(argv, SPEC);
  const path = args.positionals[0];
  if (!path) throw new UsageError("give the template file, e.g. `pareto package template.yaml --bucket my-artifacts`");
  const endpoint = urlOption(args, "endpoint-url");
  refuseOverwritingTemplate(path, { output: option(args, "output") });
  const template = readTemplate(path);
  const bucket = option(args, "bucket");
  if (!bucket) throw new UsageError("give the bucket to upload to, e.g. `pareto package template.yaml --bucket my-artifacts`");
  try {
    const result = await packageTemplate(template, {
      templateDir: templateDir(path),
      bucket,
      prefix: option(args, "prefix"),
      sourcemap: args.flags.has("sourcemap"),
      s3: endpoint ? { endpoint, forcePathStyle: true } : {},
      progress: out.note,
      warn: out.warning,
      exclude: [path, option(args, "output")].filter((file): file is string => file !== undefined),
    });
    out.note(result.built.length ? builtTable(result.built, bucket) : "no local code to package");
    for (const stored of result.stored) out.note(storedLine(bucket, stored));
    emit(out, render(result.template, option(args, "output")), option(args, "output"));
    return EXIT.ok;
  } catch (error) {
    if (error instanceof UploadError) {
      // The build was fine but S3 was not (credentials, bucket, network).
      out.error(error.message);
      return EXIT.upload;
    }
    if (!(error instanceof PackageError)) throw error;
    error.problems.forEach(out.error);
    return EXIT.invalid;
  }
}
