/** `pareto deploy`: package local code, expand locally, then deploy through a change set with progress. */
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { createInterface } from "node:readline/promises";
import { confirmationProblem, deploy, type DeployOutcome, type DeployTemplate } from "../../deploy/deploy.js";
import { parseParameters } from "../../deploy/stack.js";
import { expand } from "../../expander/index.js";
import { PackageError, UploadError } from "../../package/errors.js";
import { packageTemplate } from "../../package/index.js";
import { planPackaging } from "../../package/plan.js";
import { builtTable } from "../../package/report.js";
import type { NestedStack } from "../../expander/template/split.js";
import type { Template } from "../../expander/types.js";
import {
  putTemplateWith,
  resolvedTemplateUrl,
  storedLine,
  storeNestedTemplates,
  storeTemplate,
  templateBytes,
} from "../../package/stacks.js";
import { createUploader } from "../../package/upload.js";
import { option, parseArgs, UsageError, urlOption } from "../args.js";
import { awsFailure, EXIT, type Console } from "../output.js";
import { readTemplate, templateDir } from "../template-file.js";

const SPEC = {
  positionals: 1,
  flags: ["yes", "quiet"],
  options: ["stack", "param", "bucket", "prefix", "endpoint-url", "region"],
  aliases: { y: "yes", q: "quiet" },
};

/** CloudFormation's limit for a template sent inline. */
const TEMPLATE_BODY_LIMIT = 51_200;

async function askOnTerminal(summary: string, out: Console): Promise<boolean> {
  out.note(summary);
  if (!process.stdin.isTTY) throw new UsageError("standard input is not a terminal: pass --yes to deploy without confirmation");
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await prompt.question("Execute this change set? [y/N] ");
  prompt.close();
  return /^y(es)?$/i.test(answer.trim());
}

/** Local code is built and uploaded first (it needs --bucket); a template without any deploys as it is. */
async function packaged(template: unknown, path: string, args: ReturnType<typeof parseArgs>, out: Console): Promise<unknown> {
  const planned = planPackaging(template);
  if (!planned.ok || planned.plan.artifacts.length === 0) return template;
  const bucket = option(args, "bucket");
  if (!bucket) throw new UsageError("this template has local code: give --bucket to upload it to");
  const endpoint = option(args, "endpoint-url");
  const result = await packageTemplate(template, {
    templateDir: templateDir(path),
    bucket,
    prefix: option(args, "prefix"),
    s3: { ...(endpoint ? { endpoint, forcePathStyle: true } : {}), ...(option(args, "region") ? { region: option(args, "region") } : {}) },
    progress: out.note,
    warn: out.warning,
    exclude: [path],
  });
  out.note(builtTable(result.built, bucket));
  return result.template;
}

export async function deployCommand(argv: string[], out: Console): Promise<number> {
  const args = parseArgs(argv, SPEC);
  const path = args.positionals[0];
  const stackName = option(args, "stack");
  if (!path || !stackName) throw new UsageError("give the template and the stack, e.g. `pareto deploy template.yaml --stack my-app`");
  const refusal = confirmationProblem({ yes: args.flags.has("yes"), interactive: Boolean(process.stdin.isTTY) });
  if (refusal) throw new UsageError(refusal); // before anything is uploaded or created
  const endpoint = urlOption(args, "endpoint-url");
  let parameters: ReturnType<typeof parseParameters>;
  try {
    parameters = parseParameters(args.options.get("param") ?? []);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }

  let template: unknown;
  try {
    template = await packaged(readTemplate(path), path, args, out);
  } catch (error) {
    if (error instanceof PackageError) {
      error.problems.forEach(out.error);
      return EXIT.invalid;
    }
    if (!(error instanceof UploadError)) throw error;
    out.error(error.message);
    return EXIT.deployFailed;
  }
  const expanded = expand(template);
  if (!expanded.ok) {
    expanded.warnings.forEach(out.warning);
    expanded.errors.forEach(out.error);
    return EXIT.invalid;
  }
  expanded.warnings.forEach(out.warning);

  const client = new CloudFormationClient({
    ...(endpoint ? { endpoint } : {}),
    ...(option(args, "region") ? { region: option(args, "region") } : {}),
  });
  let outcome: Awaited<ReturnType<typeof deployWith>>;
  try {
    const template = await deliverable(expanded.template, expanded.stacks, args, out, await client.config.region());
    outcome = await deployWith(client, stackName, template, parameters, args, out);
  } catch (error) {
    // Everything deploy() awaits is AWS (configuration, credentials, permissions, throttling, service
    // errors) or its own wait running out: report it plainly, not as a crash.
    if (!(error instanceof Error) || error instanceof UsageError) throw error;
    out.error(awsFailure("deploy", error));
    return EXIT.deployFailed;
  }
  return report(outcome, stackName, out);
}

