/**
 * `pareto deploy`: change set -> summary -> confirmation -> execution -> stack events until the stack
 * settles. It deploys the template Pareto already expanded, so the account needs no macro for it.
 */
import {
  type CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type Change,
  type StackEvent,
} from "@aws-sdk/client-cloudformation";
import { changeTable, eventLine, failures, isSettled, SETTLED_OK } from "./stack.js";

/** The template inline (up to 51,200 bytes) or at an S3 URL. */
export type DeployTemplate = { TemplateBody: string } | { TemplateURL: string };

export interface DeployOptions {
  stackName: string;
  template: DeployTemplate;
  parameters: Array<{ ParameterKey: string; ParameterValue: string }>;
  client: CloudFormationClient;
  /** Asks before executing; resolves true to go ahead. */
  confirm: (summary: string) => Promise<boolean>;
  log: (line: string) => void;
  pollMs?: number;
  /** Upper bound on waiting, so a stuck stack never hangs the command. */
  timeoutMs?: number;
}

export type DeployOutcome =
  | { status: "deployed"; stackStatus: string; outputs: Array<{ key: string; value: string }> }
  | { status: "no-changes" }
  | { status: "cancelled" }
  | { status: "failed"; stackStatus: string; failures: string[] };

/**
 * Why `pareto deploy` cannot ask for confirmation, if it cannot: decided before anything is packaged,
 * uploaded or created, so a run that could never be confirmed leaves nothing behind.
 */
export function confirmationProblem(options: { yes: boolean; interactive: boolean }): string | undefined {
  if (options.yes || options.interactive) return undefined;
  return "standard input is not a terminal: pass --yes to deploy without confirmation";
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function stackStatus(client: CloudFormationClient, stackName: string): Promise<string | undefined> {
  try {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    return Stacks?.[0]?.StackStatus;
  } catch (error) {
    if (error instanceof Error && /does not exist/.test(error.message)) return undefined;
    throw error;
  }
}

async function waitForChangeSet(options: DeployOptions, name: string, deadline: number) {
  for (;;) {
    const changeSet = await options.client.send(new DescribeChangeSetCommand({ StackName: options.stackName, ChangeSetName: name }));
    if (changeSet.Status === "CREATE_COMPLETE" || changeSet.Status === "FAILED") return changeSet;
    if (Date.now() > deadline) throw new Error(`the change set was still ${changeSet.Status} when the wait ran out`);
    await sleep(options.pollMs ?? 2000);
  }
}

/** Prints every new stack event until the stack settles; returns its status and all events seen. */
async function follow(options: DeployOptions, since: Date, deadline: number): Promise<{ status: string; events: StackEvent[] }> {
  const seen = new Set<string>();
  const events: StackEvent[] = [];
  for (;;) {
    const { StackEvents = [] } = await options.client.send(new DescribeStackEventsCommand({ StackName: options.stackName }));
    const fresh = StackEvents.filter((e) => !seen.has(e.EventId!) && (!e.Timestamp || new Date(e.Timestamp) >= since)).reverse();
    for (const event of fresh) {
      seen.add(event.EventId!);
      events.push(event);
      options.log(eventLine(event));
    }
    const status = (await stackStatus(options.client, options.stackName)) ?? "DELETE_COMPLETE";
    if (isSettled(status)) return { status, events };
    if (Date.now() > deadline) throw new Error(`the stack was still ${status} when the wait ran out`);
    await sleep(options.pollMs ?? 2000);
  }
}

export async function deploy(options: DeployOptions): Promise<DeployOutcome> {
  const { client, stackName } = options;
  const deadline = Date.now() + (options.timeoutMs ?? 60 * 60 * 1000);
  const existing = await stackStatus(client, stackName);
  const changeSetType = existing === undefined || existing === "REVIEW_IN_PROGRESS" ? "CREATE" : "UPDATE";
  const changeSetName = `pareto-${Date.now()}`;
  await client.send(
    new CreateChangeSetCommand({
      StackName: stackName,
      ChangeSetName: changeSetName,
      ChangeSetType: changeSetType,
      ...options.template,
      Parameters: options.parameters,
      Capabilities: ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"],
    }),
  );
  const changeSet = await waitForChangeSet(options, changeSetName, deadline);
  if (changeSet.Status === "FAILED") {
    if (/didn't contain changes|No updates/.test(changeSet.StatusReason ?? "")) {
      await client.send(new DeleteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }));
      return { status: "no-changes" };
    }
    return { status: "failed", stackStatus: existing ?? "", failures: [`change set: ${changeSet.StatusReason ?? "failed"}`] };
  }
  const summary = `${changeSetType === "CREATE" ? "Creating" : "Updating"} stack ${stackName}:\n${changeTable((changeSet.Changes ?? []) as Change[])}`;
  const discard = () => client.send(new DeleteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }));
  let confirmed: boolean;
  try {
    confirmed = await options.confirm(summary);
  } catch (error) {
    await discard().catch(() => undefined); // no answer (the prompt failed): nothing stays behind
    throw error;
  }
  if (!confirmed) {
    await discard();
    return { status: "cancelled" };
  }
  const started = new Date(Date.now() - 1000);
  await client.send(new ExecuteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }));
  const { status, events } = await follow(options, started, deadline);
  if (!SETTLED_OK.has(status)) return { status: "failed", stackStatus: status, failures: failures(events) };
  const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
  const outputs = (Stacks?.[0]?.Outputs ?? []).map((o) => ({ key: o.OutputKey ?? "", value: o.OutputValue ?? "" }));
  return { status: "deployed", stackStatus: status, outputs };
}
