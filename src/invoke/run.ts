/**
 * `pareto invoke`: a function's handler run on this machine, in a child process, from its local code as
 * `pareto package` builds it (the same files Lambda would get) or its inline code: Node with this Node,
 * Python with the local `python3`. The event goes in; the result (or the error), the logs (everything
 * the handler wrote) and the duration come out.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { unzipSync } from "fflate";

export interface LocalHandler {
  family: "node" | "python";
  /** Folder holding the built code. */
  dir: string;
  /** The handler's module (`src/orders`) and export (`create`). */
  module: string;
  exportName: string;
  /** Node: the folder the code was built from, whose `node_modules` (and its parents') hold what the bundle leaves out, the AWS SDK first. */
  sourceDir?: string;
}

export interface Invocation {
  functionName: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
  memory: number;
}

export interface Outcome {
  /** The handler returned (its value) or threw (its error type and message). */
  result: { ok: true; value: unknown } | { ok: false; errorType: string; errorMessage: string };
  logs: string;
  durationMs: number;
}

/** A zip's files written under a new temporary folder (removed by `cleanup`). */
export function unpacked(zip: Uint8Array): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "pareto-invoke-"));
  for (const [name, data] of Object.entries(unzipSync(zip))) {
    if (name.endsWith("/")) continue;
    const path = join(dir, ...name.split("/"));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Inline code written as Lambda saves it: a file named index. */
export function inlineCode(code: string, family: LocalHandler["family"]): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "pareto-invoke-"));
  writeFileSync(join(dir, family === "node" ? "index.js" : "index.py"), code);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Lambda's context object, as far as a local run can give it. */
const context = (invocation: Invocation) => ({
  functionName: invocation.functionName,
  functionVersion: "$LATEST",
  memoryLimitInMB: String(invocation.memory),
  awsRequestId: "00000000-0000-4000-8000-000000000000",
  invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${invocation.functionName}`,
  logGroupName: `/aws/lambda/${invocation.functionName}`,
  logStreamName: "local",
});

// The runners read the event and context from files and write the outcome to one: the handler's own
// output (its logs) is everything else on stdout and stderr.
const NODE_RUNNER = `
const fs = require("node:fs");
const [file, exportName, eventFile, contextFile, outFile] = process.argv.slice(1);
const context = JSON.parse(fs.readFileSync(contextFile, "utf8"));
const deadline = Date.now() + Number(process.env.PARETO_TIMEOUT_MS);
context.getRemainingTimeInMillis = () => Math.max(0, deadline - Date.now());
// As in Lambda, the run lasts until the handler settles (or times out), even with nothing left to do.
const alive = setInterval(() => {}, 1 << 30);
const write = (outcome) => { fs.writeFileSync(outFile, JSON.stringify(outcome)); clearInterval(alive); };
Promise.resolve()
  .then(() => {
    const handler = require(file)[exportName];
    if (typeof handler !== "function") throw new TypeError(exportName + " is not a function exported by " + file);
    return handler(JSON.parse(fs.readFileSync(eventFile, "utf8")), context);
  })
  .then(
    (value) => write({ ok: true, value: value === undefined ? null : value }),
    (error) => { write({ ok: false, errorType: (error && error.name) || "Error", errorMessage: String((error && error.message) || error) }); process.exitCode = 1; },
  );
`;

const PYTHON_RUNNER = `
import importlib, json, sys, time
directory, module, export_name, event_file, context_file, out_file = sys.argv[1:]
sys.path.insert(0, directory)
class Context:
    def __init__(self, values, deadline):
        self.__dict__.update({k: v for k, v in values.items()})
        self.function_name = values["functionName"]; self.memory_limit_in_mb = values["memoryLimitInMB"]
        self.aws_request_id = values["awsRequestId"]; self.invoked_function_arn = values["invokedFunctionArn"]
        self._deadline = deadline
    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.time()) * 1000))
try:
    handler = getattr(importlib.import_module(module.replace("/", ".")), export_name)
    with open(event_file) as f: event = json.load(f)
    with open(context_file) as f: values = json.load(f)
    import os
    value = handler(event, Context(values, time.time() + int(os.environ["PARETO_TIMEOUT_MS"]) / 1000))
    outcome = {"ok": True, "value": value}
