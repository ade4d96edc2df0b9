/**
 * Which artifact each function with local `code` needs (docs/packaging.md). Pure: it reads the parsed
 * template only; what is on disk is checked in source.ts.
 *
 * Functions share an artifact when they share a folder and everything the build depends on: the
 * runtime for Node (the esbuild target), the runtime and architecture for Python (the wheels pip picks).
 */
import { analyse } from "../expander/analyse.js";
import type { FunctionContext } from "../expander/context.js";
import { childPath } from "../expander/validate/path.js";
import type { ParetoApp } from "../generated/dsl.js";

export type Family = "node" | "python";

export interface PlannedFunction {
  name: string;
  /** DSL path of the function, e.g. `Resources.App.Properties.functions.create-order`. */
  path: string;
  /** The handler's module (`src/orders`, relative to the code folder) and export (`create`). */
  module: string;
  exportName: string;
  /** Uses the app's `code` rather than its own. */
  fromApp: boolean;
}

export interface Artifact {
  /** Readable and unique within a plan: `api nodejs24.x`, `receipt python3.13 x86_64`. */
  id: string;
  family: Family;
  /** The local path as written (by the first function using it): errors quote it. */
  code: string;
  /** The same path normalised (`./api/` -> `api`), relative to the template's folder. */
  source: string;
  /** DSL path where that path is written: errors about it point there. */
  codePath: string;
  runtime: string;
  architecture: string;
  functions: PlannedFunction[];
}

export interface Plan {
  /** Logical ID of the Pareto::App resource. */
  appId: string;
  artifacts: Artifact[];
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; errors: string[] };

function family(runtime: string): Family | undefined {
  if (runtime.startsWith("nodejs")) return "node";
  if (runtime.startsWith("python")) return "python";
  return undefined;
}

export const outsideMessage = (codePath: string, code: string) =>
  `${codePath}: '${code}' is outside the template's folder; local code must be inside it`;

/** `./api/` -> `api`, `.` -> `.`; undefined when the path leaves the template's folder. */
export function normaliseSource(code: string): string | undefined {
  const posix = code.replace(/\\/g, "/");
  if (posix.startsWith("/") || /^[A-Za-z]:/.test(posix)) return undefined;
  const parts: string[] = [];
  for (const part of posix.split("/")) {
    if (part === "..") {
      if (parts.pop() === undefined) return undefined;
    } else if (part !== "" && part !== ".") parts.push(part);
  }
  return parts.join("/") || ".";
}

/**
 * Lambda's own split: Node takes the first dot after the last slash (`src/orders.create`, and
 * `index.a.b` is export `a`, property `b`); Python the last dot, with dots in the module as folders.
 */
export function splitHandler(handler: string, kind: Family): { module: string; exportName: string } | undefined {
  const dot = kind === "node" ? handler.indexOf(".", handler.lastIndexOf("/") + 1) : handler.lastIndexOf(".");
  const module = handler.slice(0, dot);
  const exportName = handler.slice(dot + 1).split(".")[0];
  // A module stays inside the code folder: no empty, `.` or `..` segments.
  const inside = module.split("/").every((part) => part !== "" && part !== "." && part !== "..");
  if (dot < 0 || !inside || !exportName) return undefined;
  return { module: kind === "python" ? module.replace(/\./g, "/") : module, exportName };
}

interface Usage {
  fn: FunctionContext;
  code: string;
  codePath: string;
  fromApp: boolean;
}

/** The function's local code path, if it has one (inline code and S3 locations need no packaging). */
function localCode(dsl: ParetoApp, appPath: string, fn: FunctionContext): Usage | undefined {
  if (fn.spec.inline !== undefined) return undefined;
  const fromApp = fn.spec.code === undefined;
  const code = fromApp ? dsl.code : fn.spec.code;
  if (typeof code !== "string") return undefined;
  return { fn, code, fromApp, codePath: childPath(fromApp ? appPath : fn.path, "code") };
}

function plannedArtifact(usage: Usage, source: string, kind: Family): Omit<Artifact, "functions"> {
  const { runtime, architecture } = usage.fn;
  const id = kind === "node" ? `${source} ${runtime}` : `${source} ${runtime} ${architecture}`;
  return { id, family: kind, code: usage.code, source, codePath: usage.codePath, runtime, architecture };
}

/** One usage's artifact, or the errors that keep it from having one. */
function place(usage: Usage): { artifact: Omit<Artifact, "functions">; fn: PlannedFunction } | { errors: string[] } {
  const { fn } = usage;
  const kind = family(fn.runtime);
  if (!kind)
    return {
      errors: [
        `${fn.path}: \`pareto package\` builds Node.js and Python code; runtime '${fn.runtime}' has no builder ` +
          "(build it yourself and give code as {bucket, key})",
      ],
    };
  const source = normaliseSource(usage.code);
  const handler = splitHandler(fn.spec.handler, kind);
  const errors: string[] = [];
  if (source === undefined) errors.push(outsideMessage(usage.codePath, usage.code));
  if (!handler) errors.push(`${childPath(fn.path, "handler")}: '${fn.spec.handler}' must be <module>.<export>, e.g. src/orders.create`);
  if (source === undefined || !handler) return { errors };
  return { artifact: plannedArtifact(usage, source, kind), fn: { name: fn.name, path: fn.path, ...handler, fromApp: usage.fromApp } };
}

export function planPackaging(template: unknown): PlanResult {
  const analysis = analyse(template);
  if (!analysis.ok) return { ok: false, errors: analysis.errors };
  if (!analysis.app) return { ok: true, plan: { appId: "", artifacts: [] } };
  const { id: appId, ctx } = analysis.app;
  const artifacts = new Map<string, Artifact>();
  const errors = new Set<string>(); // functions sharing a bad app path report it once
  for (const fn of ctx.functions) {
    const usage = localCode(ctx.dsl, ctx.path, fn);
    const placed = usage && place(usage);
    if (!placed) continue;
    if ("errors" in placed) for (const error of placed.errors) errors.add(error);
    else {
      const artifact = artifacts.get(placed.artifact.id) ?? { ...placed.artifact, functions: [] };
      artifact.functions.push(placed.fn);
      artifacts.set(artifact.id, artifact);
    }
  }
  if (errors.size) return { ok: false, errors: [...errors] };
  return { ok: true, plan: { appId, artifacts: [...artifacts.values()] } };
}
