/**
 * `pareto invoke`: runs one function's handler here, from its local code, with the event its trigger
 * delivers (`pareto sample`'s) or `--payload`; prints the result on stdout, the handler's logs and the
 * duration on stderr, and exits 5 when the handler threw (src/invoke/run.ts).
 */
import { readFileSync } from "node:fs";
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { GetFunctionConfigurationCommand, LambdaClient } from "@aws-sdk/client-lambda";
import type { FunctionContext } from "../../expander/context.js";
import type { LocalApp } from "../../local/app.js";
import { sample } from "../../local/sample.js";
import { inlineCode, type LocalHandler, runHandler, unpacked } from "../../invoke/run.js";
import { PackageError } from "../../package/errors.js";
import { buildArtifact, checkedPlan } from "../../package/index.js";
import { deployedResources } from "../../remote/functions.js";
import { option, parseArgs, UsageError, urlOption } from "../args.js";
import { why } from "../files.js";
import { awsFailure, EXIT, type Console } from "../output.js";
import { loadLocalApp } from "../local-app.js";
import { readTemplate, templateDir } from "../template-file.js";
import { findFunction, findTrigger } from "./sample.js";

const SPEC = {
  positionals: 2,
  flags: ["quiet"],
  options: ["event", "payload", "code", "stack", "endpoint-url", "region"],
  aliases: { q: "quiet" },
};

const familyOf = (runtime: string): LocalHandler["family"] | undefined =>
  runtime.startsWith("nodejs") ? "node" : runtime.startsWith("python") ? "python" : undefined;

/**
 * The handler's code on disk: built from its local folder as `pareto package` would (`code`, when given,
 * names that folder for an app whose code is in S3), or its inline code.
 */
async function localHandler(
  template: unknown,
  dir: string,
  fn: FunctionContext,
  code: string | undefined,
): Promise<{ handler: LocalHandler; cleanup(): void }> {
  const family = familyOf(fn.runtime);
  if (!family) throw new UsageError(`function '${fn.name}' runs ${fn.runtime}: invoke runs Node.js and Python handlers`);
  const dot = fn.spec.handler.lastIndexOf(".");
  const [module, exportName] = [fn.spec.handler.slice(0, dot), fn.spec.handler.slice(dot + 1)];
  if (fn.spec.inline !== undefined) {
    const inline = inlineCode(fn.spec.inline, family);
    return { handler: { family, dir: inline.dir, module, exportName, sourceDir: dir }, cleanup: inline.cleanup };
  }
  const planned = checkedPlan(code === undefined ? template : withLocalCode(template, fn.name, code), dir).sources;
  const source = planned.find((candidate) => candidate.functions.some((entry) => entry.name === fn.name));
  if (!source) throw new UsageError(`function '${fn.name}' has its code in S3: give --code with the folder that holds it (e.g. --code .)`);
  const built = unpacked(await buildArtifact(source, { sourcemap: true }));
  return { handler: { family, dir: built.dir, module, exportName, sourceDir: source.root }, cleanup: built.cleanup };
}

/** The template with one function's `code` set to a local folder (the template itself is not changed). */
function withLocalCode(template: unknown, name: string, code: string): unknown {
  const copy = structuredClone(template) as {
    Resources: Record<string, { Type?: string; Properties?: { functions?: Record<string, object> } }>;
  };
  for (const resource of Object.values(copy.Resources ?? {})) {
    const functions = resource?.Type === "Pareto::App" ? resource.Properties?.functions : undefined;
    if (functions && Object.hasOwn(functions, name)) functions[name] = { ...functions[name], code };
  }
  return copy;
}

/** The deployed function's environment (--stack), or the template's with placeholders for what only a stack knows. */
async function environmentOf(app: LocalApp, fn: FunctionContext, args: ReturnType<typeof parseArgs>, out: Console) {
  const stack = option(args, "stack");
  if (stack === undefined) {
    const resource = app.resources.get(fn.ids.function);
    const variables = (resource?.Properties?.Environment as { Variables?: unknown } | undefined)?.Variables ?? {};
    out.note("environment: placeholders for the stack's values (give --stack to use a deployed stack's)");
    return Object.fromEntries(Object.entries(app.resolver.resolve(variables) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  }
  const endpoint = urlOption(args, "endpoint-url");
  const config = { ...(endpoint ? { endpoint } : {}), ...(option(args, "region") ? { region: option(args, "region") } : {}) };
  const physical = (await deployedResources(new CloudFormationClient(config), stack)).get(fn.ids.function);
  if (!physical) throw new UsageError(`stack ${stack} has no ${fn.ids.function} (function '${fn.name}'): deploy the app first`);
  const { Environment } = await new LambdaClient(config).send(new GetFunctionConfigurationCommand({ FunctionName: physical }));
  out.note(`environment: ${physical} in stack ${stack}`);
  return Environment?.Variables ?? {};
}

function payload(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read '${path}': ${why(error, "no such file")}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--payload '${path}' is not JSON: ${(error as Error).message}`);
  }
}

export async function invokeCommand(argv: string[], out: Console): Promise<number> {
  const args = parseArgs(argv, SPEC);
  const [path, name] = args.positionals;
  if (!path) throw new UsageError("give the template and the function, e.g. `pareto invoke template.yaml worker`");
  const template = readTemplate(path);
  const loaded = loadLocalApp(template, path);
  if (!loaded.ok) {
    out.failure(loaded.errors, loaded.warnings);
    return EXIT.invalid;
  }
  const local = findFunction(loaded.app, name);
  const fn = loaded.app.ctx.functions.find((candidate) => candidate.name === local.name) as FunctionContext;
  let event: unknown;
  const payloadFile = option(args, "payload");
  if (payloadFile !== undefined) event = payload(payloadFile);
  else if (!local.triggers.length) {
    out.note(`function '${fn.name}' has no trigger: invoked with {} (give --payload for another event)`);
    event = {};
  } else {
    const sampled = sample(loaded.app, local, findTrigger(local, option(args, "event")));
    if (!sampled.ok) {
      out.failure([sampled.error]);
      return EXIT.invalid;
    }
    event = sampled.event;
  }
  let code: Awaited<ReturnType<typeof localHandler>>;
  let environment: Record<string, string>;
  try {
    code = await localHandler(template, templateDir(path), fn, option(args, "code"));
    environment = await environmentOf(loaded.app, fn, args, out);
  } catch (error) {
    if (error instanceof PackageError) {
      error.problems.forEach(out.error);
      return EXIT.invalid;
    }
    if (!(error instanceof Error) || error instanceof UsageError) throw error;
    out.error(awsFailure("invoke", error));
    return EXIT.deployFailed;
  }
  try {
    const outcome = await runHandler(
      code.handler,
      { functionName: fn.name, environment, timeoutSeconds: fn.timeout, memory: fn.memory },
      event,
    );
    if (outcome.logs) out.note(`logs:\n${outcome.logs.replace(/\n?$/, "")}`);
    out.note(`duration: ${outcome.durationMs.toFixed(0)} ms`);
    if (outcome.result.ok) {
      out.result(`${JSON.stringify(outcome.result.value, null, 2)}\n`);
      return EXIT.ok;
    }
    out.error(`${outcome.result.errorType}: ${outcome.result.errorMessage}`);
    return EXIT.handlerFailed;
  } finally {
    code.cleanup();
  }
}