except Exception as error:
    outcome = {"ok": False, "errorType": type(error).__name__, "errorMessage": str(error)}
with open(out_file, "w") as f: json.dump(outcome, f, default=str)
sys.exit(0 if outcome["ok"] else 1)
`;

/**
 * What the handler's AWS SDK needs from this machine, as Lambda gives it the function role's: the
 * caller's credentials, profile and region (and HOME, where the shared config files are).
 */
const CALLER_VARIABLES =
  /^(HOME|AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE|REGION|DEFAULT_REGION|CONFIG_FILE|SHARED_CREDENTIALS_FILE|ENDPOINT_URL\w*))$/;
const callerEnvironment = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => CALLER_VARIABLES.test(name)));

/** Every `node_modules` from a folder up to the root: where Node would look from the source, not from the temporary build. */
const modulesFrom = (dir: string): string[] =>
  dirname(dir) === dir ? [join(dir, "node_modules")] : [join(dir, "node_modules"), ...modulesFrom(dirname(dir))];

/**
 * The built code runs from a temporary folder, where Node would find none of the packages the bundle
 * leaves out: a `node_modules` link there to the source's nearest one serves ES modules (which ignore
 * NODE_PATH), and NODE_PATH with the whole chain serves `require`.
 */
function moduleResolution(handler: LocalHandler): Record<string, string> {
  if (handler.family !== "node" || !handler.sourceDir) return {};
  const chain = modulesFrom(handler.sourceDir);
  const nearest = chain.find((dir) => existsSync(dir));
  const link = join(handler.dir, "node_modules");
  if (nearest && !existsSync(link)) symlinkSync(nearest, link, "dir");
  return { NODE_PATH: chain.join(delimiter) };
}

/** Runs the handler once with `event`; a run past the function's timeout is killed and reported as such. */
export function runHandler(handler: LocalHandler, invocation: Invocation, event: unknown): Promise<Outcome> {
  const work = mkdtempSync(join(tmpdir(), "pareto-run-"));
  const files = { event: join(work, "event.json"), context: join(work, "context.json"), out: join(work, "outcome.json") };
  writeFileSync(files.event, JSON.stringify(event));
  writeFileSync(files.context, JSON.stringify(context(invocation)));
  const [command, args] =
    handler.family === "node"
      ? [
          process.execPath,
          ["-e", NODE_RUNNER, join(handler.dir, `${handler.module}.js`), handler.exportName, files.event, files.context, files.out],
        ]
      : ["python3", ["-c", PYTHON_RUNNER, handler.dir, handler.module, handler.exportName, files.event, files.context, files.out]];
  const timeoutMs = invocation.timeoutSeconds * 1000;
  const env = {
    PATH: process.env.PATH ?? "",
    ...callerEnvironment(),
    ...moduleResolution(handler),
    ...invocation.environment,
    AWS_LAMBDA_FUNCTION_NAME: invocation.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(invocation.memory),
    PARETO_TIMEOUT_MS: String(timeoutMs),
  };
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: handler.dir, env, stdio: ["ignore", "pipe", "pipe"] });
    let logs = "";
    child.stdout.on("data", (chunk) => (logs += chunk));
    child.stderr.on("data", (chunk) => (logs += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    const finish = (result: Outcome["result"]) => {
      clearTimeout(timer);
      rmSync(work, { recursive: true, force: true });
      resolve({ result, logs, durationMs: performance.now() - started });
    };
    child.on("error", (error) => finish({ ok: false, errorType: "Runtime.StartError", errorMessage: `${command}: ${error.message}` }));
    child.on("close", (code) => {
      if (timedOut)
        return finish({
          ok: false,
          errorType: "Sandbox.Timedout",
          errorMessage: `Task timed out after ${invocation.timeoutSeconds} seconds`,
        });
      try {
        finish(JSON.parse(readFileSync(files.out, "utf8")));
      } catch {
        finish({
          ok: false,
          errorType: "Runtime.ExitError",
          errorMessage: `the process exited with code ${code} before the handler returned`,
        });
      }
    });
  });
}
