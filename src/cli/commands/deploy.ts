/** `pareto deploy`: package local code, expand locally, then deploy through a change set with progress. */
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { createInterface } from "node:readline/promises";
import { confirmationProblem, deploy, type DeployOutcome } from "../../deploy/deploy.js";
import { parseParameters } from "../../deploy/stack.js";
import { expand } from "../../expander/index.js";
import { PackageError, UploadError } from "../../package/errors.js";
import { packageTemplate } from "../../package/index.js";
import { planPackaging } from "../../package/plan.js";
import { builtTable } from "../../package/report.js";
import { option, parseArgs, UsageError, urlOption } from "../args.js";
import { EXIT, type Console } from "../output.js";
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
  const templateBody = JSON.stringify(expanded.template);
  if (templateBody.length > TEMPLATE_BODY_LIMIT) {
    out.error(`the expanded template is ${templateBody.length} bytes; CloudFormation takes at most ${TEMPLATE_BODY_LIMIT} inline`);
    return EXIT.deployFailed;
  }

  const client = new CloudFormationClient({
    ...(endpoint ? { endpoint } : {}),
    ...(option(args, "region") ? { region: option(args, "region") } : {}),
  });
  let outcome: Awaited<ReturnType<typeof deployWith>>;
  try {
    outcome = await deployWith(client, stackName, templateBody, parameters, args, out);
  } catch (error) {
    // Everything deploy() awaits is AWS (configuration, credentials, permissions, throttling, service
    // errors) or its own wait running out: report it plainly, not as a crash.
    if (!(error instanceof Error) || error instanceof UsageError) throw error;
    out.error(`deploy: ${error.name === "Error" ? "" : `${error.name}: `}${error.message}`);
    return EXIT.deployFailed;
  }
  return report(outcome, stackName, out);
}

function deployWith(
  client: CloudFormationClient,
  stackName: string,
  templateBody: string,
  parameters: ReturnType<typeof parseParameters>,
  args: ReturnType<typeof parseArgs>,
  out: Console,
) {
  return deploy({
    stackName,
    templateBody,
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
