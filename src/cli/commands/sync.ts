/**
 * `pareto sync`: the inner loop's code push. Builds every local `code` folder as `pareto package` does
 * (the same bytes), and updates only the deployed functions whose code differs (`UpdateFunctionCode`,
 * compared by SHA-256 with what Lambda runs), without a stack update. The stack then runs code its
 * template does not name, until the next deploy: said after every sync that changed something.
 * `--watch` syncs again on every change under the code folders.
 */
import { watch } from "node:fs";
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { GetFunctionConfigurationCommand, LambdaClient, UpdateFunctionCodeCommand } from "@aws-sdk/client-lambda";
import { functionIds } from "../../expander/names.js";
import { PackageError } from "../../package/errors.js";
import { buildArtifact, checkedPlan } from "../../package/index.js";
import type { Source } from "../../package/source.js";
import { sha256 } from "../../package/zip.js";
import { deployedResources } from "../../remote/functions.js";
import { option, parseArgs, UsageError, urlOption } from "../args.js";
import { awsFailure, EXIT, type Console } from "../output.js";
import { readTemplate, templateDir } from "../template-file.js";

const SPEC = {
  positionals: 1,
  flags: ["watch", "quiet", "sourcemap"],
  options: ["stack", "endpoint-url", "region"],
  aliases: { w: "watch", q: "quiet" },
};
/** Lambda takes a zip of at most 50 MB in the request itself. */
const DIRECT_UPLOAD_LIMIT = 50 * 1024 * 1024;
const WATCH_DELAY_MS = 300;

interface Target {
  lambda: LambdaClient;
  functions: Map<string, string>;
}

/** Builds and pushes every artifact; returns how many functions changed, or throws PackageError. */
async function syncOnce(sources: Source[], target: Target, sourcemap: boolean, out: Console): Promise<number> {
  let updated = 0;
  for (const source of sources) {
    const zip = await buildArtifact(source, { sourcemap });
    // Lambda reports CodeSha256 in base64.
    const codeSha256 = Buffer.from(sha256(zip), "hex").toString("base64");
    for (const fn of source.functions) {
      const logicalId = functionIds(fn.name).function;
      const physical = target.functions.get(logicalId);
      if (!physical) {
        out.warning(`${fn.name}: not in the stack (${logicalId}); deploy to create it`);
        continue;
      }
      const { CodeSha256 } = await target.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: physical }));
      if (CodeSha256 === codeSha256) {
        out.note(`${fn.name}: unchanged`);
        continue;
      }
      if (zip.byteLength > DIRECT_UPLOAD_LIMIT)
        throw new PackageError([
          `${fn.name}: its code is ${zip.byteLength} bytes zipped, over the 50 MB Lambda takes directly; use pareto deploy`,
        ]);
      await target.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: physical, ZipFile: zip }));
      out.note(`${fn.name}: updated (${physical})`);
      updated++;
    }
  }
  return updated;
}

export async function syncCommand(argv: string[], out: Console): Promise<number> {
  const args = parseArgs(argv, SPEC);
  const [path] = args.positionals;
  const stack = option(args, "stack");
  if (!path || !stack) throw new UsageError("give the template and the stack, e.g. `pareto sync template.yaml --stack my-app`");
  const endpoint = urlOption(args, "endpoint-url");
  const config = { ...(endpoint ? { endpoint } : {}), ...(option(args, "region") ? { region: option(args, "region") } : {}) };
  const dir = templateDir(path);
  const plan = () => checkedPlan(readTemplate(path), dir).sources;
  const sourcemap = args.flags.has("sourcemap");
  try {
    let sources = plan();
    if (!sources.length) {
      out.note("no local code to sync");
      return EXIT.ok;
    }
    const target = { lambda: new LambdaClient(config), functions: await deployedResources(new CloudFormationClient(config), stack) };
    const report = (updated: number) => {
      if (updated)
        out.warning(
          `stack ${stack} now runs code its template does not name, until the next \`pareto deploy\` (which uploads the same code)`,
        );
    };
    report(await syncOnce(sources, target, sourcemap, out));
    if (!args.flags.has("watch")) return EXIT.ok;
    return await new Promise<number>(() => {
      out.note(`watching ${sources.map((source) => source.source).join(", ")} (Ctrl-C to stop)`);
      let timer: NodeJS.Timeout | undefined;
      let running = Promise.resolve();
      const again = () => {
        running = running.then(async () => {
          try {
            sources = plan();
            report(await syncOnce(sources, target, sourcemap, out));
          } catch (error) {
            // A mistake while editing, or AWS refusing one update: say it, keep watching.
            if (error instanceof PackageError) error.problems.forEach(out.error);
            else out.error(`sync: ${error instanceof Error ? error.message : String(error)}`);
          }
        });
      };
      for (const root of new Set(sources.map((source) => source.root)))
        watch(root, { recursive: true }, () => {
          clearTimeout(timer);
          timer = setTimeout(again, WATCH_DELAY_MS);
        });
    });
  } catch (error) {
    if (error instanceof PackageError) {
      error.problems.forEach(out.error);
      return EXIT.invalid;
    }
    if (!(error instanceof Error) || error instanceof UsageError) throw error;
    out.error(awsFailure("sync", error));
    return EXIT.deployFailed;
  }
}
