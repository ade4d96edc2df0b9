/** The `pareto` command line: argument parsing, files, exit codes and output. No expansion logic here. */
import { UsageError } from "./args.js";
import { expandCommand, validateCommand } from "./commands/expand.js";
import { deployCommand } from "./commands/deploy.js";
import { graphCommand } from "./commands/graph.js";
import { initCommand } from "./commands/init.js";
import { packageCommand } from "./commands/package.js";
import { schemaCommand } from "./commands/schema.js";
import { createConsole, EXIT, type Console } from "./output.js";
import { TemplateSyntaxError } from "./yaml.js";

type Command = (argv: string[], out: Console) => number | Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  init: { run: initCommand, usage: "init [dir] [--force]                                 write a starter app (template.yaml + editor schema)" },
  expand: { run: expandCommand, usage: "expand <template> [-o out.json] [--strict] [--json]   print the expanded template (JSON)" },
  validate: { run: validateCommand, usage: "validate <template> [--strict] [--json]              print errors and warnings" },
  deploy: {
    run: deployCommand,
    usage: "deploy <template> --stack NAME [--param K=V]... [--bucket B] [--yes] [--endpoint-url URL] [--region R]   package, expand, deploy with progress",
  },
  graph: { run: graphCommand, usage: "graph <template> [--html out.html] [-o out.mmd]        the app as a Mermaid diagram" },
  schema: { run: schemaCommand, usage: "schema [--app]                                       print the JSON Schema (for editors)" },
  package: { run: packageCommand, usage: "package <template> --bucket B [--prefix P] [-o out] [--endpoint-url URL] [--sourcemap]   build local code and upload it" },
};

const HELP = `pareto: expand a Pareto::App into plain CloudFormation

Usage: pareto <command> [options]

Commands:
${Object.values(COMMANDS)
  .map((c) => `  ${c.usage}`)
  .join("\n")}

Options: --quiet (-q) silences notes; colour is used only on a terminal (NO_COLOR disables it).

Exit codes:
  0  success
  1  the template has errors (each printed on its own line on stderr, or as JSON with --json)
  2  usage error (unknown command or option, unreadable file, YAML syntax error)
  3  upload failed (\`pareto package\`: S3 credentials, bucket or network)
  4  deploy failed (\`pareto deploy\`: the change set or the stack failed; the failed resources are printed)
`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const out = createConsole(rest.includes("--quiet") || rest.includes("-q"));
  if (!name || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(HELP);
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS[name];
  if (!command) {
    out.error(`unknown command '${name}'; run \`pareto --help\``);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, out);
  } catch (error) {
    if (error instanceof UsageError || error instanceof TemplateSyntaxError) {
      out.error(error.message);
      return EXIT.usage;
    }
    throw error;
  }
}
