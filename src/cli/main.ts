/** The `pareto` command line: argument parsing, files, exit codes and output. No expansion logic here. */
import { ArgumentError, closest, UsageError } from "./args.js";
import { createConsole, EXIT, type Console } from "./output.js";

type Command = (argv: string[], out: Console) => number | Promise<number>;

/**
 * A command whose module is loaded only when it runs: `pareto expand` never loads the AWS SDK that
 * `deploy` needs, and `--help` loads no command at all (start-up is most of a CLI call).
 */
const lazy =
  <M>(load: () => Promise<M>, pick: (module: M) => Command): Command =>
  async (argv, out) =>
    pick(await load())(argv, out);

/** One row per command: what it does, and its arguments; `run` loads its module on demand (`lazy`). */
const COMMANDS: Record<string, { run: Command; summary: string; usage: string }> = {
  init: {
    run: lazy(
      () => import("./commands/init.js"),
      (m) => m.initCommand,
    ),
    summary: "write a starter app (template.yaml + editor schema)",
    usage: "[dir] [--force]",
  },
  validate: {
    run: lazy(
      () => import("./commands/expand.js"),
      (m) => m.validateCommand,
    ),
    summary: "print errors and warnings",
    usage: "<template> [--strict] [--json]",
  },
  expand: {
    run: lazy(
      () => import("./commands/expand.js"),
      (m) => m.expandCommand,
    ),
    summary: "print the expanded template (JSON); --out-dir writes it with its nested stacks' templates",
    usage: "<template> [-o out.json | --out-dir DIR] [--strict] [--json] [--package-dry-run]",
  },
  graph: {
    run: lazy(
      () => import("./commands/graph.js"),
      (m) => m.graphCommand,
    ),
    summary: "the app as a Mermaid diagram",
    usage: "<template> [--html out.html] [-o out.mmd]",
  },
  package: {
    run: lazy(
      () => import("./commands/package.js"),
      (m) => m.packageCommand,
    ),
    summary: "build local code, upload it, write the template pointing at it",
    usage: "<template> --bucket B [--prefix P] [-o out] [--endpoint-url URL] [--sourcemap]",
  },
  deploy: {
    run: lazy(
      () => import("./commands/deploy.js"),
      (m) => m.deployCommand,
    ),
    summary: "package, expand and deploy through a change set, with progress",
    usage: "<template> --stack NAME [--param K=V]... [--bucket B] [--prefix P] [--yes] [--endpoint-url URL] [--region R]",
  },
  invoke: {
    run: lazy(
      () => import("./commands/invoke.js"),
      (m) => m.invokeCommand,
    ),
    summary: "run a function's handler here, with the event its trigger delivers (or --payload)",
    usage: "<template> <function> [--event NAME] [--payload event.json] [--code DIR] [--stack NAME] [--endpoint-url URL] [--region R]",
  },
  sync: {
    run: lazy(
      () => import("./commands/sync.js"),
      (m) => m.syncCommand,
    ),
    summary: "rebuild local code and update the deployed functions whose code changed (no stack update)",
    usage: "<template> --stack NAME [--watch] [--endpoint-url URL] [--region R]",
  },
  logs: {
    run: lazy(
      () => import("./commands/logs.js"),
      (m) => m.logsCommand,
    ),
    summary: "a deployed function's log events",
    usage: "<template> <function> --stack NAME [--since 10m] [--follow] [--endpoint-url URL] [--region R]",
  },
  sample: {
    run: lazy(
      () => import("./commands/sample.js"),
      (m) => m.sampleCommand,
    ),
    summary: "print the event a function's trigger delivers, as AWS shapes it (JSON, for unit tests)",
    usage: "<template> <function> [--event NAME] [--resolve ID=VALUE]...",
  },
  match: {
    run: lazy(
      () => import("./commands/match.js"),
      (m) => m.matchCommand,
    ),
    summary: "which rules an EventBridge event matches, and why near misses do not (exit 1: none)",
    usage: "<template> --event event.json [--resolve ID=VALUE]... [--json]",
  },
  schema: {
    run: lazy(
      () => import("./commands/schema.js"),
      (m) => m.schemaCommand,
    ),
    summary: "print the JSON Schema (for editors)",
    usage: "[--app]",
  },
};

/** What each exit code means: a code without a line here does not compile. */
const EXIT_MEANINGS: Record<keyof typeof EXIT, string> = {
  ok: "success",
  invalid: "the template has errors (each printed on its own line on stderr, or as JSON with --json); for `pareto match`, no rule matched",
  usage: "usage error (unknown command, option or argument, unreadable or unwritable file, an output that is the template, YAML error)",
  upload: "upload failed (`pareto package`: S3 credentials, bucket or network)",
  deployFailed:
    "deploy failed (`pareto deploy`: the change set or the stack failed; the failed resources are printed), or AWS refused `sync` or `logs`",
  handlerFailed: "the handler threw or timed out (`pareto invoke`: its error is printed)",
  internal: "internal error: a bug in pareto (the stack trace is printed; please report it)",
};

const HELP = `pareto: expand a Pareto::App into plain CloudFormation

Usage: pareto <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(9)}${c.summary}\n  ${" ".repeat(9)}pareto ${name} ${c.usage}`)
  .join("\n")}

Options: --quiet (-q) silences notes; --json (validate, expand) prints errors as JSON on stdout, usage
errors included; \`pareto <command> --help\` prints its usage; a template argument of - reads standard
input. Colour is used only on a terminal (NO_COLOR disables it).

Exit codes:
${Object.entries(EXIT_MEANINGS)
  .map(([name, meaning]) => `  ${String(EXIT[name as keyof typeof EXIT]).padEnd(3)}${meaning}`)
  .join("\n")}
`;

const HELP_OPTIONS = ["--help", "-h"];

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const out = createConsole({ quiet: rest.includes("--quiet") || rest.includes("-q"), json: rest.includes("--json") });
  if (!name || name === "help" || HELP_OPTIONS.includes(name)) {
    process.stdout.write(HELP);
    return name ? EXIT.ok : EXIT.usage;
  }
  // The command name is the user's: `pareto toString` is unknown, not Object.prototype.toString.
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    const near = closest(name, Object.keys(COMMANDS));
    out.failure([`unknown command '${name}'; ${near ? `did you mean \`pareto ${near}\`?` : "run `pareto --help`"}`]);
    return EXIT.usage;
  }
  const usage = `usage: pareto ${name} ${command.usage}`;
  if (rest.some((arg) => HELP_OPTIONS.includes(arg))) {
    process.stdout.write(`${usage}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, out);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error; // a TemplateSyntaxError is one too
    out.failure([error.message]);
    if (error instanceof ArgumentError) out.note(usage);
    return EXIT.usage;
  }
}
