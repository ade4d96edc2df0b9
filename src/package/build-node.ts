/**
 * Node artifacts: each handler module bundled by esbuild into `<module>.js` (CommonJS, so Lambda loads
 * it whatever the folder's package.json says), keeping the handler string valid unchanged.
 */
import { statSync } from "node:fs";
import { isAbsolute, relative, sep } from "node:path";
import type { BuildOptions, BuildResult, Message, Plugin } from "esbuild";
import { childPath } from "../expander/validate/path.js";
import { PackageError } from "./errors.js";
import { isWithin, type Source } from "./source.js";
import type { ZipFile } from "./zip.js";

export interface NodeBuildOptions {
  sourcemap: boolean;
}

/** `nodejs24.x` -> `node24`: esbuild lowers only the syntax that runtime lacks. */
const nodeTarget = (runtime: string) => `node${/^nodejs(\d+)/.exec(runtime)?.[1]}`;

const describe = (source: Source, message: Message) => {
  const at = message.location ? ` (${message.location.file}:${message.location.line}:${message.location.column})` : "";
  return `${source.codePath}: ${message.text}${at}`;
};

/** `lodash`, `@org/shared`: a package, looked up in node_modules (or tsconfig `paths`), not a file path. */
const isBare = (specifier: string) => !specifier.startsWith(".") && !isAbsolute(specifier);

/** What a non-regular file is, in words (esbuild would wait forever reading a named pipe). */
function notRegular(path: string): string | undefined {
  const stats = statSync(path);
  if (stats.isFile()) return undefined;
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isSocket()) return "a socket";
  if (stats.isDirectory()) return "a folder";
  return "a device";
}

/**
 * The rule for what a bundle may hold (docs/packaging.md, "What gets packaged"): files inside the
 * template's folder, plus packages imported by name wherever node_modules has them (a monorepo's
 * hoisted or workspace packages) with everything those packages import. A relative or absolute import
 * that leaves the folder is an error, and so is importing anything that is not a regular file.
 */
function boundaryPlugin(source: Source): Plugin {
  return {
    name: "pareto-boundary",
    setup(build) {
      const packages = new Set<string>(); // real paths reached through a package import
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === "entry-point" || (args.pluginData as { pareto?: boolean } | undefined)?.pareto) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          with: args.with,
          pluginData: { pareto: true },
        });
        // Unresolvable, external or virtual: esbuild's own resolution reports or handles it.
        if (resolved.errors.length || resolved.external || resolved.namespace !== "file") return undefined;
        if (isBare(args.path) || packages.has(args.importer)) packages.add(resolved.path);
        else if (!isWithin(source.boundary, resolved.path))
          return {
            errors: [{ text: `'${args.path}' is ${resolved.path}, outside the template's folder (only packages imported by name may be)` }],
          };
        return undefined;
      });
      build.onLoad({ filter: /.*/, namespace: "file" }, (args) => {
        const what = notRegular(args.path);
        return what ? { errors: [{ text: `${args.path} is ${what}, not a regular file` }] } : undefined;
      });
    },
  };
}

function commonOptions(source: Source): BuildOptions & { metafile: true; write: false } {
  return {
    absWorkingDir: source.root,
    entryPoints: source.entries.map((entry) => ({ in: entry.file, out: entry.module })),
    outdir: source.root, // outputs are named relative to the folder: the zip mirrors the handler paths
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    target: nodeTarget(source.runtime),
    external: ["@aws-sdk/*"], // every Node runtime ships the AWS SDK v3
    plugins: [boundaryPlugin(source)],
    logLevel: "silent",
  };
}

/** Handlers whose module is ESM and lacks the export (a CommonJS module's exports cannot be known unrun). */
function missingExports(source: Source, analysis: BuildResult<{ metafile: true }>): string[] {
  const { inputs, outputs } = analysis.metafile;
  return source.functions.flatMap((fn) => {
    // Both are keyed by paths from the user's handlers: own entries only.
    const outputName = `${fn.module}.js`;
    const output = Object.hasOwn(outputs, outputName) ? outputs[outputName] : undefined;
    if (!output) return [];
    const entry = output.entryPoint;
    const esm = entry !== undefined && Object.hasOwn(inputs, entry) && inputs[entry].format === "esm";
    if (!esm || output.exports.includes(fn.exportName)) return [];
    const has = output.exports.length ? `it exports ${output.exports.join(", ")}` : "it exports nothing";
    return [`${childPath(fn.path, "handler")}: module '${fn.module}' has no export '${fn.exportName}' (${has})`];
  });
}

/** esbuild's failures carry their messages: report them as the user's errors, with locations. */
function asPackageError(source: Source, error: unknown): unknown {
  const messages = (error as { errors?: Message[] }).errors;
  return Array.isArray(messages) ? new PackageError(messages.map((message) => describe(source, message))) : error;
}

export async function buildNode(source: Source, options: NodeBuildOptions): Promise<ZipFile[]> {
  const { build } = await import("esbuild"); // loaded on demand: other commands start without it
  const common = commonOptions(source);
  // The ESM build only reads the exports esbuild sees; the CommonJS one is what ships.
  const [bundle, analysis] = await Promise.all([
    build({ ...common, format: "cjs", minify: true, sourcemap: options.sourcemap }),
    build({ ...common, format: "esm" }),
  ]).catch((error: unknown) => {
    throw asPackageError(source, error);
  });
  const missing = missingExports(source, analysis);
  if (missing.length) throw new PackageError(missing);
  return bundle.outputFiles.map((file) => ({ name: relative(source.root, file.path).split(sep).join("/"), data: file.contents }));
}
