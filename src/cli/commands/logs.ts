/**
 * `pareto logs`: a deployed function's log events, readable: `<time>  <message>`, from its log group
 * (the one its configuration names), `--since` ago, and with `--follow` as they come.
 */
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { CloudWatchLogsClient, FilterLogEventsCommand, type FilteredLogEvent } from "@aws-sdk/client-cloudwatch-logs";
import { deployedResources } from "../../remote/functions.js";
import { functionIds } from "../../expander/names.js";
import { findFunction } from "./sample.js";
import { option, parseArgs, UsageError, urlOption } from "../args.js";
import { awsFailure, EXIT, type Console } from "../output.js";
import { loadLocalApp } from "../local-app.js";
import { readTemplate } from "../template-file.js";

const SPEC = {
  positionals: 2,
  flags: ["follow", "quiet"],
  options: ["stack", "since", "endpoint-url", "region"],
  aliases: { f: "follow", q: "quiet" },
};
const UNITS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const POLL_MS = 2_000;

/** `10m`, `2h`, `30s`, `1d` as milliseconds. */
export function parseSince(text: string): number {
  const match = /^(\d{1,6})([smhd])$/.exec(text);
  if (!match) throw new UsageError(`--since takes a number and a unit (s, m, h, d), e.g. 10m; got '${text}'`);
  return Number(match[1]) * UNITS[match[2] as keyof typeof UNITS];
}

export const logLine = (event: FilteredLogEvent) =>
  `${new Date(event.timestamp ?? 0).toISOString()}  ${(event.message ?? "").replace(/\n+$/, "")}\n`;

export async function logsCommand(argv: string[], out: Console): Promise<number> {
  const args = parseArgs(argv, SPEC);
  const [path, name] = args.positionals;
  const stack = option(args, "stack");
  if (!path || !name || !stack)
    throw new UsageError("give the template, the function and the stack, e.g. `pareto logs template.yaml api --stack my-app`");
  const since = parseSince(option(args, "since") ?? "10m");
  const loaded = loadLocalApp(readTemplate(path), path);
  if (!loaded.ok) {
    out.failure(loaded.errors, loaded.warnings);
    return EXIT.invalid;
  }
  const { name: found } = findFunction(loaded.app, name);
  const fn = functionIds(found);
  const endpoint = urlOption(args, "endpoint-url");
  const config = { ...(endpoint ? { endpoint } : {}), ...(option(args, "region") ? { region: option(args, "region") } : {}) };
  try {
    // The log group Pareto made for the function, which its configuration names (LoggingConfig).
    const logGroupName = (await deployedResources(new CloudFormationClient(config), stack)).get(fn.logGroup);
    if (!logGroupName) {
      out.error(`stack ${stack} has no ${fn.logGroup} (function '${name}'): deploy the app first`);
      return EXIT.deployFailed;
    }
    out.note(`${name}: ${logGroupName}`);
    const logs = new CloudWatchLogsClient(config);
    const seen = new Set<string>();
    let startTime = Date.now() - since;
    for (;;) {
      let token: string | undefined;
      do {
        const page = await logs.send(new FilterLogEventsCommand({ logGroupName, startTime, nextToken: token }));
        for (const event of page.events ?? []) {
          if (event.eventId && seen.has(event.eventId)) continue;
          if (event.eventId) seen.add(event.eventId);
          startTime = Math.max(startTime, event.timestamp ?? 0);
          out.result(logLine(event));
        }
        token = page.nextToken;
      } while (token);
      if (!args.flags.has("follow")) return EXIT.ok;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } catch (error) {
    if (!(error instanceof Error) || error instanceof UsageError) throw error;
    out.error(awsFailure("logs", error));
    return EXIT.deployFailed;
  }
}