/**
 * The template as CloudFormation takes it: inline up to 51,200 bytes, else from --bucket; nested
 * stacks' templates are uploaded to --bucket first (docs/scaling.md).
 */
async function deliverable(
  root: Template,
  stacks: NestedStack[],
  args: ReturnType<typeof parseArgs>,
  out: Console,
  region: string,
): Promise<DeployTemplate> {
  const body = JSON.stringify(root);
  if (!stacks.length && Buffer.byteLength(body) <= TEMPLATE_BODY_LIMIT) return { TemplateBody: body };
  const bucket = option(args, "bucket");
  if (!bucket)
    throw new UsageError(
      stacks.length
        ? `this app expands into a root and ${stacks.length} nested stacks, whose templates CloudFormation reads from S3: give --bucket`
        : `the expanded template is ${Buffer.byteLength(body)} bytes, over the ${TEMPLATE_BODY_LIMIT} CloudFormation takes inline: give --bucket to upload it`,
    );
  const endpoint = option(args, "endpoint-url");
  const uploader = await createUploader(bucket, { region, ...(endpoint ? { endpoint, forcePathStyle: true } : {}) });
  const put = putTemplateWith(uploader);
  try {
    const prefix = option(args, "prefix");
    const nested = stacks.map(({ id, template }) => ({ id, body: templateBytes(template) }));
    const { template, stored } = await storeNestedTemplates(root, nested, put, { bucket, prefix });
    for (const entry of stored) out.note(storedLine(bucket, entry));
    const rootBody = JSON.stringify(template);
    if (Buffer.byteLength(rootBody) <= TEMPLATE_BODY_LIMIT) return { TemplateBody: rootBody };
    const { key } = await storeTemplate(new TextEncoder().encode(rootBody), put, prefix);
    return { TemplateURL: resolvedTemplateUrl(bucket, key, region) };
  } finally {
    uploader.close();
  }
}

function deployWith(
  client: CloudFormationClient,
  stackName: string,
  template: DeployTemplate,
  parameters: ReturnType<typeof parseParameters>,
  args: ReturnType<typeof parseArgs>,
  out: Console,
) {
  return deploy({
    stackName,
    template,
    parameters,
    client,
    confirm: async (summary) => {
      if (!args.flags.has("yes")) return askOnTerminal(summary, out);
      out.note(summary);
      return true;
    },
    log: out.note,
  });
}

function report(outcome: DeployOutcome, stackName: string, out: Console): number {
  switch (outcome.status) {
    case "deployed":
      out.note(`${stackName}: ${outcome.stackStatus}`);
      for (const { key, value } of outcome.outputs) out.result(`${key}\t${value}\n`);
      return EXIT.ok;
    case "no-changes":
      out.note(`${stackName}: no changes to deploy`);
      return EXIT.ok;
    case "cancelled":
      out.note("cancelled: the change set was deleted, nothing changed");
      return EXIT.ok;
    case "failed":
      out.error(`${stackName}: ${outcome.stackStatus || "change set failed"}`);
      for (const failure of outcome.failures) out.error(failure);
      return EXIT.deployFailed;
  }
}
